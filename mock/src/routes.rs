//! The mock's one route table: every API route it answers, with its method, its path
//! template (axum syntax), the library's operation name for it and its documented limit.
//! Data only: each area binds its handlers to its operations by name, and a request's
//! operation name (for faults and the v2 rate limit) is read back from the table through the
//! route axum matched, so the two can never disagree.

use axum::http::Method;

/// One route of the API.
pub struct Route {
    /// Its HTTP method.
    pub method: Method,
    /// Its path template, as axum matches it (`{name}` for a path parameter).
    pub path: &'static str,
    /// The library's operation name (`get_units_v2`; for v1, the path's last segment).
    pub operation: &'static str,
    /// Its documented limit per API key, in requests per minute (v2; 0 for v1, which has
    /// none). The mock enforces this unless its options set one limit for every route.
    pub per_minute: usize,
}

/// Every API route the mock answers.
pub static ROUTES: &[Route] = &[
    // v1: POST with the {id, key, type, data} envelope.
    Route { method: Method::POST, path: "/general/get_version", operation: "get_version", per_minute: 0 },
    Route { method: Method::POST, path: "/general/get_servers", operation: "get_servers", per_minute: 0 },
    Route { method: Method::POST, path: "/general/get_account", operation: "get_account", per_minute: 0 },
    Route { method: Method::POST, path: "/general/get_accounts", operation: "get_accounts", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/get_account_identifiers", operation: "get_account_identifiers", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/modify_identifier", operation: "modify_identifier", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/get_identifiers", operation: "get_identifiers", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/set_identifier", operation: "set_identifier", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/idents_to_group", operation: "idents_to_group", per_minute: 0 },
    Route { method: Method::POST, path: "/emergency/get_active_units", operation: "get_active_units", per_minute: 0 },
    // v2: REST paths with a Bearer key.
    Route {
        method: Method::GET,
        path: "/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units",
        operation: "get_account_units",
        per_minute: 10,
    },
    Route { method: Method::GET, path: "/v2/general/accounts/account", operation: "get_account_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/general/accounts", operation: "get_accounts_v2", per_minute: 10 },
    Route {
        method: Method::GET,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers",
        operation: "get_identifiers_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers",
        operation: "create_identifier_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PUT,
        path: "/v2/emergency/accounts/{accountUuid}/selected-identifier",
        operation: "select_identifier_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}",
        operation: "update_identifier_v2",
        per_minute: 10,
    },
    Route {
        method: Method::DELETE,
        path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}",
        operation: "delete_identifier_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PUT,
        path: "/v2/emergency/servers/{serverId}/identifier-groups/{groupName}",
        operation: "add_identifiers_to_group_v2",
        per_minute: 10,
    },
    Route { method: Method::GET, path: "/v2/emergency/servers/{serverId}/units", operation: "get_units_v2", per_minute: 3 },
    // v2 emergency: units, calls and dispatch.
    Route { method: Method::PATCH, path: "/v2/emergency/servers/{serverId}/units/status", operation: "set_unit_status_v2", per_minute: 30 },
    Route { method: Method::PATCH, path: "/v2/emergency/servers/{serverId}/units/panic", operation: "set_unit_panic_v2", per_minute: 20 },
    Route { method: Method::POST, path: "/v2/emergency/servers/{serverId}/units/kick", operation: "kick_unit_v2", per_minute: 20 },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/servers/{serverId}/unit-locations",
        operation: "update_unit_locations_v2",
        per_minute: 12,
    },
    Route { method: Method::GET, path: "/v2/emergency/servers/{serverId}/calls", operation: "get_calls_v2", per_minute: 5 },
    Route {
        method: Method::GET,
        path: "/v2/emergency/accounts/{accountUuid}/current-call",
        operation: "get_current_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/calls/911",
        operation: "create_emergency_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::DELETE,
        path: "/v2/emergency/servers/{serverId}/calls/911/{callId}",
        operation: "delete_emergency_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls",
        operation: "create_dispatch_call_v2",
        per_minute: 20,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/custom-dispatch-calls",
        operation: "create_custom_dispatch_call_v2",
        per_minute: 10,
    },
    Route { method: Method::GET, path: "/v2/emergency/dispatch-templates", operation: "get_dispatch_templates_v2", per_minute: 10 },
    Route {
        method: Method::GET,
        path: "/v2/emergency/dispatch-templates/{templateId}",
        operation: "get_dispatch_templates_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}",
        operation: "update_dispatch_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/attachments",
        operation: "attach_units_to_dispatch_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::DELETE,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/attachments",
        operation: "detach_units_from_dispatch_call_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/postal",
        operation: "set_dispatch_postal_v2",
        per_minute: 20,
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/primary",
        operation: "set_dispatch_primary_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/notes",
        operation: "add_dispatch_note_v2",
        per_minute: 60,
    },
    Route {
        method: Method::POST,
        path: "/v2/emergency/servers/{serverId}/dispatch-calls/close",
        operation: "close_dispatch_calls_v2",
        per_minute: 20,
    },
    // v2 emergency map and configuration.
    Route { method: Method::POST, path: "/v2/emergency/servers/{serverId}/blips/delete", operation: "delete_blips_v2", per_minute: 30 },
    Route { method: Method::PATCH, path: "/v2/emergency/servers/{serverId}/blips/{blipId}", operation: "update_blip_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/emergency/servers/{serverId}/blips", operation: "create_blip_v2", per_minute: 30 },
    Route { method: Method::GET, path: "/v2/emergency/servers/{serverId}/blips", operation: "get_blips_v2", per_minute: 10 },
    Route { method: Method::PUT, path: "/v2/emergency/servers/{serverId}/callouts", operation: "set_available_callouts_v2", per_minute: 2 },
    Route { method: Method::GET, path: "/v2/emergency/servers/{serverId}/pager-config", operation: "get_pager_config_v2", per_minute: 2 },
    Route { method: Method::PUT, path: "/v2/emergency/servers/{serverId}/pager-config", operation: "set_pager_config_v2", per_minute: 2 },
    Route { method: Method::PUT, path: "/v2/emergency/servers/{serverId}/stations", operation: "set_stations_v2", per_minute: 2 },
    Route {
        method: Method::PUT,
        path: "/v2/emergency/servers/{serverId}/street-sign-config",
        operation: "set_street_sign_config_v2",
        per_minute: 2,
    },
    Route {
        method: Method::PATCH,
        path: "/v2/emergency/servers/{serverId}/street-signs",
        operation: "update_street_signs_v2",
        per_minute: 10,
    },
    // v2 records, lookups and civilian characters.
    Route { method: Method::POST, path: "/v2/general/lookups", operation: "lookup_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/general/lookups/by-value", operation: "lookup_by_value_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/general/lookups/custom", operation: "lookup_custom_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/general/records", operation: "create_record_v2", per_minute: 30 },
    Route { method: Method::PATCH, path: "/v2/general/records/{recordId}", operation: "update_record_v2", per_minute: 10 },
    Route { method: Method::DELETE, path: "/v2/general/records/{recordId}", operation: "remove_record_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/general/templates", operation: "get_templates_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/general/templates/{recordTypeId}", operation: "get_templates_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/record-drafts", operation: "send_record_draft_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/civilian/characters", operation: "get_characters_v2", per_minute: 10 },
    Route { method: Method::DELETE, path: "/v2/civilian/characters/{characterId}", operation: "remove_character_v2", per_minute: 10 },
    Route { method: Method::PUT, path: "/v2/civilian/selected-character", operation: "set_selected_character_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/civilian/character-links", operation: "get_character_links_v2", per_minute: 10 },
    Route { method: Method::PUT, path: "/v2/civilian/character-links/{syncId}", operation: "add_character_link_v2", per_minute: 10 },
    Route { method: Method::DELETE, path: "/v2/civilian/character-links/{syncId}", operation: "remove_character_link_v2", per_minute: 10 },
    // v2 general: accounts, links, community and server configuration.
    Route { method: Method::POST, path: "/v2/general/account-bans", operation: "ban_user_v2", per_minute: 10 },
    Route { method: Method::PATCH, path: "/v2/general/accounts/permissions", operation: "set_account_permissions_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/bodycam-recordings", operation: "upload_bodycam_recording_v2", per_minute: 30 },
    Route { method: Method::GET, path: "/v2/general/info", operation: "get_info_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/links/check", operation: "check_community_link_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/general/links/set", operation: "set_community_link_v2", per_minute: 30 },
    Route { method: Method::POST, path: "/v2/general/links", operation: "create_community_link_v2", per_minute: 30 },
    Route { method: Method::GET, path: "/v2/general/login-page", operation: "get_login_page_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/general/penal-codes", operation: "get_penal_codes_v2", per_minute: 4 },
    Route { method: Method::PUT, path: "/v2/general/penal-codes", operation: "set_penal_codes_v2", per_minute: 4 },
    Route { method: Method::POST, path: "/v2/general/permission-keys/applications", operation: "apply_permission_key_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/photos", operation: "send_photo_v2", per_minute: 10 },
    Route { method: Method::PUT, path: "/v2/general/postals", operation: "set_postals_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/secrets/verify", operation: "verify_secret_v2", per_minute: 10 },
    Route { method: Method::POST, path: "/v2/general/servers/{serverId}/heartbeat", operation: "heartbeat_v2", per_minute: 10 },
    Route {
        method: Method::POST,
        path: "/v2/general/servers/{serverId}/street-sign-auth",
        operation: "authorize_street_signs_v2",
        per_minute: 10,
    },
    Route { method: Method::GET, path: "/v2/general/servers", operation: "get_servers_v2", per_minute: 10 },
    Route { method: Method::PUT, path: "/v2/general/servers", operation: "set_servers_v2", per_minute: 10 },
    Route { method: Method::GET, path: "/v2/general/turn", operation: "get_turn_credentials_v2", per_minute: 20 },
    Route { method: Method::GET, path: "/v2/general/version", operation: "get_version_v2", per_minute: 10 },
    // v2 general, added after August 2026: granular permissions (their pages state no limit:
    // 10, as the client paces them) and database sync.
    Route { method: Method::GET, path: "/v2/general/permissions/catalog", operation: "get_permission_catalog_v2", per_minute: 10 },
    Route {
        method: Method::GET,
        path: "/v2/general/permissions/accounts/{accountId}",
        operation: "get_account_permissions_v2",
        per_minute: 10,
    },
    Route {
        method: Method::PUT,
        path: "/v2/general/permissions/accounts/{accountId}",
        operation: "replace_account_permissions_v2",
        per_minute: 10,
    },
    Route { method: Method::GET, path: "/v2/general/database-sync", operation: "get_database_sync_configuration_v2", per_minute: 10 },
    // v2 FiveM configuration (no limit stated: 10).
    Route {
        method: Method::GET,
        path: "/v2/fivem/servers/{serverId}/configuration",
        operation: "get_fivem_configuration_v2",
        per_minute: 10,
    },
    Route {
        method: Method::POST,
        path: "/v2/fivem/servers/{serverId}/configuration/acknowledge/{revision}",
        operation: "acknowledge_fivem_configuration_v2",
        per_minute: 10,
    },
    // v2 integration panels. The poll's 3 a minute is one window per key for every panel
    // and server: the window is the operation's, whatever the path names.
    Route { method: Method::GET, path: "/v2/integration-panels", operation: "get_integration_panels_v2", per_minute: 120 },
    Route { method: Method::GET, path: "/v2/integration-panels/{panelKey}", operation: "get_integration_panel_v2", per_minute: 120 },
    Route { method: Method::PUT, path: "/v2/integration-panels/{panelKey}", operation: "set_integration_panel_v2", per_minute: 30 },
    Route { method: Method::DELETE, path: "/v2/integration-panels/{panelKey}", operation: "delete_integration_panel_v2", per_minute: 30 },
    Route {
        method: Method::PUT,
        path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/instances/{instanceKey}/state",
        operation: "set_integration_panel_state_v2",
        per_minute: 300,
    },
    Route {
        method: Method::GET,
        path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions",
        operation: "get_integration_panel_actions_v2",
        per_minute: 3,
    },
    Route {
        method: Method::POST,
        path: "/v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions/{eventId}/ack",
        operation: "acknowledge_integration_panel_action_v2",
        per_minute: 240,
    },
];

