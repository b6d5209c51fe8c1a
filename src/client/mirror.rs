//! The live mirror on a client (see [`crate::mirror`]): starting and stopping it, and the
//! driver task on the I/O thread that reads the picture when it is owed, watches the hub
//! for gaps and hands the mirror's notices to the host.

use std::sync::{Arc, Weak};
use std::time::Duration;

use serde_json::{json, Value};
use tokio::time::Instant;

use super::send::all_pages;
use super::{sharing, Client, Shared};
use crate::budget::Priority;
use crate::error::{Error, Result};
use crate::mirror::{Fetched, Mirror, MirrorOptions, MirrorStatus, Next, Plan};
use crate::push::{now_ms, EventOptions, Events, HubState, HubStatus, ReceivedEvent, Via};

/// How often the driver looks at the hub (a reconnect is a gap).
const HUB_LOOK: Duration = Duration::from_millis(250);
/// How long the first read waits for the hub to authenticate, so that what changes after
/// the read arrives by push.
const START_WAIT: Duration = Duration::from_secs(15);
/// Units asked for per page: the route's most.
const PAGE: u64 = 100;

impl Client {
    /// Starts the live mirror of a server's units and calls (see [`crate::mirror`]): push
    /// events start too when none run (a hub session for the server), the first read goes
    /// out on the I/O thread, and this returns at once. Starting again restarts it (a new
    /// first read). Also started by `"mirror"` in [`Client::start_events`]' options.
    pub fn start_mirror(&self, options: &MirrorOptions) -> Result<MirrorStatus> {
        let status = self.events.status();
        let hub_server = status.hub.as_ref().map(|h| h.server_id);
        if status.hub.is_none() && status.listener.is_none() {
            let events = EventOptions { server_id: options.server_id, ..EventOptions::default() };
            self.start_events(&events)?;
        }
        let server_id = options.server_id.or(hub_server).unwrap_or(self.config().default_server_id);
        if server_id == 0 {
            return Err(Error::invalid("serverId", "is needed: give it in the mirror options or as the client's defaultServerId"));
        }
        self.run_mirror(server_id, options);
        Ok(self.shared.mirror.status())
    }

    /// Starts the mirror on `server_id` with the events already running.
    pub(super) fn run_mirror(&self, server_id: u64, options: &MirrorOptions) {
        let live = self.shared.mirror.clone();
        self.events.queue.observe(Some(live.clone()));
        let generation = live.start(server_id, options, self.events.queue.stats().dropped);
        let task = drive(self.shared.clone(), Arc::downgrade(&self.events), generation);
        self.runtime.handle().spawn(Box::pin(task));
    }

    /// Stops the mirror: nothing changes it any more and nothing is read; what it holds
    /// stays readable (`complete` false). [`Client::stop_events`] stops it too.
    pub fn stop_mirror(&self) {
        self.shared.mirror.stop();
    }

    /// The mirror's reads: units, calls, one unit, one call, the version and the status.
    /// None makes a request; before [`Client::start_mirror`] they are empty.
    pub fn mirror(&self) -> Mirror {
        Mirror { live: self.shared.mirror.clone() }
    }
}

/// Where the hub was when the driver last looked.
#[derive(Default)]
struct HubWatch {
    /// Sessions authenticated so far, once one was.
    sessions: Option<u64>,
    /// Since when no session is up.
    down_since: Option<Instant>,
}

impl HubWatch {
    /// Looks at `hub`: a session that came back is a gap of the time it was down.
    fn look(&mut self, hub: Option<&HubStatus>, shared: &Shared) {
        let Some(hub) = hub else { return };
        if hub.state != HubState::Connected {
            self.down_since.get_or_insert_with(Instant::now);
            // Before the first session nothing was missed yet: the first read waits for it.
            shared.mirror.hub_seen(self.sessions.is_some(), None);
            return;
        }
        let reconnected = match self.sessions {
            // A later session, or a new hub (events started again) with its own count.
            Some(seen) if hub.sessions != seen => Some(self.down_since.map_or(0, |at| at.elapsed().as_millis() as u64)),
            _ => None,
        };
        self.sessions = Some(hub.sessions);
        self.down_since = None;
        shared.mirror.hub_seen(false, reconnected);
    }
}

