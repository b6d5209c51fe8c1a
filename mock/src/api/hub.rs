//! The API websocket hub at `GET /apiWsHub`: SignalR's JSON hub protocol (records are JSON
//! text ended by 0x1E; several may share a frame) with the hub methods of the websocket pages:
//! `authenticatev2` (and `authenticate`, the push-events page's name for it) and
//! `unitLocation`; the server invokes `pushEvent` on every authenticated session of the
//! target server (see `push`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Map, Value};
use tokio::sync::mpsc;

use crate::push::hub::{record, Command, RS};
use crate::shared::Shared;

/// The errors of the hub methods, as the websocket pages word them.
const UNAUTHENTICATED: &str = "Unauthenticated. Call authenticate first.";
const INVALID_CREDENTIALS: &str = "Invalid community ID or API key.";
const INVALID_SERVER: &str = "Invalid server ID.";
const MISSING_UPDATES: &str = "Missing unit location updates.";
const TOO_MANY_UPDATES: &str = "Too many unit updates in one call. Max is 25.";
const TOO_FAST: &str = "UNIT_LOCATION updates are limited to every 200ms.";
const BAD_UPDATE: &str = "Each unit update requires identId, apiId, communityUserId, or roblox, and location.";
/// Most updates in one `unitLocation` call.
const MAX_UPDATES: usize = 25;
/// Least time between two `unitLocation` calls of one session.
const LOCATION_INTERVAL: Duration = Duration::from_millis(200);

/// The hub's routes: the websocket upgrade and SignalR's negotiation.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route("/apiWsHub", get(upgrade)).route("/apiWsHub/negotiate", post(negotiate))
}

/// A second handle on a connection's TCP socket (a request extension), so that dropping a
/// hub session can reset the connection (SO_LINGER 0) rather than close it politely.
#[derive(Clone)]
pub struct RawSocket(pub Option<Arc<socket2::Socket>>);

/// `GET /apiWsHub`: the websocket upgrade.
async fn upgrade(State(shared): State<Arc<Shared>>, raw: Option<axum::Extension<RawSocket>>, ws: WebSocketUpgrade) -> Response {
    if shared.push.hub.is_down() {
        // An outage: as a load balancer with no hub behind it answers.
        return axum::response::IntoResponse::into_response((axum::http::StatusCode::SERVICE_UNAVAILABLE, "the hub is down"));
    }
    let raw = raw.and_then(|axum::Extension(RawSocket(raw))| raw);
    ws.on_upgrade(move |socket| async move {
        let dropped = session(shared, socket).await;
        if let (true, Some(raw)) = (dropped, raw) {
            // The websocket is closed (its descriptor): this last one closes the socket
            // with a reset, as a crashed load balancer would.
            let _ = raw.set_linger(Some(Duration::ZERO));
        }
    })
}

/// `POST /apiWsHub/negotiate`: SignalR's negotiation, for clients that do not skip it (the
/// pages' examples do): WebSockets only; the client then connects to `/apiWsHub?id=...`.
async fn negotiate() -> axum::Json<Value> {
    let token = uuid::Uuid::new_v4().simple().to_string();
    axum::Json(json!({
        "negotiateVersion": 1,
        "connectionId": token,
        "connectionToken": token,
        "availableTransports": [{"transport": "WebSockets", "transferFormats": ["Text", "Binary"]}],
    }))
}

/// Removes the session from the hub when its task ends.
struct Registered(Arc<Shared>, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        self.0.push.hub.close(self.1);
    }
}

/// A session's own state.
struct Session {
    id: u64,
    shared: Arc<Shared>,
    handshaken: bool,
    authenticated: bool,
    last_location: Option<Instant>,
    /// An unfinished record (text after the last separator).
    pending: String,
}

/// What processing a frame asks of the socket task.
enum Flow {
    Continue,
    /// Send these records, then close with a close frame.
    Close,
}

