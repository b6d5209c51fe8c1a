//! Client-side pacing, so a community's key is not throttled.
//!
//! The API limits requests per key and endpoint ("10 requests per minute"). A [`Pacer`]
//! keeps each (key, API, endpoint) within its limit read the strictest way: never more than
//! `requests` in *any* window of `period` (a sliding window, which also satisfies fixed-window
//! and token-bucket servers). A burst of up to `requests` goes at once; later requests get a
//! reserved send time and wait for it on the client's I/O thread, never the caller's.
//!
//! Why not `governor`: a queue needs reservations (each waiting request owns its slot, so
//! waits are exact and fair and a call that would wait past its timeout fails at once with
//! the right `retryAfterMs`), and a 429 must push the whole schedule back to the server's
//! reset time. governor's GCRA offers neither, and its burst lets through up to twice the
//! limit in one window.
//!
//! The requests waiting for their reserved times wait in the pacer's waiting room
//! (`budget::waiting`), where a high-priority request takes the time of a normal one: the
//! times reserved stay as they are, only who holds which changes.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::sync::lock;
use tokio::time::Instant;

use super::waiting::{Priority, WaitingRoom};

/// A limit: at most `requests` in any window of `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window.
    pub period: Duration,
}

impl Limit {
    /// At most `requests` per `period`.
    pub const fn new(requests: u32, period: Duration) -> Limit {
        Limit { requests, period }
    }
}

/// The schedule of one (key, API, endpoint).
#[derive(Debug)]
pub struct Pacer {
    limit: Limit,
    state: Mutex<State>,
    /// Requests holding a reserved send time and waiting for it.
    queued: AtomicUsize,
    /// The same requests, with their times and priorities (see [`super::waiting`]).
    room: WaitingRoom,
}

/// What is left of a pacer's budget at one moment (`Client::budget`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Window {
    /// The limit kept.
    pub limit: Limit,
    /// Requests that could still go at once: the limit less those sent or reserved in the
    /// current window (and those the server says others sent), 0 while paused by a 429.
    pub remaining: u32,
    /// Until the oldest request counted leaves the window (or a 429's pause ends), so that
    /// `remaining` grows; zero when nothing is counted.
    pub reset_in: Duration,
    /// Requests of this process waiting for their reserved send time.
    pub queued: usize,
}

/// Counts a request as queued while it lives (see [`Pacer::queued`]).
#[derive(Debug)]
pub struct Queued<'a>(&'a Pacer);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.queued.fetch_sub(1, Ordering::Relaxed);
    }
}

#[derive(Debug, Default)]
struct State {
    /// Send times handed out, oldest first; at most `limit.requests` of them.
    slots: VecDeque<Instant>,
    /// Nothing is sent before this (set by a 429).
    paused_until: Option<Instant>,
}

impl Pacer {
    /// A pacer for `limit` with nothing sent yet.
    pub fn new(limit: Limit) -> Pacer {
        Pacer { limit, state: Mutex::default(), queued: AtomicUsize::new(0), room: WaitingRoom::default() }
    }

    /// The requests waiting for their send times.
    pub(crate) fn room(&self) -> &WaitingRoom {
        &self.room
    }

    /// Waits for send time `at` (reserved here or from the shared limiter) in the waiting
    /// room, counted as queued meanwhile: a high request goes ahead of the normal ones
    /// waiting, which may move to later times (see [`super::waiting`]). `Err(wait)` when the
    /// request was moved past `deadline` (`None`: never), or, high, cannot go by it.
    pub(crate) async fn wait_turn(&self, at: Instant, priority: Priority, deadline: Option<Instant>) -> Result<(), Duration> {
        let _queued = self.queued();
        let mut ticket = self.room.enter(Instant::now(), at, priority, deadline)?;
        ticket.wait().await
    }