/// Hands the mirror's notices to the host, through the event queue.
fn deliver(events: &Events, notices: Vec<(&'static str, Value)>) {
    for (event_type, data) in notices {
        let event = ReceivedEvent { event_type: event_type.into(), data, via: Via::Mirror, received_at_ms: now_ms(), dropped_before: 0 };
        events.queue.push(event);
    }
}

/// The driver: runs until the mirror of `generation` stops or the client goes.
async fn drive(shared: Arc<Shared>, events: Weak<Events>, generation: u64) {
    let mut watch = HubWatch::default();
    let look = |watch: &mut HubWatch| -> bool {
        let Some(events) = events.upgrade() else { return false };
        watch.look(events.status().hub.as_ref(), &shared);
        deliver(&events, shared.mirror.take_notices());
        true
    };
    // The first read waits a moment for the hub, so nothing changes unseen between them.
    let start = Instant::now();
    loop {
        let connecting = events.upgrade().and_then(|e| e.status().hub).is_some_and(|h| h.state == HubState::Connecting);
        if !connecting || start.elapsed() >= START_WAIT {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    loop {
        if !look(&mut watch) {
            return;
        }
        match shared.mirror.next(generation) {
            Next::Stop => return,
            Next::Wait(wait) => {
                tokio::select! {
                    _ = shared.mirror.wake.notified() => {}
                    _ = tokio::time::sleep(wait.min(HUB_LOOK)) => {}
                }
            }
            Next::Read(plan) => {
                let read = read(&shared, &plan);
                tokio::pin!(read);
                // The hub is still watched and notices still go out while the read waits.
                let answer = loop {
                    tokio::select! {
                        answer = &mut read => break answer,
                        _ = tokio::time::sleep(HUB_LOOK) => {
                            if !look(&mut watch) {
                                return;
                            }
                        }
                    }
                };
                if let Some(notice) = shared.mirror.finish(&plan, answer) {
                    if let Some(events) = events.upgrade() {
                        deliver(&events, vec![(crate::mirror::MIRROR_RESYNCED, notice)]);
                    }
                }
            }
        }
    }
}

/// The lists of one read: `get_units_v2` (every page; online units, dispatchers too) and
/// `get_calls_v2` (open dispatch calls and 911 calls, no closed ones), as `plan` asks. Both
/// are paced, limited and retried as any call; neither is answered from the read cache.
async fn read(shared: &Arc<Shared>, plan: &Plan) -> Result<Fetched> {
    let deadline = Instant::now() + plan.timeout;
    let default_server = shared.transport.config.default_server_id;
    let list = |value: &Value, key: &str| -> Result<Vec<Value>> {
        value
            .get(key)
            .or(if key == "units" { Some(value) } else { None })
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| Error::new(crate::error::ErrorKind::Decode, format!("the answer holds no `{key}` list")))
    };
    let units = if plan.units {
        let op = crate::api::find("get_units_v2").ok_or_else(|| crate::api::unknown("get_units_v2"))?;
        let params = json!({"serverId": plan.server_id, "onlyUnits": false, "includeOffline": false, "limit": PAGE});
        op.validate(&params, default_server)?;
        let answer = all_pages(shared.clone(), op, params, deadline, Priority::Normal).await?;
        Some(list(&answer.body.to_value(), "units")?)
    } else {
        None
    };
    let calls = if plan.calls {
        let op = crate::api::find("get_calls_v2").ok_or_else(|| crate::api::unknown("get_calls_v2"))?;
        let params = op.validate(&json!({"serverId": plan.server_id, "type": 100, "closedLimit": 0}), default_server)?;
        let answer = sharing::fresh_read(shared, op, params, deadline).await?.body.to_value();
        Some((list(&answer, "ActiveCalls")?, list(&answer, "EmergencyCalls")?))
    } else {
        None
    };
    Ok(Fetched { units, calls })
}
