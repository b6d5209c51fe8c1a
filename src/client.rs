//! The client: validates a call, sends it, and turns the answer into a [`Response`] or an [`Error`].
//!
//! Every call, blocking or not, runs as a task on one small runtime that the client owns
//! (one I/O thread, plus short-lived helpers for DNS). This is what reqwest's blocking client
//! does internally; owning the runtime lets non-blocking calls, pacing and retries share it
//! without a thread per request, and lets a blocking call wait on a channel instead of
//! holding a thread of ours.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use crate::config::{position, Config};
use crate::envelope::Response;
use crate::error::{Error, ErrorKind, Result};
use crate::models::*;
use crate::operations::{self, Method, Operation, Route, OPERATIONS};
use crate::pacing::{shared_pacer, Pacer};
use crate::transport::{transport_error, Transport};

/// The parameter key that overrides `timeoutMs` for one call (accepted by every operation).
pub const TIMEOUT_PARAM: &str = "timeoutMs";

/// Identifies a non-blocking request of one client; never 0.
pub type RequestId = u64;

/// What runs when a non-blocking request completes.
pub type OnDone = Box<dyn FnOnce(RequestId, Result<Response>) + Send + 'static>;

/// A client of one community's API. Cheap to clone (clones share connections and requests)
/// and safe to share between threads.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    runtime: Arc<RuntimeOwner>,
}

/// What the request tasks share. Tasks hold this, never the runtime, so that the last
/// `Client` dropped (not a task) shuts the runtime down.
struct Shared {
    transport: Arc<Transport>,
    base_url: reqwest::Url,
    /// Each operation's pacer (none where pacing is off), shared with other clients of the key.
    pacers: HashMap<&'static str, Arc<Pacer>>,
    next_id: AtomicU64,
    /// Requests not yet completed; the entry's removal decides who completes it (see [`Completion`]).
    in_flight: Mutex<HashMap<RequestId, Option<AbortHandle>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.shared.transport.config).finish_non_exhaustive()
    }
}

struct RuntimeOwner {
    runtime: Option<Runtime>,
}

impl RuntimeOwner {
    fn handle(&self) -> &tokio::runtime::Handle {
        // Present from construction until drop.
        self.runtime.as_ref().map(Runtime::handle).expect("runtime present until drop")
    }

    /// Whether the current thread is one of this runtime's (a completion callback).
    fn is_current(&self) -> bool {
        tokio::runtime::Handle::try_current().is_ok_and(|h| h.id() == self.handle().id())
    }
}

impl Drop for RuntimeOwner {
    fn drop(&mut self) {
        let Some(runtime) = self.runtime.take() else { return };
        if tokio::runtime::Handle::try_current().is_ok_and(|h| h.id() == runtime.handle().id()) {
            // Dropped from one of our own callbacks: we cannot wait for ourselves.
            runtime.shutdown_background();
        } else {
            // Tasks still in flight are dropped, which completes each as `cancelled`; waiting
            // here means no callback runs after the client is gone.
            runtime.shutdown_timeout(Duration::from_secs(5));
        }
    }
}

impl Shared {
    fn in_flight(&self) -> MutexGuard<'_, HashMap<RequestId, Option<AbortHandle>>> {
        self.in_flight.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Completes one request exactly once: with its result, or with `cancelled` when it was
/// cancelled, or when its task was dropped (client shut down) before it finished.
struct Completion {
    id: RequestId,
    shared: Arc<Shared>,
    on_done: Option<OnDone>,
}

impl Completion {
    fn finish(mut self, result: Result<Response>) {
        self.fire(result);
    }

