//! What the tests of the routes added after August 2026 share: v2 requests over loopback, a
//! hub client that authenticates for a server and reads `pushEvent`s, and a tiny HTTP push
//! listener.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use sonoran_mock::{MockOptions, MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

const RS: char = '\u{1e}';

/// A mock without the rate limit.
pub fn mock() -> MockServer {
    MockServer::start_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() }).unwrap()
}

/// An answer: status, `Content-Type`, the JSON body (a string when it is not JSON), and
/// the two rate-limit headers and `Retry-After`.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
    pub limit: Option<String>,
    pub remaining: Option<String>,
    pub retry_after: Option<String>,
}

/// `method path` with the demo key and `body` (as JSON).
pub async fn call(mock: &MockServer, method: &str, path: &str, body: Option<Value>) -> Answer {
    call_with(mock, method, path, body.map(|b| b.to_string()), Some(DEMO_API_KEY)).await
}

/// `method path` with `key` (none when `None`) and a raw `body`.
pub async fn call_with(mock: &MockServer, method: &str, path: &str, body: Option<String>, key: Option<&str>) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", mock.url()));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    let (content_type, limit, remaining, retry_after) = (
        header("content-type").unwrap_or_default(),
        header("x-ratelimit-limit-minute"),
        header("x-ratelimit-remaining-minute"),
        header("retry-after"),
    );
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    Answer { status, content_type, body: serde_json::from_str(&text).unwrap_or(Value::String(text)), limit, remaining, retry_after }
}

/// Checks `answer` is a v2 problem document with `status`; answers its `detail`.
pub fn problem(answer: &Answer, status: u16) -> String {
    assert_eq!(answer.status, status, "{:?}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json", "{:?}", answer.body);
    assert_eq!(answer.body["status"], status, "{:?}", answer.body);
    answer.body["detail"].as_str().unwrap_or_default().to_string()
}

/// The keys of an object, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    keys.sort();
    keys
}

/// Sorted `names`.
pub fn names(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

/// Seconds since the epoch of an RFC 3339 UTC time with whole seconds (`2026-08-25T18:02:00Z`).
pub fn seconds(time: &str) -> i64 {
    assert!(time.len() == 20 && time.ends_with('Z'), "{time}");
    let n = |range: std::ops::Range<usize>| time[range].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
}

/// A hub client, authenticated for one server; pings skipped.
pub struct Hub {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    queue: VecDeque<Value>,
}

impl Hub {
    /// Connects, handshakes and authenticates for `server`.
    pub async fn authenticated(mock: &MockServer, server: u64) -> Hub {
        let (ws, _) = tokio_tungstenite::connect_async(format!("ws://{}/apiWsHub", mock.addr())).await.unwrap();
        let mut hub = Hub { ws, queue: VecDeque::new() };
        hub.send(json!({"protocol": "json", "version": 1})).await;
        assert_eq!(hub.next(Duration::from_secs(5)).await, Some(json!({})));
        let invocation =
            json!({"type": 1, "invocationId": "auth", "target": "authenticatev2", "arguments": [DEMO_COMMUNITY_ID, DEMO_API_KEY, server]});
        hub.send(invocation).await;
        let answer = hub.next(Duration::from_secs(5)).await.unwrap();
        assert_eq!(answer["result"]["success"], true, "{answer}");
        hub
    }

    async fn send(&mut self, message: Value) {
        self.ws.send(Message::Text(format!("{message}{RS}").into())).await.unwrap();
    }

    /// The next record that is not a ping, if one comes within `wait`.
    async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            if let Some(message) = self.queue.pop_front() {
                if message == json!({"type": 6}) {
                    continue;
                }
                return Some(message);
            }
            let frame = tokio::time::timeout(wait, self.ws.next()).await.ok()??.ok()?;
            if let Message::Text(text) = frame {
                for record in text.split(RS).filter(|r| !r.is_empty()) {
                    self.queue.push_back(serde_json::from_str(record).unwrap());
                }
            }
        }
    }

    /// The argument of the next `pushEvent` (as sent: an object, or JSON text), if one comes
    /// within `wait`.
    pub async fn push_event(&mut self, wait: Duration) -> Option<Value> {
        let message = self.next(wait).await?;
        assert_eq!((message["type"].clone(), message["target"].clone()), (json!(1), json!("pushEvent")), "{message}");
        Some(message["arguments"][0].clone())
    }
}

/// A loopback HTTP listener answering 200 to every request; the JSON bodies it received come
/// out of the channel.
pub async fn listener() -> (u16, tokio::sync::mpsc::UnboundedReceiver<Value>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 8192];
                loop {
                    let n = stream.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
                    let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                    let length = head.lines().find_map(|l| l.strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()));
                    if buffer.len() >= end + 4 + length.unwrap_or(0) {
                        let body = &buffer[end + 4..end + 4 + length.unwrap_or(0)];
                        let _ = tx.send(serde_json::from_slice(body).unwrap_or(Value::Null));
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
                        return;
                    }
                }
            });
        }
    });
    (port, rx)
}

/// Points server `id`'s push listener at `127.0.0.1:port`, keeping servers 1 and 2.
pub async fn set_listener(mock: &MockServer, id: u64, port: u16) {
    let servers: Vec<Value> = [1, 2]
        .iter()
        .map(|s| {
            if *s == id {
                json!({"id": s, "mapIp": "127.0.0.1", "listenerPort": port.to_string()})
            } else {
                json!({"id": s, "mapIp": "", "listenerPort": ""})
            }
        })
        .collect();
    let answer = call(mock, "PUT", "/v2/general/servers", Some(json!({"servers": servers}))).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
}
