//! The live mirror: the community's online units and its open calls of one server, kept
//! current by push events and read at no cost.
//!
//! `get_units_v2` allows 3 requests a minute per key and `get_calls_v2` 5, shared by every
//! game server of the community: a script that asks them every tick spends the budget or
//! shows stale data. The mirror reads them once when it starts (every page of units, the
//! calls), then applies each push event as it arrives, before any host handler sees it
//! (unit login, logout, status, panic and groups; 911 calls placed and removed; dispatch
//! calls created, edited, closed, noted, units attached and detached), the dispatch writes
//! this client makes (the CAD sends no event for those), and the positions the game pushes.
//! It reads again when the picture may be wrong: after the hub reconnects (events sent while
//! no session was up went to the HTTP listener, or nowhere), after the event queue dropped
//! events, when an event names a unit or call it does not hold, and every few minutes. Those
//! causes coalesce into one read, spaced so they never take more than part of the route's
//! budget, and each is told to the host: a `MIRROR_GAP` event when a gap is found and a
//! `MIRROR_RESYNCED` event when the picture is whole again.
//!
//! Reads never make a request and never wait for the network: they copy references out of
//! the picture under a short lock. Each carries a version that grows with every change, so
//! a host can skip work when nothing changed.
//!
//! ```no_run
//! use sonoran::mirror::MirrorOptions;
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key").with_default_server_id(1))?;
//! client.start_mirror(&MirrorOptions::default())?;
//! let mirror = client.mirror();
//! let mut seen = 0;
//! loop {
//!     // Once a tick, on the game's thread: no request, no waiting.
//!     if let Some(units) = mirror.units_since(seen) {
//!         seen = units.version;
//!         println!("{} units on duty", units.units.len());
//!     }
//! #   break;
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

mod picture;

use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use crate::api::emergency::models::{DispatchCall, EmergencyCall, Unit};
use crate::error::{Error, Result};
use crate::push::{now_ms, ReceivedEvent};
use crate::sync::lock;
pub(crate) use picture::Change;
use picture::Picture;

/// The event type of the gap notice: events may have been missed.
pub const MIRROR_GAP: &str = "MIRROR_GAP";
/// The event type of the notice that the mirror was read again and is whole.
pub const MIRROR_RESYNCED: &str = "MIRROR_RESYNCED";

/// The dispatch and 911 writes whose answers change the mirror (the CAD sends no event for
/// the dispatch ones).
pub(crate) const OWN_WRITES: &[&str] = &[
    "create_dispatch_call_v2",
    "create_custom_dispatch_call_v2",
    "update_dispatch_call_v2",
    "close_dispatch_calls_v2",
    "attach_units_to_dispatch_call_v2",
    "detach_units_from_dispatch_call_v2",
    "set_dispatch_postal_v2",
    "set_dispatch_primary_v2",
    "add_dispatch_note_v2",
    "create_emergency_call_v2",
    "delete_emergency_call_v2",
];

/// The event types the mirror applies.
const APPLIED: &[&str] = &[
    "EVENT_UNIT_LOGIN",
    "EVENT_UNIT_LOGOUT",
    "EVENT_UNIT_STATUS",
    "EVENT_UNIT_PANIC",
    "EVENT_UNIT_GROUP_ADD",
    "EVENT_UNIT_GROUP_REMOVE",
    "EVENT_UNIT_GROUP_CHANGE_NAME",
    "EVENT_911",
    "EVENT_REMOVE_911",
    "EVENT_DISPATCH_NEW",
    "EVENT_DISPATCH_EDIT",
    "EVENT_DISPATCH_CLOSED",
    "EVENT_DISPATCH_NOTE",
    "EVENT_DISPATCH_UNIT_ATTACH",
    "EVENT_DISPATCH_UNIT_DETACH",
];

