//! The integration-panel operations (`/v2/integration-panels/...`): definitions, live state,
//! and the actions CAD users take, with the caps of the pages' "Limits" table checked
//! before anything is sent.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::*;

/// A definition: at most 128 KiB (`413` past it).
pub(crate) const MAX_DEFINITION_BYTES: usize = 128 * 1024;
/// One instance's state: at most 512 KiB.
pub(crate) const MAX_STATE_BYTES: usize = 512 * 1024;
/// An action's structured result: at most 32 KiB.
pub(crate) const MAX_RESULT_BYTES: usize = 32 * 1024;
/// Root body nodes of a definition.
pub(crate) const MAX_ROOT_NODES: usize = 200;
/// A panel's display name.
pub(crate) const MAX_NAME_CHARS: usize = 80;

/// A definition's own rules: `definition.key`, when present, is `panelKey`; at most 200 root
/// body nodes; a name of at most 80 characters.
fn definition_rules(params: &Map<String, Value>) -> Result<()> {
    let Some(definition) = params.get("definition").and_then(Value::as_object) else { return Ok(()) };
    if let (Some(key), Some(panel_key)) = (definition.get("key"), params.get("panelKey")) {
        if key != panel_key {
            return Err(Error::invalid("definition.key", format_args!("must be the panelKey {panel_key} when given (it is {key})")));
        }
    }
    if let Some(body) = definition.get("body").and_then(Value::as_array) {
        if body.len() > MAX_ROOT_NODES {
            return Err(Error::invalid(
                "definition.body",
                format_args!("has {} root nodes; the API takes at most {MAX_ROOT_NODES}", body.len()),
            ));
        }
    }
    if let Some(name) = definition.get("name").and_then(Value::as_str) {
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Error::invalid("definition.name", format_args!("must be at most {MAX_NAME_CHARS} characters")));
        }
    }
    Ok(())
}

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_integration_panels_v2",
        sdk_method: "getIntegrationPanelsV2",
        sdk_args: &[],
        page: Some("v2/integration-panels/list-panels.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/integration-panels" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(120),
        idempotent: true,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "Every active integration panel of the community with its stored instances; answers the list.",
    },
    Operation {
        name: "get_integration_panel_v2",
        sdk_method: "getIntegrationPanelV2",
        sdk_args: &["panelKey"],
        page: Some("v2/integration-panels/get-panel.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/integration-panels/{panelKey}" },
        params: &[required("panelKey", Kind::Key)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(120),
        idempotent: true,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "One active integration panel and its stored instances (state, revision); answers the panel.",
    },
    Operation {
        name: "set_integration_panel_v2",
        sdk_method: "setIntegrationPanelV2",
        sdk_args: &["panelKey", "definition"],
        page: Some("v2/integration-panels/set-panel.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/integration-panels/{panelKey}" },
        params: &[required("panelKey", Kind::Key), required("definition", Kind::ObjectAtMost { max_bytes: MAX_DEFINITION_BYTES })],
        one_of: &[],
        check: definition_rules,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "Creates a panel or replaces its whole definition (schema version 1, at most 128 KiB and 200 root nodes); answers the panel.",
    },
    Operation {
        name: "delete_integration_panel_v2",
        sdk_method: "deleteIntegrationPanelV2",
        sdk_args: &["panelKey"],
        page: Some("v2/integration-panels/delete-panel.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/integration-panels/{panelKey}" },
        params: &[required("panelKey", Kind::Key)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "Disables a panel (its definition and data are kept); answers `{key, enabled: false}`.",
    },
    Operation {
        name: "set_integration_panel_state_v2",
        sdk_method: "setIntegrationPanelStateV2",
        sdk_args: &["panelKey", "instanceKey", "state", "serverId"],
        page: Some("v2/integration-panels/set-state.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/instances/{instanceKey}/state" },
        params: &[
            param("serverId", Kind::ServerId),
            required("panelKey", Kind::Key),
            required("instanceKey", Kind::Key),
            required("state", Kind::ObjectAtMost { max_bytes: MAX_STATE_BYTES }),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(300),
        idempotent: false,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "Replaces one instance's whole state (at most 512 KiB) and updates connected CAD clients; answers the instance with its new revision.",
    },
    Operation {
        name: "get_integration_panel_actions_v2",
        sdk_method: "getIntegrationPanelActionsV2",
        sdk_args: &["panelKey"],
        page: Some("v2/integration-panels/poll-actions.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions" },
        params: &[
            param("serverId", Kind::ServerId),
            required("panelKey", Kind::Key),
            param("after", OFFSET),
            param("limit", LIMIT),
        ],
        one_of: &[],
        check: no_rule,
        // Shared by every panel and server of the key: the pacer's key is the route.
        limit: per_minute(3),
        idempotent: true,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "The recovery poll: unexpired, unacknowledged CAD actions after the cursor `after` (3 a minute for all panels and servers); answers `{events, nextCursor}`.",
    },
    Operation {
        name: "acknowledge_integration_panel_action_v2",
        sdk_method: "acknowledgeIntegrationPanelActionV2",
        sdk_args: &["panelKey", "eventId"],
        page: Some("v2/integration-panels/acknowledge-action.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions/{eventId}/ack" },
        params: &[
            param("serverId", Kind::ServerId),
            required("panelKey", Kind::Key),
            required("eventId", Kind::Uuid),
            required("success", Kind::Bool),
            param("message", Kind::TextAtMost { max_chars: 500 }),
            param("result", Kind::ObjectAtMost { max_bytes: MAX_RESULT_BYTES }),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(240),
        idempotent: false,
        touches: &[Subject::Panels],
        merge: None,
        paging: None,
        summary: "Acknowledges an action with its result (`success`, a message of at most 500 characters, a result of at most 32 KiB), pushed to CAD; answers the acknowledgement.",
    },
];
