//! The one queue both transports feed: bounded, oldest dropped and counted on overflow,
//! read by polling, by a blocking wait, by an async stream or by a callback thread.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock};
use std::task::Waker;
use std::time::{Duration, Instant};

use super::{EventCallback, QueueStats, ReceivedEvent};
use crate::sync::{lock, read, wait, wait_timeout, write};

/// The queue a client's events wait in.
pub(crate) struct EventQueue {
    inner: Mutex<Inner>,
    /// Signalled on every push and when the queue closes.
    ready: Condvar,
    /// Takers of events of one type before they are queued (a panel takes its
    /// `EVENT_PANEL_<KEY>`), by token.
    taps: RwLock<Vec<(u64, String, Tap)>>,
    /// Sees every event before the taps and the queue, and every drop (the live mirror).
    observer: RwLock<Option<Arc<dyn Observer>>>,
}

/// Sees the events as they arrive, before any tap or host, and the queue's drops.
pub(crate) trait Observer: Send + Sync {
    /// An event arrived (taken by a tap or not).
    fn event(&self, event: &ReceivedEvent);
    /// The queue began dropping events (once per overflow, until the host empties it): how
    /// many it has dropped in all.
    fn dropped(&self, total: u64);
}

/// Takes an event of its type before it is queued; `false` leaves it to the queue.
pub(crate) type Tap = Arc<dyn Fn(&ReceivedEvent) -> bool + Send + Sync>;

struct Inner {
    events: VecDeque<ReceivedEvent>,
    capacity: usize,
    /// Dropped since the last event handed out: told with the next one.
    dropped_unreported: u64,
    stats: QueueStats,
    /// No session running: a blocking reader stops waiting once the queue is empty.
    closed: bool,
    /// Whether the current overflow has been logged (once per overflow, not per event).
    overflow_logged: bool,
    /// Async readers waiting for the next event.
    wakers: Vec<Waker>,
    /// The host's callback, run on the delivery thread, and that thread's generation.
    callback: Option<(EventCallback, u64)>,
    generation: u64,
}

/// What [`EventQueue::push`] tells the caller to report.
pub(crate) enum Pushed {
    /// Queued.
    Queued,
    /// Queued, and the oldest event was dropped to make room: the first drop of an overflow.
    Overflowing,
}

impl EventQueue {
    pub(crate) fn new(capacity: usize) -> Arc<EventQueue> {
        Arc::new(EventQueue {
            inner: Mutex::new(Inner {
                events: VecDeque::new(),
                capacity: capacity.max(1),
                dropped_unreported: 0,
                stats: QueueStats { capacity: capacity.max(1), ..QueueStats::default() },
                closed: true,
                overflow_logged: false,
                wakers: Vec::new(),
                callback: None,
                generation: 0,
            }),
            ready: Condvar::new(),
            taps: RwLock::new(Vec::new()),
            observer: RwLock::new(None),
        })
    }

    /// Hands events of `event_type` to `tap` before they are queued, until [`EventQueue::untap`]
    /// with the token given back.
    pub(crate) fn tap(&self, token: u64, event_type: String, tap: Tap) {
        write(&self.taps).push((token, event_type, tap));
    }

    /// Sets the observer of every event and drop (`None`: none).
    pub(crate) fn observe(&self, observer: Option<Arc<dyn Observer>>) {
        *write(&self.observer) = observer;
    }

    /// Tells the observer of `total` drops.
    fn tell_dropped(&self, total: u64) {
        if let Some(observer) = read(&self.observer).clone() {
            observer.dropped(total);
        }
    }

    /// Stops the tap of `token`.
    pub(crate) fn untap(&self, token: u64) {
        write(&self.taps).retain(|(t, _, _)| *t != token);
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    /// Opens the queue for a session with room for `capacity` events (the oldest beyond it
    /// are dropped now, counted).
    pub(crate) fn open(&self, capacity: usize) {
        let mut inner = self.lock();
        inner.capacity = capacity.max(1);
        inner.stats.capacity = inner.capacity;
        let mut dropped = false;
        while inner.events.len() > inner.capacity {
            inner.events.pop_front();
            inner.dropped_unreported += 1;
            inner.stats.dropped += 1;
            dropped = true;
        }
        inner.closed = false;
        let total = inner.stats.dropped;
        drop(inner);
        if dropped {
            self.tell_dropped(total);
        }
    }

    /// Closes the queue: events already in it can still be read; blocking readers return
    /// once it is empty.
    pub(crate) fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        for waker in inner.wakers.drain(..) {
            waker.wake();
        }
        drop(inner);
        self.ready.notify_all();
    }

