//! Every operation beyond the reference pages: wire format, mock round-trips across v1 and
//! v2 (shared state), v2 problem errors, one account target, and paging.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::api::{self, call_names};
use sonoran::models::*;
use sonoran::{ErrorKind, Inbox, Poll};
use sonoran_mock::recorder::Canned;
use sonoran_mock::{MockOptions, BRIAN_UUID, JOHN_UUID};
use std::time::Duration;

/// Valid parameters for every name `call` accepts, against the seeded mock.
pub fn smoke_params(name: &str) -> Value {
    match name {
        "get_account_identifiers" => json!({"apiId": "Steam:1234"}),
        "get_account_units" | "get_all_account_units" => json!({"accountUuid": BRIAN_UUID}),
        "get_account" => json!({"username": "SonoranBrian"}),
        "get_accounts" | "get_all_accounts" | "get_accounts_v2" | "get_all_accounts_v2" => json!({"limit": 2}),
        "modify_identifier" => json!({"account": JOHN_UUID, "action": "ADD", "identifier": {"data": {"unitNum": "S-1"}}}),
        "get_identifiers" => json!({"apiId": "Steam:1234"}),
        "set_identifier" => json!({"account": BRIAN_UUID, "identId": 1}),
        "idents_to_group" => json!({"identIds": [1], "groupName": "CAR 51"}),
        "get_active_units" | "get_all_active_units" | "get_units_v2" | "get_all_units_v2" => json!({"limit": 1}),
        "get_account_v2" => json!({"username": "JohnDoe"}),
        "get_identifiers_v2" => json!({"accountUuid": JOHN_UUID}),
        "select_identifier_v2" => json!({"accountUuid": JOHN_UUID, "identId": 12}),
        "create_identifier_v2" => json!({"accountUuid": JOHN_UUID, "unitNum": "S-2"}),
        "update_identifier_v2" => json!({"accountUuid": JOHN_UUID, "identId": 12, "aop": "Blaine County"}),
        // Deletes what it finds: the seeded E-7 (offline, so the other checks keep their units).
        "delete_identifier_v2" => json!({"accountUuid": BRIAN_UUID, "identId": 3}),
        "add_identifiers_to_group_v2" => json!({"groupName": "A Shift", "identIds": [12]}),
        // Units, calls and dispatch, in table order on one mock (calls numbered from 1001).
        "set_unit_status_v2" => json!({"communityUserId": "license:abc123", "status": 2}),
        "set_unit_panic_v2" => json!({"apiId": "license:abc123", "isPanic": true}),
        "kick_unit_v2" => json!({"communityUserId": "Steam:1234", "reason": "smoke"}),
        "update_unit_locations_v2" => {
            json!({"updates": [{"communityUserId": "license:abc123", "location": "Mission Row", "coordinates": {"x": 1.5, "y": 2.5}}]})
        }
        "get_calls_v2" => json!({}),
        "get_current_call_v2" => json!({"accountUuid": JOHN_UUID}),
        "create_emergency_call_v2" => json!({"isEmergency": true, "caller": "C", "location": "L", "description": "D"}),
        "delete_emergency_call_v2" => json!({"callId": 1001}),
        "create_dispatch_call_v2" => json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "communityUserIds": ["license:abc123"]}),
        "create_custom_dispatch_call_v2" => {
            json!({"templateId": 1, "values": {"status": "deployed"}, "communityUserIds": ["license:abc123"]})
        }
        "get_dispatch_templates_v2" => json!({}),
        "update_dispatch_call_v2" => json!({"callId": 1002, "postal": "9002"}),
        "attach_units_to_dispatch_call_v2" => json!({"callId": 1002, "identIds": [12]}),
        "set_dispatch_postal_v2" => json!({"callId": 1002, "postal": "9003"}),
        "set_dispatch_primary_v2" => json!({"callId": 1002, "identId": 12, "trackPrimary": true}),
        "add_dispatch_note_v2" => json!({"callId": 1002, "note": "smoke"}),
        "detach_units_from_dispatch_call_v2" => json!({"identIds": [12]}),
        "close_dispatch_calls_v2" => json!({"callIds": [1002]}),
        // Map and configuration, in table order on one mock (blip 32 seeded, new blips from 33).
        "get_blips_v2" => json!({}),
        "create_blip_v2" => json!({"coordinates": {"x": 1.5, "y": 2.5, "z": 0, "w": 0}, "tooltip": "smoke"}),
        "update_blip_v2" => json!({"blipId": 33, "color": "#00a3ff"}),
        "delete_blips_v2" => json!({"ids": [33]}),
        "set_available_callouts_v2" => json!({"callouts": [{"id": "armed_suspect", "data": {"Enabled": true}}]}),
        "get_pager_config_v2" => json!({}),
        "set_pager_config_v2" => json!({"natureWords": {"Emergency": "Emergency"}, "maxAddresses": 5, "maxBodyLength": 250}),
        "set_stations_v2" => json!({"locations": [], "tones": [], "unitColors": []}),
        "set_street_sign_config_v2" => json!({"signs": [{"id": 7, "coordinates": {"x": 1, "y": 2}, "label": "Alta St"}]}),
        "update_street_signs_v2" => json!({"ids": [7], "text1": "ALTA"}),
        // Records, lookups and characters, in table order on one mock (seeded records 451,
        // 501, characters 2451 and 2452 of JohnDoe).
        "lookup_v2" => json!({"plate": "ABC123"}),
        "lookup_by_value_v2" => json!({"searchType": "plate", "value": "ABC123"}),
        "lookup_custom_v2" => json!({"map": "vehicle", "value": "ABC123"}),
        "create_record_v2" => {
            json!({"communityUserId": "license:abc123", "useDictionary": true, "recordTypeId": 12, "replaceValues": {"case_number": "SMOKE-1"}})
        }
        "update_record_v2" => {
            json!({"recordId": 451, "useDictionary": true, "templateId": 12, "replaceValues": {"case_number": "SC-2026-002"}})
        }
        "remove_record_v2" => json!({"recordId": 501}),
        "get_templates_v2" => json!({}),
        "send_record_draft_v2" => json!({"recordTypeId": 12, "replaceValues": {"plate": "ABC123"}}),
        "get_characters_v2" => json!({"accountUuid": JOHN_UUID}),
        "remove_character_v2" => json!({"characterId": 2452}),
        "set_selected_character_v2" => json!({"accountUuid": JOHN_UUID, "characterId": 2451}),
        "get_character_links_v2" => json!({"accountUuid": JOHN_UUID}),
        "add_character_link_v2" => json!({"syncId": "citizen:42", "accountUuid": JOHN_UUID}),
        "remove_character_link_v2" => json!({"syncId": "citizen:5678", "accountUuid": JOHN_UUID}),
        // v2 general (accounts, links, community and server configuration), in table order on one mock.
        "ban_user_v2" => json!({"communityUserId": "license:bob666", "isBan": true}),
        "set_account_permissions_v2" => json!({"communityUserId": "license:abc123", "add": ["dispatch"]}),
        "upload_bodycam_recording_v2" => json!({"communityUserId": "license:abc123", "durationMs": 1000, "fileBase64": "GkXfow=="}),
        "get_info_v2"
        | "get_penal_codes_v2"
        | "authorize_street_signs_v2"
        | "get_servers_v2"
        | "get_turn_credentials_v2"
        | "get_version_v2" => json!({}),
        "check_community_link_v2" => json!({"communityUserId": "license:abc123"}),
        "set_community_link_v2" => {
            json!({"accountUuid": JOHN_UUID, "secretUuid": sonoran_mock::JOHN_SECRET, "communityUserId": "fivem:smoke"})
        }
        "create_community_link_v2" => json!({"communityUserId": "fivem:smoke2"}),
        "get_login_page_v2" => json!({"communityId": sonoran_mock::DEMO_COMMUNITY_ID}),
        "set_penal_codes_v2" => json!({"codes": [{"code": "1", "title": "Smoke"}]}),
        "apply_permission_key_v2" => json!({"communityUserId": "license:abc123", "permissionKey": "DISPATCH"}),
        "send_photo_v2" => json!({"communityUserId": "license:abc123", "url": "https://cdn.example.com/smoke.png"}),
        "set_postals_v2" => json!({"postals": []}),
        "verify_secret_v2" => json!({"secret": sonoran_mock::JOHN_SECRET}),
        "heartbeat_v2" => json!({"playerCount": 1}),
        "set_servers_v2" => json!({"servers": [{"id": 1, "name": "Main Server"}, {"id": 2}]}),
        // Added after August 2026, in table order: database sync and FiveM configuration
        // (server 1 seeded at revision 4), permissions (the pages' account), then panels
        // (the pages' seeded `example.fire-alarms`, its instance and action 1111...).
        "get_database_sync_configuration_v2" | "get_permission_catalog_v2" | "get_integration_panels_v2" => json!({}),
        "get_fivem_configuration_v2" => json!({"serverId": 1}),
        "acknowledge_fivem_configuration_v2" => json!({"serverId": 1, "revision": 4}),
        "get_account_permissions_v2" => json!({"accountId": "00000000-0000-0000-0000-000000000000"}),
        "replace_account_permissions_v2" => {
            json!({"accountId": "00000000-0000-0000-0000-000000000000", "version": 2, "grants": ["global.police"]})
        }
        "get_integration_panel_v2" => json!({"panelKey": "example.fire-alarms"}),
        "set_integration_panel_v2" => json!({"panelKey": "smoke.panel", "definition": {"schemaVersion": 1, "name": "Smoke", "body": []}}),
        "delete_integration_panel_v2" => json!({"panelKey": "smoke.panel"}),
        "set_integration_panel_state_v2" => json!({"panelKey": "example.fire-alarms", "instanceKey": "default", "state": {"alarms": []}}),
        "get_integration_panel_actions_v2" => json!({"panelKey": "example.fire-alarms", "after": 0}),
        "acknowledge_integration_panel_action_v2" => {
            json!({"panelKey": "example.fire-alarms", "eventId": "11111111-1111-1111-1111-111111111111", "success": true})
        }
        other => panic!("no smoke parameters for {other}"),
    }
}

