//! The gateway: a local HTTP server that speaks the Sonoran API itself and sends each request
//! on through a [`crate::Client`], so that any client of the API (the official SDKs, a FiveM
//! resource's `PerformHttpRequest`) gets the library's pacing, shared reads, cache, merged
//! writes and shared limiter by changing its base URL.
//!
//! - A request is recognised as an operation of the table ([`recognise`]) and checked as the
//!   library checks its own calls: a bad one is answered 400 in the API's shape (a problem
//!   document naming the field), and not sent. A request the library does not build itself
//!   (a multipart upload, a field the table does not know) goes as it came, within its
//!   operation's budget; an unknown route as it came, within a cautious budget of its own
//!   (10 a minute), logged once.
//! - Nothing goes beyond a route's budget: a request waits for its turn up to `waitMs` (the
//!   client's `timeoutMs` by default) and only past that is answered 429, with `Retry-After`
//!   from the library's view of the budget, which the official SDKs honour.
//! - A request must carry the community's key (v2 `Authorization: Bearer`, v1 `key`) or the
//!   gateway's own token: any other is 401, and nothing is sent. Upstream, the configured key
//!   goes. The key is never logged.
//! - `GET /_gateway/status`: each route's budget and what was done for it.
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{gateway::GatewayOptions, Client, Config};
//!
//! let client = Client::from_env()?;
//! let mut options = GatewayOptions::default();
//! options.listen = "127.0.0.1:8800".into();
//! let gateway = client.start_gateway(&options)?;
//! println!("the Sonoran API on {}", gateway.url());
//! # Ok::<(), sonoran::Error>(())
//! ```

mod recognise;
pub(crate) mod server;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

pub use recognise::{recognise, Recognised};
pub(crate) use server::serve;

use crate::error::{Error, Result};

/// The route name of a request no operation matches, as it is paced and counted: its
/// method and path, with ids (numbers, UUIDs, long tokens) as `{}`.
pub(crate) fn unknown_route_name(method: &str, path: &str) -> String {
    let id = |s: &str| s.bytes().all(|b| b.is_ascii_digit()) || (s.len() >= 16 && s.bytes().any(|b| b.is_ascii_digit()));
    let shape: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).map(|s| if id(s) { "{}" } else { s }).collect();
    format!("unknown {method} /{}", shape.join("/"))
}

/// How the gateway runs (`sonoran gateway`'s flags, [`crate::Client::start_gateway`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GatewayOptions {
    /// Where it listens: `127.0.0.1:8800` by default (loopback; another address is taken, with
    /// a warning logged, since the gateway holds the community's key).
    pub listen: String,
    /// A token clients may send instead of the community's key (so that scripts need not
    /// hold the real key).
    pub token: Option<String>,
    /// How long a request may wait for its turn before it is answered 429 (default: the
    /// client's `timeoutMs`).
    pub wait: Option<Duration>,
    /// The largest request body taken (413 beyond).
    pub max_body_bytes: usize,
    /// Connections served at once (each carries one request at a time); more wait in the
    /// kernel's backlog, so a flood holds bounded memory.
    pub max_in_flight: usize,
    /// Time a client may take to send its request's headers, and again its body (408 then).
    pub read_timeout: Duration,
}

impl Default for GatewayOptions {
    fn default() -> Self {
        GatewayOptions {
            listen: "127.0.0.1:8800".into(),
            token: None,
            wait: None,
            max_body_bytes: 16 << 20,
            max_in_flight: 1024,
            read_timeout: Duration::from_secs(30),
        }
    }
}

