//! Fault injection: make an endpoint misbehave the ways real networks and servers do.
//!
//! A fault is set per endpoint (by the library's operation name, e.g. `get_account_units`),
//! for every request or for the next `times` requests, from the command line
//! (`--fault get_accounts=status:503,times:2`) or in-process ([`crate::MockServer::set_fault`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;

/// How an endpoint misbehaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer this status and body instead (with `Retry-After` when given: seconds, or an
    /// HTTP date).
    Status {
        /// HTTP status.
        status: u16,
        /// Body text.
        body: String,
        /// `Retry-After` value, if any.
        retry_after: Option<String>,
        /// Whether the body is sent as `application/json` (else `text/plain`).
        json: bool,
    },
    /// Wait this long before answering (before the headers).
    Delay(Duration),
    /// Send the headers and the first half of the body, then stall this long, then the rest.
    Stall(Duration),
    /// Send the headers (with the full `Content-Length`) and half the body, then close.
    Truncate,
    /// Close the connection with a TCP reset, answering nothing.
    Reset,
    /// Answer 200 `application/json` with a body that is not JSON.
    MalformedJson,
    /// Answer 200 with a valid JSON body of this many bytes.
    Oversized(usize),
}

/// A fault and how many more requests it hits (`None`: all of them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// What happens.
    pub kind: FaultKind,
    /// For how many more requests.
    pub times: Option<u32>,
}

impl Fault {
    /// `kind` for every request.
    pub fn always(kind: FaultKind) -> Fault {
        Fault { kind, times: None }
    }

    /// `kind` for the next `times` requests, then normal answers.
    pub fn times(kind: FaultKind, times: u32) -> Fault {
        Fault { kind, times: Some(times) }
    }

    /// Parses the command-line form `KIND[:ARG][,times:N][,retry-after:V][,body:TEXT|,json:TEXT]`:
    /// `status:503`, `delay:2000`, `stall:2000`, `truncate`, `reset`, `malformed`,
    /// `oversized:10000000`, e.g. `status:429,retry-after:2,times:1` or
    /// `status:200,json:{"units":[1e400]}`. `body:` (text) and `json:` (sent as
    /// `application/json`) come last: they take the rest of the spec, commas included.
    pub fn parse(spec: &str) -> Result<Fault, String> {
        let (spec, tail) = match [",body:", ",json:"].iter().filter_map(|m| spec.find(m)).min() {
            Some(at) => (&spec[..at], Some(&spec[at + 1..])),
            None => (spec, None),
        };
        let mut parts = spec.split(',').chain(tail);
        let head = parts.next().unwrap_or_default();
        let (name, arg) = head.split_once(':').map_or((head, None), |(n, a)| (n, Some(a)));
        let number = |what: &str| -> Result<u64, String> {
            arg.and_then(|a| a.parse().ok()).ok_or_else(|| format!("`{name}` needs a number ({what})"))
        };
        let mut kind = match name {
            "status" => {
                FaultKind::Status { status: number("the HTTP status")? as u16, body: String::new(), retry_after: None, json: false }
            }
            "delay" => FaultKind::Delay(Duration::from_millis(number("milliseconds")?)),
            "stall" => FaultKind::Stall(Duration::from_millis(number("milliseconds")?)),
            "truncate" => FaultKind::Truncate,
            "reset" => FaultKind::Reset,
            "malformed" => FaultKind::MalformedJson,
            "oversized" => FaultKind::Oversized(number("bytes")? as usize),
            other => return Err(format!("unknown fault `{other}` (status, delay, stall, truncate, reset, malformed, oversized)")),
        };
        let mut times = None;
        for option in parts {
            let (key, value) = option.split_once(':').ok_or_else(|| format!("`{option}` is not key:value"))?;
            match (key, &mut kind) {
                ("times", _) => times = Some(value.parse().map_err(|_| format!("times `{value}` is not a number"))?),
                ("retry-after", FaultKind::Status { retry_after, .. }) => *retry_after = Some(value.to_string()),
                ("body", FaultKind::Status { body, .. }) => *body = value.to_string(),
                ("json", FaultKind::Status { body, json, .. }) => {
                    *body = value.to_string();
                    *json = true;
                }
                _ => return Err(format!("`{key}` does not apply to this fault")),
            }
        }
        Ok(Fault { kind, times })
    }
}

