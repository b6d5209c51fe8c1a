//! Typed methods of the integration-panel operations over [`Client::call`]. `server_id:
//! None` is the config's `defaultServerId`.

use serde_json::{json, Value};

use super::models::*;
use crate::client::with_fields;
use crate::client::Client;
use crate::error::Result;

impl Client {
    /// Every active panel with its instances (v2 `GET /v2/integration-panels`, 120 a minute).
    pub fn get_integration_panels_v2(&self) -> Result<Vec<IntegrationPanel>> {
        self.call_as("get_integration_panels_v2", json!({}))
    }

    /// One panel with its instances (v2 `GET /v2/integration-panels/{panelKey}`).
    pub fn get_integration_panel_v2(&self, panel_key: &str) -> Result<IntegrationPanel> {
        self.call_as("get_integration_panel_v2", json!({"panelKey": panel_key}))
    }

    /// Creates a panel or replaces its definition (v2 `PUT /v2/integration-panels/{panelKey}`,
    /// 30 a minute).
    pub fn set_integration_panel_v2(&self, panel_key: &str, definition: &Value) -> Result<IntegrationPanel> {
        self.call_as("set_integration_panel_v2", json!({"panelKey": panel_key, "definition": definition}))
    }

    /// Disables a panel (v2 `DELETE /v2/integration-panels/{panelKey}`).
    pub fn delete_integration_panel_v2(&self, panel_key: &str) -> Result<PanelDisabled> {
        self.call_as("delete_integration_panel_v2", json!({"panelKey": panel_key}))
    }

    /// Replaces one instance's whole state (v2 `PUT .../instances/{instanceKey}/state`, 300 a
    /// minute).
    pub fn set_integration_panel_state_v2(
        &self,
        server_id: Option<u64>,
        panel_key: &str,
        instance_key: &str,
        state: &Value,
    ) -> Result<PanelInstance> {
        self.call_as(
            "set_integration_panel_state_v2",
            json!({"serverId": server_id, "panelKey": panel_key, "instanceKey": instance_key, "state": state}),
        )
    }

    /// The recovery poll: actions after `after` (v2 `GET .../panels/{panelKey}/actions`, 3 a
    /// minute for every panel and server of the key together).
    pub fn get_integration_panel_actions_v2(
        &self,
        server_id: Option<u64>,
        panel_key: &str,
        after: Option<u64>,
        limit: Option<u32>,
    ) -> Result<PanelActions> {
        self.call_as(
            "get_integration_panel_actions_v2",
            json!({"serverId": server_id, "panelKey": panel_key, "after": after, "limit": limit}),
        )
    }

    /// Acknowledges an action with its result (v2 `POST .../actions/{eventId}/ack`, 240 a
    /// minute).
    pub fn acknowledge_integration_panel_action_v2(
        &self,
        server_id: Option<u64>,
        panel_key: &str,
        event_id: &str,
        result: &ActionResult,
    ) -> Result<ActionAcknowledged> {
        let params = with_fields(json!({"serverId": server_id, "panelKey": panel_key, "eventId": event_id}), result)?;
        self.call_as("acknowledge_integration_panel_action_v2", params)
    }
}
