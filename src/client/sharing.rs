//! Spending each route's budget well: the read cache, identical reads sharing one request,
//! and writes that take lists going out merged while they wait for budget (with latest wins
//! for unit state).
//!
//! Everything here runs in the caller's request task on the I/O thread; the shared requests
//! run in tasks of their own, so that a caller that cancels or times out leaves the others
//! their request. Each caller still completes exactly once, by its own [`super::Completion`].

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::send::{build, build_with_body};
use super::Shared;
use crate::budget::{Limiter, Priority};
use crate::error::{Error, ErrorKind, Result};
use crate::operations::{Merge, Operation, Subject};
use crate::response::{Body, Response};
use crate::sync::lock;
use crate::transport::{millis, refused_by_pacing};

/// The most items (targets, ids, updates, kicks) one merged request carries.
pub const MAX_MERGED_ITEMS: usize = 100;

/// The most answers the read cache keeps; past it, expired ones are dropped first and new
/// ones are not kept.
const MAX_CACHED: usize = 4096;

/// The unit targets of `set_unit_status_v2` / `set_unit_panic_v2`, by their names on the wire.
const TARGET_KEYS: [&str; 6] = ["communityUserId", "communityUserIds", "identIds", "roblox", "discord", "accountUuid"];

/// A client's shared requests: cached answers, reads in flight, writes waiting for budget.
#[derive(Default)]
pub(super) struct Sharing {
    cache: Mutex<Cache>,
    flights: Mutex<HashMap<String, Flight>>,
    writes: Mutex<HashMap<&'static str, Waiting>>,
}

#[derive(Default)]
struct Cache {
    answers: HashMap<String, Cached>,
    /// Bumped by every write of a subject: an answer to a read that began before is not kept.
    generations: HashMap<Subject, u64>,
}

struct Cached {
    response: Response,
    /// When its request was handed to the transport (its age counts from there).
    sent_at: Instant,
    expires_at: Instant,
    touches: &'static [Subject],
}

/// A read in flight that identical reads join.
struct Flight {
    answer: Arc<watch::Sender<Option<Result<Response>>>>,
    /// The latest deadline of the callers waiting for it.
    deadline: Instant,
}

/// The writes of one operation waiting for budget.
#[derive(Default)]
struct Waiting {
    /// In the order they go out: each send time reserved takes the first.
    batches: VecDeque<Batch>,
    /// Send times reserved and not yet come; more than `batches` when latest wins emptied one.
    slots: usize,
}

/// Calls that go out as one request.
struct Batch {
    key: String,
    entries: Vec<Entry>,
}

impl Batch {
    /// The items its calls carry together, against [`MAX_MERGED_ITEMS`].
    fn items(&self) -> usize {
        self.entries.iter().map(|e| e.items).sum()
    }
}

/// One caller's write in a batch.
struct Entry {
    params: Map<String, Value>,
    target: Option<Target>,
    /// The targets, ids, updates or kicks it carries.
    items: usize,
    deadline: Instant,
    reply: oneshot::Sender<Result<Response>>,
    state: Arc<AtomicU8>,
}

/// An entry waits; its batch took it (it is sent); its caller withdrew it (never sent).
const WAITING: u8 = 0;
const TAKEN: u8 = 1;
const WITHDRAWN: u8 = 2;

/// Which units a unit write names: the kind of target (`communityUserIds` also for one
/// `communityUserId`) and its values.
#[derive(Debug, Clone, PartialEq)]
struct Target {
    kind: &'static str,
    values: Vec<Value>,
}

impl Target {
    fn of(params: &Map<String, Value>) -> Option<Target> {
        TARGET_KEYS.iter().find_map(|key| {
            let value = params.get(*key)?;
            Some(match *key {
                "communityUserId" => Target { kind: "communityUserIds", values: vec![value.clone()] },
                "communityUserIds" | "identIds" => Target { kind: key, values: value.as_array().cloned().unwrap_or_default() },
                other => Target { kind: other, values: vec![value.clone()] },
            })
        })
    }

    /// Whether calls with this kind of target can be gathered into one list.
    fn mergeable(&self) -> bool {
        matches!(self.kind, "communityUserIds" | "identIds")
    }

    fn covers(&self, older: &Target) -> bool {
        self.kind == older.kind && older.values.iter().all(|v| self.values.contains(v))
    }
}

