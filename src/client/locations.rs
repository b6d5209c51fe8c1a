//! The location stream on a client: positions wait here, latest per unit, and one task on
//! the I/O thread flushes them over the hub or REST (see [`crate::push::locations`]).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::Instant;

use super::send::build;
use super::{Client, Shared};
use crate::error::{ErrorKind, Result};
use crate::operations;
use crate::push::locations::{LocationStats, LocationTransport, UnitLocation, HUB_BATCH, HUB_INTERVAL_MS};
use crate::push::{now_ms, Context, Events, HubChoice};
use crate::sync::lock;

/// How long the first flush waits for a hub session that is still connecting before it
/// sends over REST instead.
const HUB_SETTLE: Duration = Duration::from_secs(2);
/// How often a flush that cannot send yet looks again (a hub coming back, a REST slot).
const RECHECK: Duration = Duration::from_millis(250);

/// Positions waiting, one per unit, oldest unit first.
#[derive(Default)]
pub(crate) struct LocationQueue {
    state: Mutex<State>,
    wake: tokio::sync::Notify,
    started: AtomicBool,
}

#[derive(Default)]
struct State {
    /// Units in the order they started waiting (a newer position keeps its unit's place).
    order: VecDeque<String>,
    pending: HashMap<String, UnitLocation>,
    stats: LocationStats,
}

impl LocationQueue {
    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn push(&self, location: UnitLocation) {
        let mut state = self.state();
        state.stats.pushed += 1;
        match state.pending.get_mut(&location.key) {
            Some(waiting) => {
                *waiting = location;
                state.stats.superseded += 1;
            }
            None => {
                state.order.push_back(location.key.clone());
                state.pending.insert(location.key.clone(), location);
            }
        }
        drop(state);
        self.wake.notify_one();
    }

    fn any(&self, wanted: impl Fn(&UnitLocation) -> bool) -> bool {
        self.state().pending.values().any(wanted)
    }

    fn is_empty(&self) -> bool {
        self.state().pending.is_empty()
    }

    /// Takes up to `n` wanted positions, oldest unit first.
    fn take(&self, n: usize, wanted: impl Fn(&UnitLocation) -> bool) -> Vec<UnitLocation> {
        let mut state = self.state();
        let State { order, pending, .. } = &mut *state;
        let mut taken = Vec::new();
        order.retain(|key| {
            if taken.len() >= n || !pending.get(key).is_some_and(&wanted) {
                return true;
            }
            taken.extend(pending.remove(key));
            false
        });
        taken
    }

    fn sent(&self, n: usize, transport: LocationTransport) {
        let mut state = self.state();
        state.stats.sent += n as u64;
        state.stats.transport = transport;
        match transport {
            LocationTransport::Hub => state.stats.hub_calls += 1,
            _ => state.stats.rest_calls += 1,
        }
        state.stats.last_flush_ms = Some(now_ms());
    }

    /// Puts a failed batch back in front, unless a newer position of the unit came meanwhile.
    fn failed(&self, batch: Vec<UnitLocation>, transport: LocationTransport, why: String) {
        let mut state = self.state();
        state.stats.failed_calls += 1;
        state.stats.transport = transport;
        state.stats.last_flush_ms = Some(now_ms());
        state.stats.last_error = Some(why);
        for location in batch.into_iter().rev() {
            if state.pending.contains_key(&location.key) {
                state.stats.superseded += 1;
            } else {
                state.order.push_front(location.key.clone());
                state.pending.insert(location.key.clone(), location);
            }
        }
    }

    fn stats(&self) -> LocationStats {
        let state = self.state();
        LocationStats { queued: state.pending.len(), ..state.stats.clone() }
    }
}

impl Client {
    /// Queues a unit's latest position for the live map and returns at once (no network on
    /// the caller's thread). `location` is one target (`communityUserId`, `roblox`, `apiId`,
    /// `identId` or `discord`), `location` (text), and optionally `coordinates {x, y, z, w}`,
    /// `peerId` and `vehicle`. A newer position of the same unit replaces one not yet sent.
    /// A bad field is an `invalid_argument` naming it, and nothing is queued.
    ///
    /// The I/O thread sends them over the hub while a session is up (one `unitLocation` call
    /// every 250 ms at most, 25 units each, oldest first), otherwise with
    /// `update_unit_locations_v2` within its 12 a minute. `identId` targets go over the hub
    /// only and `discord` targets over REST only (what each accepts).
    pub fn push_unit_location(&self, location: &Value) -> Result<()> {
        let location = UnitLocation::check(location)?;
        // The game's own position is the freshest there is: the mirror shows it at once.
        self.shared.mirror.location(&location.fields);
        let queue = &self.shared.locations;
        queue.push(location);
        if !queue.started.swap(true, Ordering::AcqRel) {
            let task = flush(self.shared.clone(), Arc::downgrade(&self.events), self.runtime.handle().clone());
            self.runtime.handle().spawn(Box::pin(task));
        }
        Ok(())
    }

    /// What the location stream has done: queued, sent, superseded, calls, transport.
    pub fn location_stats(&self) -> LocationStats {
        self.shared.locations.stats()
    }
}