    /// Adds `event`, dropping the oldest when full, unless a tap takes it.
    pub(crate) fn push(&self, event: ReceivedEvent) -> Pushed {
        // The observer first: a handler that reads the mirror sees this event applied.
        if let Some(observer) = read(&self.observer).clone() {
            observer.event(&event);
        }
        if read(&self.taps).iter().any(|(_, event_type, tap)| *event_type == event.event_type && tap(&event)) {
            return Pushed::Queued;
        }
        let mut inner = self.lock();
        inner.stats.received += 1;
        let mut pushed = Pushed::Queued;
        let mut dropped = None;
        if inner.events.len() >= inner.capacity {
            inner.events.pop_front();
            inner.dropped_unreported += 1;
            inner.stats.dropped += 1;
            if !inner.overflow_logged {
                inner.overflow_logged = true;
                pushed = Pushed::Overflowing;
                // Once per overflow (until the host empties the queue), as it is logged.
                dropped = Some(inner.stats.dropped);
            }
        }
        inner.events.push_back(event);
        for waker in inner.wakers.drain(..) {
            waker.wake();
        }
        drop(inner);
        self.ready.notify_all();
        if let Some(total) = dropped {
            self.tell_dropped(total);
        }
        pushed
    }

    /// Counts an event refused before queueing (wrong key, malformed).
    pub(crate) fn reject(&self) {
        self.lock().stats.rejected += 1;
    }

    /// Hands out the oldest event, with the count of events dropped just before it.
    fn take(inner: &mut Inner) -> Option<ReceivedEvent> {
        let mut event = inner.events.pop_front()?;
        event.dropped_before = std::mem::take(&mut inner.dropped_unreported);
        inner.stats.delivered += 1;
        if inner.events.is_empty() {
            inner.overflow_logged = false;
        }
        Some(event)
    }

    /// The next event, or `None` at once when none is waiting.
    pub(crate) fn pop(&self) -> Option<ReceivedEvent> {
        Self::take(&mut self.lock())
    }

    /// The next event, waiting up to `timeout` (forever with `None`) while a session runs.
    /// `None` when the time is up, or when no session runs and the queue is empty.
    pub(crate) fn wait(&self, timeout: Option<Duration>) -> Option<ReceivedEvent> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut inner = self.lock();
        loop {
            if let Some(event) = Self::take(&mut inner) {
                return Some(event);
            }
            if inner.closed {
                return None;
            }
            inner = match deadline {
                None => wait(&self.ready, inner),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return None;
                    }
                    wait_timeout(&self.ready, inner, deadline - now)
                }
            };
        }
    }

    /// For an async reader: the next event, or `None` after registering `waker` (and
    /// `Some(None)`-like end signalled by `Err(())` when no session runs and none is left).
    pub(crate) fn poll_async(&self, waker: &Waker) -> Result<Option<ReceivedEvent>, ()> {
        let mut inner = self.lock();
        if let Some(event) = Self::take(&mut inner) {
            return Ok(Some(event));
        }
        if inner.closed {
            return Err(());
        }
        if !inner.wakers.iter().any(|w| w.will_wake(waker)) {
            inner.wakers.push(waker.clone());
        }
        Ok(None)
    }

    /// The queue's counters now.
    pub(crate) fn stats(&self) -> QueueStats {
        let inner = self.lock();
        QueueStats { waiting: inner.events.len(), ..inner.stats.clone() }
    }

    /// Installs `callback` (or none) and returns the new generation: a delivery thread of
    /// an older generation stops.
    pub(crate) fn set_callback(&self, callback: Option<EventCallback>) -> u64 {
        let mut inner = self.lock();
        inner.generation += 1;
        let generation = inner.generation;
        inner.callback = callback.map(|c| (c, generation));
        drop(inner);
        self.ready.notify_all();
        generation
    }

    /// The delivery thread's loop: hands each event to the callback of `generation` until
    /// another is installed. The callback runs with no lock held.
    pub(crate) fn deliver_to_callback(&self, generation: u64) {
        loop {
            let mut inner = self.lock();
            let (callback, event) = loop {
                let callback = match &inner.callback {
                    Some((callback, g)) if *g == generation => callback.clone(),
                    _ => return,
                };
                if let Some(event) = Self::take(&mut inner) {
                    break (callback, event);
                }
                inner = wait(&self.ready, inner);
            };
            drop(inner);
            // A panicking callback must not end delivery for the others.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| callback(&event)));
        }
    }
}