    fn fire(&mut self, result: Result<Response>) {
        let Some(on_done) = self.on_done.take() else { return };
        // Whoever removes the entry first decides: `cancel` removes it before aborting.
        let result = match self.shared.in_flight().remove(&self.id) {
            Some(_) => result,
            None => Err(Error::new(ErrorKind::Cancelled, "the request was cancelled")),
        };
        let id = self.id;
        // A panicking callback must not take the runtime thread down with it.
        let _ = catch_unwind(AssertUnwindSafe(move || on_done(id, result)));
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        self.fire(Err(Error::new(ErrorKind::Cancelled, "the request was cancelled: the client was shut down")));
    }
}

impl Client {
    /// A client for `config`. Fails with `invalid_argument` on a bad config.
    pub fn new(config: Config) -> Result<Self> {
        config.validate()?;
        let base_url = reqwest::Url::parse(&config.api_url).map_err(|e| Error::invalid("apiUrl", e))?;
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("sonoran-rs/", env!("CARGO_PKG_VERSION")))
            // The v1 body and the v2 header carry the key: never resend them somewhere else.
            .redirect(reqwest::redirect::Policy::none());
        if let Some(pem) = &config.ca_cert_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem.as_bytes())
                .ok()
                .filter(|certs| !certs.is_empty())
                .ok_or_else(|| Error::invalid("caCertPem", "holds no PEM certificate"))?;
            // Added to the system's roots; verification itself always stays on.
            builder = builder.tls_certs_merge(certs);
        }
        let http = builder.build().map_err(|e| Error::new(ErrorKind::Network, format!("cannot start the HTTP client: {e}")))?;
        let pacers = OPERATIONS
            .iter()
            .filter_map(|op| {
                let limit = config.rate_limits.limit_for(op)?;
                Some((op.name, shared_pacer(config.api_key.expose(), &config.api_url, op.name, limit)))
            })
            .collect();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sonoran-io")
            .enable_all()
            .build()
            .map_err(|e| Error::new(ErrorKind::Network, format!("cannot start the I/O thread: {e}")))?;
        let shared = Shared {
            transport: Arc::new(Transport { config, http }),
            base_url,
            pacers,
            next_id: AtomicU64::new(1),
            in_flight: Mutex::new(HashMap::new()),
        };
        Ok(Client { shared: Arc::new(shared), runtime: Arc::new(RuntimeOwner { runtime: Some(runtime) }) })
    }

    /// A client configured from the environment (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self> {
        Client::new(Config::from_env()?)
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.shared.transport.config
    }

    /// Calls the operation called `operation` with `params`, a JSON object of the API's
    /// camelCase parameters (or `null` when all are optional), and waits for the answer.
    /// This is what the C and Lua faces call; the typed methods call it too.
    ///
    /// Called from a completion callback of this client, it fails with `invalid_argument`
    /// instead of waiting for itself: use [`Client::submit`] there.
    pub fn call(&self, operation: &str, params: &Value) -> Result<Response> {
        if self.runtime.is_current() {
            return Err(Error::invalid(
                "operation",
                "cannot be called blocking from a completion callback of the same client; submit it instead",
            ));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.submit(operation, params, Box::new(move |_, result| {
            let _ = tx.send(result);
        }));
        rx.recv().unwrap_or_else(|_| Err(Error::new(ErrorKind::Cancelled, "the request was cancelled")))
    }

    /// Like [`Client::call`] with the parameters as JSON text, answering with the envelope.
    /// Never fails: every problem is an error envelope.
    pub fn call_json(&self, operation: &str, params_json: &str) -> String {
        crate::envelope::envelope(&parse_params(params_json).and_then(|params| self.call(operation, &params)))
    }

    /// Starts `operation` and returns at once, never waiting for the network. `on_done` runs
    /// exactly once with the result: on the client's I/O thread when the request completes,
    /// or on the calling thread, before `submit` returns, when the parameters are invalid.
    /// Keep `on_done` short: it holds up the client's other requests while it runs.
    pub fn submit(&self, operation: &str, params: &Value, on_done: OnDone) -> RequestId {
        self.submit_checked(operation, Ok(params), on_done)
    }

    /// [`Client::submit`] for language bindings, whose own argument checks may already have
    /// failed: an `Err` completes the request at once with that error, so the caller still
    /// gets an id and exactly one completion.
    pub fn submit_checked(&self, operation: &str, params: Result<&Value>, on_done: OnDone) -> RequestId {
        let shared = &self.shared;
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        shared.in_flight().insert(id, None);
        let completion = Completion { id, shared: shared.clone(), on_done: Some(on_done) };
        // The deadline starts now: queueing counts against the call's timeout.
        let start = tokio::time::Instant::now();
        // Validation happens here, before anything is queued, so bad input costs no request.
        let prepared = params.and_then(|params| {
            let op = operations::find(operation).ok_or_else(|| operations::unknown(operation))?;
            let (params, timeout) = split_timeout(params, shared.transport.config.timeout)?;
            Ok((op, prepare(shared, op, &params)?, start + timeout))
        });
        match prepared {
            Err(error) => completion.finish(Err(error)),
            Ok((op, request, deadline)) => {
                let transport = shared.transport.clone();
                let pacer = shared.pacers.get(op.name).cloned();
                let task = self.runtime.handle().spawn(async move {
                    let result = transport.run(op, pacer, request, deadline).await;
                    completion.finish(result);
                });
                if let Some(entry) = shared.in_flight().get_mut(&id) {
                    *entry = Some(task.abort_handle());
                }
            }
        }
        id
    }

    /// Cancels request `id`. Returns `true` when it was still pending; it then completes
    /// (its `on_done` runs) with kind `cancelled`. `false` when it had already completed or
    /// is unknown.
    pub fn cancel(&self, id: RequestId) -> bool {
        let entry = self.shared.in_flight().remove(&id);
        match entry {
            Some(abort) => {
                if let Some(abort) = abort {
                    abort.abort();
                }
                true
            }
            None => false,
        }
    }

    /// How many requests of this client have not completed yet.
    pub fn pending(&self) -> usize {
        self.shared.in_flight().len()
    }

    /// Calls `operation` with a typed request and decodes the typed answer.
    fn typed<Req: Serialize, Resp: DeserializeOwned>(&self, operation: &str, request: &Req) -> Result<Resp> {
        let params = serde_json::to_value(request).map_err(|e| Error::invalid("request", e))?;
        self.call(operation, &params)?.decode()
    }

    /// All unit identifiers of an account (v1 `GET_ACCOUNT_IDENTIFIERS`).
    pub fn get_account_identifiers(&self, request: &GetAccountIdentifiers) -> Result<Vec<Unit>> {
        self.typed("get_account_identifiers", request)
    }

    /// The units of one account on one server (v2 `GET .../accounts/{accountUuid}/units`).
    pub fn get_account_units(&self, request: &GetAccountUnits) -> Result<UnitList> {
        self.typed("get_account_units", request)
    }

    /// One account, by apiId, username or account UUID (v1 `GET_ACCOUNT`).
    pub fn get_account(&self, target: &AccountTarget) -> Result<Account> {
        self.typed("get_account", target)
    }

    /// A page of the community's accounts (v1 `GET_ACCOUNTS`).
    pub fn get_accounts(&self, request: &GetAccounts) -> Result<AccountPage> {
        self.typed("get_accounts", request)
    }

    /// Adds, edits or removes an identifier (v1 `MODIFY_IDENTIFIER`).
    pub fn modify_identifier(&self, request: &ModifyIdentifier) -> Result<ModifyOutcome> {
        self.typed("modify_identifier", request)
    }
}