    /// Counts one request as waiting for its send time until the guard is dropped.
    pub fn queued(&self) -> Queued<'_> {
        self.queued.fetch_add(1, Ordering::Relaxed);
        Queued(self)
    }

    /// The budget as it stands at `now`.
    pub fn budget(&self, now: Instant) -> Window {
        let state = lock(&self.state);
        let since = now.checked_sub(self.limit.period);
        let counted: Vec<Instant> = state.slots.iter().copied().filter(|t| since.is_none_or(|since| *t > since)).collect();
        let paused = state.paused_until.filter(|p| *p > now);
        let remaining = if paused.is_some() { 0 } else { self.limit.requests.saturating_sub(counted.len() as u32) };
        let oldest_leaves = counted.first().map(|t| (*t + self.limit.period).saturating_duration_since(now)).unwrap_or_default();
        let reset_in = oldest_leaves.max(paused.map(|p| p - now).unwrap_or_default());
        Window { limit: self.limit, remaining, reset_in, queued: self.queued.load(Ordering::Relaxed) }
    }

    /// Takes the server's count into account: an answer to a request sent at `sent_at` said
    /// `remaining` requests were left in its window (`X-RateLimit-Remaining-Minute` or
    /// `RateLimit-Remaining`). Requests this pacer does not know of (another process of the
    /// same key) are counted as sent at `sent_at`, so the schedule throttles for them too.
    /// Only ever lowers the budget: a server that counts fewer than we do changes nothing,
    /// since answers may arrive out of order.
    pub fn adopt_remaining(&self, sent_at: Instant, remaining: u32) {
        let mut state = lock(&self.state);
        let since = sent_at.checked_sub(self.limit.period);
        let ours = state.slots.iter().filter(|t| **t <= sent_at && since.is_none_or(|since| **t > since)).count();
        let server_used = self.limit.requests.saturating_sub(remaining) as usize;
        let unknown = server_used.saturating_sub(ours);
        if unknown == 0 {
            return;
        }
        let at = state.slots.partition_point(|t| *t <= sent_at);
        for _ in 0..unknown {
            state.slots.insert(at, sent_at);
        }
        while state.slots.len() > self.limit.requests as usize {
            state.slots.pop_front();
        }
    }

    /// Reserves the earliest send time at or after `now` that keeps the limit, unless that is
    /// more than `max_wait` away: then nothing is reserved and the wait is returned instead.
    pub fn reserve(&self, now: Instant, max_wait: Duration) -> Result<Instant, Duration> {
        self.reserve_spaced(now, max_wait, Duration::ZERO)
    }

    /// [`Pacer::reserve`], and also no sooner than `spacing` after the latest send time
    /// handed out: requests that can wait (merged writes) go out evenly instead of spending
    /// the window's burst.
    pub fn reserve_spaced(&self, now: Instant, max_wait: Duration, spacing: Duration) -> Result<Instant, Duration> {
        let mut state = lock(&self.state);
        let at = self.earliest(&state, now, spacing);
        let wait = at.saturating_duration_since(now);
        if wait > max_wait {
            return Err(wait);
        }
        // Kept in order: a spaced slot may come before none of the others, but a plain one
        // may come before a spaced one already handed out.
        let position = state.slots.partition_point(|t| *t <= at);
        state.slots.insert(position, at);
        while state.slots.len() > self.limit.requests as usize {
            state.slots.pop_front();
        }
        Ok(at)
    }

    /// The send time [`Pacer::reserve`] would give at `now`, reserving nothing.
    pub(crate) fn next_free(&self, now: Instant) -> Instant {
        self.earliest(&lock(&self.state), now, Duration::ZERO)
    }

    /// The earliest send time at or after `now` that keeps the limit with `state`'s slots,
    /// no sooner than `spacing` after the latest.
    fn earliest(&self, state: &State, now: Instant, spacing: Duration) -> Instant {
        let mut at = now;
        if let Some(latest) = state.slots.back() {
            at = at.max(*latest + spacing);
        }
        if state.slots.len() >= self.limit.requests as usize {
            if let Some(oldest) = state.slots.front() {
                // A little margin: the server clocks the window on arrival, not on sending.
                let margin = (self.limit.period / 50).max(Duration::from_millis(5));
                at = at.max(*oldest + self.limit.period + margin);
            }
        }
        if let Some(paused) = state.paused_until {
            at = at.max(paused);
        }
        at
    }

    /// Takes the window as the shared limiter holds it: `slots`, send times in ms relative
    /// to `now` (oldest first, past ones negative), and `paused`, what is left of a pause.
    /// A longer local pause is kept.
    pub fn mirror(&self, now: Instant, slots: &[i64], paused: Duration) {
        let mut state = lock(&self.state);
        let at = |ms: i64| {
            let offset = Duration::from_millis(ms.unsigned_abs());
            if ms >= 0 {
                now + offset
            } else {
                now.checked_sub(offset).unwrap_or(now)
            }
        };
        state.slots = slots.iter().map(|ms| at(*ms)).collect();
        while state.slots.len() > self.limit.requests as usize {
            state.slots.pop_front();
        }
        if !paused.is_zero() {
            let until = now + paused;
            state.paused_until = Some(state.paused_until.map_or(until, |p| p.max(until)));
        }
    }

    /// Sends nothing more before `until` (the server's reset time after a 429).
    pub fn pause_until(&self, until: Instant) {
        let mut state = lock(&self.state);
        state.paused_until = Some(state.paused_until.map_or(until, |p| p.max(until)));
    }

    /// The limit this pacer keeps.
    pub fn limit(&self) -> Limit {
        self.limit
    }
}

