//! The SignalR hub client: one session at `<apiUrl>/apiWsHub` on the client's I/O thread.
//!
//! SignalR's JSON hub protocol over a plain WebSocket (no negotiation, as Sonoran's own
//! integration connects): each record is JSON text ended by 0x1E. The session sends the
//! handshake, invokes `authenticatev2(communityId, apiKey, serverId)`, then reads `pushEvent`
//! invocations into the queue, pinging every 15 s and giving up on a hub silent for 30 s
//! (SignalR's own defaults). A dropped session is opened again after a backoff and
//! authenticated again; a refused authentication is final (retrying a wrong key only
//! hammers the API). Other hub methods (`unitLocation`) go through [`HubSender`].

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::Connector;

use super::{Context, HubState, HubStatus, Via};
use crate::error::{Error, ErrorKind, Result};
use crate::logging::Level;
use crate::sync::{lock, wait_timeout};

/// Ends each SignalR record.
pub(crate) const RECORD_SEPARATOR: char = '\u{1e}';
/// How often the client pings the hub (SignalR's keep-alive interval).
const PING_EVERY: Duration = Duration::from_secs(15);
/// A hub silent this long is gone (SignalR's server timeout).
const SILENCE_LIMIT: Duration = Duration::from_secs(30);
/// Time allowed for the handshake and for `authenticatev2` to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);
/// The largest hub message accepted.
const MAX_MESSAGE_BYTES: usize = 4 << 20;

/// A running hub session (reconnecting as needed) until stopped.
pub(crate) struct Hub {
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
    sender: HubSender,
    /// Ends when the session's task has ended (closed its connection).
    done: std::sync::mpsc::Receiver<()>,
}

/// Invokes hub methods on the session while it is connected.
#[derive(Clone)]
pub(crate) struct HubSender {
    tx: mpsc::UnboundedSender<Outgoing>,
}

struct Outgoing {
    target: String,
    arguments: Vec<Value>,
    reply: oneshot::Sender<Result<Value>>,
}

impl HubSender {
    /// Invokes `target` with `arguments` and waits for its completion (the hub's `result`,
    /// or an error: the hub's `error`, or the session ending first).
    pub(crate) async fn invoke(&self, target: &str, arguments: Vec<Value>) -> Result<Value> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send(Outgoing { target: target.into(), arguments, reply })
            .map_err(|_| Error::new(ErrorKind::Network, "the hub session has stopped"))?;
        answer.await.unwrap_or_else(|_| Err(Error::new(ErrorKind::Network, "the hub session ended before answering")))
    }
}

struct Shared {
    status: Mutex<HubStatus>,
    changed: Condvar,
}

impl Shared {
    fn status(&self) -> MutexGuard<'_, HubStatus> {
        lock(&self.status)
    }

    fn update(&self, change: impl FnOnce(&mut HubStatus)) {
        change(&mut self.status());
        self.changed.notify_all();
    }
}

/// The hub's URL for an API URL: `ws`/`wss` for `http`/`https`, path `/apiWsHub`.
pub(crate) fn hub_url(api_url: &str) -> String {
    let api_url = api_url.trim_end_matches('/');
    let url = match api_url.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}"),
        Some((_, rest)) => format!("ws://{rest}"),
        None => format!("ws://{api_url}"),
    };
    format!("{url}/apiWsHub")
}

impl Hub {
    /// Starts a session for `server_id` (none: a session for hub methods only).
    pub(crate) fn start(runtime: &tokio::runtime::Handle, context: Context, server_id: Option<u64>) -> Hub {
        let url = hub_url(&context.config.api_url);
        let shared = Arc::new(Shared {
            status: Mutex::new(HubStatus {
                state: HubState::Connecting,
                url: url.clone(),
                server_id: server_id.unwrap_or(0),
                error: None,
                sessions: 0,
            }),
            changed: Condvar::new(),
        });
        let (stop, stopped) = watch::channel(false);
        let (tx, rx) = mpsc::unbounded_channel();
        let (done_tx, done) = std::sync::mpsc::channel();
        let task_shared = shared.clone();
        runtime.spawn(async move {
            run(context, url, server_id, task_shared, stopped, rx).await;
            let _ = done_tx.send(());
        });
        Hub { shared, stop, sender: HubSender { tx }, done }
    }

    /// The session's state now.
    pub(crate) fn status(&self) -> HubStatus {
        self.shared.status().clone()
    }

    pub(crate) fn sender(&self) -> HubSender {
        self.sender.clone()
    }

    /// Waits up to `timeout` for the session to be authenticated or refused.
    pub(crate) fn wait_settled(&self, timeout: Duration) {
        let deadline = std::time::Instant::now() + timeout;
        let mut status = self.shared.status();
        while matches!(status.state, HubState::Connecting | HubState::Reconnecting) {
            let now = std::time::Instant::now();
            if now >= deadline {
                return;
            }
            status = wait_timeout(&self.shared.changed, status, deadline - now);
        }
    }