/// How the mirror runs (`"mirror": true | {...}` in the events options, `sonoran_mirror_start`,
/// Lua's `client:startMirror`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MirrorOptions {
    /// The server to mirror; the events' server (or the client's default) when `None`.
    pub server_id: Option<u64>,
    /// Read everything again this often, in case an event was lost without a sign (5 min).
    pub resync_interval: Duration,
    /// At least this long between two reads of the mirror (30 s): `get_units_v2` allows 3
    /// a minute, so a burst of causes never takes more than 2 of them.
    pub min_resync_interval: Duration,
    /// How long one read may wait for budget and the network (90 s).
    pub read_timeout: Duration,
}

impl Default for MirrorOptions {
    fn default() -> Self {
        MirrorOptions {
            server_id: None,
            resync_interval: Duration::from_secs(300),
            min_resync_interval: Duration::from_secs(30),
            read_timeout: Duration::from_secs(90),
        }
    }
}

impl MirrorOptions {
    /// Options from JSON: `true` (the defaults), `false`/`null` (no mirror: `None`), or an
    /// object of `serverId`, `resyncMs`, `minResyncMs`, `readTimeoutMs`. Unknown keys are
    /// refused, naming them.
    pub fn from_value(value: &Value) -> Result<Option<MirrorOptions>> {
        let mut options = MirrorOptions::default();
        let map = match value {
            Value::Null | Value::Bool(false) => return Ok(None),
            Value::Bool(true) => return Ok(Some(options)),
            Value::Object(map) => map,
            _ => return Err(Error::invalid("mirror", "must be true, false or an object of mirror options")),
        };
        for (key, value) in map {
            let millis = || {
                value
                    .as_u64()
                    .filter(|ms| *ms > 0)
                    .map(Duration::from_millis)
                    .ok_or_else(|| Error::invalid(key, "must be a positive number of milliseconds"))
            };
            match key.as_str() {
                "serverId" => {
                    let id = match value {
                        Value::String(s) => s.trim().parse().ok(),
                        _ => value.as_u64(),
                    };
                    options.server_id =
                        Some(id.filter(|id| *id > 0).ok_or_else(|| Error::invalid("serverId", "must be a positive integer"))?);
                }
                "resyncMs" => options.resync_interval = millis()?,
                "minResyncMs" => options.min_resync_interval = millis()?,
                "readTimeoutMs" => options.read_timeout = millis()?,
                other => return Err(Error::invalid(other, "is not a mirror option (serverId, resyncMs, minResyncMs, readTimeoutMs)")),
            }
        }
        Ok(Some(options))
    }

    /// [`MirrorOptions::from_value`] from JSON text (empty: the defaults).
    pub fn from_json(text: &str) -> Result<MirrorOptions> {
        if text.trim().is_empty() {
            return Ok(MirrorOptions::default());
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid("options", format_args!("is not valid JSON ({})", crate::config::position(&e))))?;
        let value = if value.is_null() { Value::Bool(true) } else { value };
        Ok(MirrorOptions::from_value(&value)?.unwrap_or_default())
    }
}

/// What the mirror has done (`sonoran_mirror_status`, Lua's `client:mirrorStatus()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct MirrorStatus {
    /// Whether it runs (started, and events not stopped).
    pub running: bool,
    /// The server it mirrors.
    pub server_id: u64,
    /// Whether the first read is in: before it the picture is empty.
    pub seeded: bool,
    /// The version of the picture (0 before the first read).
    pub version: u64,
    /// Whether nothing is known to be missing: seeded, running, the hub up, no read owed.
    pub complete: bool,
    /// Units and open dispatch and 911 calls held.
    pub units: usize,
    /// Open dispatch calls held.
    pub calls: usize,
    /// 911 calls held.
    pub emergency_calls: usize,
    /// Reads of the picture done (the first included).
    pub resyncs: u64,
    /// When the last read completed (milliseconds since the Unix epoch).
    pub last_resync_ms: Option<u64>,
    /// Why the last read was made (`start`, `hub_reconnect`, `queue_overflow`,
    /// `unknown_unit`, `unknown_call`, `own_write`, `periodic`).
    pub last_resync_reasons: Vec<String>,
    /// A read is owed or on the wire now, and why.
    pub resync_pending: Vec<String>,
    /// Gaps found (hub reconnects, queue overflows).
    pub gaps: u64,
    /// Events that changed the picture.
    pub events_applied: u64,
    /// Own dispatch writes that changed it.
    pub own_writes_applied: u64,
    /// Pushed positions that changed it.
    pub locations_applied: u64,
    /// Ids still unknown after a read, ignored until the next periodic read.
    pub ignored: usize,
    /// Why the last read failed, when it did (never holds the key).
    pub last_error: Option<String>,
}

