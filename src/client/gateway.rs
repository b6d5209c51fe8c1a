//! The client's side of the gateway (`crate::gateway`): starting it, and what its server
//! asks of the client: a call as the client makes its own (checked, shared, cached, merged,
//! paced), a request forwarded as it came within a budget, the key check, the status.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Map, Value};
use tokio::time::Instant;

use super::{sharing, Client, Shared};
use crate::budget::pacing::shared_pacer;
use crate::budget::{Limit, Limiter, Priority};
use crate::error::{Error, Result};
use crate::gateway::server::{Raw, Settings};
use crate::gateway::{unknown_route_name, Counts, Gateway, GatewayOptions};
use crate::logging::{Level, LogRecord};
use crate::operations::{no_rule, Method, Operation, Route};
use crate::response::Response;
use crate::sync::lock;
use crate::transport::{millis, transport_error};

/// The budget of a route the table does not know: cautious, as most routes allow 10 a minute.
const UNKNOWN_LIMIT: Limit = Limit { requests: 10, period: Duration::from_secs(60) };
/// Unknown routes paced apart; beyond, they share one budget (a client inventing paths must
/// not grow the gateway's memory).
const MAX_UNKNOWN_ROUTES: usize = 64;

/// The stand-in operation of an unknown route: reads may be retried, other methods not.
static UNKNOWN_READ: Operation = unknown_operation(Method::Get, true);
static UNKNOWN_WRITE: Operation = unknown_operation(Method::Post, false);

const fn unknown_operation(method: Method, idempotent: bool) -> Operation {
    Operation {
        name: "unknown_route",
        route: Route::V2 { method, path: "/" },
        params: &[],
        one_of: &[],
        check: no_rule,
        sdk_method: "",
        sdk_args: &[],
        page: None,
        limit: UNKNOWN_LIMIT,
        idempotent,
        touches: &[],
        merge: None,
        paging: None,
        summary: "a route the operation table does not know, forwarded as it came",
    }
}

/// What the gateway's server uses of its client.
pub(crate) struct Upstream {
    shared: Arc<Shared>,
    runtime: tokio::runtime::Handle,
    /// The budgets of unknown routes, by route name.
    unknown: Mutex<HashMap<String, Arc<Limiter>>>,
    /// Unknown routes logged already (once each).
    logged: Mutex<HashSet<String>>,
}

impl Client {
    /// Starts the gateway on `options.listen` and returns at once; it serves on the client's
    /// I/O thread until [`Gateway::stop`] (or until the gateway or the client is dropped).
    /// A bad address, or one that is taken, is `invalid_argument` naming `listen`.
    pub fn start_gateway(&self, options: &GatewayOptions) -> Result<Gateway> {
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&options.listen)
            .ok()
            .and_then(|mut a| a.next())
            .ok_or_else(|| Error::invalid("listen", format_args!("`{}` is not an address such as 127.0.0.1:8800", options.listen)))?;
        let socket =
            std::net::TcpListener::bind(addr).map_err(|e| Error::invalid("listen", format_args!("cannot listen on {addr}: {e}")))?;
        let bound = socket.local_addr().map_err(|e| Error::invalid("listen", e))?;
        socket.set_nonblocking(true).map_err(|e| Error::invalid("listen", e))?;
        let listener = {
            let _entered = self.runtime.handle().enter();
            tokio::net::TcpListener::from_std(socket).map_err(|e| Error::invalid("listen", e))?
        };
        let upstream = Upstream {
            shared: self.shared.clone(),
            runtime: self.runtime.handle().clone(),
            unknown: Mutex::default(),
            logged: Mutex::default(),
        };
        if !bound.ip().is_loopback() {
            upstream.log(
                Level::Warn,
                format!(
                    "listening on {bound}, not loopback: anyone who can reach it and knows the key or token sends with the community's key"
                ),
            );
        }
        let url = format!("http://{bound}");
        upstream.log(Level::Info, format!("listening on {url}, sending to {}", self.shared.transport.config.api_url));
        let (hard, hard_stop) = tokio::sync::watch::channel(false);
        let wait = options.wait.unwrap_or(self.shared.transport.config.timeout);
        let settings = Arc::new(Settings { upstream, options: options.clone(), counts: Arc::new(Counts::default()), wait, hard_stop });
        let (stop, stopped) = tokio::sync::watch::channel(None);
        let (done_tx, done) = std::sync::mpsc::channel();
        self.runtime.handle().spawn(crate::gateway::serve(listener, settings.clone(), stopped, hard, done_tx));
        let status = Arc::new(move || settings.upstream.gateway_status(&settings.counts));
        Ok(Gateway { url, stop, done: Some(done), status })
    }
}

