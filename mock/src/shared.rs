//! What the handlers share: the options, the community (one lock), the v2 rate limit's
//! windows, what the mock has counted, the faults in force, and the way out of push events.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde_json::Value;

use crate::faults::Faults;
use crate::options::MockOptions;
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
}

impl Shared {
    /// The seed community and the faults of `options`; nothing counted, nobody connected.
    pub fn new(options: MockOptions) -> Shared {
        let faults = Arc::new(Faults::default());
        for (endpoint, fault) in &options.faults {
            faults.set(endpoint, fault.clone());
        }
        Shared {
            community: Mutex::new(Community::seeded(options.extra_accounts, &options.server_ids, options.plan)),
            v2_calls: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            routes: Mutex::default(),
            connections: AtomicU64::new(0),
            faults,
            push: Push::new(),
            options,
        }
    }

    /// The community, also after a handler panicked while holding it.
    pub fn community(&self) -> MutexGuard<'_, Community> {
        self.community.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends push event `event_type` to server `server_id` as the CAD does (see [`Push::emit`]).
    pub async fn emit(&self, server_id: u64, event_type: &str, data: Option<Value>) -> Result<Value, EmitError> {
        self.push.emit(&self.options.api_key, &|id| self.server(id), server_id, event_type, data).await
    }

    /// Sends `payload` as it is to the hub sessions of server `server_id` only (see
    /// [`Push::emit_websocket`]).
    pub async fn emit_websocket(&self, server_id: u64, event_type: &str, payload: &Value) -> Result<Value, EmitError> {
        self.push.emit_websocket(server_id, event_type, payload).await
    }

    /// [`Shared::emit`] of every catalog type with its example, stopping at the first failure.
    pub async fn emit_all(&self, server_id: u64) -> Result<Vec<Value>, EmitError> {
        self.push.emit_all(&self.options.api_key, &|id| self.server(id), server_id).await
    }

    /// Emits `events` (server, type, data) in the background: for events a route caused,
    /// which the route does not wait for.
    pub fn spawn(self: &Arc<Self>, events: Vec<(u64, String, Value)>) {
        for (server_id, event_type, data) in events {
            let shared = self.clone();
            tokio::spawn(async move {
                let _ = shared.emit(server_id, &event_type, Some(data)).await;
            });
        }
    }

    /// The configured game server `id`.
    fn server(&self, id: u64) -> Option<Server> {
        self.community().servers.iter().find(|s| s.id == id).cloned()
    }
}