impl MirrorStatus {
    /// As JSON, with camelCase names.
    pub fn to_value(&self) -> Value {
        json!({
            "running": self.running,
            "serverId": self.server_id,
            "seeded": self.seeded,
            "version": self.version,
            "complete": self.complete,
            "units": self.units,
            "calls": self.calls,
            "emergencyCalls": self.emergency_calls,
            "resyncs": self.resyncs,
            "lastResyncMs": self.last_resync_ms,
            "lastResyncReasons": self.last_resync_reasons,
            "resyncPending": self.resync_pending,
            "gaps": self.gaps,
            "eventsApplied": self.events_applied,
            "ownWritesApplied": self.own_writes_applied,
            "locationsApplied": self.locations_applied,
            "ignored": self.ignored,
            "lastError": self.last_error,
        })
    }
}

/// The units at one version, as `get_units_v2` lists them (shared, not copied).
#[derive(Debug, Clone)]
pub struct UnitsRead {
    /// The picture's version.
    pub version: u64,
    /// The units, by `identId`.
    pub units: Vec<Arc<Value>>,
}

/// The calls at one version, as `get_calls_v2` lists them (shared, not copied).
#[derive(Debug, Clone)]
pub struct CallsRead {
    /// The picture's version.
    pub version: u64,
    /// The open dispatch calls (`ActiveCalls`), by `callId`.
    pub calls: Vec<Arc<Value>>,
    /// The 911 calls (`EmergencyCalls`), by `callId`.
    pub emergency_calls: Vec<Arc<Value>>,
}

/// The reasons a read is owed, in a stable order.
#[derive(Debug, Default, Clone)]
struct Owed {
    units: bool,
    calls: bool,
    reasons: BTreeSet<&'static str>,
}

impl Owed {
    fn add(&mut self, units: bool, calls: bool, reason: &'static str) {
        self.units |= units;
        self.calls |= calls;
        self.reasons.insert(reason);
    }

    fn any(&self) -> bool {
        self.units || self.calls
    }
}

/// The mirror's state, shared by the client's reads, the event queue's observer and the
/// driver task.
pub(crate) struct Live {
    inner: Mutex<Inner>,
    /// Wakes the driver: a read is owed, a notice waits, or the mirror stopped.
    pub(crate) wake: tokio::sync::Notify,
}

struct Inner {
    picture: Picture,
    version: u64,
    units_version: u64,
    calls_version: u64,
    running: bool,
    /// Bumped by every start: an older driver ends.
    generation: u64,
    server_id: u64,
    options: MirrorOptions,
    seeded: bool,
    /// Changes applied while a read is on the wire, replayed on its answer.
    journal: Option<Vec<Change>>,
    /// What the read on the wire covers (unknown ids met meanwhile wait for its answer).
    reading: Owed,
    owed: Owed,
    /// Ids still unknown after a read: not read for again until the next periodic read.
    ignored_units: HashSet<i64>,
    ignored_calls: HashSet<i64>,
    /// The hub is down (seen by the driver): what arrives now may be incomplete.
    hub_down: bool,
    /// Notices for the host, queued by the driver.
    notices: Vec<(&'static str, Value)>,
    /// Events dropped by the queue, as last seen.
    dropped_seen: u64,
    last_resync: Option<(Instant, u64)>,
    last_resync_reasons: Vec<String>,
    resyncs: u64,
    gaps: u64,
    events_applied: u64,
    own_writes_applied: u64,
    locations_applied: u64,
    last_error: Option<String>,
    /// The JSON text of the units, the dispatch calls and the 911 calls, each at the version
    /// it was made for: made once per change, however often it is read.
    texts: [Option<(u64, Arc<str>)>; 3],
}

/// What a read must fetch, decided by the driver.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) generation: u64,
    pub(crate) server_id: u64,
    pub(crate) units: bool,
    pub(crate) calls: bool,
    pub(crate) reasons: Vec<&'static str>,
    pub(crate) timeout: Duration,
}

