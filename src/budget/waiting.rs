//! Priority within a route: which waiting request gets which of the send times its route's
//! pacer (or the shared limiter) handed out.
//!
//! Every request waiting for its reserved send time waits in its route's [`WaitingRoom`]
//! (held by the route's process-wide [`Pacer`](super::pacing::Pacer), so every client of
//! the key in this process shares it, whether the times came from the local pacer or from
//! Redis), with its time, its [`Priority`] and its deadline. The room never changes the set
//! of times reserved, so the limit holds exactly as the pacer kept it; it only changes who
//! holds which time:
//!
//! - a high request that reserved time `T` takes the earliest time held by a waiting normal
//!   request that is still to come and earlier than `T`; that normal request moves to the
//!   time of the next such normal one, and so on; the last takes `T`;
//! - so normal requests keep their order among themselves, high ones keep theirs and are
//!   never moved, and a high request goes before every normal one waiting when it came;
//! - a normal request moved past its deadline is refused then, as it would have been had it
//!   asked for that time (`rate_limited` with `retryAfterMs`); the move stops there and the
//!   later normal requests keep their times. `T` then goes unused: a reserved time cannot be
//!   given back without the window miscounting (as with a request cancelled while waiting).

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::sync::lock;

/// How a call ranks among the calls of its route (operation) waiting for budget under
/// client-side pacing.
///
/// A [`Priority::High`] call goes ahead of the [`Priority::Normal`] calls of the same route
/// that are waiting for their send time (an officer-down status before routine status
/// changes); high calls keep their own order. It never skips the budget: the number of
/// requests in any window stays within the route's limit, since the high call only takes a
/// send time that a waiting normal call held. Calls of other routes are not affected, and a
/// call that does not have to wait goes at once either way. A normal call moved past its
/// timeout by high ones fails as any call refused by pacing does (`rate_limited`, with
/// `retryAfterMs`), never sent.
///
/// Default: [`Priority::Normal`], for every operation. None defaults to high: each API route
/// carries one kind of call (panic has its own route, `set_unit_panic_v2`), so a default would
/// only reorder calls of one kind among themselves; the caller, who knows which call is
/// urgent, says so. In the params (C, Lua, JSON): `{"priority": "high"}`; in Rust also
/// [`CallOptions`](crate::client::CallOptions).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Priority {
    /// In turn, after the calls of its route already waiting (the default).
    #[default]
    Normal,
    /// Ahead of the normal calls of its route waiting for budget.
    High,
}

/// What a waiting request is told: its (new) send time, or that it was moved past its
/// deadline and will not be sent (with how long it would have had to wait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Turn {
    At(Instant),
    Refused(Duration),
}

/// The requests of one route waiting for their send times.
#[derive(Debug, Default)]
pub(crate) struct WaitingRoom {
    inner: Mutex<Room>,
}

#[derive(Debug, Default)]
struct Room {
    next_id: u64,
    /// In no particular order (few at a time): the order is by time, then id.
    waiters: Vec<Waiter>,
}

#[derive(Debug)]
struct Waiter {
    id: u64,
    at: Instant,
    priority: Priority,
    /// `None`: never refused (a merged batch, whose callers keep their own deadlines).
    deadline: Option<Instant>,
    turn: watch::Sender<Turn>,
}

/// One request's place in the room; leaving it (dropped: sent, cancelled, timed out) takes
/// the request out.
pub(crate) struct Ticket<'a> {
    room: &'a WaitingRoom,
    id: u64,
    turn: watch::Receiver<Turn>,
}

/// What a request finds when its time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// Its time has come and it is out of the room: send.
    Go,
    /// It was moved to a later time (see its [`Turn`]).
    Later,
    /// It was refused (see its [`Turn`]).
    Gone,
}

