//! Push events on a client: start and stop receiving, and read what arrived.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use super::Client;
use crate::error::Result;
use crate::push::{EventCallback, EventOptions, EventQueue, EventsStatus, ReceivedEvent};

impl Client {
    /// Starts receiving push events: a hub session for the server (`options.websocket`,
    /// the default) and/or the HTTP listener (`options.listen`). Returns at once (unless
    /// `options.wait` is set) with what runs: the hub's state and the listener's bound URL.
    /// Starting again replaces what ran; events already queued are kept.
    ///
    /// Fails with `invalid_argument` naming `listen` when the address cannot be bound.
    ///
    /// With `options.mirror`, the live mirror of the server starts too (see
    /// [`Client::start_mirror`]).
    pub fn start_events(&self, options: &EventOptions) -> Result<EventsStatus> {
        let config = Arc::new(self.shared.transport.config.clone());
        let status = self.events.start(self.runtime.handle(), config, self.shared.tls.clone(), options)?;
        if let Some(mirror) = &options.mirror {
            let server_id = mirror.server_id.or(options.server_id).unwrap_or(self.config().default_server_id);
            self.run_mirror(server_id, mirror);
        }
        Ok(status)
    }

    /// Stops the hub session (closing it cleanly) and the listener, and the live mirror.
    /// Events already queued can still be read, and the mirror's picture too.
    pub fn stop_events(&self) -> EventsStatus {
        self.shared.mirror.stop();
        self.events.stop()
    }

    /// What is receiving events now, and the queue's counters.
    pub fn events_status(&self) -> EventsStatus {
        self.events.status()
    }

    /// The next event, or `None` at once when none is waiting. Never blocks.
    pub fn poll_event(&self) -> Option<ReceivedEvent> {
        self.events.queue.pop()
    }

    /// The next event, waiting up to `timeout` for one; `None` when none came, or when
    /// events are not started and none is left.
    pub fn wait_event(&self, timeout: Duration) -> Option<ReceivedEvent> {
        self.events.queue.wait(Some(timeout))
    }

    /// The events as a blocking iterator: each `next` waits for the next event, and the
    /// iterator ends when events are stopped and none is left.
    pub fn events(&self) -> Events {
        Events { queue: self.events.queue.clone() }
    }

    /// The events as an async stream (`futures_core::Stream`), ending when events are
    /// stopped and none is left.
    pub fn event_stream(&self) -> EventStream {
        EventStream { queue: self.events.queue.clone() }
    }

    /// Hands every event to `callback` on a library thread instead of keeping it for
    /// polling (`None`: back to polling). When this returns, the previous callback is no
    /// longer running (unless called from inside it). Keep the callback short: events wait
    /// while it runs.
    pub fn set_event_callback(&self, callback: Option<EventCallback>) {
        self.events.set_callback(callback);
    }
}

impl Client {
    /// Hands events of `event_type` to `tap` before they reach the queue (a panel's
    /// `EVENT_PANEL_<KEY>`), until [`Client::untap_events`] with the token this returns.
    pub(crate) fn tap_events(&self, event_type: String, tap: crate::push::Tap) -> u64 {
        let token = self.shared.next_id.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.events.queue.tap(token, event_type, tap);
        token
    }

    /// Ends the tap of `token`.
    pub(crate) fn untap_events(&self, token: u64) {
        self.events.queue.untap(token);
    }

    /// What tells this client (and its clones) apart from other clients in the process.
    pub(crate) fn identity(&self) -> usize {
        Arc::as_ptr(&self.shared) as usize
    }

    /// The client's I/O runtime, for tasks of the core's own helpers (the panel driver).
    pub(crate) fn io_runtime(&self) -> &tokio::runtime::Handle {
        self.runtime.handle()
    }
}

/// The blocking iterator of [`Client::events`].
pub struct Events {
    queue: Arc<EventQueue>,
}

impl Iterator for Events {
    type Item = ReceivedEvent;

    fn next(&mut self) -> Option<ReceivedEvent> {
        self.queue.wait(None)
    }
}

/// The async stream of [`Client::event_stream`].
pub struct EventStream {
    queue: Arc<EventQueue>,
}

impl futures_core::Stream for EventStream {
    type Item = ReceivedEvent;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ReceivedEvent>> {
        match self.queue.poll_async(cx.waker()) {
            Ok(Some(event)) => Poll::Ready(Some(event)),
            Ok(None) => Poll::Pending,
            Err(()) => Poll::Ready(None),
        }
    }
}
