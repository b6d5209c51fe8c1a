//! A panel's one serial queue of actions, as the pages ask integrations to keep it: pushes
//! and polled actions in one queue, deduplicated by `id` (in flight included), results kept
//! until expiry so an acknowledgement is retried without running the handler again, and the
//! recovery cursor advanced only once everything a poll returned is processed and
//! acknowledged. No I/O here: the driver sends what this decides.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;

use super::super::models::{ActionResult, PanelAction, PanelActions};
use super::{PanelStatus, Supersede};
use crate::error::{Error, ErrorKind};

/// How long an action lives when its `expiresAt` cannot be read: the pages' 60 seconds.
const LIFETIME: Duration = Duration::from_secs(60);
/// How long a finished action's id is remembered after it expired, so a late duplicate
/// (a push delayed past a poll) is still dropped.
const REMEMBER_AFTER_EXPIRY: Duration = Duration::from_secs(30);
/// The first wait before an acknowledgement is sent again; it doubles up to [`ACK_RETRY_MAX`].
const ACK_RETRY_FIRST: Duration = Duration::from_millis(500);
const ACK_RETRY_MAX: Duration = Duration::from_secs(8);

/// Where an action came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A push event (hub or listener).
    Push,
    /// The recovery poll.
    Poll,
}

/// Where one action is.
enum Stage {
    /// Waiting for the host.
    Queued(Box<PanelAction>),
    /// Handed to the host; no result yet.
    InFlight,
    /// The result is known; its acknowledgement waits, is on the wire, or waits to be retried.
    Acking { result: ActionResult, sending: bool, attempts: u32, next_try: Instant },
    /// Finished: acknowledged (`ok`), or expired, or given up (`!ok`). Remembered until
    /// `forget_at` to drop duplicates.
    Done { ok: bool },
}

struct Entry {
    stage: Stage,
    cursor: u64,
    instance_key: String,
    action_id: String,
    expires: SystemTime,
}

/// The actions of one open poll answer: the cursor to move to once all are finished.
struct Batch {
    next_cursor: u64,
    outstanding: HashSet<String>,
    /// One of them was not acknowledged: the prior cursor is kept.
    failed: bool,
    /// The answer was a full page: more may wait after it.
    full: bool,
}

/// What [`Actions::offer`] did with an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Offered {
    /// Queued for the host.
    Queued,
    /// Its `id` was known (queued, in flight, acknowledging or finished): dropped.
    Duplicate,
    /// Already past `expiresAt`: dropped, never handed out.
    Expired,
}

/// The queue and its counters.
pub(crate) struct Actions {
    ready: VecDeque<String>,
    entries: HashMap<String, Entry>,
    /// The highest cursor applied successfully, per instance (for [`Supersede`]).
    last_applied: HashMap<String, u64>,
    supersede: Supersede,
    batch: Option<Batch>,
    /// The recovery cursor: polls ask for actions after it.
    cursor: u64,
    /// The cursor moved since the driver last saved it.
    pub(crate) cursor_dirty: bool,
    /// A full page was answered and finished: poll again for the rest.
    pub(crate) more_waiting: bool,
    pub(crate) counts: Counts,
}

/// What the queue counts (part of [`PanelStatus`]).
#[derive(Debug, Clone, Default)]
pub(crate) struct Counts {
    pub pushed: u64,
    pub polled: u64,
    pub handled: u64,
    pub acked: u64,
    pub expired: u64,
    pub duplicates: u64,
    pub superseded: u64,
    pub ack_retries: u64,
    pub ack_failures: u64,
}

/// The result a superseded action is acknowledged with.
pub(crate) fn superseded_result() -> ActionResult {
    ActionResult { success: false, message: Some("Superseded by a newer change".into()), result: Some(json!({"superseded": true})) }
}

/// When `action` expires: its `expiresAt`, or 60 s from `now` when it has none readable.
fn expiry(action: &PanelAction, now: SystemTime) -> SystemTime {
    action.expires_at.as_deref().and_then(super::parse_time).unwrap_or(now + LIFETIME)
}

/// Whether an acknowledgement that failed with `error` is worth sending again.
pub(crate) fn retryable(error: &Error) -> bool {
    matches!(error.kind, ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited | ErrorKind::Server)
}

impl Actions {
    pub(crate) fn new(supersede: Supersede, cursor: u64) -> Actions {
        Actions {
            ready: VecDeque::new(),
            entries: HashMap::new(),
            last_applied: HashMap::new(),
            supersede,
            batch: None,
            cursor,
            cursor_dirty: false,
            more_waiting: false,
            counts: Counts::default(),
        }
    }

    /// The recovery cursor.
    pub(crate) fn cursor(&self) -> u64 {
        self.cursor
    }

