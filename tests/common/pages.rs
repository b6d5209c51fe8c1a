//! Every built v2 operation's reference page example, as the request the page documents:
//! `(operation, params, method, path, query, body)`. The area tests check that each goes out
//! exactly so (a recorder); `page_examples_mock` sends each to a default mock and checks that
//! it succeeds there, as on the CAD the pages describe.

use serde_json::{json, Value};

use super::PageCase;

const S: &str = "/v2/emergency/servers/1";
const JOHN_UUID: &str = sonoran_mock::JOHN_UUID;
const NIL_UUID: &str = "00000000-0000-0000-0000-000000000000";
const ACCOUNT: &str = "00000000-0000-0000-0000-000000000000";
const EVENT: &str = "11111111-1111-1111-1111-111111111111";

/// The emergency area's pages (units, calls, dispatch): each page's example.
pub fn emergency() -> Vec<PageCase<String>> {
    let locations = json!({"updates": [{
        "communityUserId": "player-1234", "location": "Mission Row",
        "coordinates": {"x": 441.2, "y": -981.9, "z": 30.7, "w": 90.0},
        "peerId": "peer-1", "vehicle": {"model": "police3", "headingOffset": 0}
    }]});
    let emergency = json!({
        "isEmergency": true, "caller": "911 Caller", "location": "Alta St / Integrity Way", "description": "Shots fired",
        "deleteAfterMinutes": 15, "metaData": {"source": "integration", "x": "425.1", "y": "-979.2", "z": "30.7", "postal": "9001"}
    });
    let dispatch = json!({
        "origin": 0, "status": 1, "priority": 1, "block": "100", "address": "Mission Row", "postal": "9001",
        "title": "Armed Robbery", "code": "211", "description": "Clerk reports a firearm.", "notes": [],
        "communityUserIds": ["player-1234"],
        "metaData": {"source": "integration", "x": "425.1", "y": "-979.2", "z": "30.7", "radius": "75"}
    });
    let custom = json!({
        "templateId": 1,
        "values": {"status": "deployed", "priority": "Immediate", "description": "Reports of a disturbance outside the station.", "code": "GRADE_1", "caller_name": "Alex Smith"},
        "communityUserIds": ["player-1234"]
    });
    let update = json!({"status": 1, "postal": "9002", "trackPrimary": true, "metaData": {"source": "integration", "x": "430.5", "y": "-982.1", "z": "31.0", "radius": "100"}});
    let with = |mut params: Value, extra: Value| {
        params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        params
    };
    vec![
        (
            "set_unit_status_v2",
            json!({"serverId": 1, "communityUserIds": ["player-1234"], "status": 3}),
            "PATCH",
            format!("{S}/units/status"),
            None,
            Some(json!({"communityUserIds": ["player-1234"], "status": 3})),
        ),
        (
            "set_unit_status_v2",
            json!({"serverId": 1, "apiId": "1234567890", "status": 2}),
            "PATCH",
            format!("{S}/units/status"),
            None,
            Some(json!({"communityUserId": "1234567890", "status": 2})),
        ),
        (
            "set_unit_panic_v2",
            json!({"communityUserIds": ["player-1234"], "isPanic": true}),
            "PATCH",
            format!("{S}/units/panic"),
            None,
            Some(json!({"communityUserIds": ["player-1234"], "isPanic": true})),
        ),
        (
            "kick_unit_v2",
            json!({"serverId": 1, "communityUserId": "player-1234", "reason": "Connection reset by integration"}),
            "POST",
            format!("{S}/units/kick"),
            None,
            Some(json!({"communityUserId": "player-1234", "reason": "Connection reset by integration"})),
        ),
        (
            "update_unit_locations_v2",
            with(json!({"serverId": 1}), locations.clone()),
            "PATCH",
            format!("{S}/unit-locations"),
            None,
            Some(locations),
        ),
        (
            "get_calls_v2",
            json!({"serverId": 1, "closedLimit": 10, "closedOffset": 0, "type": 100}),
            "GET",
            format!("{S}/calls"),
            Some("closedLimit=10&closedOffset=0&type=100"),
            None,
        ),
        ("get_calls_v2", json!({}), "GET", format!("{S}/calls"), None, None),
        (
            "get_current_call_v2",
            json!({"accountUuid": JOHN_UUID}),
            "GET",
            format!("/v2/emergency/accounts/{JOHN_UUID}/current-call"),
            None,
            None,
        ),
        (
            "create_emergency_call_v2",
            with(json!({"serverId": 1}), emergency.clone()),
            "POST",
            format!("{S}/calls/911"),
            None,
            Some(emergency),
        ),
        ("delete_emergency_call_v2", json!({"callId": 501, "serverId": 1}), "DELETE", format!("{S}/calls/911/501"), None, None),
        (
            "create_dispatch_call_v2",
            with(json!({"serverId": 1}), dispatch.clone()),
            "POST",
            format!("{S}/dispatch-calls"),
            None,
            Some(dispatch),
        ),
        (
            "create_custom_dispatch_call_v2",
            with(json!({"serverId": 1}), custom.clone()),
            "POST",
            format!("{S}/custom-dispatch-calls"),
            None,
            Some(custom),
        ),
        ("get_dispatch_templates_v2", json!({}), "GET", "/v2/emergency/dispatch-templates".into(), None, None),
        ("get_dispatch_templates_v2", json!({"templateId": 1}), "GET", "/v2/emergency/dispatch-templates/1".into(), None, None),
        (
            "update_dispatch_call_v2",
            with(json!({"serverId": 1, "callId": 501}), update.clone()),
            "PATCH",
            format!("{S}/dispatch-calls/501"),
            None,
            Some(update),
        ),
        (
            "attach_units_to_dispatch_call_v2",
            json!({"serverId": 1, "callId": 501, "communityUserIds": ["player-1234"]}),
            "POST",
            format!("{S}/dispatch-calls/501/attachments"),
            None,
            Some(json!({"communityUserIds": ["player-1234"]})),
        ),
        (
            "detach_units_from_dispatch_call_v2",
            json!({"serverId": 1, "communityUserIds": ["player-1234"]}),
            "DELETE",
            format!("{S}/dispatch-calls/attachments"),
            None,
            Some(json!({"communityUserIds": ["player-1234"]})),
        ),
        (
            "detach_units_from_dispatch_call_v2",
            json!({"apiIds": ["player-1234"]}),
            "DELETE",
            format!("{S}/dispatch-calls/attachments"),
            None,
            Some(json!({"communityUserIds": ["player-1234"]})),
        ),
        (
            "set_dispatch_postal_v2",
            json!({"callId": 501, "postal": "9001"}),
            "PATCH",
            format!("{S}/dispatch-calls/501/postal"),
            None,
            Some(json!({"postal": "9001"})),
        ),
        (
            "set_dispatch_primary_v2",
            json!({"callId": 501, "identId": 15, "trackPrimary": true}),
            "PATCH",
            format!("{S}/dispatch-calls/501/primary"),
            None,
            Some(json!({"identId": 15, "trackPrimary": true})),
        ),
        (
            "add_dispatch_note_v2",
            json!({"callId": 501, "note": "Suspect vehicle fleeing northbound", "noteType": "text", "label": "Integration"}),
            "POST",
            format!("{S}/dispatch-calls/501/notes"),
            None,
            Some(json!({"note": "Suspect vehicle fleeing northbound", "noteType": "text", "label": "Integration"})),
        ),
        (
            "close_dispatch_calls_v2",
            json!({"callIds": [1042, 1043]}),
            "POST",
            format!("{S}/dispatch-calls/close"),
            None,
            Some(json!({"callIds": [1042, 1043]})),
        ),
    ]
}