/// What a read fetched: `get_units_v2`'s list, and `get_calls_v2`'s `ActiveCalls` and
/// `EmergencyCalls`, each when the read asked for it.
#[derive(Debug, Default)]
pub(crate) struct Fetched {
    pub(crate) units: Option<Vec<Value>>,
    pub(crate) calls: Option<(Vec<Value>, Vec<Value>)>,
}

/// What the driver should do next.
pub(crate) enum Next {
    /// Stop: the mirror stopped or was started again.
    Stop,
    /// Read now.
    Read(Plan),
    /// Wait until woken, or at most this long.
    Wait(Duration),
}

impl Default for Live {
    fn default() -> Self {
        Live {
            inner: Mutex::new(Inner {
                picture: Picture::default(),
                version: 0,
                units_version: 0,
                calls_version: 0,
                running: false,
                generation: 0,
                server_id: 0,
                options: MirrorOptions::default(),
                seeded: false,
                journal: None,
                reading: Owed::default(),
                owed: Owed::default(),
                ignored_units: HashSet::new(),
                ignored_calls: HashSet::new(),
                hub_down: false,
                notices: Vec::new(),
                dropped_seen: 0,
                last_resync: None,
                last_resync_reasons: Vec::new(),
                resyncs: 0,
                gaps: 0,
                events_applied: 0,
                own_writes_applied: 0,
                locations_applied: 0,
                last_error: None,
                texts: [None, None, None],
            }),
            wake: tokio::sync::Notify::new(),
        }
    }
}

/// What a change came from, for the counters.
#[derive(Clone, Copy)]
enum Source {
    Event,
    Write,
    Location,
}

impl Live {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    /// Starts mirroring `server_id` (again: the picture is read anew), the queue having
    /// dropped `dropped` events so far; answers the new generation for the driver.
    pub(crate) fn start(&self, server_id: u64, options: &MirrorOptions, dropped: u64) -> u64 {
        let mut inner = self.lock();
        inner.dropped_seen = dropped;
        if inner.server_id != server_id {
            inner.picture = Picture::default();
            inner.seeded = false;
            inner.texts = [None, None, None];
            if inner.version > 0 {
                inner.version += 1;
                inner.units_version = inner.version;
                inner.calls_version = inner.version;
            }
        }
        inner.running = true;
        inner.generation += 1;
        inner.server_id = server_id;
        inner.options = options.clone();
        inner.journal = None;
        inner.reading = Owed::default();
        inner.owed = Owed::default();
        inner.owed.add(true, true, "start");
        inner.hub_down = false;
        inner.last_error = None;
        let generation = inner.generation;
        drop(inner);
        self.wake.notify_one();
        generation
    }

    /// Stops applying changes and reading; the picture stays readable (not complete).
    pub(crate) fn stop(&self) {
        let mut inner = self.lock();
        if !inner.running {
            return;
        }
        inner.running = false;
        inner.generation += 1;
        inner.journal = None;
        drop(inner);
        self.wake.notify_one();
    }

    /// The server mirrored, while running.
    pub(crate) fn server_id(&self) -> Option<u64> {
        let inner = self.lock();
        inner.running.then_some(inner.server_id)
    }

    /// An event as it arrives, before taps and the queue (on the transport's task).
    pub(crate) fn observe(&self, event: &ReceivedEvent) {
        if !APPLIED.contains(&event.event_type.as_str()) {
            return;
        }
        self.change(Change::Event(event.event_type.clone(), event.data.clone()), Source::Event);
    }

    /// A dispatch or 911 write of this client that succeeded on `server_id`, with its answer.
    pub(crate) fn own_write(&self, operation: &'static str, server_id: Option<u64>, answer: Value) {
        if !OWN_WRITES.contains(&operation) || self.server_id().is_none_or(|s| server_id.is_some_and(|id| id != s)) {
            return;
        }
        self.change(Change::Write(operation, answer), Source::Write);
    }

