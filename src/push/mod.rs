//! Push events: what Sonoran CAD sends a game server (a 911 call placed, a unit's status
//! changed, a record added, a player linked), received over its WebSocket hub or an HTTP
//! listener, into one bounded queue the host reads without ever blocking.
//!
//! Sonoran sends each event as `{"key": API_KEY, "type": "EVENT_…", "data": …}`: over the
//! hub session authenticated for the server's `serverId` when one is up (a SignalR
//! `pushEvent` invocation), otherwise as an HTTP `POST` to the server's listener. Both
//! transports feed [`ReceivedEvent`]s into one queue, the key checked and removed first.
//! Started with [`crate::Client::start_events`]; read with [`crate::Client::poll_event`],
//! [`crate::Client::events`] (blocking), [`crate::Client::event_stream`] (async) or a
//! callback ([`crate::Client::set_event_callback`]).
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{Client, Config, EventOptions, PushEvent};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! client.start_events(&EventOptions { server_id: Some(1), ..Default::default() })?;
//! // Once a tick; never blocks.
//! while let Some(event) = client.poll_event() {
//!     match event.event() {
//!         PushEvent::Event911(call) => println!("911: {call:?}"),
//!         _ => println!("{}", event.event_type),
//!     }
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

// Without the `push` feature nothing receives events: the receiving side (checking the key,
// queueing) has callers only in the transports, yet stays for events a host injects.
#![cfg_attr(not(feature = "push"), allow(dead_code))]

#[cfg(feature = "push")]
mod hub;
#[cfg(feature = "push")]
mod listener;
pub mod locations;
mod queue;
mod types;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use crate::config::{position, Config};
use crate::error::{Error, Result};
use crate::logging::{self, Level, LogRecord};
use crate::sync::lock;

#[cfg(feature = "push")]
pub(crate) use hub::{Hub, HubSender};
#[cfg(not(feature = "push"))]
pub(crate) use no_hub::HubSender;
pub(crate) use queue::{EventQueue, Observer, Tap};
pub use types::*;

/// The event that tells a server to reload its FiveM configuration: hub only, without a key.
pub const FIVEM_CONFIGURATION: &str = "EVENT_FIVEM_CONFIGURATION";

/// Default room in the queue: events beyond it drop the oldest.
pub const DEFAULT_QUEUE_CAPACITY: usize = 1024;
/// Default cap on an HTTP event's body.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;
/// The path Sonoran POSTs events to.
pub const DEFAULT_PATH: &str = "/sonorancad/event";

/// What to receive events by (`sonoran_events_start`'s `options_json`, Lua's `startEvents`).
#[derive(Debug, Clone)]
pub struct EventOptions {
    /// The game server whose events to receive over the hub; the client's default server
    /// when `None`.
    pub server_id: Option<u64>,
    /// Open a hub session (the default): needs no open port.
    pub websocket: bool,
    /// Start the HTTP listener on this address (`"0.0.0.0:3232"`; port 0 picks one).
    pub listen: Option<String>,
    /// The listener's path.
    pub path: String,
    /// Room in the queue.
    pub queue_capacity: usize,
    /// Largest HTTP event body accepted (413 beyond).
    pub max_body_bytes: usize,
    /// Time the listener allows for a request's headers, and again for its body (a slow
    /// sender is cut off after it).
    pub read_timeout: Duration,
    /// How long `start` may wait for the hub to authenticate (0: return at once). For
    /// start-up code, never a game thread's tick.
    pub wait: Duration,
    /// Start the live mirror of this server's units and calls too (`"mirror": true` or an
    /// object of [`crate::mirror::MirrorOptions`]).
    pub mirror: Option<crate::mirror::MirrorOptions>,
}

impl Default for EventOptions {
    fn default() -> Self {
        EventOptions {
            server_id: None,
            websocket: true,
            listen: None,
            path: DEFAULT_PATH.into(),
            queue_capacity: DEFAULT_QUEUE_CAPACITY,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            read_timeout: Duration::from_secs(10),
            wait: Duration::ZERO,
            mirror: None,
        }
    }
}

impl EventOptions {
    /// Options from JSON text (empty: the defaults).
    pub fn from_json(text: &str) -> Result<EventOptions> {
        if text.trim().is_empty() {
            return Ok(EventOptions::default());
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| Error::invalid("options", format_args!("is not valid JSON ({})", position(&e))))?;
        EventOptions::from_value(&value)
    }

