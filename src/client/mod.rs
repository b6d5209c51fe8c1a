//! The client: validates a call, sends it, and turns the answer into a [`Response`] or an [`Error`].
//!
//! Every call, blocking or not, runs as a task on one small runtime that the client owns
//! (one I/O thread, plus short-lived helpers for DNS). This is what reqwest's blocking client
//! does internally; owning the runtime lets non-blocking calls, pacing and retries share it
//! without a thread per request, and lets a blocking call wait on a channel instead of
//! holding a thread of ours.
//!
//! The module splits along that seam: `bookkeeping` owns the runtime and the requests in
//! flight and completes each exactly once; `send` builds requests and walks pages on the I/O
//! thread; `typed` has the typed methods and page iterators over [`Client::call`].
//!
//! # Example
//!
//! ```no_run
//! use serde_json::json;
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! // Blocking, by name with JSON parameters (what the C and Lua faces call):
//! let units = client.call("get_units_v2", &json!({"serverId": 1}))?;
//! println!("{}", units.envelope());
//! // Non-blocking: the callback runs once, on the client's I/O thread.
//! client.submit("get_calls_v2", &json!({}), Box::new(|_id, result| println!("{}", result.is_ok())));
//! # Ok::<(), sonoran::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::task::AbortHandle;

use crate::budget::pacing::shared_pacer;
use crate::budget::{Limiter, SharedLimiter};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::operations::Operation;
use crate::response::Response;
use crate::transport::Transport;

mod bookkeeping;
mod budget;
mod events;
#[cfg(feature = "gateway")]
mod gateway;
mod locations;
mod mirror;
mod options;
mod send;
mod sharing;
mod typed;

use bookkeeping::{library_thread_setup, Completion, RuntimeOwner};
pub use events::{EventStream, Events};
#[cfg(feature = "gateway")]
pub(crate) use gateway::Upstream;
pub use options::{CallOptions, Priority, PRIORITY_PARAM};
use send::all_pages;
pub use send::ALL_PAGES_BYTES_FACTOR;
pub(crate) use typed::with_fields;
pub use typed::Pages;

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
    /// Before `runtime`: the last client dropped closes the hub session cleanly while the
    /// runtime still runs.
    events: Arc<crate::push::Events>,
    runtime: Arc<RuntimeOwner>,
}