/// Sends one call (`params` as [`Operation::validate`] returned them) through the cache,
/// a shared read or a merged write, as the config and the operation allow.
///
/// A high-priority call (see [`Priority`]) is never shared with normal ones: it would wait
/// for their turn. A read still answers from the cache, but does not join an identical read
/// in flight (which may be waiting for budget): it goes as its own request, with its
/// priority. A write does not join a merge batch: it goes as its own request with its
/// priority ([`urgent_write`]).
pub(super) async fn dispatch(
    shared: &Arc<Shared>,
    op: &'static Operation,
    params: Map<String, Value>,
    deadline: Instant,
    priority: Priority,
) -> Result<Response> {
    let config = &shared.transport.config;
    if op.idempotent {
        let fresh = config.cache.get(op.name).copied();
        let coalesce = config.coalesce_reads && priority == Priority::Normal;
        if fresh.is_none() && !coalesce {
            return send(shared, op, params, deadline, priority).await;
        }
        let key = format!("{} {}", op.name, serde_json::to_string(&params).unwrap_or_default());
        if let Some(fresh) = fresh {
            if let Some(answer) = shared.sharing.cached(&key, fresh) {
                shared.transport.count(op.name, |a| a.cached += 1);
                return Ok(answer);
            }
        }
        if coalesce {
            return shared_read(shared, op, key, params, deadline, fresh).await;
        }
        return send_and_keep(shared, op, key, params, deadline, priority, fresh).await;
    }
    let batched = match op.merge {
        Some(Merge::Targets) => config.merge_writes || config.latest_wins,
        Some(_) => config.merge_writes,
        None => false,
    };
    let result = match (op.merge, shared.pacers.get(op.name)) {
        (Some(merge), Some(pacer)) if batched && priority == Priority::Normal => {
            merged(shared, op, merge, pacer.clone(), params, deadline).await
        }
        (Some(merge), Some(pacer)) if batched => urgent_write(shared, op, merge, pacer, params, deadline).await,
        _ => send(shared, op, params, deadline, priority).await,
    };
    shared.sharing.forget(op);
    result
}

/// A read that must be fresh (the mirror's): never answered from the cache nor joined to
/// a read in flight, but paced, limited and retried as any, and its answer kept in the
/// cache for the other readers of the same parameters.
pub(super) async fn fresh_read(
    shared: &Arc<Shared>,
    op: &'static Operation,
    params: Map<String, Value>,
    deadline: Instant,
) -> Result<Response> {
    let fresh = shared.transport.config.cache.get(op.name).copied();
    let key = format!("{} {}", op.name, serde_json::to_string(&params).unwrap_or_default());
    send_and_keep(shared, op, key, params, deadline, Priority::Normal, fresh).await
}

/// [`send`], keeping a good answer in the cache under `key` for `fresh` (when the read is
/// cached), unless a write of its subjects completed while it was on the wire.
async fn send_and_keep(
    shared: &Arc<Shared>,
    op: &'static Operation,
    key: String,
    params: Map<String, Value>,
    deadline: Instant,
    priority: Priority,
    fresh: Option<Duration>,
) -> Result<Response> {
    let generation = shared.sharing.generation(op);
    let sent_at = Instant::now();
    let result = send(shared, op, params, deadline, priority).await;
    if let (Ok(response), Some(fresh)) = (&result, fresh) {
        shared.sharing.keep(op, key, response, sent_at, fresh, generation);
    }
    result
}

/// One request for `op` by `deadline`, paced (with `priority` among the calls of `op`
/// waiting) and retried.
pub(super) async fn send(
    shared: &Arc<Shared>,
    op: &'static Operation,
    params: Map<String, Value>,
    deadline: Instant,
    priority: Priority,
) -> Result<Response> {
    let request = build(shared, op, params)?;
    let pacer = shared.pacers.get(op.name).cloned();
    shared.transport.clone().run(op, pacer, request, deadline, false, priority).await
}