    /// Options from a JSON object (`null`: the defaults). Unknown keys are refused, naming them.
    pub fn from_value(value: &Value) -> Result<EventOptions> {
        let mut options = EventOptions::default();
        let map = match value {
            Value::Null => return Ok(options),
            Value::Object(map) => map,
            _ => return Err(Error::invalid("options", "must be a JSON object")),
        };
        for (key, value) in map {
            let count = |what: &str| value.as_u64().ok_or_else(|| Error::invalid(key, format_args!("must be {what}")));
            match key.as_str() {
                "serverId" => {
                    let id = match value {
                        Value::String(s) => s.trim().parse().ok(),
                        _ => value.as_u64(),
                    };
                    options.server_id =
                        Some(id.filter(|id| *id > 0).ok_or_else(|| Error::invalid("serverId", "must be a positive integer"))?);
                }
                "websocket" => options.websocket = value.as_bool().ok_or_else(|| Error::invalid("websocket", "must be true or false"))?,
                "listen" => match value {
                    Value::Null => options.listen = None,
                    Value::String(s) if !s.trim().is_empty() => options.listen = Some(s.trim().to_string()),
                    _ => return Err(Error::invalid("listen", "must be an address such as \"0.0.0.0:3232\"")),
                },
                "path" => match value.as_str() {
                    Some(path) if path.starts_with('/') => options.path = path.to_string(),
                    _ => return Err(Error::invalid("path", "must be a string starting with /")),
                },
                "queueCapacity" => {
                    options.queue_capacity = count("a positive integer").and_then(|n| match n {
                        0 => Err(Error::invalid("queueCapacity", "must be a positive integer")),
                        n => Ok(n as usize),
                    })?
                }
                "maxBodyBytes" => options.max_body_bytes = count("a positive integer")? as usize,
                "waitMs" => options.wait = Duration::from_millis(count("a number of milliseconds")?),
                "readTimeoutMs" => options.read_timeout = Duration::from_millis(count("a number of milliseconds")?.max(1)),
                "mirror" => options.mirror = crate::mirror::MirrorOptions::from_value(value)?,
                other => {
                    return Err(Error::invalid(
                        other,
                        "is not an events option (serverId, websocket, listen, path, queueCapacity, maxBodyBytes, readTimeoutMs, waitMs, mirror)",
                    ))
                }
            }
        }
        if !options.websocket && options.listen.is_none() {
            return Err(Error::invalid("websocket", "is false and no \"listen\" address is given: nothing would receive events"));
        }
        Ok(options)
    }
}

/// The transport an event came by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Via {
    /// A `pushEvent` on the hub session.
    WebSocket,
    /// A `POST` to the HTTP listener.
    Http,
    /// A notice of the live mirror (`MIRROR_GAP`, `MIRROR_RESYNCED`), made by the library.
    Mirror,
}

impl Via {
    /// `"websocket"`, `"http"` or `"mirror"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::WebSocket => "websocket",
            Via::Http => "http",
            Via::Mirror => "mirror",
        }
    }
}

/// One event as the host receives it: without the key.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceivedEvent {
    /// The event's `type` (`"EVENT_911"`, or any type Sonoran adds later).
    pub event_type: String,
    /// The event's `data`. Pages show it as an object or as an array of one object; an array
    /// of one object arrives here as that object, anything else as sent.
    pub data: Value,
    /// The transport it came by.
    pub via: Via,
    /// When it arrived (milliseconds since the Unix epoch).
    pub received_at_ms: u64,
    /// Events dropped (the queue was full) just before this one.
    pub dropped_before: u64,
}

impl ReceivedEvent {
    /// The event typed by its `type` ([`PushEvent::Other`] for types this library does not
    /// know, or data that does not fit the documented shape).
    pub fn event(&self) -> PushEvent {
        PushEvent::from_parts(&self.event_type, &self.data)
    }

    /// The event as the C and Lua faces hand it out:
    /// `{"type":…,"data":…,"via":"websocket"|"http","receivedAtMs":…,"dropped":…}`
    /// (the Lua face builds its tables from this value, the C face gets its text).
    pub fn to_value(&self) -> Value {
        json!({
            "type": self.event_type,
            "data": self.data,
            "via": self.via.as_str(),
            "receivedAtMs": self.received_at_ms,
            "dropped": self.dropped_before,
        })
    }