/// What the request tasks share. Tasks hold this, never the runtime, so that the last
/// `Client` dropped (not a task) shuts the runtime down.
struct Shared {
    transport: Arc<Transport>,
    base_url: reqwest::Url,
    /// The TLS configuration, shared with the hub's WebSocket.
    tls: Arc<rustls::ClientConfig>,
    /// Each operation's limiter (none where pacing is off): the pacer shared with other
    /// clients of the key in this process, and the shared limiter when configured.
    pacers: HashMap<&'static str, Arc<Limiter>>,
    next_id: AtomicU64,
    /// Requests not yet completed; the entry's removal decides who completes it (see [`Completion`]).
    in_flight: Mutex<HashMap<RequestId, Option<AbortHandle>>>,
    /// Unit positions waiting to be flushed.
    locations: locations::LocationQueue,
    /// Cached answers, shared reads in flight and merged writes waiting for budget.
    sharing: sharing::Sharing,
    /// The live mirror of units and calls (empty until started).
    mirror: Arc<crate::mirror::Live>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.shared.transport.config).finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `config`. Fails with `invalid_argument` on a bad config.
    pub fn new(config: Config) -> Result<Self> {
        config.validate()?;
        let base_url = reqwest::Url::parse(&config.api_url).map_err(|e| Error::invalid("apiUrl", e))?;
        // The system's roots are read once per process (crate::tls); an extra CA is added to them.
        let tls = Arc::new(crate::tls::client_config(config.ca_cert_pem.as_deref())?);
        let builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("sonoran-rs/", env!("CARGO_PKG_VERSION")))
            // The v1 body and the v2 header carry the key: never resend them somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_preconfigured((*tls).clone());
        let http = builder.build().map_err(|e| Error::new(ErrorKind::Network, format!("cannot start the HTTP client: {e}")))?;
        let shared_limiter = match &config.shared_limiter {
            Some(url) => Some(Arc::new(SharedLimiter::new(
                url,
                config.api_key.expose(),
                &config.api_url,
                config.shared_limiter_timeout,
                config.log_level,
                config.log_sink.clone(),
            )?)),
            None => None,
        };
        let pacers = crate::api::all()
            .filter_map(|op| {
                let limit = config.rate_limits.limit_for(op)?;
                let local = shared_pacer(config.api_key.expose(), &config.api_url, op.name, limit);
                Some((op.name, Arc::new(Limiter::new(local, shared_limiter.clone(), op.name))))
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
            transport: Arc::new(Transport::new(config, http)),
            base_url,
            tls,
            pacers,
            next_id: AtomicU64::new(1),
            in_flight: Mutex::new(HashMap::new()),
            locations: Default::default(),
            sharing: Default::default(),
            mirror: Default::default(),
        };
        Ok(Client { shared: Arc::new(shared), events: Arc::new(crate::push::Events::new()), runtime: Arc::new(RuntimeOwner::new(runtime)) })
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
        self.call_with(operation, params, &CallOptions::default())
    }

    /// [`Client::call`] with call options (a timeout, a [`Priority`]); the same as giving
    /// them in `params` (`timeoutMs`, `"priority": "high"`).
    pub fn call_with(&self, operation: &str, params: &Value, options: &CallOptions) -> Result<Response> {
        if self.runtime.is_current() {
            return Err(Error::invalid(
                "operation",
                "cannot be called blocking from a completion callback of the same client; submit it instead",
            ));
        }
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        self.submit_with(
            operation,
            params,
            options,
            Box::new(move |_, result| {
                let _ = tx.send(result);
            }),
        );
        rx.recv().unwrap_or_else(|_| Err(Error::new(ErrorKind::Cancelled, "the request was cancelled")))
    }

    /// Starts `operation` and returns at once, never waiting for the network. `on_done` runs
    /// exactly once with the result: on the client's I/O thread when the request completes,
    /// or on the calling thread, before `submit` returns, when the parameters are invalid.
    /// Keep `on_done` short: it holds up the client's other requests while it runs.
    pub fn submit(&self, operation: &str, params: &Value, on_done: OnDone) -> RequestId {
        self.submit_checked(operation, Ok(params), on_done)
    }

    /// [`Client::submit`] with call options (a timeout, a [`Priority`]); the same as giving
    /// them in `params` (`timeoutMs`, `"priority": "high"`).
    pub fn submit_with(&self, operation: &str, params: &Value, options: &CallOptions, on_done: OnDone) -> RequestId {
        self.submit_checked_with(operation, Ok(params), options, on_done)
    }

    /// [`Client::submit`] for language bindings, whose own argument checks may already have
    /// failed: an `Err` completes the request at once with that error, so the caller still
    /// gets an id and exactly one completion.
    pub fn submit_checked(&self, operation: &str, params: Result<&Value>, on_done: OnDone) -> RequestId {
        self.submit_checked_with(operation, params, &CallOptions::default(), on_done)
    }

    /// [`Client::submit_checked`] with call options.
    fn submit_checked_with(&self, operation: &str, params: Result<&Value>, options: &CallOptions, on_done: OnDone) -> RequestId {
        let shared = &self.shared;
        let id = shared.next_id.fetch_add(1, Ordering::Relaxed);
        shared.in_flight().insert(id, None);
        let completion = Completion { id, shared: shared.clone(), on_done: Some(on_done) };
        // The deadline starts now: queueing counts against the call's timeout.
        let start = tokio::time::Instant::now();
        // Validation happens here, before anything is queued, so bad input costs no request.
        let job = params.and_then(|params| {
            let (params, timeout, priority) = options::split_options(operation, params, options, shared.transport.config.timeout)?;
            if let Some(op) = crate::api::find(operation) {
                // Only the checks run on the caller's thread; the request is built on the I/O thread.
                let valid = op.validate(&params, shared.transport.config.default_server_id)?;
                return Ok(Job::One(op, valid, start + timeout, priority));
            }
            let op = crate::api::find_all_pages(operation).ok_or_else(|| crate::api::unknown(operation))?;
            op.validate(&params, shared.transport.config.default_server_id)?;
            Ok(Job::AllPages(op, params.into_owned(), start + timeout, priority))
        });
        match job {
            Err(error) => completion.finish(Err(error)),
            Ok(job) => {
                let shared_for_task = shared.clone();
                // Boxed: the request's state machine is large, and the caller's thread should
                // not copy it into the task.
                let task = self.runtime.handle().spawn(Box::pin(async move {
                    let result = match job {
                        Job::One(op, valid, deadline, priority) => {
                            let server_id = valid.get("serverId").and_then(Value::as_u64);
                            let result = sharing::dispatch(&shared_for_task, op, valid, deadline, priority).await;
                            // The CAD sends no event for a dispatch write made through the API:
                            // the mirror takes it from the answer.
                            if let Ok(response) = &result {
                                if crate::mirror::OWN_WRITES.contains(&op.name) {
                                    shared_for_task.mirror.own_write(op.name, server_id, response.body.to_value());
                                }
                            }
                            result
                        }
                        Job::AllPages(op, params, deadline, priority) => all_pages(shared_for_task, op, params, deadline, priority).await,
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

    /// How many requests of this client are in flight: submitted and not completed yet
    /// (waiting for the pacer, on the wire, or waiting to retry).
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight().len()
    }
}

/// What a submitted call does.
enum Job {
    /// One request (its checked parameters), by its deadline, with its priority.
    One(&'static Operation, Map<String, Value>, tokio::time::Instant, Priority),
    /// `get_all_X`: every page of `X`, the whole walk by its deadline, each page with the priority.
    AllPages(&'static Operation, Value, tokio::time::Instant, Priority),
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