/// The general area's pages (accounts, links, configuration): each page's example but the
/// bodycam upload's ([`bodycam_upload`]).
pub fn general() -> Vec<PageCase<&'static str>> {
    let server = json!({
        "id": 1, "name": "Main Server", "description": "Primary patrol server", "signal": "100",
        "mapUrl": "https://example.com/tiles/{z}/{x}/{y}.png", "mapIp": "203.0.113.10", "listenerPort": "30120",
        "differingOutbound": false, "outboundIp": "", "enableMap": true, "mapType": "NORMAL", "isStatic": false, "liveMapFormat": 0
    });
    let penal = json!({"codes": [{"title": "Unsafe Lane Change", "code": "22107", "type": "INFRACTION", "bondType": "NONE", "bondAmount": 0, "jailTime": "0"}]});
    let link = json!({"accountUuid": "11111111-1111-1111-1111-111111111111", "secretUuid": "22222222-2222-2222-2222-222222222222", "communityUserId": "fivem:12345"});
    vec![
        (
            "ban_user_v2",
            json!({"communityUserId": "player-1234", "isBan": true}),
            "POST",
            "/v2/general/account-bans",
            None,
            Some(json!({"communityUserId": "player-1234", "isBan": true})),
        ),
        (
            "ban_user_v2",
            json!({"accountUuid": JOHN_UUID, "isBan": true, "isKick": true}),
            "POST",
            "/v2/general/account-bans",
            None,
            Some(json!({"accountUuid": JOHN_UUID, "isBan": true, "isKick": true})),
        ),
        (
            "set_account_permissions_v2",
            json!({"communityUserId": "player-1234", "add": ["POLICE", "DISPATCH"], "active": true}),
            "PATCH",
            "/v2/general/accounts/permissions",
            None,
            Some(json!({"communityUserId": "player-1234", "add": ["POLICE", "DISPATCH"], "active": true})),
        ),
        ("get_info_v2", json!({}), "GET", "/v2/general/info", None, None),
        (
            "check_community_link_v2",
            json!({"communityUserId": "player_12345"}),
            "POST",
            "/v2/general/links/check",
            None,
            Some(json!({"communityUserId": "player_12345"})),
        ),
        ("set_community_link_v2", link.clone(), "POST", "/v2/general/links/set", None, Some(link)),
        (
            "create_community_link_v2",
            json!({"communityUserId": "player_12345"}),
            "POST",
            "/v2/general/links",
            None,
            Some(json!({"communityUserId": "player_12345"})),
        ),
        ("get_login_page_v2", json!({"communityId": "examplecad"}), "GET", "/v2/general/login-page", Some("communityId=examplecad"), None),
        ("get_penal_codes_v2", json!({}), "GET", "/v2/general/penal-codes", None, None),
        ("set_penal_codes_v2", penal.clone(), "PUT", "/v2/general/penal-codes", None, Some(penal)),
        (
            "apply_permission_key_v2",
            json!({"communityUserId": "player-1234", "permissionKey": "YOUR_PERMISSION_KEY"}),
            "POST",
            "/v2/general/permission-keys/applications",
            None,
            Some(json!({"communityUserId": "player-1234", "permissionKey": "YOUR_PERMISSION_KEY"})),
        ),
        (
            "apply_permission_key_v2",
            json!({"apiId": "1234567890", "permissionKey": "DISPATCH"}),
            "POST",
            "/v2/general/permission-keys/applications",
            None,
            Some(json!({"communityUserId": "1234567890", "permissionKey": "DISPATCH"})),
        ),
        (
            "send_photo_v2",
            json!({"communityUserId": "player-1234", "url": "https://cdn.example.com/mugshots/example.png"}),
            "POST",
            "/v2/general/photos",
            None,
            Some(json!({"communityUserId": "player-1234", "url": "https://cdn.example.com/mugshots/example.png"})),
        ),
        ("set_postals_v2", json!({"postals": []}), "PUT", "/v2/general/postals", None, Some(json!({"postals": []}))),
        (
            "verify_secret_v2",
            json!({"secret": "00000000-0000-0000-0000-000000000000"}),
            "POST",
            "/v2/general/secrets/verify",
            None,
            Some(json!({"secret": "00000000-0000-0000-0000-000000000000"})),
        ),
        (
            "heartbeat_v2",
            json!({"serverId": 1, "playerCount": 42}),
            "POST",
            "/v2/general/servers/1/heartbeat",
            None,
            Some(json!({"playerCount": 42})),
        ),
        ("authorize_street_signs_v2", json!({"serverId": 1}), "POST", "/v2/general/servers/1/street-sign-auth", None, None),
        ("get_servers_v2", json!({}), "GET", "/v2/general/servers", None, None),
        (
            "set_servers_v2",
            json!({"deployMap": true, "servers": [server.clone()]}),
            "PUT",
            "/v2/general/servers",
            None,
            Some(json!({"servers": [server], "deployMap": true})),
        ),
        ("get_turn_credentials_v2", json!({"userId": "unit-1"}), "GET", "/v2/general/turn", Some("userId=unit-1"), None),
        ("get_version_v2", json!({}), "GET", "/v2/general/version", None, None),
    ]
}