    /// A position the game pushed.
    pub(crate) fn location(&self, fields: &Map<String, Value>) {
        if self.server_id().is_some() {
            self.change(Change::Location(fields.clone()), Source::Location);
        }
    }

    /// The queue began dropping events: its total count of drops now. One gap per
    /// overflow (the queue tells the first drop until the host empties it), and none while
    /// a read for one is owed or on the wire (the notice itself takes room in a full queue).
    pub(crate) fn dropped(&self, total: u64) {
        let mut inner = self.lock();
        if !inner.running || total <= inner.dropped_seen {
            return;
        }
        let dropped = total - inner.dropped_seen;
        inner.dropped_seen = total;
        if inner.owed.reasons.contains("queue_overflow") || inner.reading.reasons.contains("queue_overflow") {
            return;
        }
        inner.gaps += 1;
        inner.owed.add(true, true, "queue_overflow");
        inner.notices.push((MIRROR_GAP, json!({"reason": "queue_overflow", "dropped": dropped})));
        drop(inner);
        self.wake.notify_one();
    }

    fn change(&self, change: Change, source: Source) {
        let mut inner = self.lock();
        if !inner.running {
            return;
        }
        let applied = inner.picture.apply(&change);
        if let Some(journal) = inner.journal.as_mut() {
            journal.push(change);
        }
        let mut wake = false;
        let unknown_units: Vec<i64> = applied.unknown_units.iter().copied().filter(|id| !inner.ignored_units.contains(id)).collect();
        let unknown_calls: Vec<i64> = applied.unknown_calls.iter().copied().filter(|id| !inner.ignored_calls.contains(id)).collect();
        // What the read on the wire covers waits for its answer (see `finish`).
        if !unknown_units.is_empty() && !inner.reading.units {
            inner.owed.add(true, false, "unknown_unit");
            wake = true;
        }
        if !unknown_calls.is_empty() && !inner.reading.calls {
            inner.owed.add(false, true, "unknown_call");
            wake = true;
        }
        if applied.calls_stale {
            inner.owed.add(false, true, "own_write");
            wake = true;
        }
        if applied.units || applied.calls {
            match source {
                Source::Event => inner.events_applied += 1,
                Source::Write => inner.own_writes_applied += 1,
                Source::Location => inner.locations_applied += 1,
            }
            inner.bump(applied.units, applied.calls);
        }
        drop(inner);
        if wake {
            self.wake.notify_one();
        }
    }

    /// The driver's view of the hub: `Some(down_ms)` when a session came back after being
    /// down that long (a gap), with `down` whether it is down now.
    pub(crate) fn hub_seen(&self, down: bool, reconnected_after: Option<u64>) {
        let mut inner = self.lock();
        if !inner.running {
            return;
        }
        inner.hub_down = down;
        if let Some(down_ms) = reconnected_after {
            inner.gaps += 1;
            inner.owed.add(true, true, "hub_reconnect");
            inner.notices.push((MIRROR_GAP, json!({"reason": "hub_reconnect", "downMs": down_ms})));
        }
    }

    /// Notices waiting for the host.
    pub(crate) fn take_notices(&self) -> Vec<(&'static str, Value)> {
        std::mem::take(&mut self.lock().notices)
    }