impl WaitingRoom {
    /// Enters a request holding send time `at`, at `now`. A high one takes the earliest
    /// time of a normal one still to come before `at`, moving the normal ones along (see the
    /// module's comment). A high one whose time would still be past `deadline` is refused
    /// with its wait, and nothing moves.
    pub(crate) fn enter(&self, now: Instant, at: Instant, priority: Priority, deadline: Option<Instant>) -> Result<Ticket<'_>, Duration> {
        let mut room = lock(&self.inner);
        let mut mine = at;
        if priority == Priority::High {
            let mut moved: Vec<usize> = (0..room.waiters.len())
                .filter(|&i| {
                    let w = &room.waiters[i];
                    w.priority == Priority::Normal && w.at > now && w.at < at
                })
                .collect();
            moved.sort_by_key(|&i| (room.waiters[i].at, room.waiters[i].id));
            if let Some(&first) = moved.first() {
                mine = room.waiters[first].at;
            }
            if deadline.is_some_and(|d| mine > d) {
                return Err(mine.saturating_duration_since(now));
            }
            // Each moved request takes the next one's time; the last takes `at`.
            let next_times: Vec<Instant> = moved.iter().skip(1).map(|&i| room.waiters[i].at).chain([at]).collect();
            let mut refused = None;
            for (&i, &next) in moved.iter().zip(&next_times) {
                let waiter = &mut room.waiters[i];
                if waiter.deadline.is_some_and(|d| next > d) {
                    waiter.turn.send_replace(Turn::Refused(next.saturating_duration_since(now)));
                    refused = Some(i);
                    break;
                }
                waiter.at = next;
                waiter.turn.send_replace(Turn::At(next));
            }
            if let Some(i) = refused {
                room.waiters.swap_remove(i);
            }
        }
        let id = room.next_id;
        room.next_id += 1;
        let (turn, receiver) = watch::channel(Turn::At(mine));
        room.waiters.push(Waiter { id, at: mine, priority, deadline, turn });
        Ok(Ticket { room: self, id, turn: receiver })
    }

    /// The earliest send time held by a normal request still to come at `now`: what a high
    /// request arriving now would get at the latest.
    pub(crate) fn earliest_normal(&self, now: Instant) -> Option<Instant> {
        let room = lock(&self.inner);
        room.waiters.iter().filter(|w| w.priority == Priority::Normal && w.at > now).map(|w| w.at).min()
    }

    /// How many requests wait.
    #[cfg(test)]
    fn len(&self) -> usize {
        lock(&self.inner).waiters.len()
    }

    fn claim(&self, id: u64, now: Instant) -> Claim {
        let mut room = lock(&self.inner);
        match room.waiters.iter().position(|w| w.id == id) {
            None => Claim::Gone,
            Some(i) if room.waiters[i].at <= now => {
                room.waiters.swap_remove(i);
                Claim::Go
            }
            Some(_) => Claim::Later,
        }
    }

    fn leave(&self, id: u64) {
        let mut room = lock(&self.inner);
        if let Some(i) = room.waiters.iter().position(|w| w.id == id) {
            room.waiters.swap_remove(i);
        }
    }
}