impl Upstream {
    /// Logs `message` as the client logs (the key never appears in it).
    pub(crate) fn log(&self, level: Level, message: String) {
        let config = &self.shared.transport.config;
        if level > config.log_level {
            return;
        }
        let record = LogRecord { level, operation: "gateway", message, status: None, attempt: 0, wait_ms: None, trace_id: None };
        crate::logging::emit(config.log_sink.as_ref(), &record);
    }

    /// Whether a request carries the community's key or the gateway's token: v2 as
    /// `Authorization: Bearer`, v1 as the body's `key` (with the community's `id`).
    pub(crate) fn accepts(&self, options: &GatewayOptions, v2: bool, authorization: Option<&str>, body: &[u8]) -> bool {
        let config = &self.shared.transport.config;
        let good = |given: &str| same(given, config.api_key.expose()) || options.token.as_deref().is_some_and(|t| same(given, t));
        if v2 {
            return authorization.and_then(|a| a.strip_prefix("Bearer ")).is_some_and(|k| good(k.trim()));
        }
        let Some(envelope) = crate::gateway::server::v1_envelope(body) else { return false };
        let key_ok = envelope.get("key").and_then(Value::as_str).is_some_and(good);
        let community_ok = envelope.get("id").and_then(Value::as_str).is_none_or(|id| id == config.community_id);
        key_ok && community_ok
    }

    /// A call of `op`, as the client makes its own: checked, then shared, cached, merged and
    /// paced, by `deadline`.
    pub(crate) async fn call(
        &self,
        op: &'static Operation,
        params: Map<String, Value>,
        deadline: Instant,
        priority: Priority,
    ) -> Result<Response> {
        let valid = op.validate(&Value::Object(params), self.shared.transport.config.default_server_id)?;
        let server_id = valid.get("serverId").and_then(Value::as_u64);
        let result = sharing::dispatch(&self.shared, op, valid, deadline, priority).await;
        if let Ok(response) = &result {
            if crate::mirror::OWN_WRITES.contains(&op.name) {
                self.shared.mirror.own_write(op.name, server_id, response.body.to_value());
            }
        }
        result
    }

