//! What a panel sends, on the client's I/O thread: the definition, instance states (latest
//! wins), acknowledgements (retried while the action lives) and the recovery poll (only
//! when needed, within the budget every panel of the key shares). One task a panel wakes
//! when there is work and once a second otherwise; every request is an ordinary
//! [`Client::submit`], so pacing, the shared limiter and `Retry-After` apply as to any call.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::actions::{retryable, Actions, Source};
use super::{now, PanelOptions, PanelStatus};
use crate::api::integration_panels::models::{ActionResult, PanelAction, PanelActions};
use crate::client::Client;
use crate::error::{Error, ErrorKind, Result};
use crate::push::{EventOptions, HubState, ReceivedEvent};
use crate::response::Response;
use crate::sync::lock;

const SET_PANEL: &str = "set_integration_panel_v2";
const SET_STATE: &str = "set_integration_panel_state_v2";
const POLL: &str = "get_integration_panel_actions_v2";
const ACK: &str = "acknowledge_integration_panel_action_v2";
/// Actions asked for per poll: the route's most.
const POLL_LIMIT: usize = 100;
/// How long the start-up poll waits for the hub to authenticate, so that what is pressed
/// after the poll comes by push.
const START_WAIT: Duration = Duration::from_secs(15);
/// How often the driver looks at the hub while the start-up poll waits for it.
const START_LOOK: Duration = Duration::from_millis(20);
/// The driver looks at the hub and the clock at least this often.
const TICK: Duration = Duration::from_secs(1);
/// Waits before sending a definition or a state again after a failure; doubling up to 30 s.
const RETRY_FIRST: Duration = Duration::from_millis(500);
const RETRY_MAX: Duration = Duration::from_secs(30);

/// The panels open in this process: (client, panel key, server). One panel a client may
/// open once per server; two would split its pushes and poll twice.
static OPEN: LazyLock<Mutex<HashSet<(usize, String, u64)>>> = LazyLock::new(Mutex::default);

/// One open panel, shared by its handle, its task and the callbacks of its requests.
pub(crate) struct Inner {
    client: Client,
    pub(super) panel_key: String,
    pub(super) server_id: u64,
    instance: String,
    definition: Option<Value>,
    cursor_file: Option<PathBuf>,
    quiet_poll: Duration,
    down_poll: Duration,
    opened: Instant,
    /// Its place in [`OPEN`], given up at close.
    identity: (usize, String, u64),
    tap: Mutex<Option<u64>>,
    state: Mutex<State>,
    wake: tokio::sync::Notify,
}

/// Where the definition is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Definition {
    /// None was given.
    None,
    /// To send (again) at the instant.
    Pending(Instant, u32),
    /// On the wire.
    Sending(u32),
    /// Taken by the API.
    Published,
    /// Refused by the API (not retried).
    Failed,
}

/// One instance's state: the latest given, waiting or on the wire.
struct Slot {
    latest: Option<Value>,
    sending: bool,
    next_try: Instant,
    attempts: u32,
}

/// The recovery poll's bookkeeping.
#[derive(Default)]
struct PollState {
    sending: bool,
    /// The start-up poll was sent.
    started: bool,
    last_sent: Option<Instant>,
    /// Hub sessions authenticated when the last poll was sent: a higher count is a reconnect.
    sessions_seen: u64,
    /// No poll before this (a `429`'s `Retry-After`, or the budget's reset).
    not_before: Option<Instant>,
    /// A poll is owed (after a full page, a reconnect, a missing panel).
    owed: bool,
}

struct State {
    actions: Actions,
    definition: Definition,
    slots: HashMap<String, Slot>,
    poll: PollState,
    polls: u64,
    last_push: Option<Instant>,
    closed: bool,
    last_error: Option<String>,
    states_sent: u64,
    states_coalesced: u64,
    state_failures: u64,
}

/// A request to send, decided under the lock and sent after it is released.
enum Request {
    Definition(u32),
    State(String, Value),
    Poll(u64),
    Ack(String, ActionResult),
}