    /// Whether a poll answer is still being worked through (no new poll until it is).
    pub(crate) fn batch_open(&self) -> bool {
        self.batch.is_some()
    }

    /// Actions waiting for the host, and handed out without a result.
    pub(crate) fn waiting(&self) -> (usize, usize) {
        let in_flight = self.entries.values().filter(|e| matches!(e.stage, Stage::InFlight)).count();
        (self.ready.len(), in_flight)
    }

    /// Whether acknowledgements are still to be sent (a closed panel runs until they are).
    pub(crate) fn acks_pending(&self) -> bool {
        self.entries.values().any(|e| matches!(e.stage, Stage::Acking { .. }))
    }

    /// Takes one action from a push or a poll into the queue, unless its id is known or it
    /// has expired.
    pub(crate) fn offer(&mut self, action: PanelAction, source: Source, now: SystemTime) -> Offered {
        match source {
            Source::Push => self.counts.pushed += 1,
            Source::Poll => self.counts.polled += 1,
        }
        if self.entries.contains_key(&action.id) {
            self.counts.duplicates += 1;
            return Offered::Duplicate;
        }
        let expires = expiry(&action, now);
        let expired = now >= expires;
        let entry = Entry {
            cursor: action.cursor,
            instance_key: action.instance_key.clone(),
            action_id: action.action_id.clone(),
            expires,
            stage: Stage::Done { ok: false },
        };
        let id = action.id.clone();
        if expired {
            self.counts.expired += 1;
            self.entries.insert(id, entry);
            return Offered::Expired;
        }
        self.entries.insert(id.clone(), Entry { stage: Stage::Queued(Box::new(action)), ..entry });
        self.ready.push_back(id);
        Offered::Queued
    }

    /// Takes a poll's answer: its actions into the queue, and the cursor to move to once all
    /// of them are finished (at once when none is open).
    pub(crate) fn poll_answered(&mut self, answer: PanelActions, limit: usize, now: SystemTime) {
        let full = answer.events.len() >= limit;
        let next_cursor = answer.next_cursor.unwrap_or_else(|| answer.events.iter().map(|a| a.cursor).max().unwrap_or(self.cursor));
        let mut outstanding = HashSet::new();
        let mut failed = false;
        // The pages ask for cursor order.
        let mut events = answer.events;
        events.sort_by_key(|a| a.cursor);
        for action in events {
            let id = action.id.clone();
            self.offer(action, Source::Poll, now);
            match self.entries.get(&id).map(|e| &e.stage) {
                Some(Stage::Done { ok: true }) => {}
                // Expired before it could be applied: nothing to recover, nothing to hold the cursor for.
                Some(Stage::Done { ok: false }) if self.expired(&id, now) => {}
                Some(Stage::Done { ok: false }) => failed = true,
                _ => {
                    outstanding.insert(id);
                }
            }
        }
        self.batch = Some(Batch { next_cursor, outstanding, failed, full });
        self.settle_batch();
    }

    fn expired(&self, id: &str, now: SystemTime) -> bool {
        self.entries.get(id).is_some_and(|e| now >= e.expires)
    }

    /// Moves the cursor when the open poll answer is all finished.
    fn settle_batch(&mut self) {
        let Some(batch) = &self.batch else { return };
        if !batch.outstanding.is_empty() {
            return;
        }
        if !batch.failed && batch.next_cursor > self.cursor {
            self.cursor = batch.next_cursor;
            self.cursor_dirty = true;
        }
        self.more_waiting = batch.full && !batch.failed;
        self.batch = None;
    }

    /// One action of the open batch finished (`ok`: acknowledged, or expired unapplied).
    fn finished(&mut self, id: &str, ok: bool) {
        if let Some(batch) = &mut self.batch {
            if batch.outstanding.remove(id) {
                batch.failed |= !ok;
                self.settle_batch();
            }
        }
    }

    /// The next action for the host, marked in flight. Expired actions are dropped on the
    /// way (never applied), and with [`Supersede`] an action older than the last one applied
    /// to its instance is acknowledged as superseded instead.
    pub(crate) fn next(&mut self, now: SystemTime, clock: Instant) -> Option<PanelAction> {
        while let Some(id) = self.ready.pop_front() {
            let Some(entry) = self.entries.get_mut(&id) else { continue };
            let Stage::Queued(_) = entry.stage else { continue };
            if now >= entry.expires {
                entry.stage = Stage::Done { ok: false };
                self.counts.expired += 1;
                self.finished(&id, true);
                continue;
            }
            let older = self.last_applied.get(&entry.instance_key).is_some_and(|applied| entry.cursor < *applied);
            if older && self.supersede.covers(&entry.action_id) {
                entry.stage = Stage::Acking { result: superseded_result(), sending: false, attempts: 0, next_try: clock };
                self.counts.superseded += 1;
                continue;
            }
            let Stage::Queued(action) = std::mem::replace(&mut entry.stage, Stage::InFlight) else { continue };
            return Some(*action);
        }
        None
    }