/// Runs a session until it ends; answers whether it was dropped ([`Command::Drop`]).
async fn session(shared: Arc<Shared>, mut socket: WebSocket) -> bool {
    let (commands, mut inbox) = mpsc::unbounded_channel();
    let id = shared.push.hub.open(commands);
    let _registered = Registered(shared.clone(), id);
    let interval = shared.options.hub_ping_interval.max(Duration::from_millis(10));
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
    let mut state = Session { id, shared, handshaken: false, authenticated: false, last_location: None, pending: String::new() };
    loop {
        tokio::select! {
            received = socket.recv() => {
                let text = match received {
                    Some(Ok(Message::Text(text))) => text.to_string(),
                    Some(Ok(Message::Binary(bytes))) => String::from_utf8_lossy(&bytes).into_owned(),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return false,
                };
                let (out, flow) = state.frame(&text);
                for message in out {
                    if socket.send(Message::Text(message.into())).await.is_err() {
                        return false;
                    }
                }
                if let Flow::Close = flow {
                    let _ = socket.send(Message::Close(None)).await;
                    return false;
                }
            }
            command = inbox.recv() => match command {
                Some(Command::Send(text, ack)) => {
                    let ok = socket.send(Message::Text(text.into())).await.is_ok();
                    let _ = ack.send(ok);
                    if !ok {
                        return false;
                    }
                }
                // Dropping the socket closes the connection without a close frame.
                Some(Command::Drop) | None => return true,
            },
            _ = ping.tick(), if state.handshaken => {
                if socket.send(Message::Text(record(&json!({"type": 6})).into())).await.is_err() {
                    return false;
                }
            }
        }
    }
}

impl Session {
    /// Processes one frame's records; answers the records to send back.
    fn frame(&mut self, text: &str) -> (Vec<String>, Flow) {
        self.pending.push_str(text);
        let Some(end) = self.pending.rfind(RS) else { return (Vec::new(), Flow::Continue) };
        let complete: String = self.pending.drain(..=end).collect();
        let mut out = Vec::new();
        for message in complete.split(RS).filter(|m| !m.trim().is_empty()) {
            if let Flow::Close = self.message(message, &mut out) {
                return (out, Flow::Close);
            }
        }
        (out, Flow::Continue)
    }

    fn message(&mut self, text: &str, out: &mut Vec<String>) -> Flow {
        let Ok(Value::Object(message)) = serde_json::from_str::<Value>(text) else {
            let error = if self.handshaken {
                "Connection closed with an error: a message is not a JSON object."
            } else {
                "Handshake request is invalid."
            };
            out.push(record(&if self.handshaken { json!({"type": 7, "error": error}) } else { json!({"error": error}) }));
            return Flow::Close;
        };
        if !self.handshaken {
            let protocol = message.get("protocol").and_then(Value::as_str).unwrap_or("");
            let version = message.get("version").and_then(Value::as_i64);
            let error = match (protocol, version) {
                ("json", Some(1)) => None,
                ("json", Some(v)) => Some(format!("The server does not support version {v} of the 'json' protocol.")),
                ("", _) | (_, None) => Some("Handshake request is invalid.".to_string()),
                (other, _) => Some(format!("The protocol '{other}' is not supported.")),
            };
            return match error {
                None => {
                    self.handshaken = true;
                    out.push(record(&json!({})));
                    Flow::Continue
                }
                Some(error) => {
                    out.push(record(&json!({"error": error})));
                    Flow::Close
                }
            };
        }
        match message.get("type").and_then(Value::as_i64) {
            Some(1) | Some(4) => {
                let invocation_id = message.get("invocationId").and_then(Value::as_str).map(str::to_string);
                let answer = if message.get("type").and_then(Value::as_i64) == Some(4) {
                    Err("Streaming invocations are not supported.".to_string())
                } else {
                    self.invoke(&message)
                };
                if let Some(id) = invocation_id {
                    out.push(record(&match answer {
                        Ok(result) => json!({"type": 3, "invocationId": id, "result": result}),
                        Err(error) => json!({"type": 3, "invocationId": id, "error": error}),
                    }));
                }
                Flow::Continue
            }
            Some(6) => {
                out.push(record(&json!({"type": 6})));
                Flow::Continue
            }
            Some(7) => Flow::Close,
            // Completions, stream items and cancels from the client: nothing to do.
            _ => Flow::Continue,
        }
    }