    /// What the driver of `generation` does now.
    pub(crate) fn next(&self, generation: u64) -> Next {
        let mut inner = self.lock();
        if !inner.running || inner.generation != generation {
            return Next::Stop;
        }
        let now = Instant::now();
        let options = inner.options.clone();
        if let Some((at, _)) = inner.last_resync {
            if now.duration_since(at) >= options.resync_interval {
                inner.owed.add(true, true, "periodic");
            }
        }
        if !inner.owed.any() {
            let since = inner.last_resync.map_or(Duration::ZERO, |(at, _)| now.duration_since(at));
            return Next::Wait(options.resync_interval.saturating_sub(since));
        }
        // The first read goes at once; later ones keep their distance (failures too).
        if let Some((at, _)) = inner.last_resync {
            let due = at + options.min_resync_interval;
            if due > now {
                return Next::Wait(due - now);
            }
        }
        let owed = std::mem::take(&mut inner.owed);
        if owed.reasons.contains("periodic") {
            inner.ignored_units.clear();
            inner.ignored_calls.clear();
        }
        inner.journal = Some(Vec::new());
        inner.reading = owed.clone();
        Next::Read(Plan {
            generation,
            server_id: inner.server_id,
            units: owed.units,
            calls: owed.calls,
            reasons: owed.reasons.into_iter().collect(),
            timeout: options.read_timeout,
        })
    }

    /// The answer of the read `plan`: the units (`get_units_v2`'s list) and the calls
    /// (`get_calls_v2`'s `ActiveCalls` and `EmergencyCalls`) it fetched, or why it failed.
    /// The picture takes them, then the changes applied meanwhile are replayed on it.
    /// Answers the resynced notice to give the host, if any.
    pub(crate) fn finish(&self, plan: &Plan, answer: Result<Fetched>) -> Option<Value> {
        let mut inner = self.lock();
        if !inner.running || inner.generation != plan.generation {
            return None;
        }
        let journal = inner.journal.take().unwrap_or_default();
        inner.reading = Owed::default();
        inner.last_resync = Some((Instant::now(), now_ms()));
        let Fetched { units, calls } = match answer {
            Ok(answer) => answer,
            Err(error) => {
                // Owed again, after the usual distance.
                for reason in &plan.reasons {
                    inner.owed.add(plan.units, plan.calls, reason);
                }
                inner.last_error = Some(error.message);
                return None;
            }
        };
        let mut fresh = inner.picture.clone();
        if let Some(units) = units {
            fresh.units = units.into_iter().filter_map(|u| Some((picture::ids(u.get("id")).first().copied()?, Arc::new(u)))).collect();
        }
        if let Some((active, emergency)) = calls {
            let by_id = |calls: Vec<Value>| {
                calls.into_iter().filter_map(|c| Some((picture::ids(c.get("callId")).first().copied()?, Arc::new(c)))).collect()
            };
            fresh.calls = by_id(active);
            fresh.emergency = by_id(emergency);
        }
        for change in &journal {
            let applied = fresh.apply(change);
            // Still unknown on a fresh read: not asked for again until the next periodic read.
            inner.ignored_units.extend(applied.unknown_units);
            inner.ignored_calls.extend(applied.unknown_calls);
        }
        let units_changed = fresh.units != inner.picture.units;
        let calls_changed = fresh.calls != inner.picture.calls || fresh.emergency != inner.picture.emergency;
        inner.picture = fresh;
        let first = !inner.seeded;
        inner.seeded = true;
        inner.resyncs += 1;
        inner.last_error = None;
        inner.last_resync_reasons = plan.reasons.iter().map(|r| r.to_string()).collect();
        if units_changed || calls_changed || first {
            inner.bump(units_changed || first, calls_changed || first);
        }
        let only_periodic = plan.reasons == ["periodic"];
        (!only_periodic || units_changed || calls_changed).then(|| {
            json!({
                "reasons": plan.reasons,
                "version": inner.version,
                "units": inner.picture.units.len(),
                "calls": inner.picture.calls.len(),
                "emergencyCalls": inner.picture.emergency.len(),
            })
        })
    }

    /// The version now.
    pub(crate) fn version(&self) -> u64 {
        self.lock().version
    }

