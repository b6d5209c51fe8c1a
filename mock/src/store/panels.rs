//! Integration panels, without HTTP: the community's panel definitions (active or disabled),
//! each panel's instances per game server with their state and revision, the queue of actions
//! CAD users press (the `/_mock/panels/actions` control route stands in for them), and the
//! acknowledgements the game server sends back.
//!
//! Seed, from the pages' examples (so that each page's example request succeeds on a default
//! mock):
//! - panel `example.fire-alarms` (id `00000000-0000-0000-0000-000000000000`, definition
//!   `{"schemaVersion": 1, "name": "Fire Alarm", "body": []}`, updated `2026-08-25T18:00:00Z`),
//!   with instance `default` on server 1: state `{}`, revision 4, updated
//!   `2026-08-25T18:01:00Z` (list-panels and get-panel answer it; set-state answers revision 5);
//! - the poll page's action on it: id `11111111-1111-1111-1111-111111111111`, cursor 42,
//!   `alarm.set-active` by `22222222-2222-2222-2222-222222222222` ("John Doe") with
//!   `{"alarmId": "mrpd-lobby", "active": false}`, the page's timestamps. It alone never
//!   expires: it stays pending until acknowledged (the acknowledge page's example does), so
//!   that the poll page's example answers the page's events. New actions' cursors start at 43.
//!
//! Without server 1 among the servers, the seed has the panel only.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

use super::clock::rfc3339;

/// Active panels a community may have.
pub const MAX_PANELS: usize = 50;
/// Instances a panel may have on one server.
pub const MAX_INSTANCES: usize = 100;
/// Largest definition, as compact JSON.
pub const MAX_DEFINITION_BYTES: usize = 128 * 1024;
/// Most root nodes of a definition's `body`.
pub const MAX_ROOT_NODES: usize = 200;
/// Most sounds of a definition.
pub const MAX_SOUNDS: usize = 20;
/// Largest state of one instance, as compact JSON.
pub const MAX_STATE_BYTES: usize = 512 * 1024;
/// Largest action result (and largest resolved action `values`), as compact JSON.
pub const MAX_RESULT_BYTES: usize = 32 * 1024;
/// Longest panel name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// Longest acknowledgement message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 500;
/// How long an expired or acknowledged action is still kept (for `/_mock/panels/actions`).
const KEEP_AFTER_EXPIRY: Duration = Duration::from_secs(600);

/// The seeded panel's key and id, and the poll page's action id.
pub const EXAMPLE_PANEL: &str = "example.fire-alarms";
const EXAMPLE_PANEL_ID: &str = "00000000-0000-0000-0000-000000000000";
/// The id of the poll page's example action.
pub const EXAMPLE_ACTION_ID: &str = "11111111-1111-1111-1111-111111111111";

/// Whether `key` is a panel or instance key: `^[a-z0-9][a-z0-9._-]{1,79}$`.
pub fn is_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    (2..=80).contains(&bytes.len())
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes[1..].iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

/// The size of `value` as compact JSON, in bytes.
pub fn json_size(value: &Value) -> usize {
    serde_json::to_vec(value).map_or(0, |v| v.len())
}

/// The push event type of `panel_key`'s actions: `EVENT_PANEL_` and the key in upper case,
/// punctuation kept (`EVENT_PANEL_EXAMPLE.FIRE-ALARMS`).
pub fn event_type(panel_key: &str) -> String {
    format!("EVENT_PANEL_{}", panel_key.to_ascii_uppercase())
}

/// `time` as the pages write it (whole seconds, UTC).
fn text(time: SystemTime) -> String {
    rfc3339(time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64))
}

/// One instance of a panel on one server.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The game server.
    pub server_id: u64,
    /// Its key.
    pub key: String,
    /// Its state, as last set.
    pub state: Value,
    /// 1 when first set, one more on each set.
    pub revision: u64,
    /// When last set.
    pub updated_at: String,
}

impl Instance {
    /// As the panel routes answer it (with its `serverId`, which the pages leave out).
    pub fn to_json(&self) -> Value {
        json!({
            "instanceKey": self.key,
            "serverId": self.server_id,
            "state": self.state,
            "revision": self.revision,
            "updatedAt": self.updated_at,
        })
    }
}

/// A panel definition and its instances.
#[derive(Debug, Clone)]
pub struct Panel {
    /// Its id.
    pub id: String,
    /// Its key.
    pub key: String,
    /// Its definition, as last set.
    pub definition: Value,
    /// False once deleted (definition and instances are kept).
    pub enabled: bool,
    /// When its definition was last set.
    pub updated_at: String,
    /// Its instances, every server's, in the order first set.
    pub instances: Vec<Instance>,
}

