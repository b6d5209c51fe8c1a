//! The fault layer: answers a request the way the fault set for its endpoint says (a status,
//! a delay, a stalled or truncated body, a reset connection, malformed or oversized JSON).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::oneshot;

use crate::faults::{FaultKind, Faults};

use super::request::Operation;

/// Set by the connection loop on every request: firing it drops the connection with a reset.
#[derive(Clone)]
pub struct ConnectionKiller(pub Arc<Mutex<Option<oneshot::Sender<()>>>>);

/// Middleware applying the fault set for the request's endpoint, if any.
/// The endpoint is the request's operation name (see [`Operation`]), or its path when it
/// matched no API route.
pub async fn inject(faults: Arc<Faults>, request: Request, next: Next) -> Response {
    let endpoint = match request.extensions().get::<Operation>() {
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
