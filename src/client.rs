//! The client: validates a call, sends it, and turns the answer into a [`Response`] or an [`Error`].
//!
//! Every call, blocking or not, runs as a task on one small runtime that the client owns
//! (one I/O thread, plus short-lived helpers for DNS). This is what reqwest's blocking client
//! does internally; owning the runtime lets non-blocking calls, pacing and retries share it
//! without a thread per request, and lets a blocking call wait on a channel instead of
//! holding a thread of ours.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use crate::config::{position, Config};
use crate::envelope::Response;
use crate::error::{Error, ErrorKind, Result};
use crate::models::*;
use crate::operations::{self, Method, Operation, PageCursor, Route, OPERATIONS};
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

/// Sets up each of the client's threads (its I/O thread and the short-lived DNS helpers).
///
/// - SIGPIPE is blocked on the thread. A write to a connection the server has closed raises
///   SIGPIPE at the writing thread (std's vectored socket writes use `writev`, which has no
///   `MSG_NOSIGNAL`); Rust ignores SIGPIPE only in a Rust `main`, so in a C or Lua host the
///   default disposition would kill the whole process. Blocked here, the write fails with
///   `EPIPE` and the call with a `network` error; the host's own disposition is untouched.
/// - The thread is background work for the scheduler (Linux `SCHED_BATCH`): waking the I/O
///   thread then never preempts the host's thread that submitted the request (its game
///   thread), which cut the p99 of `sonoran_submit` + `sonoran_poll` from about 55 µs to
///   about 20 µs in the benchmark, with no loss of throughput. Best effort: a failure leaves
///   the default policy.
fn library_thread_setup() {
    #[cfg(unix)]
    // SAFETY: `set` is a local sigset_t initialised by sigemptyset before use; the calls
    // change only the calling thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sets the calling thread's policy; `param` is valid for the call.
        unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) };
    }
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
    /// Taken only by `drop`.
    runtime: Option<Runtime>,
    handle: tokio::runtime::Handle,
}

impl RuntimeOwner {
    fn new(runtime: Runtime) -> RuntimeOwner {
        RuntimeOwner { handle: runtime.handle().clone(), runtime: Some(runtime) }
    }

    fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// Whether the current thread is one of this runtime's (a completion callback).
    fn is_current(&self) -> bool {
        tokio::runtime::Handle::try_current().is_ok_and(|h| h.id() == self.handle.id())
    }
}

