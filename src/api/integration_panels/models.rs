//! Models of the integration-panel operations. A definition and a state are the caller's own
//! JSON (see the pages' manifest reference), kept as [`Value`]s; every answer keeps the
//! fields this version does not know in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One panel: its definition and its stored instances.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IntegrationPanel {
    /// The panel's id (a UUID).
    #[serde(default)]
    pub id: Option<String>,
    /// Its stable key (`example.fire-alarms`).
    #[serde(default)]
    pub key: String,
    /// Its display name.
    #[serde(default)]
    pub name: Option<String>,
    /// The whole definition, as stored.
    #[serde(default)]
    pub definition: Value,
    /// When the definition last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Its instances, with their state.
    #[serde(default)]
    pub instances: Vec<PanelInstance>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One instance of a panel (a dataset, a location, a controller) and its live state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PanelInstance {
    /// The panel it belongs to, where the answer says (`set_integration_panel_state_v2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub panel_key: Option<String>,
    /// The server, where the answer says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// Its key (`default`, `mission-row`).
    #[serde(default)]
    pub instance_key: String,
    /// Its whole state, as published.
    #[serde(default)]
    pub state: Value,
    /// The state's revision, increased by every replacement.
    #[serde(default)]
    pub revision: u64,
    /// When the state last changed (RFC 3339).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What deleting (disabling) a panel answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PanelDisabled {
    /// The panel's key.
    #[serde(default)]
    pub key: String,
    /// `false`: the panel is disabled, its definition and data kept.
    #[serde(default)]
    pub enabled: bool,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An action a CAD user took on a panel: the same object in the push event
/// `EVENT_PANEL_<KEY>` and in the recovery poll.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PanelAction {
    /// Its id (a UUID): what it is acknowledged by, and deduplicated by.
    #[serde(default)]
    pub id: String,
    /// Its place in the poll order.
    #[serde(default)]
    pub cursor: u64,
    /// The panel.
    #[serde(default)]
    pub panel_key: String,
    /// The server it is for.
    #[serde(default)]
    pub server_id: u64,
    /// The instance it acts on.
    #[serde(default)]
    pub instance_key: String,
    /// The control's action id (`alarm.set-active`).
    #[serde(default)]
    pub action_id: String,
    /// The CAD account that acted.
    #[serde(default)]
    pub actor_uuid: Option<String>,
    /// Its name.
    #[serde(default)]
    pub actor_name: Option<String>,
    /// The values the control sent.
    #[serde(default)]
    pub values: Value,
    /// When it was taken (RFC 3339).
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it expires (60 s later): past it, it is not to be applied.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the recovery poll answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PanelActions {
    /// The actions after the cursor asked for, in cursor order.
    #[serde(default)]
    pub events: Vec<PanelAction>,
    /// The cursor to ask after next, once every action here is processed and acknowledged.
    #[serde(default)]
    pub next_cursor: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The result of an action, as acknowledged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionResult {
    /// Whether the game-side action succeeded.
    pub success: bool,
    /// A message for the CAD user (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Structured result data (at most 32 KiB as JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
}

/// What acknowledging an action answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActionAcknowledged {
    /// The panel.
    #[serde(default)]
    pub panel_key: String,
    /// The server.
    #[serde(default)]
    pub server_id: u64,
    /// The action's id.
    #[serde(default)]
    pub event_id: String,
    /// The result's success, as recorded.
    #[serde(default)]
    pub success: bool,
    /// The result's message, as recorded.
    #[serde(default)]
    pub message: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