/// The flush loop: runs on the I/O thread for the client's life once a position was pushed.
async fn flush(shared: Arc<Shared>, events: Weak<Events>, runtime: tokio::runtime::Handle) {
    let queue = &shared.locations;
    let Some(op) = crate::api::find("update_unit_locations_v2") else { return };
    let pacer = shared.pacers.get(op.name).cloned();
    let config = &shared.transport.config;
    let context = || Context {
        config: Arc::new(config.clone()),
        tls: shared.tls.clone(),
        queue: events.upgrade().map(|e| e.queue.clone()).unwrap_or_else(|| crate::push::EventQueue::new(1)),
    };
    let mut next_hub_call = Instant::now();
    let mut next_rest_call = Instant::now();
    let mut settle_until: Option<Instant> = None;
    loop {
        if queue.is_empty() {
            // A push in between leaves a permit: this never misses one.
            queue.wake.notified().await;
            continue;
        }
        let choice = match (config.locations_via_hub, events.upgrade()) {
            (true, Some(events)) => events.hub_for_methods(&runtime, context),
            _ => HubChoice::Down,
        };
        let hub = match choice {
            HubChoice::Connected(hub) => Some(hub),
            HubChoice::Connecting if *settle_until.get_or_insert_with(|| Instant::now() + HUB_SETTLE) > Instant::now() => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
            _ => None,
        };
        if let Some(hub) = &hub {
            if queue.any(UnitLocation::hub_ok) {
                tokio::time::sleep_until(next_hub_call).await;
                let batch = queue.take(HUB_BATCH, UnitLocation::hub_ok);
                if !batch.is_empty() {
                    next_hub_call = Instant::now() + Duration::from_millis(HUB_INTERVAL_MS);
                    let data = Value::Array(batch.iter().map(|l| Value::Object(l.fields.clone())).collect());
                    // A hub that never answers must not stall the stream.
                    let answer = tokio::time::timeout(config.timeout, hub.invoke("unitLocation", vec![data])).await;
                    match answer {
                        Ok(Ok(result)) if result.get("success").and_then(Value::as_bool) == Some(true) => {
                            queue.sent(batch.len(), LocationTransport::Hub)
                        }
                        Ok(Ok(result)) => {
                            let why = result.get("error").and_then(Value::as_str).unwrap_or("unitLocation failed").to_string();
                            queue.failed(batch, LocationTransport::Hub, why);
                        }
                        Ok(Err(e)) => queue.failed(batch, LocationTransport::Hub, e.message),
                        Err(_) => queue.failed(batch, LocationTransport::Hub, "the hub did not answer unitLocation in time".into()),
                    }
                }
            }
        }
        // Over REST: everything REST takes when the hub is down; `discord` targets always
        // (between hub calls, so that neither kind starves the other).
        let over_rest = |l: &UnitLocation| if hub.is_some() { !l.hub_ok() } else { l.rest_ok() };
        let hub_work = hub.is_some() && queue.any(UnitLocation::hub_ok);
        if !queue.any(over_rest) {
            if !hub_work {
                // Only positions that wait for the hub (identId targets): look again soon.
                tokio::time::sleep(RECHECK).await;
            }
            continue;
        }
        // The pacer allows a burst (12 at once, then nothing for a minute): a stream spreads
        // its calls evenly instead (one every 5 s at 12/min), so the map never freezes.
        if Instant::now() < next_rest_call {
            if !hub_work {
                tokio::time::sleep_until(next_rest_call.min(Instant::now() + RECHECK)).await;
            }
            continue;
        }
        if let Some(pacer) = &pacer {
            if let Err(wait) = pacer.local.reserve(Instant::now(), Duration::ZERO) {
                // No budget yet: positions keep merging; look again (the hub may be back).
                if !hub_work {
                    tokio::time::sleep(wait.min(RECHECK)).await;
                }
                continue;
            }
        }
        if let Some(pacer) = &pacer {
            let limit = pacer.limit();
            next_rest_call = Instant::now() + limit.period / limit.requests.max(1);
        }
        let batch = queue.take(usize::MAX, over_rest);
        match send_rest(&shared, op, &batch).await {
            Ok(()) => queue.sent(batch.len(), LocationTransport::Rest),
            Err(e) => {
                if let (Some(pacer), ErrorKind::RateLimited) = (&pacer, e.kind) {
                    let wait = Duration::from_millis(e.retry_after_ms.unwrap_or(5_000));
                    pacer.pause_until(Instant::now() + wait);
                }
                queue.failed(batch, LocationTransport::Rest, e.message);
            }
        }
    }
}

/// One `update_unit_locations_v2` call with `batch` (its pacer slot already reserved).
async fn send_rest(shared: &Arc<Shared>, op: &'static operations::Operation, batch: &[UnitLocation]) -> Result<()> {
    let config = &shared.transport.config;
    let params = json!({"updates": batch.iter().map(UnitLocation::rest_update).collect::<Vec<_>>()});
    let valid = op.validate(&params, config.default_server_id)?;
    let request = build(shared, op, valid)?;
    let deadline = Instant::now() + config.timeout;
    // The stream reserved the send time; the pacer still hears the server's count and 429s.
    let pacer = shared.pacers.get(op.name).cloned();
    shared.transport.clone().run(op, pacer, request, deadline, true, crate::budget::Priority::Normal).await.map(drop)
}