impl GatewayOptions {
    /// Options from a JSON object: `listen`, `token`, `waitMs`, `maxBodyBytes`,
    /// `maxInFlight`, `readTimeoutMs`; unknown keys are refused, naming them.
    pub fn from_value(value: &Value) -> Result<GatewayOptions> {
        let mut options = GatewayOptions::default();
        let Some(map) = value.as_object() else {
            return if value.is_null() { Ok(options) } else { Err(Error::invalid("gateway", "must be an object of gateway options")) };
        };
        for (key, value) in map {
            let positive = || value.as_u64().filter(|n| *n > 0).ok_or_else(|| Error::invalid(key, "must be a positive integer"));
            match key.as_str() {
                "listen" => options.listen = value.as_str().ok_or_else(|| Error::invalid("listen", "must be host:port"))?.to_string(),
                "token" => {
                    let token = value
                        .as_str()
                        .filter(|t| t.len() >= 16)
                        .ok_or_else(|| Error::invalid("token", "must be a string of 16 characters or more"))?;
                    options.token = Some(token.to_string());
                }
                "waitMs" => options.wait = Some(Duration::from_millis(positive()?)),
                "maxBodyBytes" => options.max_body_bytes = positive()? as usize,
                "maxInFlight" => options.max_in_flight = positive()? as usize,
                "readTimeoutMs" => options.read_timeout = Duration::from_millis(positive()?),
                other => {
                    return Err(Error::invalid(
                        other,
                        "is not a gateway option (listen, token, waitMs, maxBodyBytes, maxInFlight, readTimeoutMs)",
                    ))
                }
            }
        }
        Ok(options)
    }
}

/// What the gateway did for one route, besides the client's own [`crate::RouteActivity`].
#[derive(Debug, Default)]
pub(crate) struct RouteCounts {
    /// Requests received.
    pub(crate) received: AtomicU64,
    /// Answered 429 by the gateway (the wait would have passed `waitMs`).
    pub(crate) refused: AtomicU64,
    /// Refused as bad before anything was sent (400, 401, 413).
    pub(crate) bad: AtomicU64,
    /// Failed upstream (an error status, the network, a timeout).
    pub(crate) failed: AtomicU64,
}

/// The gateway's counters, by route name (an operation, or an unknown route).
#[derive(Debug, Default)]
pub(crate) struct Counts {
    routes: std::sync::Mutex<std::collections::BTreeMap<String, Arc<RouteCounts>>>,
    /// Requests being served now.
    pub(crate) in_flight: AtomicU64,
}

impl Counts {
    /// The counters of `route`.
    pub(crate) fn route(&self, route: &str) -> Arc<RouteCounts> {
        crate::sync::lock(&self.routes).entry(route.to_string()).or_default().clone()
    }

    /// Every route's counters as JSON, with what `extra` adds per route (budget, activity).
    pub(crate) fn to_value(&self, extra: impl Fn(&str) -> Map<String, Value>) -> Value {
        let routes = crate::sync::lock(&self.routes).clone();
        let mut out = Map::new();
        for (name, counts) in routes {
            let mut route = extra(&name);
            route.insert("received".into(), counts.received.load(Ordering::Relaxed).into());
            route.insert("refused".into(), counts.refused.load(Ordering::Relaxed).into());
            route.insert("bad".into(), counts.bad.load(Ordering::Relaxed).into());
            route.insert("failed".into(), counts.failed.load(Ordering::Relaxed).into());
            out.insert(name, Value::Object(route));
        }
        json!({"inFlight": self.in_flight.load(Ordering::Relaxed), "routes": out})
    }
}

/// A running gateway. Dropping it stops it as [`Gateway::stop`] does.
pub struct Gateway {
    pub(crate) url: String,
    pub(crate) stop: tokio::sync::watch::Sender<Option<Duration>>,
    pub(crate) done: Option<std::sync::mpsc::Receiver<()>>,
    pub(crate) status: Arc<dyn Fn() -> Value + Send + Sync>,
}

impl std::fmt::Debug for Gateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gateway").field("url", &self.url).finish_non_exhaustive()
    }
}

impl Gateway {
    /// Its base URL (`http://127.0.0.1:8800`): what a client takes as its API URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// What `GET /_gateway/status` answers: `{"inFlight", "routes": {name: {"limit",
    /// "periodMs", "remaining", "waiting", "sent", "limited", "cached", "coalesced",
    /// "merged", "received", "refused", "bad", "failed"}}}`.
    pub fn status(&self) -> Value {
        (self.status)()
    }

    /// Stops taking connections, lets the requests being served finish for up to `grace`
    /// (then answers them 503), and returns when all are answered.
    pub fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(Some(grace));
        if let Some(done) = self.done.take() {
            let _ = done.recv_timeout(grace + Duration::from_secs(5));
        }
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.stop.send(Some(Duration::ZERO));
    }
}