    pub(crate) fn status(&self) -> MirrorStatus {
        let inner = self.lock();
        MirrorStatus {
            running: inner.running,
            server_id: inner.server_id,
            seeded: inner.seeded,
            version: inner.version,
            complete: inner.complete(),
            units: inner.picture.units.len(),
            calls: inner.picture.calls.len(),
            emergency_calls: inner.picture.emergency.len(),
            resyncs: inner.resyncs,
            last_resync_ms: inner.last_resync.map(|(_, ms)| ms),
            last_resync_reasons: inner.last_resync_reasons.clone(),
            resync_pending: inner.owed.reasons.iter().chain(inner.reading.reasons.iter()).map(|r| r.to_string()).collect(),
            gaps: inner.gaps,
            events_applied: inner.events_applied,
            own_writes_applied: inner.own_writes_applied,
            locations_applied: inner.locations_applied,
            ignored: inner.ignored_units.len() + inner.ignored_calls.len(),
            last_error: inner.last_error.clone(),
        }
    }
}

impl crate::push::Observer for Live {
    fn event(&self, event: &ReceivedEvent) {
        self.observe(event);
    }

    fn dropped(&self, total: u64) {
        Live::dropped(self, total);
    }
}

impl Inner {
    fn bump(&mut self, units: bool, calls: bool) {
        self.version += 1;
        if units {
            self.units_version = self.version;
        }
        if calls {
            self.calls_version = self.version;
        }
    }

    fn complete(&self) -> bool {
        let gap = |owed: &Owed| owed.reasons.iter().any(|r| *r != "periodic");
        self.running && self.seeded && !self.hub_down && !gap(&self.owed) && !gap(&self.reading)
    }

    fn age_ms(&self) -> Option<u64> {
        self.last_resync.map(|(at, _)| at.elapsed().as_millis() as u64)
    }
}

/// Reads of a client's mirror ([`crate::Client::mirror`]): none makes a request or waits for
/// the network. Cheap to clone.
#[derive(Clone)]
pub struct Mirror {
    pub(crate) live: Arc<Live>,
}

impl std::fmt::Debug for Mirror {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mirror").field("version", &self.version()).finish_non_exhaustive()
    }
}

impl Mirror {
    /// The picture's version: 0 before the first read, then higher after every change.
    pub fn version(&self) -> u64 {
        self.live.version()
    }

    /// What the mirror has done.
    pub fn status(&self) -> MirrorStatus {
        self.live.status()
    }

    /// The units now, as `get_units_v2` lists them.
    pub fn unit_values(&self) -> UnitsRead {
        let inner = self.live.lock();
        UnitsRead { version: inner.version, units: inner.picture.units.values().cloned().collect() }
    }

    /// The units, when they changed after version `since` (`None` when they did not).
    pub fn units_since(&self, since: u64) -> Option<UnitsRead> {
        let inner = self.live.lock();
        (inner.units_version > since || (since > inner.version))
            .then(|| UnitsRead { version: inner.version, units: inner.picture.units.values().cloned().collect() })
    }

    /// The calls now, as `get_calls_v2` lists them.
    pub fn call_values(&self) -> CallsRead {
        let inner = self.live.lock();
        CallsRead {
            version: inner.version,
            calls: inner.picture.calls.values().cloned().collect(),
            emergency_calls: inner.picture.emergency.values().cloned().collect(),
        }
    }

    /// The calls, when they changed after version `since` (`None` when they did not).
    pub fn calls_since(&self, since: u64) -> Option<CallsRead> {
        let inner = self.live.lock();
        (inner.calls_version > since || (since > inner.version)).then(|| CallsRead {
            version: inner.version,
            calls: inner.picture.calls.values().cloned().collect(),
            emergency_calls: inner.picture.emergency.values().cloned().collect(),
        })
    }

    /// The unit whose `identId` is `who` (as text), or whose account is `who`
    /// (`communityUserId`, an API id, the account UUID).
    pub fn unit_value(&self, who: &str) -> Option<Arc<Value>> {
        self.live.lock().picture.find_unit(who).cloned()
    }

    /// The open dispatch call `call_id`, or else the 911 call of that id.
    pub fn call_value(&self, call_id: i64) -> Option<Arc<Value>> {
        let inner = self.live.lock();
        inner.picture.calls.get(&call_id).or_else(|| inner.picture.emergency.get(&call_id)).cloned()
    }

    /// The units, typed.
    pub fn units(&self) -> Vec<Unit> {
        self.unit_values().units.iter().filter_map(|u| serde_json::from_value(Value::clone(u)).ok()).collect()
    }