impl Ticket<'_> {
    /// The request's send time as it stands, or its refusal.
    pub(crate) fn turn(&self) -> Turn {
        *self.turn.borrow()
    }

    /// Takes the request out of the room when its time has come at `now` (it is then no
    /// longer moved); else says why not.
    pub(crate) fn claim(&self, now: Instant) -> Claim {
        self.room.claim(self.id, now)
    }

    /// Waits until the request's send time (following every move) and leaves the room then;
    /// `Err(wait)` when it was moved past its deadline.
    pub(crate) async fn wait(&mut self) -> Result<(), Duration> {
        loop {
            let at = match *self.turn.borrow_and_update() {
                Turn::Refused(wait) => return Err(wait),
                Turn::At(at) => at,
            };
            tokio::select! {
                () = tokio::time::sleep_until(at) => match self.claim(Instant::now()) {
                    Claim::Go => return Ok(()),
                    // Moved: the new time is in `turn`.
                    Claim::Later => {}
                    Claim::Gone => return self.refusal(),
                },
                changed = self.turn.changed() => if changed.is_err() {
                    // The room let go of it: it was refused (its last word is in `turn`).
                    return self.refusal();
                },
            }
        }
    }

    /// The refusal a request taken out of the room was told.
    fn refusal(&self) -> Result<(), Duration> {
        match self.turn() {
            Turn::Refused(wait) => Err(wait),
            Turn::At(_) => Ok(()),
        }
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.room.leave(self.id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::pacing::{Limit, Pacer};

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn at(ticket: &Ticket<'_>) -> Instant {
        match ticket.turn() {
            Turn::At(at) => at,
            Turn::Refused(wait) => panic!("refused, with a wait of {wait:?}"),
        }
    }

    #[test]
    fn a_high_request_takes_the_earliest_normal_time_and_the_normals_move_along() {
        let room = WaitingRoom::default();
        let t0 = Instant::now();
        let normals: Vec<Ticket<'_>> =
            [100, 200, 300].iter().map(|n| room.enter(t0, t0 + ms(*n), Priority::Normal, Some(t0 + ms(10_000))).unwrap()).collect();
        let high = room.enter(t0 + ms(10), t0 + ms(400), Priority::High, Some(t0 + ms(10_000))).unwrap();
        assert_eq!(at(&high), t0 + ms(100), "the high one takes the earliest normal time");
        let moved: Vec<Instant> = normals.iter().map(at).collect();
        assert_eq!(
            moved,
            [t0 + ms(200), t0 + ms(300), t0 + ms(400)],
            "the normal ones keep their order, the last takes the high one's time"
        );
        assert_eq!(room.len(), 4);
        drop(normals);
        assert_eq!(room.len(), 1, "a dropped request leaves the room");
    }

    #[test]
    fn highs_keep_their_order_and_are_never_moved() {
        let room = WaitingRoom::default();
        let t0 = Instant::now();
        let n1 = room.enter(t0, t0 + ms(100), Priority::Normal, None).unwrap();
        let n2 = room.enter(t0, t0 + ms(200), Priority::Normal, None).unwrap();
        let h1 = room.enter(t0, t0 + ms(300), Priority::High, None).unwrap();
        let h2 = room.enter(t0, t0 + ms(400), Priority::High, None).unwrap();
        assert_eq!((at(&h1), at(&h2)), (t0 + ms(100), t0 + ms(200)), "highs first, in their order");
        assert_eq!((at(&n1), at(&n2)), (t0 + ms(300), t0 + ms(400)), "then the normal ones, in theirs");
        // A third high one finds no normal one before its time: it keeps it, and moves nobody.
        let h3 = room.enter(t0, t0 + ms(300), Priority::High, None).unwrap();
        assert_eq!((at(&h1), at(&h2), at(&h3), at(&n1)), (t0 + ms(100), t0 + ms(200), t0 + ms(300), t0 + ms(300)));
        // A normal request that comes later is never moved ahead of anyone.
        let n3 = room.enter(t0, t0 + ms(500), Priority::Normal, None).unwrap();
        assert_eq!(at(&n3), t0 + ms(500));
    }

    #[test]
    fn a_request_whose_time_has_come_is_not_moved() {
        let room = WaitingRoom::default();
        let t0 = Instant::now();
        let due = room.enter(t0, t0 + ms(100), Priority::Normal, None).unwrap();
        let later = room.enter(t0, t0 + ms(200), Priority::Normal, None).unwrap();
        // At 100 ms the first one's time has come (it may be on its way out): the high one
        // takes the next.
        let high = room.enter(t0 + ms(100), t0 + ms(300), Priority::High, None).unwrap();
        assert_eq!((at(&due), at(&high), at(&later)), (t0 + ms(100), t0 + ms(200), t0 + ms(300)));
        assert_eq!(due.claim(t0 + ms(100)), Claim::Go);
        assert_eq!(later.claim(t0 + ms(200)), Claim::Later, "moved to 300 ms");
        assert_eq!(high.claim(t0 + ms(200)), Claim::Go);
    }

    #[test]
    fn a_normal_request_moved_past_its_deadline_is_refused_and_the_later_ones_keep_their_times() {
        let room = WaitingRoom::default();
        let t0 = Instant::now();
        let n1 = room.enter(t0, t0 + ms(100), Priority::Normal, Some(t0 + ms(1_000))).unwrap();
        let n2 = room.enter(t0, t0 + ms(200), Priority::Normal, Some(t0 + ms(250))).unwrap();
        let n3 = room.enter(t0, t0 + ms(300), Priority::Normal, Some(t0 + ms(1_000))).unwrap();
        let high = room.enter(t0, t0 + ms(400), Priority::High, Some(t0 + ms(1_000))).unwrap();
        assert_eq!(at(&high), t0 + ms(100));
        assert_eq!(at(&n1), t0 + ms(200), "takes n2's time");
        assert_eq!(n2.turn(), Turn::Refused(ms(300)), "n2 would have gone at 300 ms, past its deadline");
        assert_eq!(n2.claim(t0 + ms(300)), Claim::Gone);
        assert_eq!(at(&n3), t0 + ms(300), "the move stopped at n2");
        assert_eq!(room.len(), 3);
    }

    #[test]
    fn a_high_request_past_its_deadline_even_first_is_refused_and_moves_nobody() {
        let room = WaitingRoom::default();
        let t0 = Instant::now();
        let n1 = room.enter(t0, t0 + ms(500), Priority::Normal, None).unwrap();
        let refused = room.enter(t0, t0 + ms(900), Priority::High, Some(t0 + ms(400)));
        assert_eq!(refused.err(), Some(ms(500)));
        assert_eq!(at(&n1), t0 + ms(500));
        assert_eq!(room.len(), 1);
    }

    #[test]
    fn waiting_requests_follow_their_moves_and_a_dropped_one_leaves() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        runtime.block_on(async {
            let pacer = std::sync::Arc::new(Pacer::new(Limit::new(1, ms(60))));
            let t0 = Instant::now();
            let order = std::sync::Arc::new(Mutex::new(Vec::new()));
            let mut tasks = Vec::new();
            let mut request = |name: &'static str, at: Instant, priority: Priority, deadline: Option<Instant>| {
                let (pacer, order) = (pacer.clone(), order.clone());
                tasks.push(tokio::spawn(async move {
                    let result = pacer.wait_turn(at, priority, deadline).await;
                    lock(&order).push((name, result.is_ok(), Instant::now()));
                }));
            };
            request("n1", t0 + ms(60), Priority::Normal, None);
            request("n2", t0 + ms(120), Priority::Normal, Some(t0 + ms(150)));
            request("n3", t0 + ms(180), Priority::Normal, None);
            tokio::task::yield_now().await;
            assert_eq!(pacer.budget(t0).queued, 3);
            request("high", t0 + ms(240), Priority::High, None);
            for task in tasks {
                task.await.unwrap();
            }
            let order = lock(&order).clone();
            let names: Vec<(&str, bool)> = order.iter().map(|(name, ok, _)| (*name, *ok)).collect();
            assert_eq!(
                names,
                [("n2", false), ("high", true), ("n1", true), ("n3", true)],
                "n2 refused at once when moved past its deadline"
            );
            let sent_at: Vec<Instant> = order.iter().filter(|o| o.1).map(|o| o.2).collect();
            for (got, want) in sent_at.iter().zip([60, 120, 180]) {
                assert!(*got >= t0 + ms(want), "no request goes before its time");
            }
            assert_eq!(pacer.budget(Instant::now()).queued, 0);
            assert_eq!(pacer.room().len(), 0);
            // A request dropped while it waits (cancelled, timed out) leaves the room.
            let waiting = tokio::time::timeout(ms(10), pacer.wait_turn(Instant::now() + ms(500), Priority::Normal, None)).await;
            assert!(waiting.is_err());
            assert_eq!(pacer.room().len(), 0);
        });
    }

    /// A route of 3 per second under a steady stream of normal requests with high ones among
    /// them, some normal ones with short timeouts, simulated: each arrival reserves from the
    /// pacer as `Transport::run` does (a high one past its own timeout when a normal one it
    /// can take waits), and every request goes at its time as the room has it then.
    #[test]
    fn the_limit_holds_in_every_window_highs_go_first_and_each_kind_keeps_its_order() {
        let limit = Limit::new(3, Duration::from_secs(1));
        let pacer = Pacer::new(limit);
        let room = pacer.room();
        let t0 = Instant::now();
        struct Request<'a> {
            n: usize,
            high: bool,
            ticket: Option<Ticket<'a>>,
        }
        let mut waiting: Vec<Request<'_>> = Vec::new();
        // (request, priority, sent at); refused ones by number.
        let mut sent: Vec<(usize, bool, Instant)> = Vec::new();
        let mut refused = Vec::new();
        let mut moved_past = Vec::new();
        // Waiting normal requests each high one must go before: (high, normal).
        let mut overtaken: Vec<(usize, usize)> = Vec::new();
        // (arrival, high, whether its timeout leaves it little more than its wait).
        let arrivals: Vec<(Duration, bool, bool)> =
            (0..40).map(|n| (ms(n as u64 * 150), n % 5 == 3 || n == 30 || n == 31, n % 7 == 1 && n % 5 != 3)).collect();
        let mut next = 0;
        loop {
            let next_send = waiting.iter().filter_map(|r| r.ticket.as_ref()).map(at).min();
            let next_arrival = arrivals.get(next).map(|(offset, ..)| t0 + *offset);
            let now = match (next_send, next_arrival) {
                (None, None) => break,
                (Some(s), Some(a)) => s.min(a),
                (s, a) => s.or(a).unwrap(),
            };
            // Sends first at equal times: their times came before the arrival asked.
            if next_send == Some(now) {
                for request in &mut waiting {
                    if request.ticket.as_ref().is_some_and(|t| at(t) <= now) {
                        assert_eq!(request.ticket.as_ref().unwrap().claim(now), Claim::Go);
                        request.ticket = None;
                        sent.push((request.n, request.high, now));
                    }
                }
            } else {
                let (_, high, short) = arrivals[next];
                let n = next;
                next += 1;
                let timeout = if short { pacer.next_free(now).saturating_duration_since(now) + ms(100) } else { ms(60_000) };
                let deadline = now + timeout;
                let priority = if high { Priority::High } else { Priority::Normal };
                let max_wait = if high && room.earliest_normal(now).is_some_and(|t| t <= deadline) { Duration::MAX } else { timeout };
                let normals_waiting: Vec<usize> =
                    waiting.iter().filter(|r| !r.high && r.ticket.as_ref().is_some_and(|t| at(t) > now)).map(|r| r.n).collect();
                match pacer.reserve(now, max_wait) {
                    Err(_) => refused.push(n),
                    Ok(t) if t <= now => sent.push((n, high, now)),
                    Ok(t) => match room.enter(now, t, priority, Some(deadline)) {
                        Err(_) => refused.push(n),
                        Ok(ticket) => {
                            if high {
                                overtaken.extend(normals_waiting.iter().map(|normal| (n, *normal)));
                            }
                            waiting.push(Request { n, high, ticket: Some(ticket) });
                        }
                    },
                }
            }
            // Requests moved past their deadlines are refused.
            for request in &mut waiting {
                if request.ticket.as_ref().is_some_and(|t| matches!(t.turn(), Turn::Refused(_))) {
                    request.ticket = None;
                    refused.push(request.n);
                    moved_past.push(request.n);
                }
            }
            waiting.retain(|r| r.ticket.is_some());
        }
        let times: Vec<Instant> = sent.iter().map(|s| s.2).collect();
        for (i, start) in times.iter().enumerate() {
            let in_window = times.iter().filter(|t| **t >= *start && **t < *start + limit.period).count();
            assert!(in_window <= limit.requests as usize, "{in_window} requests in the window from request {i}");
        }
        let position = |n: usize| sent.iter().position(|s| s.0 == n);
        for (high, normal) in &overtaken {
            if let Some(normal) = position(*normal) {
                assert!(position(*high).unwrap() < normal, "high {high} goes before normal request {normal}, waiting when it came");
            }
        }
        assert!(!overtaken.is_empty(), "high requests overtook waiting ones");
        for high in [true, false] {
            let order: Vec<usize> = sent.iter().filter(|s| s.1 == high).map(|s| s.0).collect();
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(order, sorted, "requests of the same priority keep their order (high: {high})");
        }
        assert!(moved_past.len() >= 2, "normal requests with short timeouts were moved past them: {moved_past:?}");
        assert_eq!(moved_past, refused, "every refusal was one of those");
        for n in &refused {
            assert!(!arrivals[*n].1, "no high request is refused: each found a normal one to take the time of");
            assert!(position(*n).is_none());
        }
        assert_eq!(sent.len() + refused.len(), arrivals.len(), "every request was sent or refused");
    }
}