impl Panel {
    /// As the panel routes answer it.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "key": self.key,
            "name": self.definition.get("name").cloned().unwrap_or(Value::Null),
            "definition": self.definition,
            "updatedAt": self.updated_at,
            "instances": self.instances.iter().map(Instance::to_json).collect::<Vec<_>>(),
        })
    }
}

/// How an action was acknowledged.
#[derive(Debug, Clone)]
pub struct Ack {
    /// `success` of the first acknowledgement.
    pub success: bool,
    /// Its `message`.
    pub message: Option<String>,
    /// Its `result`.
    pub result: Option<Value>,
    /// When it came.
    pub acked_at: String,
    /// Acknowledgements received for the action (repeats included).
    pub count: u32,
}

/// An action a CAD user pressed.
#[derive(Debug, Clone)]
pub struct Action {
    /// Its id (a UUID).
    pub id: String,
    /// Its cursor: one more than the action before.
    pub cursor: u64,
    /// The panel.
    pub panel_key: String,
    /// The game server it is for.
    pub server_id: u64,
    /// The instance.
    pub instance_key: String,
    /// The control's action id.
    pub action_id: String,
    /// Who pressed it.
    pub actor_uuid: String,
    /// Their name.
    pub actor_name: String,
    /// The resolved values.
    pub values: Value,
    /// When it was queued.
    pub created_at: String,
    /// When it expires, as the pages write it (never after `expires`).
    pub expires_at: String,
    /// When it expires (`None`: never, the seeded example).
    pub expires: Option<Instant>,
    /// Its acknowledgement, once acknowledged.
    pub ack: Option<Ack>,
}

impl Action {
    /// The action object of the poll page, as polls and push events carry it.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "cursor": self.cursor,
            "panelKey": self.panel_key,
            "serverId": self.server_id,
            "instanceKey": self.instance_key,
            "actionId": self.action_id,
            "actorUuid": self.actor_uuid,
            "actorName": self.actor_name,
            "values": self.values,
            "createdAt": self.created_at,
            "expiresAt": self.expires_at,
        })
    }

    /// Whether its lifetime is over at `now`.
    pub fn expired(&self, now: Instant) -> bool {
        self.expires.is_some_and(|e| now >= e)
    }

    /// `pending`, `acknowledged` or `expired` (an acknowledged action stays acknowledged).
    pub fn status(&self, now: Instant) -> &'static str {
        match (&self.ack, self.expired(now)) {
            (Some(_), _) => "acknowledged",
            (None, true) => "expired",
            (None, false) => "pending",
        }
    }

    /// The action with its status and acknowledgement, for the control routes.
    pub fn to_record(&self, now: Instant) -> Value {
        let mut record = self.to_json();
        record["status"] = self.status(now).into();
        record["ack"] = match &self.ack {
            Some(ack) => json!({
                "success": ack.success,
                "message": ack.message,
                "result": ack.result,
                "ackedAt": ack.acked_at,
                "count": ack.count,
            }),
            None => Value::Null,
        };
        record
    }
}

/// Why a panel or instance was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The panel does not exist (or was deleted).
    NoPanel,
    /// The community has its 50 active panels, or the panel its 100 instances on the server.
    Full,
}

/// Why an acknowledgement was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckRefused {
    /// No such action for this panel and server.
    Unknown,
    /// Its lifetime is over.
    Expired,
}

/// The community's panels and their action queue.
#[derive(Debug, Clone)]
pub struct Panels {
    /// Every panel ever set, deleted ones included, in the order first set.
    pub panels: Vec<Panel>,
    /// Actions in cursor order (acknowledged and expired ones kept a while).
    pub actions: Vec<Action>,
    /// The cursor of the next action.
    next_cursor: u64,
}

impl Panels {
    /// The pages' examples (see the module's documentation), on server 1 when it is one of
    /// `server_ids`.
    pub fn seeded(server_ids: &[u64]) -> Panels {
        let mut panel = Panel {
            id: EXAMPLE_PANEL_ID.into(),
            key: EXAMPLE_PANEL.into(),
            definition: json!({"schemaVersion": 1, "name": "Fire Alarm", "body": []}),
            enabled: true,
            updated_at: "2026-08-25T18:00:00Z".into(),
            instances: Vec::new(),
        };
        let mut actions = Vec::new();
        if server_ids.contains(&1) {
            panel.instances.push(Instance {
                server_id: 1,
                key: "default".into(),
                state: json!({}),
                revision: 4,
                updated_at: "2026-08-25T18:01:00Z".into(),
            });
            actions.push(Action {
                id: EXAMPLE_ACTION_ID.into(),
                cursor: 42,
                panel_key: EXAMPLE_PANEL.into(),
                server_id: 1,
                instance_key: "default".into(),
                action_id: "alarm.set-active".into(),
                actor_uuid: "22222222-2222-2222-2222-222222222222".into(),
                actor_name: "John Doe".into(),
                values: json!({"alarmId": "mrpd-lobby", "active": false}),
                created_at: "2026-08-25T18:02:00Z".into(),
                expires_at: "2026-08-25T18:03:00Z".into(),
                expires: None,
                ack: None,
            });
        }
        Panels { panels: vec![panel], actions, next_cursor: 43 }
    }