/// The bodycam upload page's example (its cURL form), with `clip` as the file.
pub fn bodycam_upload(clip: &[u8]) -> Value {
    json!({
        "accountUuid": "USER_ACCOUNT_UUID", "durationMs": 90000, "identId": 123, "unitNumber": "1A-12",
        "unitLocation": "Senora Fwy / Route 68", "fileName": "bodycam-clip.webm", "contentType": "video/webm",
        "fileBase64": sonoran::upload::encode_base64(clip),
    })
}

/// The records, lookups and civilian pages: each page's example (the JSON body of the page
/// and its Sonoran.lua call, where they differ).
pub fn records() -> Vec<PageCase<String>> {
    let same =
        |op: &'static str, method: &'static str, path: &str, body: Value| (op, body.clone(), method, path.to_string(), None, Some(body));
    vec![
        same(
            "lookup_v2",
            "POST",
            "/v2/general/lookups",
            json!({"first": "John", "last": "Doe", "mi": "", "plate": "", "notifyCommunityUserId": "player-1234", "types": [7, 12], "partial": true}),
        ),
        same(
            "lookup_v2",
            "POST",
            "/v2/general/lookups",
            json!({"first": "John", "last": "Doe", "mi": "A", "plate": "ABC123", "types": [1], "partial": true}),
        ),
        same(
            "lookup_by_value_v2",
            "POST",
            "/v2/general/lookups/by-value",
            json!({"searchType": "NUMBER", "value": "451", "notifyCommunityUserId": "player-1234", "types": [12]}),
        ),
        same("lookup_by_value_v2", "POST", "/v2/general/lookups/by-value", json!({"searchType": "plate", "value": "ABC123", "types": [1]})),
        same(
            "lookup_custom_v2",
            "POST",
            "/v2/general/lookups/custom",
            json!({"map": "drivers_license", "value": "D1234567", "types": [7], "partial": false}),
        ),
        same(
            "lookup_custom_v2",
            "POST",
            "/v2/general/lookups/custom",
            json!({"map": "vehicle", "value": "ABC123", "types": [1], "partial": true}),
        ),
        same(
            "create_record_v2",
            "POST",
            "/v2/general/records",
            json!({"communityUserId": "player-1234", "useDictionary": true, "recordTypeId": 7, "replaceValues": {"first": "John", "last": "Doe", "dob": "01/01/1995"}}),
        ),
        same(
            "create_record_v2",
            "POST",
            "/v2/general/records",
            json!({"communityUserId": "player-1234", "useDictionary": true, "recordTypeId": 12, "replaceValues": {"plate": "ABC123"}}),
        ),
        same(
            "create_record_v2",
            "POST",
            "/v2/general/records",
            json!({"communityUserId": "player-1234", "record": {"type": 9, "name": "Incident Report", "sections": []}}),
        ),
        same(
            "create_record_v2",
            "POST",
            "/v2/general/records",
            json!({"accountUuid": NIL_UUID, "useDictionary": true, "recordTypeId": 12, "replaceValues": {"case_number": "SC-2026-001"}}),
        ),
        (
            "update_record_v2",
            json!({"recordId": 451, "communityUserId": "player-1234", "useDictionary": true, "templateId": 12, "replaceValues": {"plate": "XYZ987"}}),
            "PATCH",
            "/v2/general/records/451".into(),
            None,
            Some(json!({"communityUserId": "player-1234", "useDictionary": true, "templateId": 12, "replaceValues": {"plate": "XYZ987"}})),
        ),
        (
            "update_record_v2",
            json!({"recordId": 501, "communityUserId": "player-1234", "record": {"type": 9, "name": "Incident Report", "sections": []}}),
            "PATCH",
            "/v2/general/records/501".into(),
            None,
            Some(json!({"communityUserId": "player-1234", "record": {"type": 9, "name": "Incident Report", "sections": []}})),
        ),
        ("remove_record_v2", json!({"recordId": 501}), "DELETE", "/v2/general/records/501".into(), None, None),
        ("get_templates_v2", json!({}), "GET", "/v2/general/templates".into(), None, None),
        ("get_templates_v2", json!({"recordTypeId": 12}), "GET", "/v2/general/templates/12".into(), None, None),
        same(
            "send_record_draft_v2",
            "POST",
            "/v2/general/record-drafts",
            json!({"recordTypeId": 12, "replaceValues": {"{{plate}}": "ABC123"}, "communityUserId": "player-1234"}),
        ),
        (
            "send_record_draft_v2",
            json!({"recordTypeId": 1, "replaceValues": {"firstName": "John", "lastName": "Doe"}, "apiId": "1234567890"}),
            "POST",
            "/v2/general/record-drafts".into(),
            None,
            Some(json!({"recordTypeId": 1, "replaceValues": {"firstName": "John", "lastName": "Doe"}, "communityUserId": "1234567890"})),
        ),
        (
            "get_characters_v2",
            json!({"communityUserId": "player-1234"}),
            "GET",
            "/v2/civilian/characters".into(),
            Some("communityUserId=player-1234"),
            None,
        ),
        (
            "get_characters_v2",
            json!({"accountUuid": NIL_UUID}),
            "GET",
            "/v2/civilian/characters".into(),
            Some("accountUuid=00000000-0000-0000-0000-000000000000"),
            None,
        ),
        ("remove_character_v2", json!({"characterId": 2451}), "DELETE", "/v2/civilian/characters/2451".into(), None, None),
        same(
            "set_selected_character_v2",
            "PUT",
            "/v2/civilian/selected-character",
            json!({"communityUserId": "player-1234", "characterId": "1042"}),
        ),
        same("set_selected_character_v2", "PUT", "/v2/civilian/selected-character", json!({"characterId": 42, "accountUuid": NIL_UUID})),
        (
            "get_character_links_v2",
            json!({"roblox": 123456789}),
            "GET",
            "/v2/civilian/character-links".into(),
            Some("roblox=123456789"),
            None,
        ),
        (
            "get_character_links_v2",
            json!({"discord": "123456789012345678"}),
            "GET",
            "/v2/civilian/character-links".into(),
            Some("discord=123456789012345678"),
            None,
        ),
        (
            "add_character_link_v2",
            json!({"syncId": "citizen:1234", "communityUserId": "player-1234"}),
            "PUT",
            "/v2/civilian/character-links/citizen:1234".into(),
            None,
            Some(json!({"communityUserId": "player-1234"})),
        ),
        (
            "remove_character_link_v2",
            json!({"syncId": "citizen:1234", "communityUserId": "player-1234"}),
            "DELETE",
            "/v2/civilian/character-links/citizen:1234".into(),
            None,
            Some(json!({"communityUserId": "player-1234"})),
        ),
    ]
}