/// A high-priority write of an operation whose writes merge while they wait: it never joins
/// a batch (the batch waits for its turn, and the high call would wait with it), but goes
/// as its own request, ahead of the batches waiting (each holds a normal send time, which it
/// may take). With latest wins, the unit writes still waiting that it covers (the same units
/// on the same server) are superseded, since otherwise they would land after it and undo
/// it; only when it is sure to go in time (its turn, counting the time it would take from a
/// waiting batch, comes by its deadline), so a refused call replaces nothing.
async fn urgent_write(
    shared: &Arc<Shared>,
    op: &'static Operation,
    merge: Merge,
    pacer: &Limiter,
    params: Map<String, Value>,
    deadline: Instant,
) -> Result<Response> {
    let target = (merge == Merge::Targets && shared.transport.config.latest_wins).then(|| Target::of(&params)).flatten();
    if let Some(target) = target {
        let now = Instant::now();
        let turn = pacer.local.next_free(now);
        let turn = pacer.local.room().earliest_normal(now).map_or(turn, |normal| normal.min(turn));
        if turn <= deadline {
            let superseded = {
                let mut writes = lock(&shared.sharing.writes);
                writes.entry(op.name).or_default().remove_covered(None, params.get("serverId"), &target)
            };
            complete_superseded(op, superseded);
        }
    }
    send(shared, op, params, deadline, Priority::High).await
}

impl Sharing {
    /// A fresh cached answer to `key`, with its age.
    fn cached(&self, key: &str, fresh: Duration) -> Option<Response> {
        let cache = lock(&self.cache);
        let cached = cache.answers.get(key)?;
        let age = cached.sent_at.elapsed();
        if age >= fresh {
            return None;
        }
        let mut response = cached.response.clone();
        response.cached_age_ms = Some(millis(age));
        Some(response)
    }

    /// Where the writes of `op`'s subjects stand (they only ever grow).
    fn generation(&self, op: &Operation) -> u64 {
        let cache = lock(&self.cache);
        op.touches.iter().map(|s| cache.generations.get(s).copied().unwrap_or(0)).sum()
    }

    /// Keeps an answer of `op` for `fresh` from `sent_at`, unless a write of its subjects
    /// completed since the read began (`generation`).
    fn keep(&self, op: &'static Operation, key: String, response: &Response, sent_at: Instant, fresh: Duration, generation: u64) {
        if self.generation(op) != generation {
            return;
        }
        let mut cache = lock(&self.cache);
        let now = Instant::now();
        if cache.answers.len() >= MAX_CACHED {
            cache.answers.retain(|_, cached| cached.expires_at > now);
            if cache.answers.len() >= MAX_CACHED {
                return;
            }
        }
        cache.answers.insert(key, Cached { response: response.clone(), sent_at, expires_at: sent_at + fresh, touches: op.touches });
    }

    /// Drops the cached answers a write of `op` may have changed.
    fn forget(&self, op: &Operation) {
        let mut cache = lock(&self.cache);
        for subject in op.touches {
            *cache.generations.entry(*subject).or_insert(0) += 1;
        }
        cache.answers.retain(|_, cached| !cached.touches.iter().any(|s| op.touches.contains(s)));
    }
}

/// A read shared with every identical read that comes while it is in flight.
async fn shared_read(
    shared: &Arc<Shared>,
    op: &'static Operation,
    key: String,
    params: Map<String, Value>,
    deadline: Instant,
    fresh: Option<Duration>,
) -> Result<Response> {
    let mut answer = {
        let mut flights = lock(&shared.sharing.flights);
        match flights.get_mut(&key) {
            Some(flight) => {
                flight.deadline = flight.deadline.max(deadline);
                shared.transport.count(op.name, |a| a.coalesced += 1);
                flight.answer.subscribe()
            }
            None => {
                let (sender, receiver) = watch::channel(None);
                let sender = Arc::new(sender);
                flights.insert(key.clone(), Flight { answer: sender.clone(), deadline });
                tokio::spawn(fly(shared.clone(), op, key, params, fresh, sender));
                receiver
            }
        }
    };
    let result = match tokio::time::timeout_at(deadline, answer.wait_for(Option::is_some)).await {
        Ok(Ok(result)) => {
            result.clone().unwrap_or_else(|| Err(Error::new(ErrorKind::Internal, "a shared read completed without an answer")))
        }
        Ok(Err(_)) => Err(Error::new(ErrorKind::Cancelled, "the request was cancelled: the client was shut down")),
        Err(_) => Err(Error::new(ErrorKind::Timeout, "no answer within the call's timeout (the shared request is still in flight)")),
    };
    result
}