    /// [`ReceivedEvent::to_value`] as JSON text.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}

/// Runs on a library thread for each event, when set (see [`crate::Client::set_event_callback`]).
pub type EventCallback = Arc<dyn Fn(&ReceivedEvent) + Send + Sync>;

/// The queue's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueueStats {
    /// Room in the queue.
    pub capacity: usize,
    /// Events waiting to be read.
    pub waiting: usize,
    /// Events accepted into the queue since the client started.
    pub received: u64,
    /// Events handed to the host.
    pub delivered: u64,
    /// Events dropped because the queue was full (the oldest go first).
    pub dropped: u64,
    /// Events refused: wrong or missing key, malformed.
    pub rejected: u64,
}

/// The hub session's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HubState {
    /// Connecting or authenticating (the first time).
    Connecting,
    /// Authenticated: events for the server arrive on it.
    Connected,
    /// The connection dropped; connecting again after a backoff.
    Reconnecting,
    /// The hub refused `authenticatev2` (wrong community, key or serverId): not retried.
    Unauthorized,
    /// Stopped by the host.
    Stopped,
}

impl HubState {
    /// The state's name: `"connecting"`, `"connected"`, `"reconnecting"`, `"unauthorized"`, `"stopped"`.
    pub fn as_str(self) -> &'static str {
        match self {
            HubState::Connecting => "connecting",
            HubState::Connected => "connected",
            HubState::Reconnecting => "reconnecting",
            HubState::Unauthorized => "unauthorized",
            HubState::Stopped => "stopped",
        }
    }
}

/// The hub session as last seen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HubStatus {
    /// Its state.
    pub state: HubState,
    /// The hub's URL (`wss://…/apiWsHub`).
    pub url: String,
    /// The server it receives events for.
    pub server_id: u64,
    /// Why it last failed, when it did (never holds the key).
    pub error: Option<String>,
    /// Sessions authenticated so far (more than 1 after reconnects).
    pub sessions: u64,
}

/// What is receiving events (`sonoran_events_start`'s answer, `Client::events_status`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventsStatus {
    /// The hub session, when one was asked for.
    pub hub: Option<HubStatus>,
    /// The HTTP listener's URL (with the bound port), when one runs.
    pub listener: Option<String>,
    /// The queue's counters.
    pub queue: QueueStats,
}

impl EventsStatus {
    /// As JSON: `{"hub": {...} | null, "listener": {"url": ...} | null, "queue": {...}}`.
    pub fn to_value(&self) -> Value {
        let q = &self.queue;
        json!({
            "hub": self.hub.as_ref().map(|h| json!({
                "state": h.state.as_str(),
                "url": h.url,
                "serverId": h.server_id,
                "error": h.error,
                "sessions": h.sessions,
            })),
            "listener": self.listener.as_ref().map(|url| json!({"url": url})),
            "queue": {
                "capacity": q.capacity,
                "waiting": q.waiting,
                "received": q.received,
                "delivered": q.delivered,
                "dropped": q.dropped,
                "rejected": q.rejected,
            },
        })
    }
}

/// A client's events: the queue, and the hub session and listener while started.
pub(crate) struct Events {
    pub(crate) queue: Arc<EventQueue>,
    running: Mutex<Running>,
    /// The callback delivery thread, while a callback is set.
    delivery: Mutex<Option<std::thread::JoinHandle<()>>>,
    /// A session for hub methods only (no `serverId`), opened for unit locations when no
    /// events session runs.
    #[cfg(feature = "push")]
    method_hub: Mutex<Option<Hub>>,
}

/// The hub session other hub methods (`unitLocation`) can use now.
pub(crate) enum HubChoice {
    /// Authenticated: invoke on it.
    Connected(HubSender),
    /// Connecting for the first time: worth waiting a moment for.
    Connecting,
    /// None up (reconnecting, refused, or stopped).
    Down,
}

/// The transports while started (none in a build without the `push` feature).
#[derive(Default)]
struct Running {
    #[cfg(feature = "push")]
    hub: Option<Hub>,
    #[cfg(feature = "push")]
    listener: Option<listener::Listener>,
}

/// A build without the `push` feature has no hub: no session can be handed out.
#[cfg(not(feature = "push"))]
mod no_hub {
    use serde_json::Value;

    use crate::error::Result;

    /// Uninhabited: no value exists, so every method is unreachable by type.
    pub(crate) enum HubSender {}

