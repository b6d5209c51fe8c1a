//! Push events over loopback: the `/apiWsHub` SignalR JSON hub (handshake,
//! `authenticatev2`, `pushEvent`, `unitLocation`) with a real websocket client, the HTTP
//! listener fallback with a real TCP listener, and the `/_mock` control routes and triggers.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use sonoran_mock::{events, MockOptions, MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const RS: char = '\u{1e}';

fn mock() -> Arc<MockServer> {
    Arc::new(MockServer::start_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() }).unwrap())
}

/// A hub client: records come out one at a time, pings skipped.
struct Hub {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    queue: VecDeque<Value>,
    skip_pings: bool,
}

impl Hub {
    /// Connects without the handshake.
    async fn open(mock: &MockServer) -> Hub {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/apiWsHub", mock.addr())).await.unwrap();
        Hub { ws, queue: VecDeque::new(), skip_pings: true }
    }

    /// Connects and does the handshake.
    async fn connect(mock: &MockServer) -> Hub {
        let mut hub = Hub::open(mock).await;
        hub.raw(&format!("{}{RS}", json!({"protocol": "json", "version": 1}))).await;
        assert_eq!(hub.next().await, json!({}));
        hub
    }

    /// Connects, handshakes and authenticates for `server`.
    async fn authenticated(mock: &MockServer, server: Value) -> Hub {
        let mut hub = Hub::connect(mock).await;
        let result = hub.invoke("auth", "authenticatev2", json!([DEMO_COMMUNITY_ID, DEMO_API_KEY, server])).await;
        assert_eq!(result, json!({"type": 3, "invocationId": "auth", "result": {"success": true, "error": "", "count": 0}}));
        hub
    }

    async fn raw(&mut self, text: &str) {
        self.ws.send(Message::Text(text.to_string().into())).await.unwrap();
    }

    async fn send(&mut self, message: Value) {
        self.raw(&format!("{message}{RS}")).await;
    }

    /// The next record (not a ping), or `None` when the connection ends (or after 5 s).
    async fn try_next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            if let Some(message) = self.queue.pop_front() {
                if self.skip_pings && message == json!({"type": 6}) {
                    continue;
                }
                return Some(message);
            }
            let frame = tokio::time::timeout(wait, self.ws.next()).await.ok()??.ok()?;
            match frame {
                Message::Text(text) => {
                    let text = text.to_string();
                    assert!(text.ends_with(RS), "records end with 0x1E: {text:?}");
                    for record in text.split(RS).filter(|r| !r.is_empty()) {
                        self.queue.push_back(serde_json::from_str(record).unwrap());
                    }
                }
                Message::Close(_) => return None,
                _ => {}
            }
        }
    }

    async fn next(&mut self) -> Value {
        self.try_next(Duration::from_secs(5)).await.expect("a hub message")
    }

    async fn invoke(&mut self, id: &str, target: &str, arguments: Value) -> Value {
        self.send(json!({"type": 1, "invocationId": id, "target": target, "arguments": arguments})).await;
        self.next().await
    }

    /// The next `pushEvent`'s payload.
    async fn push_event(&mut self) -> Value {
        let message = self.next().await;
        assert_eq!(message["type"], 1, "{message}");
        assert_eq!(message["target"], "pushEvent", "{message}");
        assert!(message.get("invocationId").is_none(), "{message}");
        assert_eq!(message["arguments"].as_array().unwrap().len(), 1);
        message["arguments"][0].clone()
    }
}

fn result(success: bool, error: &str) -> Value {
    json!({"success": success, "error": error, "count": 0})
}