/// Runs a shared read until it answers, then hands the answer to every caller still
/// waiting; abandoned (not sent, or its answer not read) when every caller has gone.
async fn fly(
    shared: Arc<Shared>,
    op: &'static Operation,
    key: String,
    params: Map<String, Value>,
    fresh: Option<Duration>,
    answer: Arc<watch::Sender<Option<Result<Response>>>>,
) {
    let flight_deadline = |shared: &Shared| lock(&shared.sharing.flights).get(&key).map(|f| f.deadline);
    let generation = shared.sharing.generation(op);
    let sent_at = Instant::now();
    let result = loop {
        let Some(deadline) = flight_deadline(&shared) else { return };
        let request = send(&shared, op, params.clone(), deadline, Priority::Normal);
        tokio::pin!(request);
        let result = loop {
            tokio::select! {
                result = &mut request => break result,
                () = answer.closed() => {
                    let mut flights = lock(&shared.sharing.flights);
                    if answer.receiver_count() == 0 {
                        flights.remove(&key);
                        return;
                    }
                }
            }
        };
        // A caller that joined later may still have time the first deadline did not give.
        let later = flight_deadline(&shared).is_some_and(|latest| latest > deadline && latest > Instant::now() + Duration::from_millis(50));
        if !(later && matches!(&result, Err(e) if e.kind == ErrorKind::Timeout)) {
            break result;
        }
    };
    if let (Ok(response), Some(fresh)) = (&result, fresh) {
        shared.sharing.keep(op, key.clone(), response, sent_at, fresh, generation);
    }
    lock(&shared.sharing.flights).remove(&key);
    answer.send_replace(Some(result));
}

/// Withdraws a caller's entry when its task ends before the entry was taken (cancelled,
/// timed out, or the client shut down), so that it is never sent.
struct Withdraw(Arc<AtomicU8>);

impl Withdraw {
    /// Whether the entry was still waiting (and now never will be sent).
    fn withdraw(&self) -> bool {
        self.0.compare_exchange(WAITING, WITHDRAWN, Ordering::SeqCst, Ordering::SeqCst).is_ok()
    }
}

impl Drop for Withdraw {
    fn drop(&mut self) {
        self.withdraw();
    }
}

/// A write that may wait for budget with others of its kind and go out with them.
///
/// While more than half of the route's budget is left it goes at once, alone. Past that,
/// calls wait for the next send time, at most one per `period / limit` (so a burst cannot
/// spend the rest of the window), and those arriving meanwhile with the same merge key join
/// them. A batch that fails as a client error (`bad_request`, `not_found`) is sent again call
/// by call, so no caller is told another's mistake.
async fn merged(
    shared: &Arc<Shared>,
    op: &'static Operation,
    merge: Merge,
    pacer: Arc<Limiter>,
    params: Map<String, Value>,
    deadline: Instant,
) -> Result<Response> {
    let config = &shared.transport.config;
    let target = (merge == Merge::Targets).then(|| Target::of(&params)).flatten();
    let key = merge_key(merge, &params, target.as_ref(), config.merge_writes);
    let items = match merge {
        Merge::Targets => target.as_ref().map_or(1, |t| t.values.len()),
        Merge::List(field) => params.get(field).and_then(Value::as_array).map_or(1, Vec::len),
        Merge::Array => 1,
    };
    let (reply, answer) = oneshot::channel();
    let state = Arc::new(AtomicU8::new(WAITING));
    let mut superseded = Vec::new();
    // What to do once the lock is released.
    enum Next {
        Wait,
        SendNow(Map<String, Value>),
        Refused(Duration),
    }
    let next = {
        let mut writes = lock(&shared.sharing.writes);
        let waiting = writes.entry(op.name).or_default();
        // Latest wins once this call is sure to go: a refused call replaces nothing.
        let covered = target.clone().filter(|_| config.latest_wins).map(|t| (t, params.get("serverId").cloned()));
        let entry = Entry { params, target, items, deadline, reply, state: state.clone() };
        let now = Instant::now();
        let limit = pacer.limit();
        let next = if let Some(batch) = waiting.batches.iter_mut().find(|b| b.key == key && b.items() + items <= MAX_MERGED_ITEMS) {
            batch.entries.push(entry);
            shared.transport.count(op.name, |a| a.merged += 1);
            Next::Wait
        } else if waiting.batches.is_empty() && pacer.local.budget(now).remaining > limit.requests / 2 {
            Next::SendNow(entry.params)
        } else {
            let spacing = limit.period / limit.requests.max(1);
            let slot = if waiting.slots > waiting.batches.len() {
                Ok(None)
            } else {
                pacer.local.reserve_spaced(now, deadline.saturating_duration_since(now), spacing).map(Some)
            };
            match slot {
                Ok(at) => {
                    if let Some(at) = at {
                        waiting.slots += 1;
                        tokio::spawn(send_batch(shared.clone(), op, merge, pacer.clone(), at));
                    }
                    waiting.batches.push_back(Batch { key: key.clone(), entries: vec![entry] });
                    Next::Wait
                }
                Err(wait) => Next::Refused(wait),
            }
        };
        if let (Some((target, server)), false) = (&covered, matches!(next, Next::Refused(_))) {
            superseded = waiting.remove_covered(Some(&key), server.as_ref(), target);
        }
        next
    };
    complete_superseded(op, superseded);
    match next {
        Next::Wait => {}
        Next::SendNow(params) => return send(shared, op, params, deadline, Priority::Normal).await,
        Next::Refused(wait) => return Err(refused_by_pacing(op, &pacer, wait)),
    }
    let withdraw = Withdraw(state);
    match tokio::time::timeout_at(deadline, answer).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(Error::new(ErrorKind::Cancelled, "the request was cancelled: the client was shut down")),
        Err(_) if withdraw.withdraw() => Err(Error::new(
            ErrorKind::RateLimited,
            format!("client-side pacing: {} waited for budget until its timeout and was not sent", op.name),
        )),
        Err(_) => Err(Error::new(ErrorKind::Timeout, "no answer within the call's timeout (the merged request was sent)")),
    }
}