    impl HubSender {
        /// Never runs (there is no session to call).
        pub(crate) async fn invoke(&self, _target: &str, _arguments: Vec<Value>) -> Result<Value> {
            match *self {}
        }
    }
}

/// What the hub and the listener need from the client.
#[derive(Clone)]
pub(crate) struct Context {
    pub(crate) config: Arc<Config>,
    pub(crate) tls: Arc<rustls::ClientConfig>,
    pub(crate) queue: Arc<EventQueue>,
}

impl Context {
    /// Reports `message` at `level` through the client's log sink (operation `events`).
    pub(crate) fn log(&self, level: Level, message: impl Into<String>) {
        if level > self.config.log_level {
            return;
        }
        let record =
            LogRecord { level, operation: "events", message: message.into(), status: None, attempt: 1, wait_ms: None, trace_id: None };
        logging::emit(self.config.log_sink.as_ref(), &record);
    }

    /// Checks and strips one payload as Sonoran sends it, and queues the event. `Err` says
    /// why it was refused (the listener answers with it); the key never appears in it.
    pub(crate) fn accept(&self, payload: Value, via: Via) -> std::result::Result<(), Refused> {
        let event = match check(payload, self.config.api_key.expose(), via) {
            Ok(event) => event,
            Err(refused) => {
                self.queue.reject();
                self.log(Level::Warn, format!("an event by {} was refused: {}", via.as_str(), refused.message()));
                return Err(refused);
            }
        };
        let event = ReceivedEvent { event_type: event.0, data: event.1, via, received_at_ms: now_ms(), dropped_before: 0 };
        if let queue::Pushed::Overflowing = self.queue.push(event) {
            let capacity = self.queue.stats().capacity;
            self.log(
                Level::Warn,
                format!("the event queue is full ({capacity} events): the oldest are dropped and counted until the host reads"),
            );
        }
        Ok(())
    }
}

/// Why a payload was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a JSON object with a string `type`.
    Malformed(String),
    /// The key is missing or not the client's.
    Key,
}

impl Refused {
    pub(crate) fn message(&self) -> String {
        match self {
            Refused::Malformed(why) => format!("malformed event: {why}"),
            Refused::Key => "wrong or missing key".into(),
        }
    }
}

/// The event's type and data, after checking the key (compared as Sonoran's integration
/// does: case-insensitively, and in constant time) and removing it.
fn check(payload: Value, api_key: &str, via: Via) -> std::result::Result<(String, Value), Refused> {
    let Value::Object(mut map) = payload else {
        return Err(Refused::Malformed("not a JSON object".into()));
    };
    let key = map.remove("key");
    let key_ok = key.as_ref().and_then(Value::as_str).is_some_and(|key| same_key(key, api_key));
    // `EVENT_FIVEM_CONFIGURATION` carries no key (websocket/fivem-configuration.md): the hub
    // session it arrives on was authenticated with the key. Over HTTP it is never sent, so
    // there, as every other event, it needs the key.
    let keyless_on_hub = key.is_none() && via == Via::WebSocket && map.get("type").and_then(Value::as_str) == Some(FIVEM_CONFIGURATION);
    if !key_ok && !keyless_on_hub {
        return Err(Refused::Key);
    }
    let event_type = match map.remove("type") {
        Some(Value::String(t)) if !t.is_empty() => t,
        _ => return Err(Refused::Malformed("no string \"type\"".into())),
    };
    let mut data = map.remove("data").unwrap_or(Value::Null);
    // Pages show `data` as an object or as an array of one object: a host sees the object.
    if let Value::Array(items) = &mut data {
        if items.len() == 1 && items[0].is_object() {
            data = items.pop().unwrap_or(Value::Null);
        }
    }
    if !api_key.is_empty() {
        scrub(&mut data, &api_key.to_ascii_lowercase());
    }
    Ok((event_type, data))
}

/// Replaces the key (given lower-cased) wherever it appears as a string inside `data`: it
/// reaches no host.
fn scrub(value: &mut Value, lower_key: &str) {
    match value {
        Value::String(s) if s.to_ascii_lowercase().contains(lower_key) => {
            *s = "[redacted]".into();
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, lower_key)),
        Value::Object(map) => map.values_mut().for_each(|v| scrub(v, lower_key)),
        _ => {}
    }
}