/// The set-panel page's definition.
pub fn fire_alarm_definition() -> Value {
    json!({
        "schemaVersion": 1,
        "key": "example.fire-alarms",
        "name": "Fire Alarm",
        "icon": "fas fa-bell",
        "surfaces": ["dispatch", "fire"],
        "body": [{"type": "text", "text": "Connected to the alarm controller."}]
    })
}

/// The routes added after August 2026 (integration panels, granular permissions, database
/// sync, FiveM configuration): each page's example.
pub fn newer() -> Vec<PageCase<String>> {
    let state = json!({"summary": {"active": 1, "normal": 2}, "alarms": [{"id": "mrpd-lobby", "name": "MRPD Lobby", "active": true}]});
    vec![
        ("get_integration_panels_v2", json!({}), "GET", "/v2/integration-panels".into(), None, None),
        (
            "get_integration_panel_v2",
            json!({"panelKey": "example.fire-alarms"}),
            "GET",
            "/v2/integration-panels/example.fire-alarms".into(),
            None,
            None,
        ),
        (
            "set_integration_panel_v2",
            json!({"panelKey": "example.fire-alarms", "definition": fire_alarm_definition()}),
            "PUT",
            "/v2/integration-panels/example.fire-alarms".into(),
            None,
            Some(json!({"definition": fire_alarm_definition()})),
        ),
        (
            "delete_integration_panel_v2",
            json!({"panelKey": "example.fire-alarms"}),
            "DELETE",
            "/v2/integration-panels/example.fire-alarms".into(),
            None,
            None,
        ),
        (
            "set_integration_panel_state_v2",
            json!({"panelKey": "example.fire-alarms", "instanceKey": "default", "state": state, "serverId": 1}),
            "PUT",
            "/v2/integration-panels/servers/1/panels/example.fire-alarms/instances/default/state".into(),
            None,
            Some(json!({"state": state})),
        ),
        (
            "get_integration_panel_actions_v2",
            json!({"panelKey": "example.fire-alarms", "serverId": 1, "after": 0, "limit": 100}),
            "GET",
            "/v2/integration-panels/servers/1/panels/example.fire-alarms/actions".into(),
            Some("after=0&limit=100"),
            None,
        ),
        (
            "acknowledge_integration_panel_action_v2",
            json!({"panelKey": "example.fire-alarms", "eventId": EVENT, "serverId": 1, "success": true, "message": "Alarm disabled",
                   "result": {"alarmId": "mrpd-lobby", "active": false}}),
            "POST",
            format!("/v2/integration-panels/servers/1/panels/example.fire-alarms/actions/{EVENT}/ack"),
            None,
            Some(json!({"success": true, "message": "Alarm disabled", "result": {"alarmId": "mrpd-lobby", "active": false}})),
        ),
        ("get_permission_catalog_v2", json!({}), "GET", "/v2/general/permissions/catalog".into(), None, None),
        (
            "get_account_permissions_v2",
            json!({"accountId": ACCOUNT}),
            "GET",
            format!("/v2/general/permissions/accounts/{ACCOUNT}"),
            None,
            None,
        ),
        (
            "replace_account_permissions_v2",
            json!({"accountId": ACCOUNT, "version": 2, "grants": ["global.police"]}),
            "PUT",
            format!("/v2/general/permissions/accounts/{ACCOUNT}"),
            None,
            Some(json!({"version": 2, "grants": ["global.police"]})),
        ),
        (
            "replace_account_permissions_v2",
            json!({"accountId": ACCOUNT, "version": 2, "grants": []}),
            "PUT",
            format!("/v2/general/permissions/accounts/{ACCOUNT}"),
            None,
            Some(json!({"version": 2, "grants": []})),
        ),
        ("get_database_sync_configuration_v2", json!({}), "GET", "/v2/general/database-sync".into(), None, None),
        ("get_fivem_configuration_v2", json!({"serverId": 1}), "GET", "/v2/fivem/servers/1/configuration".into(), None, None),
        // The default server when none is given, as the pages allow.
        ("get_fivem_configuration_v2", json!({}), "GET", "/v2/fivem/servers/1/configuration".into(), None, None),
        (
            "acknowledge_fivem_configuration_v2",
            json!({"serverId": 1, "revision": 4}),
            "POST",
            "/v2/fivem/servers/1/configuration/acknowledge/4".into(),
            None,
            None,
        ),
    ]
}

