//! What the handlers share: the options, the community (one lock), the v2 rate limit's
//! windows, what the mock has counted, the faults in force, and the way out of push events.
//!
//! Push events leave in order, per server: every event (a route's, a control route's,
//! [`Shared::emit`]'s) joins its server's queue, which one task per server empties one event
//! at a time, waiting for each to be delivered (the hub session's socket task took it, or the
//! HTTP listener answered) before it sends the next. A route that changes the community
//! queues its events while it still holds the community's lock, so the queue's order is the
//! order in which the changes were made, also between requests running at the same time.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Instant;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::faults::Faults;
use crate::options::MockOptions;
use crate::push::events::DOCUMENTED;
use crate::push::{EmitError, Push};
use crate::store::accounts::Server;
use crate::store::Community;

/// What one route answered with the community's key (`MockServer::route_stats`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RouteStats {
    /// Requests received.
    pub requests: u64,
    /// Of which answered 429 (over the route's limit).
    pub limited: u64,
}

/// What the handlers share.
pub(crate) struct Shared {
    /// How the mock behaves.
    pub options: MockOptions,
    /// The community; lock it with [`Shared::community`].
    pub community: Mutex<Community>,
    /// Times of recent v2 requests, per key and route, for the rate limit.
    pub v2_calls: Mutex<HashMap<String, VecDeque<Instant>>>,
    /// HTTP requests answered.
    pub requests: AtomicU64,
    /// Requests and 429s per route, of requests made with the community's key (v2's Bearer
    /// key; every v1 request): what the API would count against the key.
    pub routes: Mutex<HashMap<&'static str, RouteStats>>,
    /// TCP connections accepted.
    pub connections: AtomicU64,
    /// The faults in force, by endpoint (shared with the fault layer).
    pub faults: Arc<Faults>,
    /// The hub's sessions and the listener client that push events go out by.
    pub push: Push,
    /// Each server's queue of push events (see the module's comment), made at its first event.
    queues: Mutex<HashMap<u64, mpsc::UnboundedSender<Job>>>,
    /// Push events queued and not yet sent (or failed), for `/_mock/stats`.
    pub queued: AtomicU64,
    /// This, for the queues' tasks (which hold it only while they send).
    me: Weak<Shared>,
}

/// One push event in its server's queue.
struct Job {
    event_type: String,
    /// `data` (`None`: the page's example), or the whole payload of a hub-only event.
    data: Option<Value>,
    /// Sent as it is to the hub sessions only ([`Push::emit_websocket`]).
    websocket_only: bool,
    /// Where its outcome goes.
    done: oneshot::Sender<Result<Value, EmitError>>,
}

/// A queued push event's outcome, once it has been sent (or failed).
pub struct Queued(oneshot::Receiver<Result<Value, EmitError>>);

impl Queued {
    /// Waits until the event has been sent (or failed); answers how it went.
    pub async fn outcome(self) -> Result<Value, EmitError> {
        self.0.await.unwrap_or_else(|_| Err(EmitError::new(503, "The mock stopped before the event was sent.")))
    }
}

impl Shared {
    /// The seed community and the faults of `options`; nothing counted, nobody connected.
    pub fn new(options: MockOptions) -> Arc<Shared> {
        let faults = Arc::new(Faults::default());
        for (endpoint, fault) in &options.faults {
            faults.set(endpoint, fault.clone());
        }
        Arc::new_cyclic(|me| Shared {
            community: Mutex::new(Community::seeded(options.extra_accounts, &options.server_ids, options.plan)),
            v2_calls: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            routes: Mutex::default(),
            connections: AtomicU64::new(0),
            faults,
            push: Push::new(),
            queues: Mutex::default(),
            queued: AtomicU64::new(0),
            me: me.clone(),
            options,
        })
    }