    /// Stops the session, closing the connection cleanly, and waits (up to a second, and
    /// not at all on the I/O thread itself) until it is closed.
    pub(crate) fn stop(self) {
        let _ = self.stop.send(true);
        let on_io_thread = tokio::runtime::Handle::try_current().is_ok();
        if !on_io_thread {
            let _ = self.done.recv_timeout(Duration::from_secs(1));
        }
        self.shared.update(|s| s.state = HubState::Stopped);
    }
}

/// How a session ended.
enum Ended {
    Stopped,
    Unauthorized(String),
    /// Failed; `true` when it had been authenticated (the backoff starts over).
    Failed(String, bool),
}

async fn run(
    context: Context,
    url: String,
    server_id: Option<u64>,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
    mut outgoing: mpsc::UnboundedReceiver<Outgoing>,
) {
    let mut failures: u32 = 0;
    loop {
        match session(&context, &url, server_id, &shared, &mut stop, &mut outgoing).await {
            Ended::Stopped => break,
            Ended::Unauthorized(why) => {
                context.log(
                    Level::Error,
                    format!("the hub refused authenticatev2 for server {}: {why}; not retrying", server_id.unwrap_or(0)),
                );
                shared.update(|s| {
                    s.state = HubState::Unauthorized;
                    s.error = Some(why);
                });
                // Refused for good: stay here until stopped (no reconnect).
                let _ = stop.changed().await;
                break;
            }
            Ended::Failed(why, was_up) => {
                failures = if was_up { 1 } else { failures + 1 };
                let wait = backoff(failures);
                context.log(Level::Warn, format!("hub session: {why}; connecting again in {} ms", wait.as_millis()));
                shared.update(|s| {
                    s.state = HubState::Reconnecting;
                    s.error = Some(why);
                });
                // Pending invocations fail now rather than wait for a session that may not come.
                while let Ok(out) = outgoing.try_recv() {
                    let _ = out.reply.send(Err(Error::new(ErrorKind::Network, "the hub session is down")));
                }
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.changed() => break,
                }
            }
        }
    }
    shared.update(|s| s.state = HubState::Stopped);
}

/// 0.5 s, 1 s, 2 s, ... up to 30 s, with up to 25 % jitter so that servers dropped together
/// do not come back together.
fn backoff(failures: u32) -> Duration {
    let base = Duration::from_millis(500).saturating_mul(1 << failures.saturating_sub(1).min(6)).min(Duration::from_secs(30));
    base + base.mul_f64(fastrand::f64() * 0.25)
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One connection: connect, handshake, authenticate, then read events until it ends.
async fn session(
    context: &Context,
    url: &str,
    server_id: Option<u64>,
    shared: &Shared,
    stop: &mut watch::Receiver<bool>,
    outgoing: &mut mpsc::UnboundedReceiver<Outgoing>,
) -> Ended {
    let opened = tokio::select! {
        opened = open(context, url, server_id) => opened,
        _ = stop.changed() => return Ended::Stopped,
    };
    let (socket, reader) = match opened {
        Ok(opened) => opened,
        Err(ended) => return ended,
    };
    shared.update(|s| {
        s.state = HubState::Connected;
        s.error = None;
        s.sessions += 1;
    });
    context.log(Level::Info, format!("hub session authenticated for server {}", server_id.unwrap_or(0)));
    serve(context, socket, reader, stop, outgoing).await
}

/// Connects, does the handshake and authenticates.
async fn open(context: &Context, url: &str, server_id: Option<u64>) -> std::result::Result<(Socket, Records), Ended> {
    let config = WebSocketConfig::default().max_message_size(Some(MAX_MESSAGE_BYTES));
    let connector = Connector::Rustls(context.tls.clone());
    let connect = tokio_tungstenite::connect_async_tls_with_config(url, Some(config), true, Some(connector));
    let mut socket = match tokio::time::timeout(context.config.connect_timeout, connect).await {
        Err(_) => return Err(Ended::Failed(format!("cannot connect to {url}: timed out"), false)),
        Ok(Err(e)) => return Err(Ended::Failed(format!("cannot connect to {url}: {e}"), false)),
        Ok(Ok((socket, _))) => socket,
    };
    let mut reader = Records::default();
    // Handshake: the JSON protocol, version 1; the hub answers `{}` or `{"error": ...}`.
    if let Err(e) = socket.send(Message::text(format!("{{\"protocol\":\"json\",\"version\":1}}{RECORD_SEPARATOR}"))).await {
        return Err(Ended::Failed(format!("handshake: {e}"), false));
    }
    match next_record(&mut socket, &mut reader, ANSWER_WITHIN).await {
        Ok(answer) => {
            if let Some(error) = answer.get("error").and_then(Value::as_str) {
                return Err(Ended::Failed(format!("the hub refused the handshake: {error}"), false));
            }
        }
        Err(why) => return Err(Ended::Failed(format!("handshake: {why}"), false)),
    }
    // authenticatev2(communityId, apiKey, serverId): the key goes to the hub and nowhere else.
    let mut arguments = vec![json!(context.config.community_id), json!(context.config.api_key.expose())];
    if let Some(id) = server_id {
        arguments.push(json!(id));
    }
    if let Err(e) = socket.send(Message::text(invocation(Some(0), "authenticatev2", arguments))).await {
        return Err(Ended::Failed(format!("authenticatev2: {e}"), false));
    }
    let deadline = Instant::now() + ANSWER_WITHIN;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let record = match next_record(&mut socket, &mut reader, left).await {
            Ok(record) => record,
            Err(why) => return Err(Ended::Failed(format!("authenticatev2: {why}"), false)),
        };
        if record.get("type").and_then(Value::as_u64) != Some(3) || record.get("invocationId").and_then(Value::as_str) != Some("0") {
            // A ping, or an event sent early: events wait for authentication.
            continue;
        }
        if let Some(error) = record.get("error").and_then(Value::as_str) {
            return Err(Ended::Unauthorized(error.to_string()));
        }
        let result = record.get("result").cloned().unwrap_or(Value::Null);
        if result.get("success").and_then(Value::as_bool) == Some(true) {
            break;
        }
        let why = result.get("error").and_then(Value::as_str).filter(|e| !e.is_empty()).unwrap_or("authentication failed");
        return Err(Ended::Unauthorized(why.to_string()));
    }
    Ok((socket, reader))
}