/// The key of the calls that may go out together: everything but what is merged.
fn merge_key(merge: Merge, params: &Map<String, Value>, target: Option<&Target>, merge_writes: bool) -> String {
    let mut rest = params.clone();
    match merge {
        Merge::Targets => {
            rest.retain(|k, _| !TARGET_KEYS.contains(&k.as_str()));
            let mut key = Value::Object(rest).to_string();
            if !merge_writes {
                // Waiting only so that latest wins: never with another call.
                static NEXT: AtomicU64 = AtomicU64::new(0);
                key.push_str(&NEXT.fetch_add(1, Ordering::Relaxed).to_string());
            } else if let Some(target) = target {
                key.push_str(target.kind);
                if !target.mergeable() {
                    // Only with calls for the very same target.
                    key.push_str(&Value::Array(target.values.clone()).to_string());
                }
            }
            key
        }
        Merge::List(field) => {
            rest.remove(field);
            Value::Object(rest).to_string()
        }
        Merge::Array => params.get("serverId").map(Value::to_string).unwrap_or_default(),
    }
}

impl Waiting {
    /// Takes out the waiting calls for a target `target` covers, on `server`, in batches
    /// of another merge key than `key` (other fields: a newer state for the same units);
    /// batches left empty go too.
    fn remove_covered(&mut self, key: Option<&str>, server: Option<&Value>, target: &Target) -> Vec<Entry> {
        let mut removed = Vec::new();
        for batch in self.batches.iter_mut().filter(|b| key != Some(b.key.as_str())) {
            let (gone, kept): (Vec<Entry>, Vec<Entry>) = std::mem::take(&mut batch.entries).into_iter().partition(|entry| {
                entry.params.get("serverId") == server && entry.target.as_ref().is_some_and(|older| target.covers(older))
            });
            batch.entries = kept;
            removed.extend(gone);
        }
        self.batches.retain(|b| !b.entries.is_empty());
        removed
    }
}

fn complete_superseded(op: &Operation, superseded: Vec<Entry>) {
    for entry in superseded {
        let _ = entry.reply.send(Err(Error::new(
            ErrorKind::Superseded,
            format!("replaced before it was sent by a newer {} for the same target", op.name),
        )));
    }
}

