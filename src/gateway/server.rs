//! The gateway's HTTP server (hyper, HTTP/1, on the client's I/O thread): reads a request,
//! checks its key, recognises it, sends it through the client and answers as the API does.

use std::convert::Infallible;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::time::Instant;

use super::{recognise, Counts, GatewayOptions, Recognised};
use crate::budget::Priority;
use crate::client::Upstream;
use crate::error::{Error, ErrorKind};
use crate::logging::Level;
use crate::operations::Route;
use crate::response::Body;

/// What the connections share.
pub(crate) struct Settings {
    pub(crate) upstream: Upstream,
    pub(crate) options: GatewayOptions,
    pub(crate) counts: Arc<Counts>,
    /// How long a request may wait for its turn.
    pub(crate) wait: Duration,
    /// Set when in-flight requests must be answered now (the grace of a stop is over).
    pub(crate) hard_stop: watch::Receiver<bool>,
}

type Answer = std::result::Result<Response<Full<Bytes>>, Infallible>;

/// Serves `listener` until `stop` says so: then takes no new connection, lets the requests
/// being served finish within the grace it gives (then answers them 503) and signals `done`.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    settings: Arc<Settings>,
    mut stop: watch::Receiver<Option<Duration>>,
    hard: watch::Sender<bool>,
    done: std::sync::mpsc::Sender<()>,
) {
    let mut connections = tokio::task::JoinSet::new();
    let slots = Arc::new(tokio::sync::Semaphore::new(settings.options.max_in_flight));
    let grace = loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            changed = stop.changed() => match changed {
                Ok(()) => break (*stop.borrow()).unwrap_or_default(),
                Err(_) => break Duration::ZERO,
            },
        };
        let Ok(slot) = slot else { break Duration::ZERO };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            changed = stop.changed() => match changed {
                Ok(()) => break (*stop.borrow()).unwrap_or_default(),
                Err(_) => break Duration::ZERO,
            },
        };
        let Ok((stream, _)) = accepted else { continue };
        let settings = settings.clone();
        let read_timeout = settings.options.read_timeout;
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |request| answer(settings.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    };
    drop(listener);
    let deadline = Instant::now() + grace;
    while settings.counts.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = hard.send(true);
    let until = Instant::now() + Duration::from_secs(2);
    while settings.counts.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Idle keep-alive connections end here.
    drop(connections);
    let _ = done.send(());
}