impl Drop for RuntimeOwner {
    fn drop(&mut self) {
        let Some(runtime) = self.runtime.take() else { return };
        if self.is_current() {
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
            .on_thread_start(library_thread_setup)
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
        Ok(Client { shared: Arc::new(shared), runtime: Arc::new(RuntimeOwner::new(runtime)) })
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
        let job = params.and_then(|params| {
            let (params, timeout) = split_timeout(params, shared.transport.config.timeout)?;
            if let Some(op) = operations::find(operation) {
                // Only the checks run on the caller's thread; the request is built on the I/O thread.
                let valid = op.validate(&params, shared.transport.config.default_server_id)?;
                return Ok(Job::One(op, valid, start + timeout));
            }
            let op = operations::find_all_pages(operation).ok_or_else(|| operations::unknown(operation))?;
            op.validate(&params, shared.transport.config.default_server_id)?;
            Ok(Job::AllPages(op, params.into_owned(), start + timeout))
        });
        match job {
            Err(error) => completion.finish(Err(error)),
            Ok(job) => {
                let shared_for_task = shared.clone();
                // Boxed: the request's state machine is large, and the caller's thread should
                // not copy it into the task.
                let task = self.runtime.handle().spawn(Box::pin(async move {
                    let result = match job {
                        Job::One(op, valid, deadline) => match build(&shared_for_task, op, valid) {
                            Ok(request) => {
                                let pacer = shared_for_task.pacers.get(op.name).cloned();
                                shared_for_task.transport.clone().run(op, pacer, request, deadline).await
                            }
                            Err(error) => Err(error),
                        },
                        Job::AllPages(op, params, deadline) => all_pages(shared_for_task, op, params, deadline).await,
                    };
                    completion.finish(result);
                }));
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

    /// An account's identifiers and the selected one (v1 `GET_IDENTIFIERS`).
    pub fn get_identifiers(&self, target: &AccountTarget) -> Result<IdentifierList> {
        self.typed("get_identifiers", target)
    }

    /// Selects an account's identifier (v1 `SET_IDENTIFIER`); answers the server's message.
    pub fn set_identifier(&self, request: &SetIdentifier) -> Result<String> {
        self.typed("set_identifier", request)
    }

    /// Puts identifiers in a unit group, `""` clearing it (v1 `IDENTS_TO_GROUP`).
    pub fn idents_to_group(&self, request: &IdentsToGroup) -> Result<String> {
        self.typed("idents_to_group", request)
    }

    /// One page of the units on a server (v1 `GET_ACTIVE_UNITS`).
    pub fn get_active_units(&self, request: &GetActiveUnits) -> Result<Vec<Unit>> {
        self.typed("get_active_units", request)
    }

    /// One account, by any [`AccountTarget`] (v2 `GET /v2/general/accounts/account`).
    pub fn get_account_v2(&self, target: &AccountTarget) -> Result<Account> {
        self.typed("get_account_v2", target)
    }

    /// A page of accounts (v2 `GET /v2/general/accounts`).
    pub fn get_accounts_v2(&self, request: &GetAccountsV2) -> Result<AccountPage> {
        self.typed("get_accounts_v2", request)
    }

    /// An account's identifiers and the selected one (v2).
    pub fn get_identifiers_v2(&self, account_uuid: &str) -> Result<IdentifierList> {
        self.typed("get_identifiers_v2", &json!({"accountUuid": account_uuid}))
    }

    /// Selects an account's identifier (v2 `PUT .../selected-identifier`).
    pub fn select_identifier_v2(&self, account_uuid: &str, ident_id: i64) -> Result<Value> {
        self.typed("select_identifier_v2", &json!({"accountUuid": account_uuid, "identId": ident_id}))
    }

    /// Creates an identifier (v2 `POST .../identifiers`).
    pub fn create_identifier_v2(&self, account_uuid: &str, fields: &IdentifierFieldsV2) -> Result<CreatedIdentifier> {
        self.typed("create_identifier_v2", &with_fields(json!({"accountUuid": account_uuid}), fields)?)
    }

    /// Changes fields of an identifier (v2 `PATCH .../identifiers/{identId}`).
    pub fn update_identifier_v2(&self, account_uuid: &str, ident_id: i64, fields: &IdentifierFieldsV2) -> Result<Value> {
        self.typed("update_identifier_v2", &with_fields(json!({"accountUuid": account_uuid, "identId": ident_id}), fields)?)
    }

    /// Deletes an identifier (v2 `DELETE .../identifiers/{identId}`).
    pub fn delete_identifier_v2(&self, account_uuid: &str, ident_id: i64) -> Result<Response> {
        self.call("delete_identifier_v2", &json!({"accountUuid": account_uuid, "identId": ident_id}))
    }

    /// Puts one target's identifiers in a unit group on a server (v2 `PUT .../identifier-groups/{groupName}`).
    pub fn add_identifiers_to_group_v2(&self, server_id: Option<u64>, group_name: &str, target: &GroupTarget) -> Result<Value> {
        let base = json!({"serverId": server_id, "groupName": group_name});
        self.typed("add_identifiers_to_group_v2", &with_fields(base, target)?)
    }

    /// One page of the units on a server (v2 `GET .../servers/{serverId}/units`, 3 a minute).
    pub fn get_units_v2(&self, request: &GetActiveUnits) -> Result<UnitList> {
        self.typed("get_units_v2", request)
    }

    /// Every account, page after page (`get_accounts`, starting at `request`'s offset),
    /// fetched as the iterator is consumed and paced like any call.
    pub fn accounts(&self, request: &GetAccounts) -> Pages<Account> {
        Pages::new(self, "get_accounts", request)
    }

    /// Every account, page after page (`get_accounts_v2`).
    pub fn accounts_v2(&self, request: &GetAccountsV2) -> Pages<Account> {
        Pages::new(self, "get_accounts_v2", request)
    }

    /// Every unit on a server, page after page (`get_active_units`).
    pub fn active_units(&self, request: &GetActiveUnits) -> Pages<Unit> {
        Pages::new(self, "get_active_units", request)
    }

    /// Every unit on a server, page after page (`get_units_v2`).
    pub fn units_v2(&self, request: &GetActiveUnits) -> Pages<Unit> {
        Pages::new(self, "get_units_v2", request)
    }
}

/// `base` with the fields of `extra` added (path parameters plus a typed body).
fn with_fields(mut base: Value, extra: &impl Serialize) -> Result<Value> {
    let extra = serde_json::to_value(extra).map_err(|e| Error::invalid("request", e))?;
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    Ok(base)
}

/// The items of a paged operation, fetched a page at a time as the iterator advances.
/// A failed page is yielded as an `Err`, and ends the walk.
pub struct Pages<T> {
    client: Client,
    operation: &'static str,
    /// `Err` when the operation does not page (never for the methods that make these): the
    /// walk yields that error once.
    cursor: std::result::Result<PageCursor, Option<Error>>,
    buffer: std::collections::VecDeque<T>,
}

impl<T: DeserializeOwned> Pages<T> {
    fn new(client: &Client, operation: &'static str, request: &impl Serialize) -> Self {
        let params = serde_json::to_value(request).unwrap_or(Value::Null);
        let cursor = operations::find(operation)
            .and_then(|op| PageCursor::new(op, &params))
            .ok_or_else(|| Some(operations::unknown(operation)));
        Pages { client: client.clone(), operation, cursor, buffer: Default::default() }
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.buffer.is_empty() {
            let cursor = match &mut self.cursor {
                Ok(cursor) if !cursor.done() => cursor,
                Ok(_) => return None,
                Err(unpaged) => return unpaged.take().map(Err),
            };
            let fetched = self.client.call(self.operation, cursor.params()).and_then(|response| {
                let items = cursor.advance(&mut response.body.to_value())?;
                serde_json::from_value::<Vec<T>>(Value::Array(items))
                    .map_err(|e| Error::new(ErrorKind::Decode, format!("unexpected page: {e}")))
            });
            match fetched {
                Ok(items) => self.buffer.extend(items),
                Err(e) => {
                    cursor.stop();
                    return Some(Err(e));
                }
            }
        }
        self.buffer.pop_front().map(Ok)
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

/// What a submitted call does.
enum Job {
    /// One request (its checked parameters), by its deadline.
    One(&'static Operation, Map<String, Value>, tokio::time::Instant),
    /// `get_all_X`: every page of `X`, the whole walk by its deadline.
    AllPages(&'static Operation, Value, tokio::time::Instant),
}

/// The most pages one `get_all_X` walks, in case a server never sends a short page.
const MAX_PAGES: usize = 10_000;

/// How many times `maxResponseBytes` the pages of one `get_all_X` may add up to.
pub const ALL_PAGES_BYTES_FACTOR: usize = 8;

/// Walks every page of paged `op` from `params`' offset, and answers them as one: the items
/// in one list and, for answers with `pagination`, `{"limit": <items>, "offset": <first
/// offset>, "total": <total>}`. Each page is paced and retried like any call; the whole
/// walk ends by `deadline`. It stops early, keeping what it has and saying why in
/// [`Response::incomplete`], when a page brings nothing new or the pages add up to more
/// than [`ALL_PAGES_BYTES_FACTOR`] × `maxResponseBytes`.
async fn all_pages(shared: Arc<Shared>, op: &'static Operation, params: Value, deadline: tokio::time::Instant) -> Result<Response> {
    let (Some(paging), Some(mut cursor)) = (op.paging, PageCursor::new(op, &params)) else {
        return Err(operations::unknown(op.name));
    };
    let first_offset = cursor.offset();
    let mut items = Vec::new();
    let mut status = 200;
    let mut bytes = 0usize;
    let max_bytes = shared.transport.config.max_response_bytes.saturating_mul(ALL_PAGES_BYTES_FACTOR);
    let pacer = shared.pacers.get(op.name).cloned();
    for _ in 0..MAX_PAGES {
        let request = prepare(&shared, op, cursor.params())?;
        let response = shared.transport.clone().run(op, pacer.clone(), request, deadline).await?;
        status = response.status;
        bytes = bytes.saturating_add(response.body.len());
        let page = cursor.advance(&mut response.body.to_value()).map_err(|e| Error { status: Some(status), ..e })?;
        items.extend(page);
        if cursor.done() {
            break;
        }
        if bytes > max_bytes {
            cursor.stop_incomplete(format!(
                "stopped at offset {}: the pages add up to more than {max_bytes} bytes ({ALL_PAGES_BYTES_FACTOR} × maxResponseBytes); walk the pages one by one to read more",
                cursor.offset()
            ));
            break;
        }
    }
    if !cursor.done() {
        cursor.stop_incomplete(format!("stopped at offset {} after {MAX_PAGES} pages", cursor.offset()));
    }
    if let Some(why) = cursor.incomplete() {
        shared.transport.log(crate::logging::Level::Warn, op, 0, why, None, None);
    }
    let data = match paging.items {
        None => Value::Array(items),
        Some(key) => {
            let count = items.len();
            let mut all = serde_json::Map::new();
            if paging.total {
                let total = cursor.total().unwrap_or(first_offset + count as u64);
                all.insert("pagination".into(), json!({"limit": count, "offset": first_offset, "total": total}));
            }
            all.insert(key.into(), Value::Array(items));
            Value::Object(all)
        }
    };
    let raw = serde_json::value::to_raw_value(&data).map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
    Ok(Response { status, body: crate::envelope::Body::Json(raw), incomplete: cursor.incomplete().map(str::to_string) })
}

/// Takes the per-call `timeoutMs` out of `params`, if given (copying them only then).
fn split_timeout(params: &Value, default: Duration) -> Result<(Cow<'_, Value>, Duration)> {
    let Some(ms) = params.get(TIMEOUT_PARAM) else { return Ok((Cow::Borrowed(params), default)) };
    let ms = ms.as_u64().filter(|ms| *ms > 0).ok_or_else(|| Error::invalid(TIMEOUT_PARAM, "must be a positive integer"))?;
    let mut params = params.clone();
    if let Some(map) = params.as_object_mut() {
        map.remove(TIMEOUT_PARAM);
    }
    Ok((Cow::Owned(params), Duration::from_millis(ms)))
}

/// Validates `params` for `op` and builds the request, key included. Nothing is sent.
fn prepare(shared: &Shared, op: &Operation, params: &Value) -> Result<reqwest::Request> {
    build(shared, op, op.validate(params, shared.transport.config.default_server_id)?)
}

/// Builds the request, key included, from parameters [`Operation::validate`] returned.
fn build(shared: &Shared, op: &Operation, params: Map<String, Value>) -> Result<reqwest::Request> {
    let config = &shared.transport.config;
    let http = &shared.transport.http;
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