/// At its reserved send time `at`, sends the first batch waiting for `op` as one request
/// and completes each of its callers.
async fn send_batch(shared: Arc<Shared>, op: &'static Operation, merge: Merge, pacer: Arc<Limiter>, at: Instant) {
    // Never refused: each caller in the batch keeps its own deadline. A high call of the
    // route may take this time and give a later one.
    let _ = pacer.wait_turn(at, Priority::Normal, None).await;
    let batch = {
        let mut writes = lock(&shared.sharing.writes);
        let waiting = writes.entry(op.name).or_default();
        waiting.slots = waiting.slots.saturating_sub(1);
        waiting.batches.pop_front()
    };
    let Some(batch) = batch else { return };
    let live: Vec<Entry> = batch
        .entries
        .into_iter()
        .filter(|e| e.state.compare_exchange(WAITING, TAKEN, Ordering::SeqCst, Ordering::SeqCst).is_ok())
        .collect();
    let Some(deadline) = live.iter().map(|e| e.deadline).max() else { return };
    if live.len() == 1 {
        let Some(entry) = live.into_iter().next() else { return };
        let result = match build(&shared, op, entry.params) {
            Ok(request) => shared.transport.clone().run(op, Some(pacer), request, deadline, true, Priority::Normal).await,
            Err(e) => Err(e),
        };
        let _ = entry.reply.send(result);
        return;
    }
    let result = match merged_request(&shared, op, merge, &live) {
        Ok(request) => shared.transport.clone().run(op, Some(pacer), request, deadline, true, Priority::Normal).await,
        Err(e) => Err(e),
    };
    match result {
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::NotFound) => {
            // One call's mistake (an unknown id, a user with no unit) must not fail the rest.
            for entry in live {
                let shared = shared.clone();
                tokio::spawn(async move {
                    let result = send(&shared, op, entry.params, entry.deadline, Priority::Normal).await;
                    let _ = entry.reply.send(result);
                });
            }
        }
        result => {
            let shares = share(merge, &result, live.len());
            for (entry, result) in live.into_iter().zip(shares) {
                let _ = entry.reply.send(result);
            }
        }
    }
}

/// The one request that carries every call of `entries` (two or more).
fn merged_request(shared: &Shared, op: &Operation, merge: Merge, entries: &[Entry]) -> Result<reqwest::Request> {
    let first = &entries[0].params;
    match merge {
        Merge::Targets => {
            let mut params = first.clone();
            params.retain(|k, _| !TARGET_KEYS.contains(&k.as_str()));
            let target = entries[0].target.as_ref();
            let kind = target.map_or("communityUserIds", |t| t.kind);
            let mut values: Vec<Value> = Vec::new();
            for value in entries.iter().filter_map(|e| e.target.as_ref()).flat_map(|t| t.values.iter()) {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
            let values =
                if target.is_none_or(Target::mergeable) { Value::Array(values) } else { values.into_iter().next().unwrap_or(Value::Null) };
            params.insert(kind.into(), values);
            build(shared, op, params)
        }
        Merge::List(field) => {
            let mut params = first.clone();
            let mut items: Vec<Value> = Vec::new();
            for item in entries.iter().filter_map(|e| e.params.get(field)?.as_array()).flatten() {
                // The latest of two items for the same thing wins (a unit's newest position).
                match items.iter().position(|seen| same_item(seen, item)) {
                    Some(i) => items[i] = item.clone(),
                    None => items.push(item.clone()),
                }
            }
            params.insert(field.into(), Value::Array(items));
            build(shared, op, params)
        }
        Merge::Array => {
            let path: Map<String, Value> =
                first.iter().filter(|(k, _)| k.as_str() == "serverId").map(|(k, v)| (k.clone(), v.clone())).collect();
            let body = entries
                .iter()
                .map(|e| {
                    Value::Object(e.params.iter().filter(|(k, _)| k.as_str() != "serverId").map(|(k, v)| (k.clone(), v.clone())).collect())
                })
                .collect();
            build_with_body(shared, op, path, Some(Value::Array(body)))
        }
    }
}

/// Whether two list items name the same thing: equal ids, or updates for the same user.
fn same_item(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            ["communityUserId", "roblox", "discord"].iter().any(|k| a.get(*k).is_some_and(|v| b.get(*k) == Some(v)))
        }
        _ => a == b,
    }
}

/// Each caller's share of a merged answer: for a kick array, the caller's own entry of
/// `kicked` (in the order sent) where the server answered one per call; else the whole.
fn share(merge: Merge, result: &Result<Response>, callers: usize) -> Vec<Result<Response>> {
    if let (Merge::Array, Ok(response)) = (merge, result) {
        if let Some(Value::Array(kicked)) = response.body.to_value().get("kicked") {
            if kicked.len() == callers {
                return kicked
                    .iter()
                    .map(|one| {
                        let raw = serde_json::value::to_raw_value(one).map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
                        Ok(Response::new(response.status, Body::Json(raw)))
                    })
                    .collect();
            }
        }
    }
    vec![result.clone(); callers]
}