async fn http(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client.request(method, format!("{}{path}", mock.url())).bearer_auth(DEMO_API_KEY);
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Blocking `MockServer::emit` off the test's runtime.
async fn emit(mock: &Arc<MockServer>, server: u64, event_type: &str, data: Option<Value>) -> Result<Value, String> {
    let (mock, event_type) = (mock.clone(), event_type.to_string());
    tokio::task::spawn_blocking(move || mock.emit(server, &event_type, data)).await.unwrap()
}

/// Points server `id`'s push listener at `ip:port` (through `set_servers_v2`, as the game
/// server's resource does at start), keeping the mock's other seeded server.
async fn set_listener(mock: &MockServer, id: u64, ip: &str, port: u16) {
    let other = if id == 1 { 2 } else { 1 };
    let body = json!({"servers": [
        {"id": id, "name": "Listener", "mapIp": ip, "listenerPort": port.to_string()},
        {"id": other, "name": "Other", "mapIp": "", "listenerPort": ""},
    ]});
    let (status, answer) = http(mock, "PUT", "/v2/general/servers", Some(body)).await;
    assert_eq!(status, 200, "{answer}");
}

/// One HTTP request a listener received.
#[derive(Debug)]
struct Received {
    head: String,
    body: Value,
}

/// A tiny HTTP listener on loopback answering `status` to each request, sending what it
/// received.
async fn listener(status: &'static str) -> (u16, tokio::sync::mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head, length) = loop {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0, "the request ended early");
                    buffer.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_string();
                        let length = head
                            .lines()
                            .find_map(|l| {
                                l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap())
                            })
                            .unwrap_or(0);
                        buffer.drain(..end + 4);
                        break (head, length);
                    }
                };
                while buffer.len() < length {
                    let n = stream.read(&mut chunk).await.unwrap();
                    assert!(n > 0);
                    buffer.extend_from_slice(&chunk[..n]);
                }
                let body = serde_json::from_slice(&buffer[..length]).unwrap_or(Value::Null);
                let _ = tx.send(Received { head, body });
                let answer = format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    (port, rx)
}