#[test]
fn every_operation_name_works_through_call_and_submit() {
    let names: Vec<String> = call_names().collect();
    assert_eq!(api::all().count(), 93);
    assert!(names.len() > api::all().count(), "get_all_ names too: {names:?}");
    let (_mock, client) = mock();
    for name in &names {
        let response = client.call(name, &smoke_params(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!((200..300).contains(&response.status), "{name}");
    }
    let (_mock, client) = mock();
    let inbox = Inbox::new();
    for name in &names {
        let id = inbox.submit(&client, name, &smoke_params(name));
        match inbox.wait(id, Duration::from_secs(10)) {
            Poll::Done(Ok(_)) => {}
            other => panic!("{name}: {other:?}"),
        }
    }
}

fn v1_data(request: &sonoran_mock::recorder::RecordedRequest) -> Value {
    request.json()["data"][0].clone()
}

#[test]
fn v1_wire_format_of_the_new_operations() {
    let (server, client) = recorder(Canned::json(200, "[]"));
    let cases = [
        (
            "get_identifiers",
            json!({"account": "000-000-000"}),
            "/emergency/get_identifiers",
            "GET_IDENTIFIERS",
            json!({"account": "000-000-000"}),
        ),
        (
            "set_identifier",
            json!({"apiId": "Steam:1234", "identId": 7}),
            "/emergency/set_identifier",
            "SET_IDENTIFIER",
            json!({"apiId": "Steam:1234", "identId": 7}),
        ),
        (
            "idents_to_group",
            json!({"identIds": [1, 2.0], "groupName": "", "account": "u"}),
            "/emergency/idents_to_group",
            "IDENTS_TO_GROUP",
            json!({"serverId": 1, "identIds": [1, 2], "account": "u", "groupName": ""}),
        ),
        (
            "get_active_units",
            json!({"includeOffline": true, "limit": 100}),
            "/emergency/get_active_units",
            "GET_ACTIVE_UNITS",
            json!({"serverId": 1, "includeOffline": true, "limit": 100}),
        ),
    ];
    for (i, (op, params, path, request_type, data)) in cases.iter().enumerate() {
        client.call(op, params).unwrap();
        let request = &server.requests()[i];
        assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", *path), "{op}");
        assert_eq!(request.json()["type"], *request_type, "{op}");
        assert_eq!(request.json()["id"], "demo-community");
        assert_eq!(v1_data(request), *data, "{op}");
    }
}

#[test]
fn v2_wire_format_of_the_new_operations() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let u = JOHN_UUID;
    // (operation, params, method, path, query, body)
    let cases: Vec<PageCase<String>> = vec![
        (
            "get_account_v2",
            json!({"apiId": "license:abc123"}),
            "GET",
            "/v2/general/accounts/account".into(),
            Some("communityUserId=license%3Aabc123"),
            None,
        ),
        (
            "get_account_v2",
            json!({"account": u}),
            "GET",
            "/v2/general/accounts/account".into(),
            Some("accountUuid=00000000-0000-0000-0000-000000000000"),
            None,
        ),
        ("get_account_v2", json!({"username": "John Doe"}), "GET", "/v2/general/accounts/account".into(), Some("username=John+Doe"), None),
        (
            "get_accounts_v2",
            json!({"limit": 100, "offset": 200, "status": 1, "username": "jo"}),
            "GET",
            "/v2/general/accounts".into(),
            Some("limit=100&offset=200&status=1&username=jo"),
            None,
        ),
        ("get_identifiers_v2", json!({"accountUuid": u}), "GET", format!("/v2/emergency/accounts/{u}/identifiers"), None, None),
        (
            "select_identifier_v2",
            json!({"accountUuid": u, "identId": 12}),
            "PUT",
            format!("/v2/emergency/accounts/{u}/selected-identifier"),
            None,
            Some(json!({"identId": 12})),
        ),
        (
            "create_identifier_v2",
            json!({"accountUuid": u, "status": 2, "aop": "LS", "unitNum": "A-1", "name": "N", "district": "D", "department": "LSPD",
                   "subdivision": "S", "rank": "R", "group": "G", "page": 0, "isDispatch": false}),
            "POST",
            format!("/v2/emergency/accounts/{u}/identifiers"),
            None,
            Some(json!({"status": 2, "aop": "LS", "unitNum": "A-1", "name": "N", "district": "D", "department": "LSPD",
                        "subdivision": "S", "rank": "R", "group": "G", "page": 0, "isDispatch": false})),
        ),
        (
            "update_identifier_v2",
            json!({"accountUuid": u, "identId": 12, "rank": "SGT"}),
            "PATCH",
            format!("/v2/emergency/accounts/{u}/identifiers/12"),
            None,
            Some(json!({"rank": "SGT"})),
        ),
        (
            "delete_identifier_v2",
            json!({"accountUuid": u, "identId": 12}),
            "DELETE",
            format!("/v2/emergency/accounts/{u}/identifiers/12"),
            None,
            None,
        ),
        (
            "add_identifiers_to_group_v2",
            json!({"serverId": 2, "groupName": "A Shift", "communityUserIds": ["license:a", "license:b"]}),
            "PUT",
            "/v2/emergency/servers/2/identifier-groups/A%20Shift".into(),
            None,
            Some(json!({"communityUserIds": ["license:a", "license:b"]})),
        ),
        (
            "add_identifiers_to_group_v2",
            json!({"groupName": "acc/1 ?#%", "identIds": [4]}),
            "PUT",
            "/v2/emergency/servers/1/identifier-groups/acc%2F1%20%3F%23%25".into(),
            None,
            Some(json!({"identIds": [4]})),
        ),
        (
            "get_units_v2",
            json!({"includeOffline": true, "onlyUnits": false, "limit": 5, "offset": 10}),
            "GET",
            "/v2/emergency/servers/1/units".into(),
            Some("includeOffline=true&onlyUnits=false&limit=5&offset=10"),
            None,
        ),
    ];
    for (i, (op, params, method, path, query, body)) in cases.iter().enumerate() {
        client.call(op, params).unwrap_or_else(|e| panic!("{op}: {e}"));
        let request = &server.requests()[i];
        assert_eq!(request.method, *method, "{op}");
        assert_eq!(request.path, *path, "{op}");
        assert_eq!(request.query.as_deref(), *query, "{op}");
        assert_eq!(request.header("authorization"), Some("Bearer demo-api-key"), "{op}");
        match body {
            Some(body) => {
                assert_eq!(request.json(), *body, "{op}");
                assert_eq!(request.header("content-type"), Some("application/json"), "{op}");
            }
            None => assert_eq!(request.body, "", "{op}"),
        }
    }
}

#[test]
fn one_account_target_maps_to_each_endpoints_names() {
    let (_mock, client) = mock();
    for target in [
        AccountTarget::Account(JOHN_UUID.into()),
        AccountTarget::ApiId("license:abc123".into()),
        AccountTarget::CommunityUserId("license:abc123".into()),
        AccountTarget::Roblox("123456789".into()),
        AccountTarget::Username("johndoe".into()),
    ] {
        let account = client.get_account_v2(&target).unwrap_or_else(|e| panic!("{target:?}: {e}"));
        assert_eq!(account.uuid, JOHN_UUID, "{target:?}");
    }
    let brian = client.get_account_v2(&AccountTarget::Discord("274658103720132609".into())).unwrap();
    assert_eq!(brian.uuid, BRIAN_UUID);
    // v1 endpoints take the v1 names only, and say so.
    let err = client.get_identifiers(&AccountTarget::Discord("1".into())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("`discord` is not a parameter of get_identifiers"), "{err}");
    let both = call(&client, "get_account_v2", &json!({"apiId": "x", "communityUserId": "x"}).to_string());
    assert!(both["reason"].as_str().unwrap().contains("give exactly one of"), "{both}");
}

#[test]
fn identifiers_written_through_v2_are_seen_by_v1_and_the_other_way_round() {
    let (_mock, client) = mock();
    // v2 create → v1 reads
    let created = client
        .create_identifier_v2(
            JOHN_UUID,
            &IdentifierFieldsV2 {
                unit_num: Some("V2-1".into()),
                status: Some(UnitStatus::Available),
                page: Some(UnitPage::Fire),
                ..Default::default()
            },
        )
        .unwrap();
    let v1 = client.get_identifiers(&AccountTarget::Account(JOHN_UUID.into())).unwrap();
    let unit = v1.identifiers.iter().find(|u| u.id == created.ident_id).expect("v1 sees the v2 identifier");
    assert_eq!(unit.data.unit_num.as_deref(), Some("V2-1"));
    assert_eq!(unit.data.page, Some(UnitPage::Fire));

    // v1 ADD → v2 reads
    let added = client
        .call("modify_identifier", &json!({"apiId": "license:abc123", "action": 0, "identifier": {"data": {"unitNum": "V1-1"}}}))
        .unwrap()
        .body
        .to_value()["id"]
        .as_i64()
        .unwrap();
    let v2 = client.get_identifiers_v2(JOHN_UUID).unwrap();
    assert!(v2.identifiers.iter().any(|u| u.id == added), "v2 sees the v1 identifier");

    // select through v2 → v1 sees it selected; switch through v1 → v2 sees it
    client.select_identifier_v2(JOHN_UUID, created.ident_id).unwrap();
    assert_eq!(client.get_identifiers(&AccountTarget::ApiId("license:abc123".into())).unwrap().selected_ident, Some(created.ident_id));
    let switched = client.set_identifier(&SetIdentifier { target: AccountTarget::Account(JOHN_UUID.into()), ident_id: added }).unwrap();
    assert_eq!(switched, "Identifier Switched!");
    assert_eq!(client.get_identifiers_v2(JOHN_UUID).unwrap().selected_ident, Some(added));

    // v2 update → v2 units and v1 see it
    let updated = client
        .update_identifier_v2(JOHN_UUID, created.ident_id, &IdentifierFieldsV2 { status: Some(UnitStatus::OnScene), ..Default::default() })
        .unwrap();
    assert_eq!((updated.ident_id, updated.identifier.map(|u| u.status)), (created.ident_id, Some(Some(UnitStatus::OnScene))));
    let units = client.get_account_units(&GetAccountUnits { account_uuid: JOHN_UUID.into(), ..Default::default() }).unwrap();
    assert_eq!(units.units.iter().find(|u| u.id == created.ident_id).unwrap().status, Some(UnitStatus::OnScene));

    // groups: v1 idents_to_group and v2 add_identifiers_to_group_v2
    let text = client
        .idents_to_group(&IdentsToGroup { ident_ids: vec![created.ident_id, added], group_name: "Bravo".into(), ..Default::default() })
        .unwrap();
    assert_eq!(text, "Identifiers added to group!");
    let groups = |client: &sonoran::Client| -> Vec<Option<String>> {
        client
            .get_identifiers_v2(JOHN_UUID)
            .unwrap()
            .identifiers
            .iter()
            .filter(|u| u.id == created.ident_id || u.id == added)
            .map(|u| u.data.group.clone())
            .collect()
    };
    assert_eq!(groups(&client), [Some("Bravo".to_string()), Some("Bravo".to_string())]);
    client.add_identifiers_to_group_v2(None, "A Shift", &GroupTarget::CommunityUserId("license:abc123".into())).unwrap();
    assert_eq!(groups(&client), [Some("A Shift".to_string()), Some("A Shift".to_string())]);
    client.idents_to_group(&IdentsToGroup { ident_ids: vec![added], group_name: String::new(), ..Default::default() }).unwrap();
    assert!(groups(&client).contains(&Some(String::new())), "an empty groupName clears the group");

    // v2 delete → gone from v1
    assert_eq!(client.delete_identifier_v2(JOHN_UUID, created.ident_id).unwrap().ident_id, created.ident_id);
    let after = client.get_identifiers(&AccountTarget::Account(JOHN_UUID.into())).unwrap();
    assert!(!after.identifiers.iter().any(|u| u.id == created.ident_id));
}

#[test]
fn unit_lists_filter_as_documented() {
    let (_mock, client) = mock();
    let active = client.get_active_units(&GetActiveUnits::default()).unwrap();
    assert_eq!(active.len(), 2, "online, no dispatchers: A-10 and John's A-10");
    let everything =
        client.get_active_units(&GetActiveUnits { include_offline: Some(true), only_units: Some(false), ..Default::default() }).unwrap();
    assert_eq!(everything.len(), 4);
    let v2 = client.get_units_v2(&GetActiveUnits { include_offline: Some(true), ..Default::default() }).unwrap();
    assert_eq!(v2.units.len(), 3);
    let page = client
        .get_units_v2(&GetActiveUnits {
            include_offline: Some(true),
            only_units: Some(false),
            limit: Some(2),
            offset: Some(3),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.units.len(), 1);
}

#[test]
fn v2_errors_are_problem_documents() {
    let (mock, client) = mock();
    let unknown_server = client.get_units_v2(&GetActiveUnits { server_id: Some(7), ..Default::default() }).unwrap_err();
    assert_eq!((unknown_server.kind, unknown_server.status), (ErrorKind::NotFound, Some(404)));
    assert!(unknown_server.trace_id.is_some());
    let missing = client.get_identifiers_v2("11111111-2222-3333-4444-555555555555").unwrap_err();
    assert_eq!(missing.kind, ErrorKind::NotFound);
    let wrong_key =
        sonoran::Client::new(sonoran::Config::new("demo-community", "nope").with_api_url(mock.url()).without_rate_limits()).unwrap();
    let denied = wrong_key.get_accounts_v2(&GetAccountsV2::default()).unwrap_err();
    assert_eq!((denied.kind, denied.status), (ErrorKind::Unauthorized, Some(401)));
    // The client refuses what the mock would answer 422 to; ask the mock directly.
    let raw = reqwest::blocking::Client::new()
        .get(format!("{}/v2/general/accounts?limit=500", mock.url()))
        .bearer_auth("demo-api-key")
        .send()
        .unwrap();
    assert_eq!(raw.status().as_u16(), 422);
    assert_eq!(raw.headers()["content-type"], "application/problem+json");
    let raw = reqwest::blocking::Client::new()
        .put(format!("{}/v2/emergency/servers/1/identifier-groups/X", mock.url()))
        .bearer_auth("demo-api-key")
        .body(r#"{"roblox": "1", "discord": "2"}"#)
        .send()
        .unwrap();
    assert_eq!(raw.status().as_u16(), 422, "two targets");
}

#[test]
fn new_parameter_rules_are_checked_before_sending() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let cases = [
        ("idents_to_group", json!({"identIds": [], "groupName": "x"}), "`identIds` must not be empty"),
        ("idents_to_group", json!({"identIds": ["a"], "groupName": "x"}), "`identIds` must be a list of integers"),
        ("idents_to_group", json!({"identIds": [1]}), "`groupName` is required"),
        ("add_identifiers_to_group_v2", json!({"groupName": "x"}), "give exactly one of `communityUserId`"),
        ("add_identifiers_to_group_v2", json!({"groupName": "x", "roblox": "1", "identIds": [1]}), "(more than one was given)"),
        ("add_identifiers_to_group_v2", json!({"groupName": "", "roblox": "1"}), "`groupName` must not be empty"),
        (
            "add_identifiers_to_group_v2",
            json!({"groupName": "x", "communityUserIds": ["a", ""]}),
            "`communityUserIds` must be a list of non-empty strings",
        ),
        ("update_identifier_v2", json!({"accountUuid": JOHN_UUID, "identId": 1}), "name at least one field to change"),
        ("create_identifier_v2", json!({"accountUuid": JOHN_UUID, "colour": "red"}), "`colour` is not a parameter of create_identifier_v2"),
        ("get_accounts_v2", json!({"limit": 101}), "`limit` must be between 1 and 100"),
        (
            "get_account_v2",
            json!({}),
            "give exactly one of `accountUuid`, `account`, `communityUserId`, `apiId`, `roblox`, `discord`, `username`",
        ),
        ("select_identifier_v2", json!({"accountUuid": "acc/1", "identId": 1}), "`accountUuid` must be a UUID"),
        ("get_all_accounts", json!({"limit": 0}), "`limit` must be between 1 and 100"),
        ("get_all_things", json!({}), "`get_all_things` is not an operation"),
    ];
    for (op, params, expected) in cases {
        let envelope = call(&client, op, &params.to_string());
        assert_eq!(envelope["kind"], "invalid_argument", "{op} {params}");
        assert!(envelope["reason"].as_str().unwrap().contains(expected), "{op} {params}: {}", envelope["reason"]);
    }
    assert!(server.requests().is_empty());
}

#[test]
fn paging_across_250_accounts_misses_and_doubles_nothing() {
    let (mock, client) = mock_with(MockOptions { extra_accounts: 248, v2_rate_limit: None, ..Default::default() });
    let expect_all = |uuids: Vec<String>, how: &str| {
        let mut sorted = uuids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(uuids.len(), 250, "{how}: every account");
        assert_eq!(sorted.len(), 250, "{how}: none twice");
    };

    let before = mock.request_count();
    let v1: Vec<String> = client.accounts(&GetAccounts { limit: Some(100), ..Default::default() }).map(|a| a.unwrap().uuid).collect();
    assert_eq!(mock.request_count() - before, 3, "three pages of 100");
    expect_all(v1, "Client::accounts");

    // v2 lists every status unless asked: ask for the active ones, as v1 does by default.
    let active = GetAccountsV2 { status: Some(AccountStatus::Active), ..Default::default() };
    let v2: Vec<String> = client.accounts_v2(&active).map(|a| a.unwrap().uuid).collect();
    expect_all(v2, "Client::accounts_v2");

    let before = mock.request_count();
    let all = call(&client, "get_all_accounts", r#"{"limit": 100}"#);
    assert_eq!(mock.request_count() - before, 3);
    assert_eq!(all["data"]["pagination"], json!({"limit": 250, "offset": 0, "total": 250}));
    expect_all(
        all["data"]["accounts"].as_array().unwrap().iter().map(|a| a["uuid"].as_str().unwrap().to_string()).collect(),
        "get_all_accounts",
    );

    let from_offset = call(&client, "get_all_accounts_v2", r#"{"limit": 100, "offset": 240, "status": 1}"#);
    assert_eq!(from_offset["data"]["accounts"].as_array().unwrap().len(), 10);
    assert_eq!(from_offset["data"]["pagination"]["offset"], 240);

    // Lists without a total end at a short page.
    let units = call(&client, "get_all_active_units", r#"{"limit": 1, "includeOffline": true, "onlyUnits": false}"#);
    assert_eq!(units["data"].as_array().unwrap().len(), 4);
    let active: Vec<_> =
        client.active_units(&GetActiveUnits { limit: Some(1), include_offline: Some(true), ..Default::default() }).collect();
    assert_eq!(active.len(), 3);
}

#[test]
fn a_failed_page_ends_the_walk_with_its_error() {
    let (mock, client) = mock_with(MockOptions { extra_accounts: 248, v2_rate_limit: None, ..Default::default() });
    mock.set_fault(
        "get_accounts",
        sonoran_mock::Fault::always(sonoran_mock::FaultKind::Status { status: 500, body: "down".into(), retry_after: None, json: false }),
    );
    let items: Vec<_> = client.accounts(&GetAccounts::default()).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().kind, ErrorKind::Server);
    let envelope = call(&client, "get_all_accounts", "{}");
    assert_eq!(envelope["kind"], "server");
}

#[test]
fn the_operations_reference_lists_every_operation_with_its_c_function() {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/reference/operations.md")).unwrap();
    for op in api::all() {
        assert!(page.contains(&format!("| `{}` |", op.name)), "docs/reference/operations.md's table lacks {}", op.name);
        assert!(page.contains(&format!("`sonoran_{}`", op.name)), "docs/reference/operations.md lacks sonoran_{}", op.name);
    }
    let header = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/include/sonoran.h")).unwrap();
    for op in api::all() {
        assert!(header.contains(&format!("char *sonoran_{}(", op.name)), "the C ABI lacks sonoran_{}", op.name);
    }
}