/// Parses the parameter JSON the C and Lua faces pass; empty text means no parameters.
pub fn parse_params(params_json: &str) -> Result<Value> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json)
        .map_err(|e| Error::invalid("params", format_args!("is not valid JSON ({})", position(&e))))
}

/// Takes the per-call `timeoutMs` out of `params`, if given.
fn split_timeout(params: &Value, default: Duration) -> Result<(Value, Duration)> {
    let Some(ms) = params.get(TIMEOUT_PARAM) else { return Ok((params.clone(), default)) };
    let ms = ms.as_u64().filter(|ms| *ms > 0).ok_or_else(|| Error::invalid(TIMEOUT_PARAM, "must be a positive integer"))?;
    let mut params = params.clone();
    if let Some(map) = params.as_object_mut() {
        map.remove(TIMEOUT_PARAM);
    }
    Ok((params, Duration::from_millis(ms)))
}

/// Validates `params` for `op` and builds the request, key included. Nothing is sent.
fn prepare(shared: &Shared, op: &Operation, params: &Value) -> Result<reqwest::Request> {
    let config = &shared.transport.config;
    let http = &shared.transport.http;
    let params = op.validate(params, config.default_server_id)?;
    let (url, rest) = op.url(&shared.base_url, params)?;
    let request = match op.route {
        Route::V1 { request_type, .. } => {
            // The v1 envelope, exactly as the reference pages show it.
            let body = json!({
                "id": config.community_id,
                "key": config.api_key.expose(),
                "type": request_type,
                "data": [Value::Object(rest)],
            });
            http.post(url).header(CONTENT_TYPE, "application/json").body(body.to_string())
        }
        Route::V2 { method, .. } => {
            let mut request = http
                .request(http_method(method), url)
                .header(AUTHORIZATION, format!("Bearer {}", config.api_key.expose()));
            if !rest.is_empty() {
                request = request.header(CONTENT_TYPE, "application/json").body(Value::Object(rest).to_string());
            }
            request
        }
    };
    request.header(ACCEPT, "application/json").build().map_err(transport_error)
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}
