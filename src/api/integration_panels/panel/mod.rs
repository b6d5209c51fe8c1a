//! The panel helper: the integration-panel protocol of the pages done once, so that a game
//! script writes only its handler.
//!
//! [`Client::panel`] opens a [`Panel`] for one panel key on one server. It publishes the
//! definition (and again if the CAD answers that the panel is missing), replaces instance
//! states latest-wins within the route's 300 a minute, and keeps one serial queue of actions
//! fed by push events (`EVENT_PANEL_<KEY>`, from the hub or the listener) and by the
//! recovery poll, deduplicated by `id`. The host takes actions on its own thread
//! ([`Panel::next_action`], or [`Panel::handle`] with a handler) and gives each result
//! ([`Panel::ack`]); the helper acknowledges it and retries a failed acknowledgement without
//! handing the action out again, while the action lives. The recovery poll runs at start,
//! after a hub reconnect, and slowly while pushes are not arriving, within the route's 3 a
//! minute that every panel of the key shares (across processes too, with the shared
//! limiter); its cursor moves only once everything a poll returned is acknowledged, and can
//! be kept in a file so a restart resumes.
//!
//! ```no_run
//! use sonoran::api::integration_panels::PanelOptions;
//! use sonoran::models::ActionResult;
//! use sonoran::{Client, Config};
//! use serde_json::json;
//!
//! let client = Client::new(Config::new("community-id", "api-key").with_default_server_id(1))?;
//! let mut options = PanelOptions::new("doors");
//! options.instance = "mission-row".into();
//! options.definition = Some(json!({"schemaVersion": 1, "key": "doors", "name": "Door Locks", "body": []}));
//! let doors = client.panel(options)?;
//! doors.set_state(json!({"doors": [{"id": "front", "locked": false}]}))?;
//! loop {
//!     // Once a tick, on the game's thread: never waits for the network.
//!     doors.handle(|action| ActionResult { success: true, message: Some(format!("{} done", action.action_id)), result: None });
//! #   break;
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

mod actions;
mod driver;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Value};

use super::models::{ActionResult, PanelAction};
use crate::client::Client;
use crate::config::position;
use crate::error::{Error, Result};

/// Which actions are acknowledged as superseded when older than the last action applied to
/// their instance (for controls that replace state, such as sign text). Off by default: use
/// it only where the action's meaning allows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Supersede {
    /// None: every action is handed to the host.
    #[default]
    Off,
    /// Every action of the panel.
    All,
    /// The actions with these `actionId`s.
    Actions(std::collections::HashSet<String>),
}

impl Supersede {
    fn covers(&self, action_id: &str) -> bool {
        match self {
            Supersede::Off => false,
            Supersede::All => true,
            Supersede::Actions(ids) => ids.contains(action_id),
        }
    }
}

/// How to open a panel (`sonoran_panel_open`'s `options_json`, Lua's `client:panel(key, options)`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PanelOptions {
    /// The panel's stable key (`doors`).
    pub panel_key: String,
    /// The instance [`Panel::set_state`] replaces (`mission-row`); `default` by default.
    /// Actions of every instance of the panel reach the host, each naming its own.
    pub instance: String,
    /// The server whose actions to take; the client's `defaultServerId` when `None`.
    pub server_id: Option<u64>,
    /// The definition to publish once at open (and again if the CAD answers that the panel
    /// is missing); `None` when the panel is published elsewhere.
    pub definition: Option<Value>,
    /// A file keeping the recovery cursor, so that a restart resumes instead of replaying.
    pub cursor_file: Option<PathBuf>,
    /// Which actions may be acknowledged as superseded.
    pub supersede: Supersede,
    /// Start push events (a hub session for the server) when none are running: on by default.
    pub start_events: bool,
    /// With push events up, poll this often while none arrive (missed pushes): 60 s.
    pub quiet_poll_interval: Duration,
    /// With no push path up (the hub reconnecting, no listener), poll this often: 20 s, as
    /// the pages suggest for one panel.
    pub down_poll_interval: Duration,
}

impl PanelOptions {
    /// The defaults for panel `panel_key`.
    pub fn new(panel_key: impl Into<String>) -> PanelOptions {
        PanelOptions {
            panel_key: panel_key.into(),
            instance: "default".into(),
            server_id: None,
            definition: None,
            cursor_file: None,
            supersede: Supersede::Off,
            start_events: true,
            quiet_poll_interval: Duration::from_secs(60),
            down_poll_interval: Duration::from_secs(20),
        }
    }