/// The faults in force, by endpoint.
#[derive(Debug, Default)]
pub(crate) struct Faults(Mutex<HashMap<String, Fault>>);

impl Faults {
    pub fn set(&self, endpoint: &str, fault: Fault) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(endpoint.to_string(), fault);
    }

    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// The fault for this request, counting it against `times`.
    fn take(&self, endpoint: &str) -> Option<FaultKind> {
        let mut faults = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let fault = faults.get_mut(endpoint)?;
        let kind = fault.kind.clone();
        match &mut fault.times {
            Some(0) => return None,
            Some(n) => *n -= 1,
            None => {}
        }
        Some(kind)
    }
}

/// Set by the connection loop on every request: firing it drops the connection with a reset.
#[derive(Clone)]
pub(crate) struct ConnectionKiller(pub Arc<Mutex<Option<oneshot::Sender<()>>>>);

/// Middleware applying the fault set for the request's endpoint, if any.
/// The endpoint is the request's operation name (see [`crate::routes`]), or its path when it
/// matched no API route.
pub(crate) async fn inject(faults: Arc<Faults>, request: Request, next: Next) -> Response {
    let endpoint = match request.extensions().get::<crate::routes::Operation>() {
        Some(operation) => operation.0.to_string(),
        None => request.uri().path().to_string(),
    };
    let Some(kind) = faults.take(&endpoint) else {
        return next.run(request).await;
    };
    match kind {
        FaultKind::Status { status, body, retry_after, json } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let content_type = if json { "application/json" } else { "text/plain; charset=utf-8" };
            let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
            if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        FaultKind::Delay(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        FaultKind::Stall(pause) => {
            let (body, response) = answer(next.run(request).await).await;
            let half = body.len() / 2;
            let (first, rest) = (body.slice(..half), body.slice(half..));
            let stream = futures_stream(vec![Ok(first)], Some(pause), vec![Ok(rest)]);
            with_body(response, body.len(), stream)
        }
        FaultKind::Truncate => {
            let (body, response) = answer(next.run(request).await).await;
            let half = body.slice(..body.len() / 2);
            let broken: Result<Bytes, std::io::Error> = Err(std::io::Error::other("truncated on purpose"));
            with_body(response, body.len(), futures_stream(vec![Ok(half)], None, vec![broken]))
        }
        FaultKind::Reset => {
            if let Some(killer) = request.extensions().get::<ConnectionKiller>() {
                if let Some(kill) = killer.0.lock().unwrap_or_else(|e| e.into_inner()).take() {
                    let _ = kill.send(());
                }
            }
            // The connection is gone; this answer is never sent.
            std::future::pending::<Response>().await
        }
        FaultKind::MalformedJson => ([(header::CONTENT_TYPE, "application/json")], r#"{"units": [{"id": 1, "status": "#).into_response(),
        FaultKind::Oversized(size) => {
            let padding = "x".repeat(size.saturating_sub(16));
            ([(header::CONTENT_TYPE, "application/json")], format!(r#"{{"padding":"{padding}"}}"#)).into_response()
        }
    }
}

/// The body of a normal answer, and the answer without it.
async fn answer(response: Response) -> (Bytes, axum::http::response::Parts) {
    let (parts, body) = response.into_parts();
    (axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default(), parts)
}

/// `first`, then a pause, then `rest`, as a body stream.
fn futures_stream(
    first: Vec<Result<Bytes, std::io::Error>>,
    pause: Option<Duration>,
    rest: Vec<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    use futures_util::StreamExt;
    let pause = futures_util::stream::once(async move {
        if let Some(pause) = pause {
            tokio::time::sleep(pause).await;
        }
    })
    .filter_map(|()| async { None });
    futures_util::stream::iter(first).chain(pause).chain(futures_util::stream::iter(rest))
}

fn with_body(
    mut parts: axum::http::response::Parts,
    length: usize,
    stream: impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
) -> Response {
    parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    Response::from_parts(parts, Body::from_stream(stream))
}