    /// A hub method's result, or the completion's error.
    fn invoke(&mut self, message: &Map<String, Value>) -> Result<Value, String> {
        let target = message.get("target").and_then(Value::as_str).unwrap_or("");
        let empty = Vec::new();
        let arguments = message.get("arguments").and_then(Value::as_array).unwrap_or(&empty);
        // SignalR matches hub method names without regard to case.
        match target.to_ascii_lowercase().as_str() {
            "authenticatev2" | "authenticate" => self.authenticate(target, arguments),
            "unitlocation" if !self.authenticated => Err(UNAUTHENTICATED.into()),
            "unitlocation" => Ok(self.unit_location(arguments)),
            _ => Err(format!("Unknown hub method '{target}'.")),
        }
    }

    fn authenticate(&mut self, target: &str, arguments: &[Value]) -> Result<Value, String> {
        if !(2..=3).contains(&arguments.len()) {
            return Err(format!(
                "Failed to invoke '{target}': it takes communityId, apiKey and an optional serverId ({} argument(s) given).",
                arguments.len()
            ));
        }
        let text = |v: &Value| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let options = &self.shared.options;
        let (community_id, api_key) = (text(&arguments[0]), text(&arguments[1]));
        if community_id.as_deref() != Some(options.community_id.as_str()) || api_key.as_deref() != Some(options.api_key.as_str()) {
            return Ok(result(false, INVALID_CREDENTIALS, 0));
        }
        let server_id = match arguments.get(2) {
            None | Some(Value::Null) => None,
            Some(value) => {
                let id = match value {
                    Value::Number(n) => n.as_u64(),
                    Value::String(s) => s.trim().parse::<u64>().ok(),
                    _ => None,
                };
                match id.filter(|id| self.shared.community().has_server(*id)) {
                    Some(id) => Some(id),
                    None => return Ok(result(false, INVALID_SERVER, 0)),
                }
            }
        };
        self.authenticated = true;
        self.shared.push.hub.authenticate(self.id, server_id);
        Ok(result(true, "", 0))
    }

    fn unit_location(&mut self, arguments: &[Value]) -> Value {
        let Some(updates) = arguments.first().and_then(Value::as_array).filter(|u| !u.is_empty()) else {
            return result(false, MISSING_UPDATES, 0);
        };
        if updates.len() > MAX_UPDATES {
            return result(false, TOO_MANY_UPDATES, 0);
        }
        let now = Instant::now();
        if self.last_location.is_some_and(|last| now.duration_since(last) < LOCATION_INTERVAL) {
            return result(false, TOO_FAST, 0);
        }
        let mut targets = Vec::new();
        for update in updates {
            let Some(update) = update.as_object() else { return result(false, BAD_UPDATE, 0) };
            let has_location = update.get("location").is_some_and(Value::is_string);
            let target = crate::store::units::LocationTarget::of(update);
            match target {
                Some(target) if has_location => targets.push((target, update)),
                _ => return result(false, BAD_UPDATE, 0),
            }
        }
        self.last_location = Some(now);
        let mut community = self.shared.community();
        let count = targets.into_iter().filter(|(target, update)| crate::store::units::place(&mut community, target, update)).count();
        result(true, "", count)
    }
}

/// The hub methods' result object.
fn result(success: bool, error: &str, count: usize) -> Value {
    json!({"success": success, "error": error, "count": count})
}
