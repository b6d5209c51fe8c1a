//! A server that records every request and answers each with one canned response, so tests
//! can compare what a client sends with the API reference pages byte for byte.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::oneshot;

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as sent (percent-encoding kept).
    pub path: String,
    /// The raw query string, if any.
    pub query: Option<String>,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl RecordedRequest {
    /// The value of header `name` (lower case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// The answer the recorder gives to every request.
#[derive(Debug, Clone)]
pub struct Canned {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type` of the body.
    pub content_type: String,
    /// The body.
    pub body: String,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
}

impl Canned {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Canned {
        Canned { status, content_type: "application/json".into(), body: body.into(), headers: Vec::new() }
    }

    /// A plain-text answer.
    pub fn text(status: u16, body: &str) -> Canned {
        Canned { status, content_type: "text/plain; charset=utf-8".into(), body: body.into(), headers: Vec::new() }
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Canned {
        self.headers.push((name.into(), value.into()));
        self
    }
}

struct Recorder {
    requests: Mutex<Vec<RecordedRequest>>,
    canned: Mutex<Canned>,
}

/// A running recorder. Dropping it stops the server.
pub struct RecordingServer {
    addr: SocketAddr,
    recorder: Arc<Recorder>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

async fn record(State(recorder): State<Arc<Recorder>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 16 << 20).await.unwrap_or_default();
    recorder.requests.lock().unwrap_or_else(|e| e.into_inner()).push(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().map(str::to_string),
        headers: parts.headers.iter().map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    let canned = recorder.canned.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut response = Response::new(Body::from(canned.body));
    *response.status_mut() = StatusCode::from_u16(canned.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = canned.content_type.parse() {
        headers.insert(header::CONTENT_TYPE, value);
    }
    for (name, value) in &canned.headers {
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name.as_str()), value.parse()) {
            headers.insert(name, value);
        }
    }
    response.into_response()
}

impl RecordingServer {
    /// Starts a recorder on a free loopback port answering `canned` to everything.
    pub fn start(canned: Canned) -> io::Result<RecordingServer> {
        let recorder = Arc::new(Recorder { requests: Mutex::new(Vec::new()), canned: Mutex::new(canned) });
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
        let app = Router::new().fallback(record).with_state(recorder.clone());
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new().name("sonoran-recorder".into()).spawn(move || {
            runtime.block_on(async move {
                if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = stop.await;
                        })
                        .await;
                }
            });
            runtime.shutdown_background();
        })?;
        Ok(RecordingServer { addr, recorder, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorder.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Changes the answer to later requests.
    pub fn set_response(&self, canned: Canned) {
        *self.recorder.canned.lock().unwrap_or_else(|e| e.into_inner()) = canned;
    }
}

impl Drop for RecordingServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