    /// The host's result for an action it was handed: acknowledged next (and again until it
    /// lands or the action expires). Refused for an id not in flight.
    pub(crate) fn complete(&mut self, id: &str, result: ActionResult, clock: Instant) -> Result<(), Error> {
        let Some(entry) = self.entries.get_mut(id) else {
            return Err(Error::invalid("actionId", "is not an action of this panel that was handed out"));
        };
        if !matches!(entry.stage, Stage::InFlight) {
            return Err(Error::invalid("actionId", "already has its result (it is acknowledged once)"));
        }
        if result.success {
            let applied = self.last_applied.entry(entry.instance_key.clone()).or_insert(0);
            *applied = (*applied).max(entry.cursor);
        }
        entry.stage = Stage::Acking { result, sending: false, attempts: 0, next_try: clock };
        self.counts.handled += 1;
        Ok(())
    }

    /// The acknowledgements to send now (each marked as on the wire).
    pub(crate) fn due_acks(&mut self, clock: Instant) -> Vec<(String, ActionResult)> {
        let mut due = Vec::new();
        for (id, entry) in &mut self.entries {
            if let Stage::Acking { result, sending, next_try, .. } = &mut entry.stage {
                if !*sending && *next_try <= clock {
                    *sending = true;
                    due.push((id.clone(), result.clone()));
                }
            }
        }
        due
    }

    /// When the next acknowledgement waiting to be retried is due.
    pub(crate) fn next_ack_at(&self) -> Option<Instant> {
        self.entries
            .values()
            .filter_map(|e| match &e.stage {
                Stage::Acking { sending: false, next_try, .. } => Some(*next_try),
                _ => None,
            })
            .min()
    }

    /// What the API answered an acknowledgement: done, retried later while the action lives
    /// (respecting `Retry-After`), or given up.
    pub(crate) fn ack_answered(&mut self, id: &str, answer: Result<(), Error>, now: SystemTime, clock: Instant) {
        let Some(entry) = self.entries.get_mut(id) else { return };
        let Stage::Acking { attempts, sending, next_try, .. } = &mut entry.stage else { return };
        *sending = false;
        let ok = match answer {
            Ok(()) => {
                self.counts.acked += 1;
                true
            }
            Err(error) if retryable(&error) && now < entry.expires => {
                *attempts += 1;
                let backoff = ACK_RETRY_FIRST.saturating_mul(1 << (*attempts - 1).min(8)).min(ACK_RETRY_MAX);
                let wait = error.retry_after_ms.map_or(backoff, |ms| Duration::from_millis(ms).max(backoff));
                *next_try = clock + wait;
                self.counts.ack_retries += 1;
                return;
            }
            Err(_) => {
                self.counts.ack_failures += 1;
                false
            }
        };
        entry.stage = Stage::Done { ok };
        self.finished(id, ok);
    }

    /// Drops what expired: queued actions the host never took (counted expired),
    /// acknowledgements that never landed (counted failed), and finished ids past their
    /// memory.
    pub(crate) fn sweep(&mut self, now: SystemTime) {
        let mut finished = Vec::new();
        self.entries.retain(|id, entry| {
            let expired = now >= entry.expires;
            match &entry.stage {
                Stage::Queued(_) if expired => {
                    entry.stage = Stage::Done { ok: false };
                    self.counts.expired += 1;
                    finished.push((id.clone(), true));
                }
                Stage::Acking { sending: false, .. } if expired => {
                    entry.stage = Stage::Done { ok: false };
                    self.counts.ack_failures += 1;
                    finished.push((id.clone(), false));
                }
                Stage::Done { .. } => return now < entry.expires + REMEMBER_AFTER_EXPIRY,
                _ => {}
            }
            true
        });
        for (id, ok) in finished {
            self.finished(&id, ok);
        }
    }