/// The authenticated session: events in, pings and invocations out.
async fn serve(
    context: &Context,
    mut socket: Socket,
    mut reader: Records,
    stop: &mut watch::Receiver<bool>,
    outgoing: &mut mpsc::UnboundedReceiver<Outgoing>,
) -> Ended {
    let mut pending: HashMap<String, oneshot::Sender<Result<Value>>> = HashMap::new();
    let mut next_id: u64 = 1;
    let mut ping = tokio::time::interval_at(Instant::now() + PING_EVERY, PING_EVERY);
    let mut heard = Instant::now();
    let ended = loop {
        tokio::select! {
            message = socket.next() => {
                let text = match message {
                    None => break Ended::Failed("the hub closed the connection".into(), true),
                    Some(Err(e)) => break Ended::Failed(format!("the connection failed: {e}"), true),
                    Some(Ok(Message::Text(text))) => text,
                    Some(Ok(Message::Close(_))) => break Ended::Failed("the hub closed the connection".into(), true),
                    Some(Ok(_)) => { heard = Instant::now(); continue }
                };
                heard = Instant::now();
                reader.push(text.as_str());
                while let Some(record) = reader.next() {
                    match record {
                        Ok(record) => {
                            if let Some(ended) = on_record(context, record, &mut pending) {
                                return ended;
                            }
                        }
                        Err(why) => context.log(Level::Warn, format!("the hub sent a malformed record: {why}")),
                    }
                }
            }
            _ = ping.tick() => {
                if heard.elapsed() >= SILENCE_LIMIT {
                    break Ended::Failed(format!("no message from the hub for {} s", SILENCE_LIMIT.as_secs()), true);
                }
                if let Err(e) = socket.send(Message::text(format!("{{\"type\":6}}{RECORD_SEPARATOR}"))).await {
                    break Ended::Failed(format!("ping: {e}"), true);
                }
            }
            out = outgoing.recv() => {
                let Some(out) = out else { continue };
                let id = next_id;
                next_id += 1;
                match socket.send(Message::text(invocation(Some(id), &out.target, out.arguments))).await {
                    Ok(()) => { pending.insert(id.to_string(), out.reply); }
                    Err(e) => {
                        let _ = out.reply.send(Err(Error::new(ErrorKind::Network, format!("the hub connection failed: {e}"))));
                        break Ended::Failed(format!("the connection failed: {e}"), true);
                    }
                }
            }
            _ = stop.changed() => {
                // A clean close: SignalR's close record, then the WebSocket close handshake.
                let _ = socket.send(Message::text(format!("{{\"type\":7}}{RECORD_SEPARATOR}"))).await;
                let _ = tokio::time::timeout(Duration::from_millis(500), socket.close(None)).await;
                break Ended::Stopped;
            }
        }
    };
    for (_, reply) in pending {
        let _ = reply.send(Err(Error::new(ErrorKind::Network, "the hub session ended before answering")));
    }
    ended
}