fn backoff(attempts: u32) -> Duration {
    RETRY_FIRST.saturating_mul(1 << attempts.min(8)).min(RETRY_MAX)
}

impl Inner {
    /// Checks `options`, reads the cursor file, starts events when asked, and starts the
    /// panel's task.
    pub(super) fn open(client: &Client, options: PanelOptions) -> Result<Arc<Inner>> {
        let server_id = options.server_id.unwrap_or(client.config().default_server_id);
        // The route's own checks name the field: the keys' pattern, the server, the definition's rules.
        let state_check = json!({"serverId": server_id, "panelKey": options.panel_key, "instanceKey": options.instance, "state": {}});
        crate::api::find(SET_STATE).map(|op| op.validate(&state_check, server_id)).transpose()?;
        if let Some(definition) = &options.definition {
            let check = json!({"panelKey": options.panel_key, "definition": definition});
            crate::api::find(SET_PANEL).map(|op| op.validate(&check, server_id)).transpose()?;
        }
        let cursor = match &options.cursor_file {
            Some(path) => read_cursor(path)?,
            None => 0,
        };
        let identity = (client.identity(), options.panel_key.clone(), server_id);
        if !lock(&OPEN).insert(identity.clone()) {
            return Err(Error::invalid(
                "panelKey",
                format_args!("`{}` is already open on server {server_id} in this client", options.panel_key),
            ));
        }
        let mut last_error = None;
        if options.start_events {
            let status = client.events_status();
            if status.hub.is_none() && status.listener.is_none() {
                let events = EventOptions { server_id: Some(server_id), ..EventOptions::default() };
                if let Err(error) = client.start_events(&events) {
                    // Without push events (a build without them) the recovery poll still works.
                    last_error = Some(format!("push events not started: {}", error.message));
                }
            }
        }
        let clock = Instant::now();
        let definition = if options.definition.is_some() { Definition::Pending(clock, 0) } else { Definition::None };
        let inner = Arc::new(Inner {
            client: client.clone(),
            panel_key: options.panel_key,
            server_id,
            instance: options.instance,
            definition: options.definition,
            cursor_file: options.cursor_file,
            quiet_poll: options.quiet_poll_interval,
            down_poll: options.down_poll_interval,
            opened: clock,
            identity,
            tap: Mutex::new(None),
            state: Mutex::new(State {
                actions: Actions::new(options.supersede, cursor),
                definition,
                slots: HashMap::new(),
                poll: PollState::default(),
                polls: 0,
                last_push: None,
                closed: false,
                last_error,
                states_sent: 0,
                states_coalesced: 0,
                state_failures: 0,
            }),
            wake: tokio::sync::Notify::new(),
        });
        let weak: Weak<Inner> = Arc::downgrade(&inner);
        let token = client.tap_events(
            super::super::event_type(&inner.panel_key),
            Arc::new(move |event: &ReceivedEvent| weak.upgrade().is_some_and(|inner| inner.pushed(event))),
        );
        *lock(&inner.tap) = Some(token);
        let task = inner.clone();
        client.io_runtime().spawn(task.run());
        Ok(inner)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// A push event of the panel's type: taken when it is an action for this server.
    fn pushed(&self, event: &ReceivedEvent) -> bool {
        let Ok(action) = serde_json::from_value::<PanelAction>(event.data.clone()) else { return false };
        if action.id.is_empty() || (action.server_id != 0 && action.server_id != self.server_id) {
            return false;
        }
        let mut state = self.state();
        if state.closed {
            return false;
        }
        let (wall, clock) = now();
        state.actions.offer(action, Source::Push, wall);
        state.last_push = Some(clock);
        true
    }

    pub(super) fn set_state(&self, instance: Option<&str>, state: Value) -> Result<()> {
        let instance = instance.unwrap_or(&self.instance);
        let mut params = json!({"serverId": self.server_id, "panelKey": self.panel_key, "instanceKey": instance, "state": state});
        let op = crate::api::find(SET_STATE).ok_or_else(|| crate::api::unknown(SET_STATE))?;
        op.validate(&params, self.server_id)?;
        let state = params.get_mut("state").map(Value::take).unwrap_or(Value::Null);
        let mut guard = self.state();
        if guard.closed {
            return Err(Error::invalid("panel", "is closed"));
        }
        let slot =
            guard.slots.entry(instance.to_string()).or_insert(Slot { latest: None, sending: false, next_try: Instant::now(), attempts: 0 });
        let replaced = slot.latest.replace(state).is_some();
        if replaced {
            guard.states_coalesced += 1;
        }
        drop(guard);
        self.wake.notify_one();
        Ok(())
    }

    pub(super) fn next_action(&self) -> Option<PanelAction> {
        let (wall, clock) = now();
        let mut state = self.state();
        if state.closed {
            return None;
        }
        let action = state.actions.next(wall, clock);
        let superseded_due = state.actions.next_ack_at().is_some_and(|at| at <= clock);
        drop(state);
        if superseded_due {
            self.wake.notify_one();
        }
        action
    }

    pub(super) fn ack(&self, action_id: &str, result: ActionResult) -> Result<()> {
        // The route's caps (message, result), checked before the result is kept.
        let check =
            crate::client::with_fields(json!({"serverId": self.server_id, "panelKey": self.panel_key, "eventId": action_id}), &result)?;
        if let Some(op) = crate::api::find(ACK) {
            op.validate(&check, self.server_id)?;
        }
        self.state().actions.complete(action_id, result, Instant::now())?;
        self.wake.notify_one();
        Ok(())
    }

    pub(super) fn status(&self) -> PanelStatus {
        let state = self.state();
        let mut status = PanelStatus { panel_key: self.panel_key.clone(), server_id: self.server_id, ..PanelStatus::default() };
        state.actions.fill(&mut status);
        status.polls = state.polls;
        status.polling = state.poll.sending;
        status.states_sent = state.states_sent;
        status.states_coalesced = state.states_coalesced;
        status.state_failures = state.state_failures;
        status.definition = match state.definition {
            Definition::None => "none",
            Definition::Pending(..) | Definition::Sending(_) => "pending",
            Definition::Published => "published",
            Definition::Failed => "failed",
        };
        status.closed = state.closed;
        status.last_error = state.last_error.clone();
        status
    }

    pub(super) fn close(&self) {
        if let Some(token) = lock(&self.tap).take() {
            self.client.untap_events(token);
            lock(&OPEN).remove(&self.identity);
        }
        self.state().closed = true;
        self.wake.notify_one();
    }

    /// The panel's task: until it is closed and nothing it owes is left to send.
    async fn run(self: Arc<Self>) {
        loop {
            let Some(at) = self.step() else { return };
            let at = at.min(Instant::now() + TICK);
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep_until(at.into()) => {}
            }
        }
    }