/// `given == expected`, ASCII case-insensitively, in time that depends only on the lengths.
pub(crate) fn same_key(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    let mut diff = (a.len() != b.len()) as u8;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0).to_ascii_lowercase();
        let y = b.get(i).copied().unwrap_or(0).to_ascii_lowercase();
        diff |= x ^ y;
    }
    diff == 0
}

/// Now, in milliseconds since the Unix epoch (event arrival, location flushes).
pub(crate) fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

impl Events {
    pub(crate) fn new() -> Events {
        Events {
            queue: EventQueue::new(DEFAULT_QUEUE_CAPACITY),
            running: Mutex::default(),
            delivery: Mutex::new(None),
            #[cfg(feature = "push")]
            method_hub: Mutex::new(None),
        }
    }

    fn running(&self) -> MutexGuard<'_, Running> {
        lock(&self.running)
    }

    /// Starts receiving with `options` (stopping what ran before; queued events are kept).
    /// The listener is bound before this returns, so a bad address is an error here.
    #[cfg(feature = "push")]
    pub(crate) fn start(
        &self,
        runtime: &tokio::runtime::Handle,
        config: Arc<Config>,
        tls: Arc<rustls::ClientConfig>,
        options: &EventOptions,
    ) -> Result<EventsStatus> {
        self.stop();
        let context = Context { config: config.clone(), tls, queue: self.queue.clone() };
        let listener = match &options.listen {
            Some(address) => Some(listener::Listener::start(runtime, context.clone(), address, options)?),
            None => None,
        };
        let server_id = options.server_id.unwrap_or(config.default_server_id);
        let hub = options.websocket.then(|| Hub::start(runtime, context.clone(), Some(server_id)));
        self.queue.open(options.queue_capacity);
        if let (Some(hub), false) = (&hub, options.wait.is_zero()) {
            hub.wait_settled(options.wait);
        }
        *self.running() = Running { hub, listener };
        Ok(self.status())
    }

    /// Without the `push` feature nothing can receive events: a hub session or a listener
    /// asked for is refused, naming the feature; with neither, the queue opens (for events a
    /// host injects, e.g. in tests) and nothing else runs.
    #[cfg(not(feature = "push"))]
    pub(crate) fn start(
        &self,
        _runtime: &tokio::runtime::Handle,
        _config: Arc<Config>,
        _tls: Arc<rustls::ClientConfig>,
        options: &EventOptions,
    ) -> Result<EventsStatus> {
        let field = if options.websocket { "websocket" } else { "listen" };
        if options.websocket || options.listen.is_some() {
            return Err(Error::invalid(field, "needs push events, which this build of the library leaves out (Cargo feature `push`)"));
        }
        self.stop();
        self.queue.open(options.queue_capacity);
        Ok(self.status())
    }

    /// Stops the hub session (closing it cleanly) and the listener; queued events stay
    /// readable.
    pub(crate) fn stop(&self) -> EventsStatus {
        let running = std::mem::take(&mut *self.running());
        #[cfg_attr(not(feature = "push"), allow(unused_mut))]
        let mut status = self.status_of(&running);
        #[cfg(feature = "push")]
        {
            if let Some(hub) = running.hub {
                hub.stop();
                if let Some(h) = status.hub.as_mut() {
                    h.state = HubState::Stopped;
                }
            }
            if let Some(listener) = running.listener {
                listener.stop();
            }
        }
        self.queue.close();
        status.listener = None;
        status.queue = self.queue.stats();
        status
    }

    #[cfg(feature = "push")]
    fn status_of(&self, running: &Running) -> EventsStatus {
        EventsStatus {
            hub: running.hub.as_ref().map(Hub::status),
            listener: running.listener.as_ref().map(|l| l.url.clone()),
            queue: self.queue.stats(),
        }
    }

    #[cfg(not(feature = "push"))]
    fn status_of(&self, _running: &Running) -> EventsStatus {
        EventsStatus { hub: None, listener: None, queue: self.queue.stats() }
    }

    /// What runs now.
    pub(crate) fn status(&self) -> EventsStatus {
        self.status_of(&self.running())
    }

    /// The hub session for other hub methods (unit locations): the events session when one
    /// runs, else a session of its own (no `serverId`), opened on first use.
    #[cfg(feature = "push")]
    pub(crate) fn hub_for_methods(&self, runtime: &tokio::runtime::Handle, context: impl FnOnce() -> Context) -> HubChoice {
        let choose = |hub: &Hub| match hub.status().state {
            HubState::Connected => HubChoice::Connected(hub.sender()),
            HubState::Connecting => HubChoice::Connecting,
            _ => HubChoice::Down,
        };
        if let Some(hub) = self.running().hub.as_ref() {
            return choose(hub);
        }
        let mut own = lock(&self.method_hub);
        choose(own.get_or_insert_with(|| Hub::start(runtime, context(), None)))
    }

    /// Without the `push` feature there is never a hub: unit locations go over REST.
    #[cfg(not(feature = "push"))]
    pub(crate) fn hub_for_methods(&self, _runtime: &tokio::runtime::Handle, _context: impl FnOnce() -> Context) -> HubChoice {
        HubChoice::Down
    }

    /// Sets the callback that receives every event on a library thread (`None`: back to
    /// polling). When it returns, the previous callback is no longer running, unless called
    /// from that callback itself.
    pub(crate) fn set_callback(&self, callback: Option<EventCallback>) {
        let has_callback = callback.is_some();
        let generation = self.queue.set_callback(callback);
        let previous = lock(&self.delivery).take();
        if let Some(previous) = previous {
            if previous.thread().id() != std::thread::current().id() {
                let _ = previous.join();
            }
        }
        if has_callback {
            let queue = self.queue.clone();
            let thread = std::thread::Builder::new().name("sonoran-events".into()).spawn(move || queue.deliver_to_callback(generation));
            if let Ok(thread) = thread {
                *lock(&self.delivery) = Some(thread);
            }
        }
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.stop();
        #[cfg(feature = "push")]
        if let Some(hub) = lock(&self.method_hub).take() {
            hub.stop();
        }
        self.set_callback(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_case_insensitively_and_refuse_others() {
        assert!(same_key("ABC-def", "abc-DEF"));
        assert!(!same_key("abc-de", "abc-def"));
        assert!(!same_key("", "abc"));
        assert!(!same_key("abd", "abc"));
    }

    #[test]
    fn check_strips_the_key_and_unwraps_one_object_arrays() {
        let payload =
            json!({"key": "SECRET", "type": "EVENT_UNIT_PANIC", "data": [{"identIds": [1], "isPanic": true, "note": "secret here"}]});
        let (event_type, data) = check(payload, "secret", Via::Http).unwrap();
        assert_eq!(event_type, "EVENT_UNIT_PANIC");
        assert_eq!(data, json!({"identIds": [1], "isPanic": true, "note": "[redacted]"}));
        let two = json!({"key": "secret", "type": "X", "data": [{"a": 1}, {"b": 2}]});
        assert_eq!(check(two, "secret", Via::Http).unwrap().1, json!([{"a": 1}, {"b": 2}]));
        assert_eq!(check(json!({"key": "nope", "type": "X"}), "secret", Via::Http), Err(Refused::Key));
        assert_eq!(check(json!({"type": "X"}), "secret", Via::Http), Err(Refused::Key));
        assert!(matches!(check(json!({"key": "secret"}), "secret", Via::Http), Err(Refused::Malformed(_))));
        assert!(matches!(check(json!([1]), "secret", Via::Http), Err(Refused::Malformed(_))));
        // The FiveM configuration event has no key: taken from the hub, never over HTTP.
        let fivem = json!({"type": "EVENT_FIVEM_CONFIGURATION", "data": {"serverId": 1, "revision": 4}});
        assert_eq!(check(fivem.clone(), "secret", Via::WebSocket).unwrap().1, json!({"serverId": 1, "revision": 4}));
        assert_eq!(check(fivem, "secret", Via::Http), Err(Refused::Key));
        assert_eq!(check(json!({"type": "EVENT_911"}), "secret", Via::WebSocket), Err(Refused::Key));
    }

    #[test]
    fn options_name_the_bad_field() {
        assert_eq!(EventOptions::from_json(r#"{"serverId": 0}"#).unwrap_err().message, "`serverId` must be a positive integer");
        assert!(EventOptions::from_json(r#"{"lisen": "x"}"#).unwrap_err().message.contains("lisen"));
        assert!(EventOptions::from_json(r#"{"websocket": false}"#).unwrap_err().message.contains("listen"));
        let o = EventOptions::from_json(r#"{"serverId": "2", "listen": "127.0.0.1:0", "queueCapacity": 5}"#).unwrap();
        assert_eq!((o.server_id, o.listen.as_deref(), o.queue_capacity), (Some(2), Some("127.0.0.1:0"), 5));
    }
}