    /// Options from a JSON object (the C and Lua faces): `panelKey` (or `panel_key` given
    /// apart), `instance`, `serverId`, `definition`, `cursorFile`, `supersede` (`true` or a
    /// list of `actionId`s), `startEvents`, `quietPollMs`, `downPollMs`. Unknown keys are
    /// refused, naming them.
    pub fn from_value(panel_key: Option<&str>, value: &Value) -> Result<PanelOptions> {
        let empty = serde_json::Map::new();
        let map = match value {
            Value::Null => &empty,
            Value::Object(map) => map,
            _ => return Err(Error::invalid("options", "must be a JSON object")),
        };
        let key = match (panel_key, map.get("panelKey")) {
            (Some(key), _) => key.to_string(),
            (None, Some(Value::String(key))) => key.clone(),
            (None, Some(_)) => return Err(Error::invalid("panelKey", "must be a string")),
            (None, None) => return Err(Error::invalid("panelKey", "is required")),
        };
        let mut options = PanelOptions::new(key);
        for (name, value) in map {
            let millis = || {
                value
                    .as_u64()
                    .filter(|ms| *ms > 0)
                    .map(Duration::from_millis)
                    .ok_or_else(|| Error::invalid(name, "must be a positive number of milliseconds"))
            };
            match name.as_str() {
                "panelKey" => {}
                "instance" | "instanceKey" => {
                    options.instance = value.as_str().ok_or_else(|| Error::invalid(name, "must be a string"))?.to_string();
                }
                "serverId" => {
                    let id = match value {
                        Value::String(s) => s.trim().parse().ok(),
                        _ => value.as_u64(),
                    };
                    options.server_id = Some(id.filter(|id| *id > 0).ok_or_else(|| Error::invalid("serverId", "must be a positive integer"))?);
                }
                "definition" => options.definition = (!value.is_null()).then(|| value.clone()),
                "cursorFile" => match value {
                    Value::Null => options.cursor_file = None,
                    Value::String(path) if !path.is_empty() => options.cursor_file = Some(PathBuf::from(path)),
                    _ => return Err(Error::invalid("cursorFile", "must be a file path")),
                },
                "supersede" => {
                    options.supersede = match value {
                        Value::Bool(true) => Supersede::All,
                        Value::Bool(false) | Value::Null => Supersede::Off,
                        Value::Array(ids) => Supersede::Actions(
                            ids.iter()
                                .map(|id| id.as_str().map(str::to_string))
                                .collect::<Option<_>>()
                                .ok_or_else(|| Error::invalid("supersede", "must be true or a list of actionId strings"))?,
                        ),
                        _ => return Err(Error::invalid("supersede", "must be true or a list of actionId strings")),
                    }
                }
                "startEvents" => options.start_events = value.as_bool().ok_or_else(|| Error::invalid("startEvents", "must be true or false"))?,
                "quietPollMs" => options.quiet_poll_interval = millis()?,
                "downPollMs" => options.down_poll_interval = millis()?,
                other => {
                    return Err(Error::invalid(
                        other,
                        "is not a panel option (panelKey, instance, serverId, definition, cursorFile, supersede, startEvents, quietPollMs, downPollMs)",
                    ))
                }
            }
        }
        Ok(options)
    }

    /// [`PanelOptions::from_value`] from JSON text (empty: no options).
    pub fn from_json(panel_key: Option<&str>, text: &str) -> Result<PanelOptions> {
        if text.trim().is_empty() {
            return PanelOptions::from_value(panel_key, &Value::Null);
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| Error::invalid("options", format_args!("is not valid JSON ({})", position(&e))))?;
        PanelOptions::from_value(panel_key, &value)
    }
}

/// What a panel has done (`sonoran_panel_status`, Lua's `panel:status()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PanelStatus {
    /// The panel's key.
    pub panel_key: String,
    /// The server whose actions it takes.
    pub server_id: u64,
    /// Actions waiting for the host now.
    pub queued: usize,
    /// Actions handed to the host without a result yet.
    pub in_flight: usize,
    /// Actions that arrived by push (duplicates included).
    pub pushed: u64,
    /// Actions that the recovery poll returned (duplicates included).
    pub polled: u64,
    /// Results the host gave.
    pub handled: u64,
    /// Acknowledgements the API took.
    pub acked: u64,
    /// Actions dropped past `expiresAt`, never handed to the host.
    pub expired: u64,
    /// Actions dropped because their `id` was already known.
    pub duplicates: u64,
    /// Actions acknowledged as superseded.
    pub superseded: u64,
    /// Acknowledgements sent again after a failure.
    pub ack_retries: u64,
    /// Acknowledgements given up (the action expired or the API refused it).
    pub ack_failures: u64,
    /// Recovery polls sent.
    pub polls: u64,
    /// A recovery poll is on the wire now.
    pub polling: bool,
    /// The recovery cursor.
    pub cursor: u64,
    /// States the API took.
    pub states_sent: u64,
    /// States replaced by a newer one before they were sent (latest wins).
    pub states_coalesced: u64,
    /// States the API refused (not retried).
    pub state_failures: u64,
    /// The definition: `"none"` (not given), `"pending"`, `"published"` or `"failed"`.
    pub definition: &'static str,
    /// Whether the panel was closed.
    pub closed: bool,
    /// The last failure, when there was one (never holds the key).
    pub last_error: Option<String>,
}