    /// Decides and sends what is due; answers when to look again (`None`: done for good).
    fn step(self: &Arc<Self>) -> Option<Instant> {
        let (wall, clock) = now();
        // Read before the lock: the hub's state and the poll budget.
        let hub = self.client.events_status();
        let budget = self.client.budget(POLL).ok().flatten();
        let mut sends = Vec::new();
        let mut save = None;
        let mut next = clock + TICK;
        {
            let mut state = self.state();
            let state = &mut *state;
            state.actions.sweep(wall);
            if state.actions.cursor_dirty {
                state.actions.cursor_dirty = false;
                save = Some(state.actions.cursor());
            }
            if state.actions.more_waiting {
                state.actions.more_waiting = false;
                state.poll.owed = true;
            }
            if let Definition::Pending(at, attempts) = state.definition {
                if at <= clock {
                    state.definition = Definition::Sending(attempts);
                    sends.push(Request::Definition(attempts));
                } else {
                    next = next.min(at);
                }
            }
            let definition_settled = !matches!(state.definition, Definition::Pending(..) | Definition::Sending(_));
            for (instance, slot) in &mut state.slots {
                if !definition_settled || slot.sending || slot.latest.is_none() {
                    continue;
                }
                if slot.next_try > clock {
                    next = next.min(slot.next_try);
                    continue;
                }
                if let Some(value) = slot.latest.take() {
                    slot.sending = true;
                    sends.push(Request::State(instance.clone(), value));
                }
            }
            for (id, result) in state.actions.due_acks(clock) {
                sends.push(Request::Ack(id, result));
            }
            if let Some(at) = state.actions.next_ack_at() {
                next = next.min(at);
            }
            // Not before the definition is settled: a poll of a panel not yet published is a 404.
            if !state.closed && definition_settled && self.poll_due(state, &hub, budget.as_ref(), clock) {
                state.poll.sending = true;
                state.poll.started = true;
                state.poll.owed = false;
                state.poll.last_sent = Some(clock);
                state.poll.sessions_seen = hub.hub.as_ref().map_or(0, |h| h.sessions);
                state.polls += 1;
                sends.push(Request::Poll(state.actions.cursor()));
            }
            // Until the start-up poll goes, look often: it waits for the hub, and what is
            // pressed between the hub's start and the poll would come twice.
            if !state.poll.started {
                next = next.min(clock + START_LOOK);
            }
            let idle = sends.is_empty()
                && !state.actions.acks_pending()
                && !state.poll.sending
                && state.slots.values().all(|s| !s.sending && s.latest.is_none())
                && !matches!(state.definition, Definition::Pending(..) | Definition::Sending(_));
            if state.closed && idle {
                return None;
            }
        }
        if let (Some(cursor), Some(path)) = (save, &self.cursor_file) {
            if let Err(error) = write_cursor(path, cursor) {
                self.state().last_error = Some(error);
            }
        }
        for send in sends {
            self.send(send);
        }
        Some(next)
    }