/// The identifier, unit read and account read pages: each page's JSON example, on the
/// account and identifier its Sonoran.lua example names (JohnDoe's unit 12).
pub fn units_and_accounts() -> Vec<PageCase<String>> {
    let ids = format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers");
    let identifier = json!({
        "status": 0, "aop": "Los Santos", "unitNum": "A-10", "name": "John Doe", "district": "Los Santos", "department": "LSPD",
        "subdivision": "Patrol", "rank": "Officer", "group": "CAR-51", "page": 0, "isDispatch": false
    });
    let mut create = identifier.clone();
    create["accountUuid"] = json!(JOHN_UUID);
    let changes = json!({"status": 2, "group": "SUPERVISOR-1", "page": 3});
    let mut update = changes.clone();
    update["accountUuid"] = json!(JOHN_UUID);
    update["identId"] = json!(12);
    vec![
        ("get_identifiers_v2", json!({"accountUuid": JOHN_UUID}), "GET", ids.clone(), None, None),
        (
            "select_identifier_v2",
            json!({"accountUuid": JOHN_UUID, "identId": 15}),
            "PUT",
            format!("/v2/emergency/accounts/{JOHN_UUID}/selected-identifier"),
            None,
            Some(json!({"identId": 15})),
        ),
        ("create_identifier_v2", create, "POST", ids.clone(), None, Some(identifier)),
        ("update_identifier_v2", update, "PATCH", format!("{ids}/12"), None, Some(changes)),
        ("delete_identifier_v2", json!({"accountUuid": JOHN_UUID, "identId": 12}), "DELETE", format!("{ids}/12"), None, None),
        (
            "add_identifiers_to_group_v2",
            json!({"serverId": 1, "groupName": "CAR-51", "communityUserIds": ["player-1234"]}),
            "PUT",
            format!("{S}/identifier-groups/CAR-51"),
            None,
            Some(json!({"communityUserIds": ["player-1234"]})),
        ),
        (
            "get_account_units",
            json!({"serverId": 1, "accountUuid": JOHN_UUID, "onlyOnline": true, "onlyUnits": true, "limit": 100, "offset": 0}),
            "GET",
            format!("{S}/accounts/{JOHN_UUID}/units"),
            Some("onlyOnline=true&onlyUnits=true&limit=100&offset=0"),
            None,
        ),
        (
            "get_units_v2",
            json!({"serverId": 1, "includeOffline": false, "onlyUnits": true, "limit": 100, "offset": 0}),
            "GET",
            format!("{S}/units"),
            Some("includeOffline=false&onlyUnits=true&limit=100&offset=0"),
            None,
        ),
        (
            "get_account_v2",
            json!({"communityUserId": "player-1234"}),
            "GET",
            "/v2/general/accounts/account".into(),
            Some("communityUserId=player-1234"),
            None,
        ),
        (
            "get_accounts_v2",
            json!({"limit": 25, "offset": 0, "username": "john"}),
            "GET",
            "/v2/general/accounts".into(),
            Some("limit=25&offset=0&username=john"),
            None,
        ),
    ]
}
