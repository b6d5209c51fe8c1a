//! Collecting non-blocking results to be picked up later, as a game loop does once a tick.
//!
//! [`Client::submit`] reports each result to a callback on the client's I/O thread. A game
//! thread wants them on its own thread instead: an [`Inbox`] keeps results until they are
//! polled (by id, as the C ABI does) or drained (all at once, as the Lua module does).

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::client::{Client, RequestId};
use crate::error::Result;
use crate::response::Response;
use crate::sync::{lock, wait_timeout};

/// Where submitted requests' results wait to be collected, as `T`: the result itself by
/// default, or what a face hands out (the C ABI keeps the finished envelope string, made on
/// the I/O thread, so that collecting it costs the caller's thread next to nothing).
pub struct Inbox<T = Result<Response>> {
    slots: Mutex<HashMap<RequestId, Slot<T>>>,
    delivered: Condvar,
    convert: fn(Result<Response>) -> T,
}

enum Slot<T> {
    Pending,
    Done(T),
}

/// What [`Inbox::poll`] found.
#[derive(Debug)]
pub enum Poll<T = Result<Response>> {
    /// Not completed yet.
    Pending,
    /// Completed; the result is handed out this once.
    Done(T),
    /// Not a request of this inbox, or its result was already collected.
    Unknown,
}

impl Inbox {
    /// An empty inbox of results, shared with the callbacks that fill it.
    pub fn new() -> Arc<Inbox> {
        Inbox::converting(|result| result)
    }
}

impl<T: Send + 'static> Inbox<T> {
    /// An empty inbox that keeps `convert(result)`; `convert` runs on the I/O thread.
    pub fn converting(convert: fn(Result<Response>) -> T) -> Arc<Inbox<T>> {
        Arc::new(Inbox { slots: Mutex::default(), delivered: Condvar::new(), convert })
    }

    fn slots(&self) -> MutexGuard<'_, HashMap<RequestId, Slot<T>>> {
        lock(&self.slots)
    }

    /// Submits `operation` on `client`; its result will wait here. Returns at once.
    pub fn submit(self: &Arc<Self>, client: &Client, operation: &str, params: &Value) -> RequestId {
        self.submit_checked(client, operation, Ok(params))
    }

    /// [`Inbox::submit`] after the caller's own argument checks (see [`Client::submit_checked`]).
    pub fn submit_checked(self: &Arc<Self>, client: &Client, operation: &str, params: Result<&Value>) -> RequestId {
        let inbox = self.clone();
        let id = client.submit_checked(operation, params, Box::new(move |id, result| inbox.deliver(id, result)));
        // The result may already be here (invalid parameters complete at once): keep it.
        self.slots().entry(id).or_insert(Slot::Pending);
        id
    }

    fn deliver(&self, id: RequestId, result: Result<Response>) {
        // Converted before taking the lock, which a polling game thread may be waiting for.
        let done = Slot::Done((self.convert)(result));
        self.slots().insert(id, done);
        self.delivered.notify_all();
    }

    /// The result of `id` if it has completed, handing it out once.
    pub fn poll(&self, id: RequestId) -> Poll<T> {
        let mut slots = self.slots();
        match slots.remove(&id) {
            Some(Slot::Done(result)) => Poll::Done(result),
            Some(Slot::Pending) => {
                slots.insert(id, Slot::Pending);
                Poll::Pending
            }
            None => Poll::Unknown,
        }
    }

    /// Waits up to `timeout` for `id` to complete; [`Poll::Pending`] if it did not.
    pub fn wait(&self, id: RequestId, timeout: Duration) -> Poll<T> {
        let deadline = Instant::now() + timeout;
        let mut slots = self.slots();
        loop {
            match slots.remove(&id) {
                None => return Poll::Unknown,
                Some(Slot::Done(result)) => return Poll::Done(result),
                Some(Slot::Pending) => {
                    slots.insert(id, Slot::Pending);
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Poll::Pending;
            }
            slots = wait_timeout(&self.delivered, slots, deadline - now);
        }
    }

    /// Every completed result, handed out once, oldest request first.
    pub fn drain(&self) -> Vec<(RequestId, T)> {
        let mut slots = self.slots();
        let done: Vec<RequestId> = slots.iter().filter(|(_, s)| matches!(s, Slot::Done(_))).map(|(id, _)| *id).collect();
        let mut results: Vec<_> = done
            .into_iter()
            .filter_map(|id| match slots.remove(&id) {
                Some(Slot::Done(result)) => Some((id, result)),
                _ => None,
            })
            .collect();
        results.sort_by_key(|(id, _)| *id);
        results
    }

    /// How many requests have not been collected yet (pending or done).
    pub fn len(&self) -> usize {
        self.slots().len()
    }

    /// Whether nothing is waiting to be collected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