    /// Whether the recovery poll should go now: at start (once the hub settled), after a
    /// reconnect, after a full page or a missing panel, and slowly while pushes are not
    /// arriving; never while a poll's actions are being worked through, and only with
    /// budget left.
    fn poll_due(&self, state: &State, events: &crate::push::EventsStatus, budget: Option<&crate::budget::Budget>, clock: Instant) -> bool {
        let poll = &state.poll;
        if poll.sending || state.actions.batch_open() || poll.not_before.is_some_and(|t| clock < t) {
            return false;
        }
        if budget.is_some_and(|b| b.remaining == 0 || b.queued > 0) {
            return false;
        }
        let hub = events.hub.as_ref();
        let connected = hub.is_some_and(|h| h.state == HubState::Connected);
        if !poll.started {
            let connecting = hub.is_some_and(|h| h.state == HubState::Connecting);
            return !connecting || clock >= self.opened + START_WAIT;
        }
        if poll.owed || (connected && hub.is_some_and(|h| h.sessions > poll.sessions_seen)) {
            return true;
        }
        let since_poll = poll.last_sent.map_or(Duration::MAX, |t| clock.saturating_duration_since(t));
        let push_path = connected || events.listener.is_some();
        if !push_path {
            return since_poll >= self.down_poll;
        }
        let since_push = state.last_push.map_or(clock.saturating_duration_since(self.opened), |t| clock.saturating_duration_since(t));
        since_poll >= self.quiet_poll && since_push >= self.quiet_poll
    }

    /// Sends one request; its answer comes back to [`Inner::answered`].
    fn send(self: &Arc<Self>, send: Request) {
        let (operation, params) = match &send {
            Request::Definition(_) => (SET_PANEL, json!({"panelKey": self.panel_key, "definition": self.definition})),
            Request::State(instance, value) => {
                (SET_STATE, json!({"serverId": self.server_id, "panelKey": self.panel_key, "instanceKey": instance, "state": value}))
            }
            Request::Poll(after) => {
                (POLL, json!({"serverId": self.server_id, "panelKey": self.panel_key, "after": after, "limit": POLL_LIMIT}))
            }
            Request::Ack(id, result) => {
                let mut params = Map::new();
                params.insert("serverId".into(), json!(self.server_id));
                params.insert("panelKey".into(), json!(self.panel_key));
                params.insert("eventId".into(), json!(id));
                params.insert("success".into(), json!(result.success));
                if let Some(message) = &result.message {
                    params.insert("message".into(), json!(message));
                }
                if let Some(value) = &result.result {
                    params.insert("result".into(), value.clone());
                }
                (ACK, Value::Object(params))
            }
        };
        let inner = self.clone();
        self.client.submit(
            operation,
            &params,
            Box::new(move |_, result| {
                inner.answered(send, result);
                inner.wake.notify_one();
            }),
        );
    }