    /// One unit, typed (see [`Mirror::unit_value`]).
    pub fn unit(&self, who: &str) -> Option<Unit> {
        self.unit_value(who).and_then(|u| serde_json::from_value(Value::clone(&u)).ok())
    }

    /// The open dispatch calls, typed.
    pub fn calls(&self) -> Vec<DispatchCall> {
        self.call_values().calls.iter().filter_map(|c| serde_json::from_value(Value::clone(c)).ok()).collect()
    }

    /// The 911 calls, typed.
    pub fn emergency_calls(&self) -> Vec<EmergencyCall> {
        self.call_values().emergency_calls.iter().filter_map(|c| serde_json::from_value(Value::clone(c)).ok()).collect()
    }

    /// One open dispatch call, typed.
    pub fn call(&self, call_id: i64) -> Option<DispatchCall> {
        let inner = self.live.lock();
        let call = inner.picture.calls.get(&call_id).cloned();
        drop(inner);
        call.and_then(|c| serde_json::from_value(Value::clone(&c)).ok())
    }

    /// The units as the C face hands them out: `{"version", "units": [...], "ageMs",
    /// "complete"}`. The list's text is made once per version.
    pub fn units_json(&self) -> String {
        let mut inner = self.live.lock();
        let units = inner.list_text(List::Units);
        format!(
            r#"{{"version":{},"units":{},"ageMs":{},"complete":{}}}"#,
            inner.version,
            units.text,
            json!(inner.age_ms()),
            inner.complete()
        )
    }

    /// The calls as the C face hands them out: `{"version", "calls": [...],
    /// "emergencyCalls": [...], "ageMs", "complete"}`.
    pub fn calls_json(&self) -> String {
        let mut inner = self.live.lock();
        let calls = inner.list_text(List::Calls);
        let emergency = inner.list_text(List::EmergencyCalls);
        format!(
            r#"{{"version":{},"calls":{},"emergencyCalls":{},"ageMs":{},"complete":{}}}"#,
            inner.version,
            calls.text,
            emergency.text,
            json!(inner.age_ms()),
            inner.complete()
        )
    }

    /// The units as one JSON array, made once per change (for faces that turn text into their
    /// own values, as Lua's tape does).
    pub fn units_text(&self) -> ListText {
        self.live.lock().list_text(List::Units)
    }

    /// The open dispatch calls as one JSON array, made once per change.
    pub fn calls_text(&self) -> ListText {
        self.live.lock().list_text(List::Calls)
    }

    /// The 911 calls as one JSON array, made once per change.
    pub fn emergency_calls_text(&self) -> ListText {
        self.live.lock().list_text(List::EmergencyCalls)
    }
}

/// One of the mirror's lists.
#[derive(Clone, Copy)]
enum List {
    Units,
    Calls,
    EmergencyCalls,
}

/// A list of the mirror as JSON text.
#[derive(Debug, Clone)]
pub struct ListText {
    /// The mirror's version when read.
    pub version: u64,
    /// The version at which this list last changed: the same text until it is higher.
    pub changed: u64,
    /// The JSON array.
    pub text: Arc<str>,
}

impl Inner {
    /// `list` as text, made now unless made already for its version.
    fn list_text(&mut self, list: List) -> ListText {
        let changed = match list {
            List::Units => self.units_version,
            List::Calls | List::EmergencyCalls => self.calls_version,
        };
        let slot = list as usize;
        if let Some((made, text)) = &self.texts[slot] {
            if *made == changed {
                return ListText { version: self.version, changed, text: text.clone() };
            }
        }
        let values = match list {
            List::Units => &self.picture.units,
            List::Calls => &self.picture.calls,
            List::EmergencyCalls => &self.picture.emergency,
        };
        let items: Vec<&Value> = values.values().map(|v| &**v).collect();
        let text: Arc<str> = serde_json::to_string(&items).unwrap_or_else(|_| "[]".into()).into();
        self.texts[slot] = Some((changed, text.clone()));
        ListText { version: self.version, changed, text }
    }
}