impl PanelStatus {
    /// As JSON, with the API's camelCase names.
    pub fn to_value(&self) -> Value {
        json!({
            "panelKey": self.panel_key,
            "serverId": self.server_id,
            "queued": self.queued,
            "inFlight": self.in_flight,
            "pushed": self.pushed,
            "polled": self.polled,
            "handled": self.handled,
            "acked": self.acked,
            "expired": self.expired,
            "duplicates": self.duplicates,
            "superseded": self.superseded,
            "ackRetries": self.ack_retries,
            "ackFailures": self.ack_failures,
            "polls": self.polls,
            "polling": self.polling,
            "cursor": self.cursor,
            "statesSent": self.states_sent,
            "statesCoalesced": self.states_coalesced,
            "stateFailures": self.state_failures,
            "definition": self.definition,
            "closed": self.closed,
            "lastError": self.last_error,
        })
    }
}

/// An open panel. Dropping it closes it (see [`Panel::close`]).
pub struct Panel {
    inner: Arc<driver::Inner>,
}

impl std::fmt::Debug for Panel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Panel").field("panel_key", &self.inner.panel_key).field("server_id", &self.inner.server_id).finish_non_exhaustive()
    }
}

impl Client {
    /// Opens the panel helper for `options.panel_key` on `options.server_id`: checks the key
    /// and the definition (before anything is sent), reads the cursor file, starts push
    /// events when none run (unless `start_events` is off), and returns at once; the
    /// definition, the start-up poll and everything after go out on the client's I/O thread.
    ///
    /// Fails with `invalid_argument` naming the field, or when the panel is already open on
    /// this server in this client.
    pub fn panel(&self, options: PanelOptions) -> Result<Panel> {
        driver::Inner::open(self, options).map(|inner| Panel { inner })
    }
}

impl Panel {
    /// The panel's key.
    pub fn panel_key(&self) -> &str {
        &self.inner.panel_key
    }

    /// The server whose actions it takes.
    pub fn server_id(&self) -> u64 {
        self.inner.server_id
    }

    /// Replaces the state of the panel's instance (`options.instance`). Returns at once:
    /// the latest state given wins (an older one not yet sent is dropped), sent within the
    /// route's 300 a minute, and retried until it lands. Checked before it is kept: over
    /// 512 KiB it is refused, naming `state`.
    pub fn set_state(&self, state: Value) -> Result<()> {
        self.inner.set_state(None, state)
    }

    /// [`Panel::set_state`] for another instance of the panel.
    pub fn set_instance_state(&self, instance_key: &str, state: Value) -> Result<()> {
        self.inner.set_state(Some(instance_key), state)
    }

    /// The next action for the host, or `None` at once when none waits. Never blocks. Each
    /// action is handed out once; give its result with [`Panel::ack`].
    pub fn next_action(&self) -> Option<PanelAction> {
        self.inner.next_action()
    }

    /// Gives the result of an action handed out by [`Panel::next_action`]: acknowledged on
    /// the I/O thread, and again after a failure while the action lives. Refused (and the
    /// action kept in flight) when the result is over its caps (`message` 500 characters,
    /// `result` 32 KiB) or `action_id` was not handed out.
    pub fn ack(&self, action_id: &str, result: ActionResult) -> Result<()> {
        self.inner.ack(action_id, result)
    }

    /// Runs `handler` for every action waiting, on this thread, and acknowledges what it
    /// returns; a handler that panics is acknowledged `success: false`. Returns how many
    /// actions it ran.
    pub fn handle(&self, mut handler: impl FnMut(&PanelAction) -> ActionResult) -> usize {
        let mut ran = 0;
        while let Some(action) = self.next_action() {
            ran += 1;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&action))).unwrap_or_else(|_| ActionResult {
                success: false,
                message: Some("the handler failed".into()),
                result: None,
            });
            // A result over its caps becomes a failure the CAD user can read.
            if let Err(error) = self.ack(&action.id, result) {
                let _ = self.ack(&action.id, ActionResult { success: false, message: Some(truncate(&error.message, 500)), result: None });
            }
        }
        ran
    }

    /// What the panel has done.
    pub fn status(&self) -> PanelStatus {
        self.inner.status()
    }

    /// Closes the panel: no action is handed out any more, and push events for it go to the
    /// client's event queue again. Results already given are still acknowledged and the last
    /// state given still lands (within the actions' lifetime), on the I/O thread.
    pub fn close(&self) {
        self.inner.close();
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        self.inner.close();
    }
}

/// `text` cut to at most `max` characters.
fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// An RFC 3339 time as the pages write them (`2026-08-25T18:03:00Z`, fractions and offsets
/// too).
fn parse_time(text: &str) -> Option<SystemTime> {
    let t = time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some(SystemTime::from(t))
}

/// `time` as RFC 3339 (UTC).
#[cfg(test)]
fn format_time(time: SystemTime) -> String {
    time::OffsetDateTime::from(time).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The wall clock (what `expiresAt` is read against) and the monotonic one (retries, polls).
fn now() -> (SystemTime, Instant) {
    (SystemTime::now(), Instant::now())
}