    /// The community, also after a handler panicked while holding it.
    pub fn community(&self) -> MutexGuard<'_, Community> {
        self.community.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues push event `event_type` with `data` (`None`: its page's example) for server
    /// `server_id`, behind the events queued for it before (see the module's comment); it is
    /// sent as the CAD sends it ([`Push::emit`]). Call it while holding the community's lock
    /// when the event tells of a change to the community, so that events keep the changes'
    /// order. Must be called on the mock's runtime.
    pub fn queue(&self, server_id: u64, event_type: &str, data: Option<Value>) -> Queued {
        self.enqueue(server_id, event_type, data, false)
    }

    /// [`Shared::queue`] each of `events` (server, type, data), not waiting for their outcomes:
    /// the events a route left in the community's outbox.
    pub fn queue_all(&self, events: Vec<(u64, String, Value)>) {
        for (server_id, event_type, data) in events {
            drop(self.queue(server_id, &event_type, Some(data)));
        }
    }

    /// Sends push event `event_type` to server `server_id` as the CAD does (see [`Push::emit`]),
    /// behind the events queued for it before; answers once it is sent.
    pub async fn emit(&self, server_id: u64, event_type: &str, data: Option<Value>) -> Result<Value, EmitError> {
        self.queue(server_id, event_type, data).outcome().await
    }

    /// Sends `payload` as it is to the hub sessions of server `server_id` only (see
    /// [`Push::emit_websocket`]), behind the events queued for it before.
    pub async fn emit_websocket(&self, server_id: u64, event_type: &str, payload: &Value) -> Result<Value, EmitError> {
        self.enqueue(server_id, event_type, Some(payload.clone()), true).outcome().await
    }

    /// [`Shared::emit`] of every catalog type with its example, in order, stopping at the
    /// first failure.
    pub async fn emit_all(&self, server_id: u64) -> Result<Vec<Value>, EmitError> {
        let mut outcomes = Vec::new();
        for (event_type, _) in DOCUMENTED {
            let outcome = self
                .emit(server_id, event_type, None)
                .await
                .map_err(|e| EmitError::new(e.status, format!("{event_type}: {}", e.message)))?;
            outcomes.push(outcome);
        }
        Ok(outcomes)
    }

    fn enqueue(&self, server_id: u64, event_type: &str, data: Option<Value>, websocket_only: bool) -> Queued {
        let (done, outcome) = oneshot::channel();
        let job = Job { event_type: event_type.to_string(), data, websocket_only, done };
        self.queued.fetch_add(1, Ordering::SeqCst);
        let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
        let queue = queues.entry(server_id).or_insert_with(|| self.sender(server_id));
        if let Err(mpsc::error::SendError(job)) = queue.send(job) {
            // Its task has ended (a runtime that stopped): a new one.
            let queue = self.sender(server_id);
            let _ = queue.send(job);
            queues.insert(server_id, queue);
        }
        Queued(outcome)
    }

    /// Starts the task that sends server `server_id`'s events, one at a time; answers its queue.
    fn sender(&self, server_id: u64) -> mpsc::UnboundedSender<Job> {
        let (queue, mut jobs) = mpsc::unbounded_channel::<Job>();
        let me = self.me.clone();
        tokio::spawn(async move {
            while let Some(job) = jobs.recv().await {
                let Some(shared) = me.upgrade() else { return };
                let result = if job.websocket_only {
                    let payload = job.data.unwrap_or(Value::Null);
                    shared.push.emit_websocket(server_id, &job.event_type, &payload).await
                } else {
                    shared.push.emit(&shared.options.api_key, &|id| shared.server(id), server_id, &job.event_type, job.data).await
                };
                shared.queued.fetch_sub(1, Ordering::SeqCst);
                let _ = job.done.send(result);
            }
        });
        queue
    }

    /// The configured game server `id`.
    fn server(&self, id: u64) -> Option<Server> {
        self.community().servers.iter().find(|s| s.id == id).cloned()
    }
}