    /// The active panel `key`.
    pub fn active(&self, key: &str) -> Option<&Panel> {
        self.panels.iter().find(|p| p.enabled && p.key == key)
    }

    /// Every active panel, in the order first set.
    pub fn list(&self) -> impl Iterator<Item = &Panel> {
        self.panels.iter().filter(|p| p.enabled)
    }

    /// Creates panel `key` with `definition`, or replaces the definition of an existing one
    /// (enabling it again when it was deleted, with its instances); answers it.
    pub fn set(&mut self, key: &str, definition: Value) -> Result<&Panel, Refused> {
        let active = self.list().count();
        let now = text(SystemTime::now());
        let index = match self.panels.iter().position(|p| p.key == key) {
            Some(index) => {
                if !self.panels[index].enabled && active >= MAX_PANELS {
                    return Err(Refused::Full);
                }
                index
            }
            None if active >= MAX_PANELS => return Err(Refused::Full),
            None => {
                self.panels.push(Panel {
                    id: uuid::Uuid::new_v4().to_string(),
                    key: key.to_string(),
                    definition: Value::Null,
                    enabled: true,
                    updated_at: String::new(),
                    instances: Vec::new(),
                });
                self.panels.len() - 1
            }
        };
        let panel = &mut self.panels[index];
        panel.definition = definition;
        panel.enabled = true;
        panel.updated_at = now;
        Ok(panel)
    }

    /// Disables panel `key`; false when there is no active one.
    pub fn disable(&mut self, key: &str) -> bool {
        match self.panels.iter_mut().find(|p| p.enabled && p.key == key) {
            Some(panel) => {
                panel.enabled = false;
                true
            }
            None => false,
        }
    }

    /// Replaces the state of instance `instance_key` of active panel `panel_key` on
    /// `server_id` (creating the instance); answers it.
    pub fn set_state(&mut self, server_id: u64, panel_key: &str, instance_key: &str, state: Value) -> Result<&Instance, Refused> {
        let panel = self.panels.iter_mut().find(|p| p.enabled && p.key == panel_key).ok_or(Refused::NoPanel)?;
        let now = text(SystemTime::now());
        let index = match panel.instances.iter().position(|i| i.server_id == server_id && i.key == instance_key) {
            Some(index) => index,
            None => {
                if panel.instances.iter().filter(|i| i.server_id == server_id).count() >= MAX_INSTANCES {
                    return Err(Refused::Full);
                }
                panel.instances.push(Instance {
                    server_id,
                    key: instance_key.to_string(),
                    state: Value::Null,
                    revision: 0,
                    updated_at: String::new(),
                });
                panel.instances.len() - 1
            }
        };
        let instance = &mut panel.instances[index];
        instance.state = state;
        instance.revision += 1;
        instance.updated_at = now;
        Ok(instance)
    }

    /// Queues an action a CAD user pressed, living `lifetime`; answers it.
    #[allow(clippy::too_many_arguments)]
    pub fn queue(
        &mut self,
        server_id: u64,
        panel_key: &str,
        instance_key: &str,
        action_id: &str,
        actor: (&str, &str),
        values: Value,
        lifetime: Duration,
    ) -> &Action {
        let (now, created) = (Instant::now(), SystemTime::now());
        // Forget what expired long ago; the acknowledgements stay with their actions until then.
        self.actions.retain(|a| a.expires.is_none_or(|e| now < e + KEEP_AFTER_EXPIRY));
        let cursor = self.next_cursor;
        self.next_cursor += 1;
        self.actions.push(Action {
            id: uuid::Uuid::new_v4().to_string(),
            cursor,
            panel_key: panel_key.to_string(),
            server_id,
            instance_key: instance_key.to_string(),
            action_id: action_id.to_string(),
            actor_uuid: actor.0.to_string(),
            actor_name: actor.1.to_string(),
            values,
            created_at: text(created),
            // Whole seconds, rounded down: never later than the action really expires.
            expires_at: text(created + lifetime),
            expires: Some(now + lifetime),
            ack: None,
        });
        &self.actions[self.actions.len() - 1]
    }