/// A loopback port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handshake_and_authentication() {
    let mock = mock();
    // Another protocol is refused, then the connection closes.
    let mut hub = Hub::open(&mock).await;
    hub.send(json!({"protocol": "messagepack", "version": 1})).await;
    let answer = hub.next().await;
    assert!(answer["error"].as_str().unwrap().contains("messagepack"), "{answer}");
    assert_eq!(hub.try_next(Duration::from_secs(5)).await, None);

    // The handshake and an invocation may share one frame.
    let mut hub = Hub::open(&mock).await;
    let invocation = json!({"type": 1, "invocationId": "0", "target": "unitLocation", "arguments": [[]]});
    hub.raw(&format!("{}{RS}{invocation}{RS}", json!({"protocol": "json", "version": 1}))).await;
    assert_eq!(hub.next().await, json!({}));
    assert_eq!(hub.next().await, json!({"type": 3, "invocationId": "0", "error": "Unauthenticated. Call authenticate first."}));
    assert_eq!(
        hub.invoke("1", "noSuchMethod", json!([])).await,
        json!({"type": 3, "invocationId": "1", "error": "Unknown hub method 'noSuchMethod'."})
    );
    let wrong_key = hub.invoke("2", "authenticatev2", json!([DEMO_COMMUNITY_ID, "wrong-key", 1])).await;
    assert_eq!(wrong_key, json!({"type": 3, "invocationId": "2", "result": result(false, "Invalid community ID or API key.")}));
    let wrong_community = hub.invoke("3", "authenticatev2", json!(["other-community", DEMO_API_KEY])).await;
    assert_eq!(wrong_community["result"], result(false, "Invalid community ID or API key."));
    let wrong_server = hub.invoke("4", "authenticatev2", json!([DEMO_COMMUNITY_ID, DEMO_API_KEY, 99])).await;
    assert_eq!(wrong_server["result"], result(false, "Invalid server ID."));
    let not_a_server = hub.invoke("5", "authenticatev2", json!([DEMO_COMMUNITY_ID, DEMO_API_KEY, "abc"])).await;
    assert_eq!(not_a_server["result"], result(false, "Invalid server ID."));
    assert!(mock.hub_sessions().is_empty(), "failed authentications register nothing");
    // Still unauthenticated.
    assert_eq!(hub.invoke("6", "unitLocation", json!([[]])).await["error"], "Unauthenticated. Call authenticate first.");
    // serverId as a numeric string.
    let good = hub.invoke("7", "authenticatev2", json!([DEMO_COMMUNITY_ID, DEMO_API_KEY, "2"])).await;
    assert_eq!(good, json!({"type": 3, "invocationId": "7", "result": result(true, "")}));
    assert_eq!(mock.hub_sessions(), vec![Some(2)]);

    // `authenticate` (the push-events page's name) without a serverId.
    let mut other = Hub::connect(&mock).await;
    let alias = other.invoke("a", "authenticate", json!([DEMO_COMMUNITY_ID, DEMO_API_KEY])).await;
    assert_eq!(alias["result"], result(true, ""));
    assert_eq!(mock.hub_sessions(), vec![Some(2), None]);
    let (_, stats) = http(&mock, "GET", "/_mock/stats", None).await;
    assert_eq!(stats["hubSessions"], json!([2, null]));

    // An invocation without an id gets no completion; pings are answered.
    other.send(json!({"type": 1, "target": "authenticatev2", "arguments": [DEMO_COMMUNITY_ID, DEMO_API_KEY, 1]})).await;
    other.skip_pings = false;
    other.send(json!({"type": 6})).await;
    assert_eq!(other.next().await, json!({"type": 6}));
    assert_eq!(mock.hub_sessions(), vec![Some(2), Some(1)]);

    // A close message ends the session.
    other.send(json!({"type": 7})).await;
    assert_eq!(other.try_next(Duration::from_secs(5)).await, None);
    drop(other);
    drop(hub);
    for _ in 0..100 {
        if mock.hub_sessions().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(mock.hub_sessions().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_pings_each_session() {
    let mock =
        Arc::new(MockServer::start_with(MockOptions { hub_ping_interval: Duration::from_millis(100), ..MockOptions::default() }).unwrap());
    let mut hub = Hub::connect(&mock).await;
    hub.skip_pings = false;
    assert_eq!(hub.next().await, json!({"type": 6}));
    assert_eq!(hub.next().await, json!({"type": 6}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_events_go_to_the_sessions_of_their_server() {
    let mock = mock();
    let mut one = Hub::authenticated(&mock, json!(1)).await;
    let mut two = Hub::authenticated(&mock, json!(2)).await;
    let mut none = Hub::authenticated(&mock, Value::Null).await;
    assert_eq!(mock.hub_sessions(), vec![Some(1), Some(2), None]);

    let outcome = emit(&mock, 1, "EVENT_911", None).await.unwrap();
    assert_eq!(outcome, json!({"via": "websocket", "sessions": 1}));
    let payload = one.push_event().await;
    assert_eq!(payload, json!({"key": DEMO_API_KEY, "type": "EVENT_911", "data": events::example("EVENT_911").unwrap()}));

    let data = json!({"custom": true});
    assert_eq!(emit(&mock, 2, "EVENT_SOMETHING_NEW", Some(data.clone())).await.unwrap(), json!({"via": "websocket", "sessions": 1}));
    // Server 2's session gets server 2's event, not server 1's.
    let payload = two.push_event().await;
    assert_eq!(payload, json!({"key": DEMO_API_KEY, "type": "EVENT_SOMETHING_NEW", "data": data}));
    assert_eq!(two.try_next(Duration::from_millis(300)).await, None);
    assert_eq!(none.try_next(Duration::from_millis(100)).await, None, "a session without a serverId receives no push events");
    assert_eq!(one.try_next(Duration::from_millis(100)).await, None);

    // A second session for server 1: both receive.
    let mut also_one = Hub::authenticated(&mock, json!("1")).await;
    assert_eq!(emit(&mock, 1, "EVENT_TONE", None).await.unwrap(), json!({"via": "websocket", "sessions": 2}));
    assert_eq!(one.push_event().await["type"], "EVENT_TONE");
    assert_eq!(also_one.push_event().await["type"], "EVENT_TONE");

    // An unknown type needs its data.
    let unknown = emit(&mock, 1, "EVENT_NOPE", None).await.unwrap_err();
    assert!(unknown.contains("EVENT_NOPE"), "{unknown}");

    // Every documented type, in order.
    let outcomes = tokio::task::spawn_blocking({
        let mock = mock.clone();
        move || mock.emit_all(2)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(outcomes.len(), events::DOCUMENTED.len());
    for (event_type, _) in events::DOCUMENTED {
        let payload = two.push_event().await;
        assert_eq!(payload["type"], *event_type);
        assert_eq!(payload["data"], events::example(event_type).unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_events_go_to_the_http_listener() {
    let mock = mock();
    let (port, mut received) = listener("200 OK").await;
    set_listener(&mock, 1, "127.0.0.1", port).await;

    let outcome = emit(&mock, 1, "EVENT_UNIT_PANIC", None).await.unwrap();
    assert_eq!(outcome, json!({"via": "http", "url": format!("http://127.0.0.1:{port}/sonorancad/event"), "status": 200}));
    let request = received.recv().await.unwrap();
    assert!(request.head.starts_with("POST /sonorancad/event HTTP/1.1\r\n"), "{}", request.head);
    assert!(request.head.to_ascii_lowercase().contains("content-type: application/json"), "{}", request.head);
    assert_eq!(request.body, json!({"key": DEMO_API_KEY, "type": "EVENT_UNIT_PANIC", "data": [{"identIds": [1, 2, 3], "isPanic": true}]}));

    // `localhost` is loopback too.
    set_listener(&mock, 1, "localhost", port).await;
    assert_eq!(emit(&mock, 1, "EVENT_TONE", None).await.unwrap()["status"], 200);
    assert_eq!(received.recv().await.unwrap().body["type"], "EVENT_TONE");

    // A session for the server takes precedence.
    let mut hub = Hub::authenticated(&mock, json!(1)).await;
    assert_eq!(emit(&mock, 1, "EVENT_TONE", None).await.unwrap()["via"], "websocket");
    assert_eq!(hub.push_event().await["type"], "EVENT_TONE");
    drop(hub);
    for _ in 0..100 {
        if mock.hub_sessions().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(emit(&mock, 1, "EVENT_TONE", None).await.unwrap()["via"], "http");
    assert!(received.recv().await.is_some());

    // A listener answering 401, a port nobody listens on, no listener configured.
    let (unauthorized, mut refused_requests) = listener("401 Unauthorized").await;
    set_listener(&mock, 1, "127.0.0.1", unauthorized).await;
    let error = emit(&mock, 1, "EVENT_TONE", None).await.unwrap_err();
    assert!(error.contains("401"), "{error}");
    assert!(refused_requests.recv().await.is_some());
    let closed = closed_port();
    set_listener(&mock, 1, "127.0.0.1", closed).await;
    let error = emit(&mock, 1, "EVENT_TONE", None).await.unwrap_err();
    assert!(error.contains("refused") && error.contains(&closed.to_string()), "{error}");
    let error = emit(&mock, 2, "EVENT_TONE", None).await.unwrap_err();
    assert!(error.contains("No hub session for server 2"), "{error}");
    let error = emit(&mock, 7, "EVENT_TONE", None).await.unwrap_err();
    assert!(error.contains("not configured"), "{error}");

    let (_, stats) = http(&mock, "GET", "/_mock/stats", None).await;
    assert_eq!(stats["events"]["sent"], 4);
    assert_eq!(stats["events"]["failed"], 4);
    assert_eq!(stats["events"]["last"]["serverId"], 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn non_loopback_listeners_are_refused() {
    let mock = mock();
    for ip in ["10.1.2.3", "192.168.0.10", "203.0.113.7", "example.com"] {
        set_listener(&mock, 1, ip, 30120).await;
        let error = emit(&mock, 1, "EVENT_911", None).await.unwrap_err();
        assert!(error.contains("not a loopback address"), "{error}");
        let (status, answer) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1, "type": "EVENT_911"}))).await;
        assert_eq!(status, 403, "{answer}");
        assert!(answer["error"].as_str().unwrap().contains(ip), "{answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_routes() {
    let mock = mock();
    let (status, types) = http(&mock, "GET", "/_mock/events/types", None).await;
    assert_eq!(status, 200);
    assert_eq!(types, json!(events::DOCUMENTED.iter().map(|(t, _)| *t).collect::<Vec<_>>()));

    let mut hub = Hub::authenticated(&mock, json!(1)).await;
    let (status, outcome) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1, "type": "EVENT_UNIT_LOGIN"}))).await;
    assert_eq!((status, outcome), (200, json!({"via": "websocket", "sessions": 1})));
    assert_eq!(hub.push_event().await["data"], events::example("EVENT_UNIT_LOGIN").unwrap());
    let data = json!([{"identIds": [12], "status": 4}]);
    let (status, _) =
        http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1, "type": "EVENT_UNIT_STATUS", "data": data}))).await;
    assert_eq!(status, 200);
    assert_eq!(hub.push_event().await["data"], data);
    let (status, outcomes) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1, "all": true}))).await;
    assert_eq!(status, 200);
    assert_eq!(outcomes.as_array().unwrap().len(), events::DOCUMENTED.len());
    for (event_type, _) in events::DOCUMENTED {
        assert_eq!(hub.push_event().await["type"], *event_type);
    }

    let (status, answer) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1, "type": "EVENT_NOPE"}))).await;
    assert_eq!(status, 400);
    assert!(answer["error"].as_str().unwrap().contains("EVENT_NOPE"));
    let (status, _) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 1}))).await;
    assert_eq!(status, 400);
    // Server 2: no session, and its seeded listener port has nobody on it.
    set_listener(&mock, 2, "127.0.0.1", closed_port()).await;
    let (status, answer) = http(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 2, "type": "EVENT_911"}))).await;
    assert_eq!(status, 502, "{answer}");
    assert!(answer["error"].as_str().unwrap().contains("refused"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_in_the_cad_emit_events() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, json!(1)).await;

    // A unit's status.
    let (status, answer) = http(&mock, "POST", "/_mock/units/1/status", Some(json!({"status": 3}))).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["event"], json!({"via": "websocket", "sessions": 1}));
    let payload = hub.push_event().await;
    assert_eq!(payload, json!({"key": DEMO_API_KEY, "type": "EVENT_UNIT_STATUS", "data": [{"identIds": [1], "status": 3}]}));
    let (_, units) = http(&mock, "GET", "/v2/emergency/servers/1/units", None).await;
    assert!(units.to_string().contains("\"status\":3"), "{units}");
    let (status, _) = http(&mock, "POST", "/_mock/units/999/status", Some(json!({"status": 3}))).await;
    assert_eq!(status, 404);

    // A 911 call placed in the CAD, then removed.
    let call = json!({"serverId": 1, "caller": "Jane", "location": "Alta St", "description": "Fire", "isEmergency": true, "communityUserId": "license:abc123"});
    let (status, answer) = http(&mock, "POST", "/_mock/911", Some(call)).await;
    assert_eq!(status, 200, "{answer}");
    let call_id = answer["call"]["callId"].as_i64().unwrap();
    let payload = hub.push_event().await;
    assert_eq!(payload["type"], "EVENT_911");
    assert_eq!(
        payload["data"],
        json!([{"call": {"callId": call_id, "isEmergency": true, "caller": "Jane", "location": "Alta St", "description": "Fire"}, "communityUserId": "license:abc123", "metaData": {}}])
    );
    // After the seeded 911 call 501.
    let (_, calls) = http(&mock, "GET", "/v2/emergency/servers/1/calls", None).await;
    assert_eq!(calls["EmergencyCalls"][1]["callId"], call_id);
    let (status, _) = http(&mock, "POST", &format!("/_mock/911/{call_id}/remove"), None).await;
    assert_eq!(status, 200);
    assert_eq!(hub.push_event().await, json!({"key": DEMO_API_KEY, "type": "EVENT_REMOVE_911", "data": [{"callIds": [call_id]}]}));
    let (_, calls) = http(&mock, "GET", "/v2/emergency/servers/1/calls", None).await;
    assert_eq!(calls["EmergencyCalls"].as_array().unwrap().len(), 1, "only the seeded call 501 is left: {calls}");
    assert_eq!(calls["EmergencyCalls"][0]["callId"], 501);

    // A 911 call through the API ("via API or in-CAD").
    let body = json!({"isEmergency": false, "caller": "Bob", "location": "Main St", "description": "Noise", "metaData": {"k": "v"}});
    let (status, created) = http(&mock, "POST", "/v2/emergency/servers/1/calls/911", Some(body)).await;
    assert_eq!(status, 200, "{created}");
    let payload = hub.push_event().await;
    assert_eq!(payload["type"], "EVENT_911");
    assert_eq!(payload["data"][0]["call"]["callId"], created["callId"]);
    assert_eq!(payload["data"][0]["metaData"], json!({"k": "v"}));

    // A completed community link.
    let (_, link) = http(&mock, "POST", "/v2/general/links", Some(json!({"communityUserId": "player_12345"}))).await;
    let code = link["code"].as_str().unwrap();
    let (status, _) = http(&mock, "POST", &format!("/_mock/links/{code}"), Some(json!({"accountUuid": sonoran_mock::JOHN_UUID}))).await;
    assert_eq!(status, 200);
    let payload = hub.push_event().await;
    assert_eq!(
        payload,
        json!({"key": DEMO_API_KEY, "type": "EVENT_COMMUNITY_LINK_VERIFIED", "data": {"communityUserId": "player_12345", "accountUuid": sonoran_mock::JOHN_UUID}})
    );

    // Nowhere to send: the route still answers, the failure is counted.
    set_listener(&mock, 2, "127.0.0.1", closed_port()).await;
    let (status, answer) = http(&mock, "POST", "/_mock/units/1/status", Some(json!({"status": 2, "serverId": 2}))).await;
    assert_eq!(status, 200);
    assert!(answer["event"]["error"].as_str().is_some(), "{answer}");
    let (_, stats) = http(&mock, "GET", "/_mock/stats", None).await;
    assert!(stats["events"]["failed"].as_u64().unwrap() >= 1, "{stats}");
    assert_eq!(stats["events"]["last"]["type"], "EVENT_UNIT_STATUS");
    assert!(stats["events"]["last"]["error"].is_string(), "{stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_hub_sessions() {
    let mock = mock();
    let mut one = Hub::authenticated(&mock, json!(1)).await;
    let mut two = Hub::authenticated(&mock, json!(2)).await;
    assert_eq!(mock.drop_hub_sessions(), 2);
    assert!(mock.hub_sessions().is_empty());
    for hub in [&mut one, &mut two] {
        // The connection is reset: no close frame.
        match tokio::time::timeout(Duration::from_secs(5), hub.ws.next()).await.unwrap() {
            Some(Err(tokio_tungstenite::tungstenite::Error::Io(e))) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset),
            other => panic!("expected the connection to be reset, got {other:?}"),
        }
    }
    // Reconnect, then the control route.
    let _again = Hub::authenticated(&mock, json!(1)).await;
    assert_eq!(mock.hub_sessions(), vec![Some(1)]);
    let (status, answer) = http(&mock, "POST", "/_mock/hub/drop", None).await;
    assert_eq!((status, answer), (200, json!({"dropped": 1})));
    assert!(mock.hub_sessions().is_empty());
    // An outage: the hub refuses connections for as long as asked, then takes them again.
    let (status, answer) = http(&mock, "POST", "/_mock/hub/drop", Some(json!({"forMs": 400}))).await;
    assert_eq!((status, answer), (200, json!({"dropped": 0, "downMs": 400})));
    let refused = tokio_tungstenite::connect_async(format!("ws://{}/apiWsHub", mock.addr())).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status().as_u16(), 503),
        other => panic!("expected 503 during the outage, got {:?}", other.map(|_| "a session")),
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _back = Hub::authenticated(&mock, json!(1)).await;
    assert_eq!(mock.hub_sessions(), vec![Some(1)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_locations_over_the_hub() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, Value::Null).await;
    let error = |message: &str| json!({"success": false, "error": message, "count": 0});
    assert_eq!(hub.invoke("0", "unitLocation", json!([])).await["result"], error("Missing unit location updates."));
    assert_eq!(hub.invoke("1", "unitLocation", json!([[]])).await["result"], error("Missing unit location updates."));
    let many: Vec<Value> = (0..26).map(|_| json!({"identId": 1, "location": "x"})).collect();
    assert_eq!(hub.invoke("2", "unitLocation", json!([many])).await["result"], error("Too many unit updates in one call. Max is 25."));
    let bad = "Each unit update requires identId, apiId, communityUserId, or roblox, and location.";
    assert_eq!(hub.invoke("3", "unitLocation", json!([[{"location": "x"}]])).await["result"], error(bad));
    assert_eq!(hub.invoke("4", "unitLocation", json!([[{"identId": 1}]])).await["result"], error(bad));

    let updates = json!([[
        {"identId": 1, "location": "Interstate 4 / Mile 228", "coordinates": {"x": 1.5, "y": 2.5, "z": 0.0, "w": 90.0}},
        {"communityUserId": "license:abc123", "location": "US-101 / Exit 15", "position": {"x": 8.5, "y": 2.1, "z": 0.0, "w": 90.0}},
        {"apiId": "nobody", "location": "Nowhere"},
    ]]);
    let answer = hub.invoke("5", "unitLocation", updates.clone()).await;
    assert_eq!(answer["result"], json!({"success": true, "error": "", "count": 2}));
    // Again at once: too fast.
    assert_eq!(
        hub.invoke("6", "unitLocation", updates.clone()).await["result"],
        error("UNIT_LOCATION updates are limited to every 200ms.")
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(hub.invoke("7", "unitLocation", json!([[{"roblox": 123456789, "location": "Roblox St"}]])).await["result"]["count"], 1);

    let (_, units) = http(&mock, "GET", "/v2/emergency/servers/1/units", None).await;
    let units = units.to_string();
    assert!(units.contains("Interstate 4 / Mile 228") && units.contains("\"x\":1.5"), "{units}");
    assert!(units.contains("Roblox St") && units.contains("\"x\":8.5"), "{units}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negotiation_for_clients_that_do_not_skip_it() {
    let mock = mock();
    let (status, answer) = http(&mock, "POST", "/apiWsHub/negotiate?negotiateVersion=1", None).await;
    assert_eq!(status, 200);
    assert_eq!(answer["availableTransports"][0]["transport"], "WebSockets");
    let token = answer["connectionToken"].as_str().unwrap();
    let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/apiWsHub?id={token}", mock.addr())).await.unwrap();
    let mut hub = Hub { ws, queue: VecDeque::new(), skip_pings: true };
    hub.send(json!({"protocol": "json", "version": 1})).await;
    assert_eq!(hub.next().await, json!({}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_emits_through_a_running_mock() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, json!(2)).await;
    let run = |args: Vec<String>| {
        tokio::task::spawn_blocking(move || std::process::Command::new(env!("CARGO_BIN_EXE_sonoran-mock")).args(args).output().unwrap())
    };
    let url = mock.url().to_string();
    let output = run(vec!["--emit".into(), "EVENT_PAGER_REBORN".into(), "--server-id".into(), "2".into(), "--url".into(), url.clone()])
        .await
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed, json!({"via": "websocket", "sessions": 1}));
    assert_eq!(hub.push_event().await["type"], "EVENT_PAGER_REBORN");

    let data = r#"{"units": []}"#.to_string();
    let args =
        vec!["--emit".into(), "EVENT_CUSTOM".into(), "--server-id".into(), "2".into(), "--data".into(), data, "--url".into(), url.clone()];
    assert!(run(args).await.unwrap().status.success());
    assert_eq!(hub.push_event().await["data"], json!({"units": []}));

    let output = run(vec!["--emit".into(), "EVENT_CUSTOM".into(), "--url".into(), url]).await.unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("EVENT_CUSTOM"), "{output:?}");
}