/// Counts a request in flight for as long as it lives.
struct InFlight(Arc<Counts>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn answer(settings: Arc<Settings>, request: Request<Incoming>) -> Answer {
    if request.uri().path() == "/_gateway/status" && request.method() == hyper::Method::GET {
        return reply(StatusCode::OK, "application/json", settings.upstream.gateway_status(&settings.counts).to_string());
    }
    settings.counts.in_flight.fetch_add(1, Ordering::SeqCst);
    let _in_flight = InFlight(settings.counts.clone());
    let mut hard = settings.hard_stop.clone();
    let path = request.uri().path().to_string();
    tokio::select! {
        answer = handle(&settings, request) => answer,
        _ = hard.wait_for(|stop| *stop) => reply_error(&path, true, &Error::new(ErrorKind::Cancelled, "the gateway is shutting down")),
    }
}

async fn handle(settings: &Settings, request: Request<Incoming>) -> Answer {
    let method = request.method().as_str().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let v2_path = path.starts_with("/v2/") || path == "/v2";
    let headers = request.headers().clone();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let declared = header("content-length").and_then(|v| v.parse::<usize>().ok());
    let max = settings.options.max_body_bytes;
    let too_large = || {
        reply_error(
            &path,
            v2_path,
            &Error { status: Some(413), ..Error::new(ErrorKind::InvalidArgument, format!("the body is larger than {max} bytes")) },
        )
    };
    if declared.is_some_and(|n| n > max) {
        return too_large();
    }
    let read_timeout = settings.options.read_timeout;
    let body = match tokio::time::timeout(read_timeout, Limited::new(request.into_body(), max).collect()).await {
        Ok(Ok(body)) => body.to_bytes(),
        Ok(Err(e)) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => return too_large(),
        Ok(Err(e)) => return reply_error(&path, v2_path, &Error::invalid("body", format_args!("cannot be read ({e})"))),
        Err(_) => {
            let late = Error::invalid("body", format_args!("did not arrive within {} ms", read_timeout.as_millis()));
            return reply_error(&path, v2_path, &Error { status: Some(408), ..late });
        }
    };
    let recognised = recognise(&method, &path, query.as_deref(), &body);
    let (route, op) = match &recognised {
        Recognised::Call { op, .. } | Recognised::AsIs(op) => (op.name.to_string(), Some(*op)),
        Recognised::Unknown => (super::unknown_route_name(&method, &path), None),
    };
    let v2 = op.map_or(v2_path, |op| matches!(op.route, Route::V2 { .. }));
    let counts = settings.counts.route(&route);
    counts.received.fetch_add(1, Ordering::Relaxed);

    // The key: the community's, or the gateway's token; the public login page needs none.
    let public = op.is_some_and(|op| !crate::api::sends_key(op));
    if !public && !settings.upstream.accepts(&settings.options, v2, header("authorization").as_deref(), &body) {
        counts.bad.fetch_add(1, Ordering::Relaxed);
        settings.upstream.log(Level::Warn, format!("{method} {path}: refused, not the community's key nor the gateway's token"));
        let error = Error { status: Some(401), ..Error::new(ErrorKind::Unauthorized, "A valid API key is required.") };
        return reply_error(&path, v2, &error);
    }
    let priority = match header("x-sonoran-priority").as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("high") => Priority::High,
        _ => Priority::Normal,
    };
    let deadline = Instant::now() + settings.wait;
    let started = Instant::now();
    let result = match recognised {
        Recognised::Call { op, params } => settings.upstream.call(op, params, deadline, priority).await,
        Recognised::AsIs(op) => {
            let raw = Raw { method: &method, path: &path, query: query.as_deref(), content_type: header("content-type"), body };
            settings.upstream.forward(Some(op), raw, deadline).await
        }
        Recognised::Unknown => {
            let raw = Raw { method: &method, path: &path, query: query.as_deref(), content_type: header("content-type"), body };
            settings.upstream.forward(None, raw, deadline).await
        }
    };
    let millis = started.elapsed().as_millis();
    match result {
        Ok(response) => {
            let cached = response.cached_age_ms.map(|ms| format!(", cached {ms} ms")).unwrap_or_default();
            settings.upstream.log(Level::Info, format!("{method} {path} ({route}): {} in {millis} ms{cached}", response.status));
            let status = StatusCode::from_u16(response.status).unwrap_or(StatusCode::OK);
            match response.body {
                Body::Json(raw) => reply(status, "application/json", raw.get().to_string()),
                Body::Text(text) => reply(status, "text/plain; charset=utf-8", text),
            }
        }
        Err(error) => {
            // A wait for budget (or for a shared read waiting for it) that outlived the
            // request's wait is the gateway refusing, not upstream timing out.
            let error = match (error.kind, error.status, op.and_then(|op| settings.upstream.budget(op))) {
                (ErrorKind::Timeout, None, Some((remaining, queued, reset_ms))) if remaining == 0 || queued > 0 => Error {
                    retry_after_ms: Some(reset_ms.max(1)),
                    ..Error::new(ErrorKind::RateLimited, format!("{route} waited {millis} ms for its turn; the route's budget is spent"))
                },
                _ => error,
            };
            let refused_here = error.kind == ErrorKind::RateLimited && error.status.is_none();
            if refused_here {
                counts.refused.fetch_add(1, Ordering::Relaxed);
            } else if error.kind == ErrorKind::InvalidArgument && error.status.is_none() {
                counts.bad.fetch_add(1, Ordering::Relaxed);
            } else {
                counts.failed.fetch_add(1, Ordering::Relaxed);
            }
            let level = if error.kind == ErrorKind::InvalidArgument { Level::Info } else { Level::Warn };
            settings.upstream.log(level, format!("{method} {path} ({route}): {} in {millis} ms: {}", error.kind.as_str(), error.message));
            reply_error(&path, v2, &error)
        }
    }
}

/// A request forwarded as it came.
pub(crate) struct Raw<'a> {
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Bytes,
}

fn reply(status: StatusCode, content_type: &str, body: String) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if let Ok(value) = hyper::header::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(hyper::header::CONTENT_TYPE, value);
    }
    Ok(response)
}

/// An error as the API answers one: v2 a problem document, v1 its text; a 429 with
/// `Retry-After` in seconds.
fn reply_error(path: &str, v2: bool, error: &Error) -> Answer {
    let status = match (error.status, error.kind) {
        (Some(status), _) => status,
        (None, ErrorKind::RateLimited) => 429,
        (None, ErrorKind::InvalidArgument) => 400,
        (None, ErrorKind::Unauthorized) => 401,
        (None, ErrorKind::Timeout) => 504,
        (None, ErrorKind::Cancelled) => 503,
        (None, _) => 502,
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let mut response = if v2 {
        let body = json!({
            "type": format!("https://httpstatuses.io/{}", status.as_u16()),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": error.message,
            "instance": path,
            "traceId": error.trace_id,
        });
        reply(status, "application/problem+json", body.to_string())?
    } else {
        reply(status, "text/plain; charset=utf-8", error.message.clone())?
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        let seconds = error.retry_after_ms.map_or(1, |ms| ms.div_ceil(1000).max(1));
        if let Ok(value) = hyper::header::HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(hyper::header::RETRY_AFTER, value);
        }
    }
    Ok(response)
}

/// The JSON a v1 body holds, for its key and community.
pub(crate) fn v1_envelope(body: &[u8]) -> Option<Value> {
    serde_json::from_slice(body).ok()
}