    /// What the API answered a request of the panel.
    fn answered(&self, send: Request, result: Result<Response>) {
        let (wall, clock) = now();
        let mut state = self.state();
        let state = &mut *state;
        if let Err(error) = &result {
            if error.kind != ErrorKind::Cancelled {
                state.last_error = Some(format!("{}: {}", error.kind.as_str(), error.message));
            }
        }
        match send {
            Request::Definition(attempts) => {
                state.definition = match result {
                    Ok(_) => Definition::Published,
                    Err(e) if retryable(&e) => Definition::Pending(clock + wait(&e, attempts), attempts + 1),
                    Err(_) => Definition::Failed,
                };
            }
            Request::State(instance, value) => {
                let missing_panel = matches!(&result, Err(e) if e.status == Some(409));
                // The CAD lost the panel: publish it again (once, whichever state noticed) and
                // send this state after it.
                let republish = missing_panel && self.definition.is_some() && state.definition != Definition::Failed;
                if republish && state.definition == Definition::Published {
                    state.definition = Definition::Pending(clock, 0);
                }
                let Some(slot) = state.slots.get_mut(&instance) else { return };
                slot.sending = false;
                match result {
                    Ok(_) => {
                        slot.attempts = 0;
                        state.states_sent += 1;
                    }
                    Err(e) if retryable(&e) || republish => {
                        // Latest wins: a newer state given meanwhile goes instead.
                        slot.latest.get_or_insert(value);
                        slot.next_try = clock + wait(&e, slot.attempts);
                        slot.attempts += 1;
                    }
                    Err(_) => state.state_failures += 1,
                }
            }
            Request::Poll(_) => {
                state.poll.sending = false;
                match result.and_then(|r| r.decode::<PanelActions>()) {
                    Ok(answer) => state.actions.poll_answered(answer, POLL_LIMIT, wall),
                    Err(e) => {
                        if e.kind == ErrorKind::RateLimited {
                            state.poll.not_before = Some(clock + Duration::from_millis(e.retry_after_ms.unwrap_or(20_000)));
                            state.poll.owed = true;
                        } else if e.kind == ErrorKind::NotFound && self.definition.is_some() && state.definition == Definition::Published {
                            state.definition = Definition::Pending(clock, 0);
                            state.poll.owed = true;
                        } else if retryable(&e) {
                            state.poll.owed = true;
                            state.poll.not_before = Some(clock + backoff(2));
                        }
                    }
                }
            }
            Request::Ack(id, _) => {
                state.actions.ack_answered(&id, result.map(|_| ()), wall, clock);
            }
        }
    }
}

/// How long to wait before sending again after `error`: its `Retry-After`, else the backoff.
fn wait(error: &Error, attempts: u32) -> Duration {
    let backoff = backoff(attempts);
    error.retry_after_ms.map_or(backoff, |ms| Duration::from_millis(ms).max(backoff))
}

/// The cursor kept in `path` (0 when the file does not exist yet).
fn read_cursor(path: &std::path::Path) -> Result<u64> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            text.trim().parse().map_err(|_| Error::invalid("cursorFile", format_args!("{} holds no cursor (a number)", path.display())))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(Error::invalid("cursorFile", format_args!("cannot be read ({e})"))),
    }
}

/// Keeps `cursor` in `path`, replacing it whole (written beside it, then renamed).
fn write_cursor(path: &std::path::Path, cursor: u64) -> std::result::Result<(), String> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, format!("{cursor}\n"))
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| format!("the cursor file {} cannot be written: {e}", path.display()))
}
