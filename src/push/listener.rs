//! The HTTP listener: where Sonoran POSTs events when no hub session is up for the server.
//!
//! hyper's HTTP/1 server on the client's I/O thread, started only when the host asks. It
//! answers `POST <path>` only; a body over the cap is 413, a body not read within the read
//! timeout (10 s by default) 408, headers not read within it end the connection (a slow
//! sender holds nothing for long), at most 64 connections at once. The key is checked before anything is queued: wrong or
//! missing 401, malformed JSON 400, a good event 200.

use std::convert::Infallible;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::{json, Value};
use tokio::sync::{watch, Semaphore};

use super::{Context, EventOptions, Refused, Via};
use crate::error::{Error, Result};
use crate::logging::Level;

/// Connections served at once; more wait in the kernel's backlog.
const MAX_CONNECTIONS: usize = 64;

/// A running listener.
pub(crate) struct Listener {
    /// Its URL, with the port it bound: `http://0.0.0.0:3232/sonorancad/event`.
    pub(crate) url: String,
    stop: watch::Sender<bool>,
}

struct Settings {
    context: Context,
    path: String,
    max_body_bytes: usize,
    read_timeout: Duration,
}

impl Listener {
    /// Binds `address` now (so that a bad or busy address is the caller's error) and serves
    /// on `runtime`.
    pub(crate) fn start(runtime: &tokio::runtime::Handle, context: Context, address: &str, options: &EventOptions) -> Result<Listener> {
        let addr: SocketAddr = address
            .to_socket_addrs()
            .ok()
            .and_then(|mut addrs| addrs.next())
            .ok_or_else(|| Error::invalid("listen", format_args!("`{address}` is not an address such as \"0.0.0.0:3232\"")))?;
        let socket =
            std::net::TcpListener::bind(addr).map_err(|e| Error::invalid("listen", format_args!("cannot listen on {addr}: {e}")))?;
        let bound = socket.local_addr().map_err(|e| Error::invalid("listen", e))?;
        socket.set_nonblocking(true).map_err(|e| Error::invalid("listen", e))?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(socket).map_err(|e| Error::invalid("listen", e))?
        };
        let url = format!("http://{bound}{}", options.path);
        context.log(Level::Info, format!("listening for events on {url}"));
        let settings = Arc::new(Settings {
            context,
            path: options.path.clone(),
            max_body_bytes: options.max_body_bytes,
            read_timeout: options.read_timeout,
        });
        let (stop, stopped) = watch::channel(false);
        runtime.spawn(serve(listener, settings, stopped));
        Ok(Listener { url, stop })
    }

    /// Stops accepting and ends the connections being served.
    pub(crate) fn stop(self) {
        let _ = self.stop.send(true);
    }
}

async fn serve(listener: tokio::net::TcpListener, settings: Arc<Settings>, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    // Dropped when the loop ends: every connection still open ends with it.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            _ = stop.changed() => return,
        };
        let Ok(slot) = slot else { return };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        let settings = settings.clone();
        let read_timeout = settings.read_timeout;
        connections.spawn(async move {
            let _slot = slot;
            let service = hyper::service::service_fn(move |request| answer(settings.clone(), request));
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
}

fn reply(status: StatusCode, body: Value) -> std::result::Result<Response<Full<Bytes>>, Infallible> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    Ok(response)
}

fn refuse(status: StatusCode, why: impl Into<String>) -> std::result::Result<Response<Full<Bytes>>, Infallible> {
    reply(status, json!({"success": false, "error": why.into()}))
}

async fn answer(settings: Arc<Settings>, request: Request<Incoming>) -> std::result::Result<Response<Full<Bytes>>, Infallible> {
    if request.uri().path() != settings.path {
        return refuse(StatusCode::NOT_FOUND, format!("events are POSTed to {}", settings.path));
    }
    if request.method() != Method::POST {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "events are POSTed");
    }
    let declared = request.headers().get(hyper::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    let too_large = || refuse(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is larger than {} bytes", settings.max_body_bytes));
    if declared.is_some_and(|n| n > settings.max_body_bytes) {
        settings.context.queue.reject();
        return too_large();
    }
    let body = Limited::new(request.into_body(), settings.max_body_bytes);
    let bytes = match tokio::time::timeout(settings.read_timeout, body.collect()).await {
        Err(_) => {
            settings.context.queue.reject();
            return refuse(StatusCode::REQUEST_TIMEOUT, format!("the body did not arrive within {} ms", settings.read_timeout.as_millis()));
        }
        Ok(Err(e)) => {
            settings.context.queue.reject();
            if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                return too_large();
            }
            return refuse(StatusCode::BAD_REQUEST, format!("cannot read the body: {e}"));
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let payload: Value = match serde_json::from_slice(&bytes) {
        Ok(payload) => payload,
        Err(e) => {
            settings.context.queue.reject();
            settings.context.log(Level::Warn, format!("an event by http was refused: malformed JSON ({e})"));
            return refuse(StatusCode::BAD_REQUEST, format!("malformed JSON: {e}"));
        }
    };
    match settings.context.accept(payload, Via::Http) {
        Ok(()) => reply(StatusCode::OK, json!({"success": true})),
        Err(Refused::Key) => refuse(StatusCode::UNAUTHORIZED, Refused::Key.message()),
        Err(refused) => refuse(StatusCode::BAD_REQUEST, refused.message()),
    }
}