/// The documented limit per minute of `operation`'s route (0: none).
pub fn per_minute(operation: &str) -> usize {
    ROUTES.iter().find(|r| r.operation == operation).map_or(0, |r| r.per_minute)
}

/// Every v2 operation the mock answers with its documented limit per minute, for checking
/// against the client's pacing.
pub fn documented_limits() -> Vec<(&'static str, usize)> {
    ROUTES.iter().filter(|r| r.path.starts_with("/v2/")).map(|r| (r.operation, r.per_minute)).collect()
}

/// The operation name of the route `matched` (a template of [`ROUTES`]) with `method`.
pub fn operation(method: &Method, matched: &str) -> Option<&'static str> {
    // axum answers HEAD with the GET handler.
    let method = if method == Method::HEAD { &Method::GET } else { method };
    ROUTES.iter().find(|r| r.method == *method && r.path == matched).map(|r| r.operation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_and_each_operation_appears_once() {
        let mut routes = std::collections::HashSet::new();
        let mut operations = std::collections::HashMap::new();
        for route in ROUTES {
            assert!(routes.insert((route.method.clone(), route.path)), "{} {} twice", route.method, route.path);
            // An operation appears once, or twice when its path has an optional last segment.
            if let Some(first) = operations.insert(route.operation, route.path) {
                assert!(route.path.starts_with(first) && route.path[first.len()..].matches('/').count() == 1, "{} twice", route.operation);
                assert_eq!(per_minute(route.operation), route.per_minute, "one budget per operation");
            }
            assert_eq!(operation(&route.method, route.path), Some(route.operation));
            if !route.path.starts_with("/v2/") {
                assert!(route.path.ends_with(route.operation), "a v1 operation is its path's last segment");
            }
        }
        assert_eq!(operation(&Method::HEAD, "/v2/general/accounts"), Some("get_accounts_v2"));
        assert_eq!(operation(&Method::GET, "/general/get_version"), None);
    }
}