/// Handles one record of an authenticated session; `Some` ends the session.
fn on_record(context: &Context, record: Value, pending: &mut HashMap<String, oneshot::Sender<Result<Value>>>) -> Option<Ended> {
    match record.get("type").and_then(Value::as_u64) {
        // An invocation: `pushEvent(payload)`, the payload an object or its JSON text.
        Some(1) => {
            let target = record.get("target").and_then(Value::as_str).unwrap_or("");
            if !target.eq_ignore_ascii_case("pushEvent") {
                context.log(Level::Debug, format!("the hub invoked `{target}`, which this client does not handle"));
                return None;
            }
            let payload = match record.get("arguments").and_then(|a| a.get(0)) {
                Some(Value::String(text)) => serde_json::from_str(text).unwrap_or(Value::Null),
                Some(payload) => payload.clone(),
                None => Value::Null,
            };
            let _ = context.accept(payload, Via::WebSocket);
            None
        }
        // A completion of one of our invocations.
        Some(3) => {
            let id = record.get("invocationId").and_then(Value::as_str).unwrap_or("");
            if let Some(reply) = pending.remove(id) {
                let result = match record.get("error").and_then(Value::as_str) {
                    Some(error) => Err(Error::new(ErrorKind::BadRequest, error.to_string())),
                    None => Ok(record.get("result").cloned().unwrap_or(Value::Null)),
                };
                let _ = reply.send(result);
            }
            None
        }
        // Close: the hub ends the session (reconnect unless it says not to).
        Some(7) => {
            let why = record.get("error").and_then(Value::as_str).unwrap_or("no reason given");
            Some(Ended::Failed(format!("the hub closed the session: {why}"), true))
        }
        // Ping and anything newer.
        _ => None,
    }
}

/// A SignalR invocation record of `target` with `arguments` (with an `invocationId` when
/// a completion is wanted), ended by the record separator.
fn invocation(id: Option<u64>, target: &str, arguments: Vec<Value>) -> String {
    let mut record = Map::new();
    record.insert("type".into(), 1.into());
    if let Some(id) = id {
        record.insert("invocationId".into(), id.to_string().into());
    }
    record.insert("target".into(), target.into());
    record.insert("arguments".into(), Value::Array(arguments));
    let mut text = Value::Object(record).to_string();
    text.push(RECORD_SEPARATOR);
    text
}

/// Reads records until one arrives (skipping pings), within `within`.
async fn next_record(socket: &mut Socket, reader: &mut Records, within: Duration) -> std::result::Result<Value, String> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(record) = reader.next() {
            return record;
        }
        let message = match tokio::time::timeout_at(deadline, socket.next()).await {
            Err(_) => return Err("no answer from the hub in time".into()),
            Ok(None) => return Err("the hub closed the connection".into()),
            Ok(Some(Err(e))) => return Err(e.to_string()),
            Ok(Some(Ok(message))) => message,
        };
        match message {
            Message::Text(text) => reader.push(text.as_str()),
            Message::Close(_) => return Err("the hub closed the connection".into()),
            _ => {}
        }
    }
}

/// Splits the text the hub sends into records (a frame may hold several, or part of one).
#[derive(Default)]
struct Records {
    buffer: String,
}

impl Records {
    fn push(&mut self, text: &str) {
        self.buffer.push_str(text);
    }

    fn next(&mut self) -> Option<std::result::Result<Value, String>> {
        let end = self.buffer.find(RECORD_SEPARATOR)?;
        let record: String = self.buffer.drain(..end + RECORD_SEPARATOR.len_utf8()).collect();
        let record = &record[..end];
        Some(serde_json::from_str(record).map_err(|e| e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_url_follows_the_api_url() {
        assert_eq!(hub_url("https://api.sonorancad.com"), "wss://api.sonorancad.com/apiWsHub");
        assert_eq!(hub_url("http://127.0.0.1:8080/"), "ws://127.0.0.1:8080/apiWsHub");
    }

    #[test]
    fn records_split_across_and_within_frames() {
        let mut r = Records::default();
        r.push("{\"type\":6}\u{1e}{\"type\":1,");
        assert_eq!(r.next(), Some(Ok(json!({"type": 6}))));
        assert_eq!(r.next(), None);
        r.push("\"target\":\"pushEvent\"}\u{1e}");
        assert_eq!(r.next(), Some(Ok(json!({"type": 1, "target": "pushEvent"}))));
        assert_eq!(r.next(), None);
    }

    #[test]
    fn backoff_grows_to_thirty_seconds() {
        assert!(backoff(1) >= Duration::from_millis(500) && backoff(1) < Duration::from_millis(700));
        assert!(backoff(20) >= Duration::from_secs(30) && backoff(20) <= Duration::from_millis(37_500));
    }
}