    /// A request forwarded as it came, with the community's key, within `op`'s budget (or
    /// an unknown route's), by `deadline`.
    pub(crate) async fn forward(&self, op: Option<&'static Operation>, raw: Raw<'_>, deadline: Instant) -> Result<Response> {
        let config = &self.shared.transport.config;
        let mut url = self.shared.base_url.clone();
        let base = url.path().trim_end_matches('/').to_string();
        url.set_path(&format!("{base}{}", raw.path));
        url.set_query(raw.query);
        let method = reqwest::Method::from_bytes(raw.method.as_bytes()).map_err(|_| Error::invalid("method", raw.method))?;
        let v2 = op.map_or(raw.path.starts_with("/v2/"), |op| matches!(op.route, Route::V2 { .. }));
        let mut request = self.shared.transport.http.request(method.clone(), url).header(ACCEPT, "application/json");
        if let Some(content_type) = &raw.content_type {
            request = request.header(CONTENT_TYPE, content_type.as_str());
        }
        let body = if v2 {
            request = request.header(AUTHORIZATION, format!("Bearer {}", config.api_key.expose()));
            raw.body.to_vec()
        } else {
            // v1 carries the key in its body: the community's goes, whichever the client sent.
            match serde_json::from_slice::<Value>(&raw.body) {
                Ok(Value::Object(mut envelope)) => {
                    envelope.insert("id".into(), config.community_id.clone().into());
                    envelope.insert("key".into(), config.api_key.expose().into());
                    Value::Object(envelope).to_string().into_bytes()
                }
                _ => raw.body.to_vec(),
            }
        };
        let request = request.body(body).build().map_err(transport_error)?;
        let (op, pacer) = match op {
            Some(op) => (op, self.shared.pacers.get(op.name).cloned()),
            None => {
                let route = unknown_route_name(raw.method, raw.path);
                if lock(&self.logged).insert(route.clone()) {
                    self.log(
                        Level::Info,
                        format!("{route} is not in the operation table: forwarded as it came, at most {} a minute", UNKNOWN_LIMIT.requests),
                    );
                }
                let op = if method == reqwest::Method::GET { &UNKNOWN_READ } else { &UNKNOWN_WRITE };
                (op, self.unknown_pacer(&route))
            }
        };
        self.shared.transport.clone().run(op, pacer, request, deadline, false, Priority::Normal).await
    }

    /// `op`'s budget now: (remaining, waiting, milliseconds until it grows); `None` unpaced.
    pub(crate) fn budget(&self, op: &Operation) -> Option<(u32, usize, u64)> {
        let pacer = self.shared.pacers.get(op.name)?;
        let budget = pacer.budget(Instant::now(), &self.runtime);
        Some((budget.remaining, budget.queued, millis(budget.reset_in)))
    }

    /// The budget of an unknown route (the shared one past [`MAX_UNKNOWN_ROUTES`]).
    fn unknown_pacer(&self, route: &str) -> Option<Arc<Limiter>> {
        let config = &self.shared.transport.config;
        let mut unknown = lock(&self.unknown);
        let name = if unknown.contains_key(route) || unknown.len() < MAX_UNKNOWN_ROUTES {
            route.to_string()
        } else {
            "unknown routes".to_string()
        };
        let limiter = unknown.entry(name.clone()).or_insert_with(|| {
            // One name per route for the process's pacer (kept: at most MAX_UNKNOWN_ROUTES + 1).
            let name: &'static str = Box::leak(name.into_boxed_str());
            Arc::new(Limiter::new(shared_pacer(config.api_key.expose(), &config.api_url, name, UNKNOWN_LIMIT), None, name))
        });
        Some(limiter.clone())
    }

    /// `GET /_gateway/status`: per route, its budget, what the client did and what the
    /// gateway did.
    pub(crate) fn gateway_status(&self, counts: &Counts) -> Value {
        let now = Instant::now();
        counts.to_value(|name| {
            let pacer = crate::api::find(name)
                .and_then(|op| self.shared.pacers.get(op.name).cloned())
                .or_else(|| lock(&self.unknown).get(name).cloned());
            let mut route = Map::new();
            if let Some(pacer) = pacer {
                let budget = pacer.budget(now, &self.runtime);
                route.insert("limit".into(), budget.limit.requests.into());
                route.insert("periodMs".into(), millis(budget.limit.period).into());
                route.insert("remaining".into(), budget.remaining.into());
                route.insert("resetInMs".into(), millis(budget.reset_in).into());
                route.insert("waiting".into(), budget.queued.into());
            }
            let activity = self.shared.transport.activity(crate::api::find(name).map_or("unknown_route", |op| op.name));
            if let Value::Object(activity) = activity.to_value() {
                route.extend(activity);
            }
            route
        })
    }
}

/// `a == b`, in time that depends only on the lengths.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = (a.len() != b.len()) as u8;
    for i in 0..a.len().max(b.len()) {
        diff |= a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0);
    }
    diff == 0
}