    /// The pending actions (not acknowledged, not expired) of `panel_key` on `server_id`
    /// with a cursor after `after`, in cursor order, at most `limit`.
    pub fn pending(&self, server_id: u64, panel_key: &str, after: u64, limit: usize) -> Vec<&Action> {
        let now = Instant::now();
        self.actions
            .iter()
            .filter(|a| a.cursor > after && a.server_id == server_id && a.panel_key == panel_key)
            .filter(|a| a.ack.is_none() && !a.expired(now))
            .take(limit)
            .collect()
    }

    /// Records the acknowledgement of action `id` of `panel_key` on `server_id`. A repeated
    /// acknowledgement (while the action lives) is taken and counted, and keeps the first
    /// one's result. Answers the action.
    pub fn acknowledge(
        &mut self,
        server_id: u64,
        panel_key: &str,
        id: &str,
        success: bool,
        message: Option<String>,
        result: Option<Value>,
    ) -> Result<&Action, AckRefused> {
        let now = Instant::now();
        let action = self
            .actions
            .iter_mut()
            .find(|a| a.id.eq_ignore_ascii_case(id) && a.server_id == server_id && a.panel_key == panel_key)
            .ok_or(AckRefused::Unknown)?;
        if action.expired(now) {
            return Err(AckRefused::Expired);
        }
        match &mut action.ack {
            Some(ack) => ack.count += 1,
            None => action.ack = Some(Ack { success, message, result, acked_at: text(SystemTime::now()), count: 1 }),
        }
        Ok(action)
    }

    /// The actions kept, with their status, of `panel_key` (every panel's when `None`).
    pub fn records(&self, panel_key: Option<&str>) -> Vec<Value> {
        let now = Instant::now();
        self.actions.iter().filter(|a| panel_key.is_none_or(|k| a.panel_key == k)).map(|a| a.to_record(now)).collect()
    }

    /// How many kept actions are pending, acknowledged and expired.
    pub fn counts(&self) -> Map<String, Value> {
        let now = Instant::now();
        let mut counts = Map::new();
        for status in ["pending", "acknowledged", "expired"] {
            counts.insert(status.into(), self.actions.iter().filter(|a| a.status(now) == status).count().into());
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_pattern() {
        for ok in ["doors", "example.fire-alarms", "a1", "smart-signs", "0_x", &"a".repeat(80)] {
            assert!(is_key(ok), "{ok}");
        }
        for bad in ["", "a", "Doors", "-doors", ".x", "_x", "a b", "dörs", &"a".repeat(81), "a/b"] {
            assert!(!is_key(bad), "{bad}");
        }
        assert_eq!(event_type("example.fire-alarms"), "EVENT_PANEL_EXAMPLE.FIRE-ALARMS");
        assert_eq!(event_type("smart-signs"), "EVENT_PANEL_SMART-SIGNS");
    }

    #[test]
    fn actions_expire_acknowledge_once_and_poll_in_cursor_order() {
        let mut panels = Panels::seeded(&[1, 2]);
        let first = panels.queue(1, "doors", "a1", "lock", ("u", "n"), json!({}), Duration::from_millis(50)).id.clone();
        let second = panels.queue(1, "doors", "a1", "lock", ("u", "n"), json!({}), Duration::from_secs(60)).id.clone();
        panels.queue(2, "doors", "a1", "lock", ("u", "n"), json!({}), Duration::from_secs(60));
        let cursors: Vec<u64> = panels.pending(1, "doors", 0, 100).iter().map(|a| a.cursor).collect();
        assert_eq!(cursors, [43, 44]);
        assert_eq!(panels.pending(1, "doors", 43, 100).len(), 1);
        assert_eq!(panels.pending(1, "doors", 0, 1).len(), 1);
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(panels.acknowledge(1, "doors", &first, true, None, None).err(), Some(AckRefused::Expired));
        assert_eq!(panels.acknowledge(2, "doors", &second, true, None, None).err(), Some(AckRefused::Unknown));
        assert_eq!(panels.acknowledge(1, "doors", &second, true, Some("ok".into()), None).unwrap().ack.as_ref().unwrap().count, 1);
        let again = panels.acknowledge(1, "doors", &second, false, None, None).unwrap().ack.clone().unwrap();
        assert_eq!((again.success, again.message.as_deref(), again.count), (true, Some("ok"), 2));
        assert!(panels.pending(1, "doors", 0, 100).is_empty());
        // The seeded example never expires.
        assert_eq!(panels.pending(1, EXAMPLE_PANEL, 0, 100)[0].id, EXAMPLE_ACTION_ID);
    }
}