/// Who shares a pacer: every client of the same key, API URL and endpoint in this process,
/// with the same limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct PacerKey {
    /// A hash of the key: the registry need not hold the key itself.
    key_hash: u64,
    api_url: String,
    operation: &'static str,
    limit: Limit,
}

/// The pacer for (`api_key`, `api_url`, `operation`) with `limit`, shared process-wide.
pub fn shared_pacer(api_key: &str, api_url: &str, operation: &'static str, limit: Limit) -> Arc<Pacer> {
    static PACERS: OnceLock<Mutex<HashMap<PacerKey, Arc<Pacer>>>> = OnceLock::new();
    use std::hash::{BuildHasher, Hasher};
    // A fixed-key hasher so every client of the process hashes a key the same way.
    let mut hasher = std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().build_hasher();
    hasher.write(api_key.as_bytes());
    let key = PacerKey { key_hash: hasher.finish(), api_url: api_url.to_string(), operation, limit };
    let mut pacers = lock(PACERS.get_or_init(Mutex::default));
    pacers.entry(key).or_insert_with(|| Arc::new(Pacer::new(limit))).clone()
}

/// What the shared limiter answers for one reservation.
pub(crate) struct Reservation {
    /// Whether a send time was reserved.
    pub(crate) reserved: bool,
    /// How long until it (or, when not reserved, until one would be free), in ms.
    pub(crate) wait_ms: i64,
    /// How long the route stays paused by a 429, in ms.
    pub(crate) paused_ms: i64,
    /// The send times in the window, as Redis's clock has them (ms from now, for the mirror).
    pub(crate) slots: Vec<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_more_than_the_limit_in_any_window() {
        let limit = Limit::new(3, Duration::from_secs(10));
        let pacer = Pacer::new(limit);
        let t0 = Instant::now();
        let slots: Vec<Instant> = (0..9).map(|_| pacer.reserve(t0, Duration::from_secs(3600)).unwrap()).collect();
        assert_eq!(&slots[..3], &[t0, t0, t0], "a burst of `requests` goes at once");
        for (i, slot) in slots.iter().enumerate().skip(3) {
            assert!(*slot > slots[i - 3] + limit.period, "slot {i} keeps the window");
        }
    }

    #[test]
    fn a_wait_past_the_budget_reserves_nothing() {
        let pacer = Pacer::new(Limit::new(1, Duration::from_secs(60)));
        let t0 = Instant::now();
        pacer.reserve(t0, Duration::ZERO).unwrap();
        let wait = pacer.reserve(t0, Duration::from_secs(1)).unwrap_err();
        assert!(wait >= Duration::from_secs(60));
        // Refused reservations took no slot: the next one still waits one period only.
        let next = pacer.reserve(t0, Duration::from_secs(3600)).unwrap();
        assert!(next - t0 < Duration::from_secs(62));
    }

    #[test]
    fn the_budget_counts_the_window_and_the_servers_view() {
        let period = Duration::from_secs(60);
        let pacer = Pacer::new(Limit::new(10, period));
        let t0 = Instant::now();
        for _ in 0..3 {
            pacer.reserve(t0, Duration::ZERO).unwrap();
        }
        let budget = pacer.budget(t0 + Duration::from_secs(19));
        assert_eq!((budget.remaining, budget.reset_in, budget.queued), (7, Duration::from_secs(41), 0));
        // The server says 2 are left after our third: 5 more were sent by someone else.
        pacer.adopt_remaining(t0, 2);
        assert_eq!(pacer.budget(t0).remaining, 2);
        // A server that counts fewer than we do changes nothing.
        pacer.adopt_remaining(t0, 9);
        assert_eq!(pacer.budget(t0).remaining, 2);
        let _waiting = pacer.queued();
        assert_eq!(pacer.budget(t0).queued, 1);
        // Two more go now; the next waits for the window.
        pacer.reserve(t0, Duration::ZERO).unwrap();
        pacer.reserve(t0, Duration::ZERO).unwrap();
        assert!(pacer.reserve(t0, Duration::from_secs(59)).is_err());
        assert_eq!(pacer.budget(t0 + period + Duration::from_millis(1)).remaining, 10);
    }

    #[test]
    fn a_pause_pushes_every_later_slot_back() {
        let pacer = Pacer::new(Limit::new(10, Duration::from_secs(1)));
        let t0 = Instant::now();
        pacer.pause_until(t0 + Duration::from_secs(5));
        assert_eq!(pacer.reserve(t0, Duration::from_secs(10)).unwrap(), t0 + Duration::from_secs(5));
    }
}