    /// Writes the queue's counters into `status`.
    pub(crate) fn fill(&self, status: &mut PanelStatus) {
        let (queued, in_flight) = self.waiting();
        let c = &self.counts;
        status.queued = queued;
        status.in_flight = in_flight;
        status.pushed = c.pushed;
        status.polled = c.polled;
        status.handled = c.handled;
        status.acked = c.acked;
        status.expired = c.expired;
        status.duplicates = c.duplicates;
        status.superseded = c.superseded;
        status.ack_retries = c.ack_retries;
        status.ack_failures = c.ack_failures;
        status.cursor = self.cursor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(id: &str, cursor: u64, expires_in: i64) -> PanelAction {
        let expires = if expires_in >= 0 {
            SystemTime::now() + Duration::from_secs(expires_in as u64)
        } else {
            SystemTime::now() - Duration::from_secs((-expires_in) as u64)
        };
        PanelAction {
            id: id.into(),
            cursor,
            panel_key: "doors".into(),
            server_id: 1,
            instance_key: "mission-row".into(),
            action_id: "door.set-locked".into(),
            expires_at: Some(super::super::format_time(expires)),
            ..Default::default()
        }
    }

    fn ok() -> ActionResult {
        ActionResult { success: true, message: None, result: None }
    }

    #[test]
    fn push_then_poll_of_the_same_id_is_handled_once_and_the_cursor_waits_for_its_ack() {
        let now = SystemTime::now();
        let clock = Instant::now();
        let mut q = Actions::new(Supersede::Off, 0);
        assert_eq!(q.offer(action("a", 5, 60), Source::Push, now), Offered::Queued);
        let a = q.next(now, clock).unwrap();
        assert_eq!(a.id, "a");
        q.poll_answered(PanelActions { events: vec![action("a", 5, 60)], next_cursor: Some(5), ..Default::default() }, 100, now);
        assert_eq!(q.counts.duplicates, 1);
        assert!(q.next(now, clock).is_none(), "in flight: not handed out again");
        assert_eq!(q.cursor(), 0, "not acknowledged yet");
        q.complete("a", ok(), clock).unwrap();
        assert!(q.complete("a", ok(), clock).is_err(), "one result per action");
        assert_eq!(q.due_acks(clock).len(), 1);
        assert_eq!(q.cursor(), 0);
        q.ack_answered("a", Ok(()), now, clock);
        assert_eq!(q.cursor(), 5);
        assert!(q.cursor_dirty);
    }

    #[test]
    fn a_failed_ack_is_retried_without_the_handler_and_a_lost_one_keeps_the_cursor() {
        let now = SystemTime::now();
        let clock = Instant::now();
        let mut q = Actions::new(Supersede::Off, 3);
        q.poll_answered(PanelActions { events: vec![action("a", 7, 60)], next_cursor: Some(7), ..Default::default() }, 100, now);
        q.next(now, clock).unwrap();
        q.complete("a", ok(), clock).unwrap();
        q.due_acks(clock);
        q.ack_answered("a", Err(Error::new(ErrorKind::Server, "HTTP 500")), now, clock);
        assert_eq!(q.counts.ack_retries, 1);
        assert!(q.due_acks(clock).is_empty(), "waits for its backoff");
        let later = clock + Duration::from_secs(1);
        assert_eq!(q.due_acks(later).len(), 1, "sent again, with the same result");
        assert!(q.next(now, later).is_none(), "never handed to the host again");
        q.ack_answered("a", Err(Error::from_status(404, "Action not found".into())), now, later);
        assert_eq!((q.counts.ack_failures, q.cursor()), (1, 3), "not acknowledged: the prior cursor is kept");
        assert!(!q.batch_open());
    }

    #[test]
    fn expired_actions_are_never_handed_out_and_do_not_hold_the_cursor() {
        let now = SystemTime::now();
        let clock = Instant::now();
        let mut q = Actions::new(Supersede::Off, 0);
        assert_eq!(q.offer(action("old", 1, -1), Source::Push, now), Offered::Expired);
        q.offer(action("soon", 2, 1), Source::Push, now);
        assert!(q.next(now + Duration::from_secs(2), clock).is_none());
        assert_eq!(q.counts.expired, 2);
        q.poll_answered(PanelActions { events: vec![action("gone", 9, -5)], next_cursor: Some(9), ..Default::default() }, 100, now);
        assert_eq!(q.cursor(), 9);
    }

    #[test]
    fn superseded_covers_only_the_chosen_controls_older_than_the_last_applied() {
        let now = SystemTime::now();
        let clock = Instant::now();
        let mut q = Actions::new(Supersede::Actions(["door.set-locked".to_string()].into()), 0);
        q.offer(action("new", 20, 60), Source::Push, now);
        q.next(now, clock).unwrap();
        q.complete("new", ok(), clock).unwrap();
        q.poll_answered(
            PanelActions { events: vec![action("older", 10, 60), action("new", 20, 60)], next_cursor: Some(20), ..Default::default() },
            100,
            now,
        );
        assert!(q.next(now, clock).is_none(), "the older action is not handed out");
        assert_eq!(q.counts.superseded, 1);
        let acks = q.due_acks(clock);
        let older = acks.iter().find(|(id, _)| id == "older").unwrap();
        assert_eq!(older.1, superseded_result());
    }

    #[test]
    fn a_full_page_asks_for_more_once_finished() {
        let now = SystemTime::now();
        let mut q = Actions::new(Supersede::Off, 0);
        q.poll_answered(PanelActions { events: vec![action("x", 1, -1)], next_cursor: Some(1), ..Default::default() }, 1, now);
        assert!(q.more_waiting);
    }
}
