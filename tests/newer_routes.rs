//! The 13 routes Sonoran added after August 2026 (integration panels, granular permissions,
//! database sync, FiveM configuration): each page's example request on the wire, exactly as
//! the page documents it, and the refusals the pages' rules call for, before anything is sent.

mod common;

use common::pages::fire_alarm_definition;
use common::*;
use serde_json::{json, Value};
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;

const ACCOUNT: &str = "00000000-0000-0000-0000-000000000000";
const EVENT: &str = "11111111-1111-1111-1111-111111111111";

#[test]
fn every_page_example_goes_out_as_documented() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let cases = pages::newer();
    for (i, (op, params, method, path, query, body)) in cases.iter().enumerate() {
        client.call(op, params).unwrap_or_else(|e| panic!("{op}: {e}"));
        let request = &server.requests()[i];
        assert_eq!(request.method, *method, "{op}");
        assert_eq!(request.path, *path, "{op}");
        assert_eq!(request.query.as_deref(), *query, "{op}");
        assert_eq!(request.header("authorization"), Some("Bearer demo-api-key"), "{op}");
        match body {
            Some(body) => assert_eq!(request.json(), *body, "{op}"),
            None => assert_eq!(request.body, "", "{op}"),
        }
    }
    assert_eq!(server.requests().len(), cases.len());
}

/// `params` refused before sending, naming `field`.
fn refused_naming(op: &str, params: Value, field: &str) {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let error = client.call(op, &params).expect_err(op);
    assert_eq!(error.kind, ErrorKind::InvalidArgument, "{op}: {error}");
    assert!(error.message.contains(&format!("`{field}`")) || error.message.starts_with(field), "{op}: {error}");
    assert!(server.requests().is_empty(), "{op} sent a request");
}

#[test]
fn the_pages_rules_are_refused_before_anything_is_sent() {
    // Keys: 2-80 lowercase letters, digits, dots, underscores, hyphens; a letter or digit first.
    for bad in ["A", "Doors", "-doors", "doors!", "x", &"d".repeat(81)] {
        refused_naming("get_integration_panel_v2", json!({"panelKey": bad}), "panelKey");
    }
    refused_naming(
        "set_integration_panel_state_v2",
        json!({"panelKey": "doors", "instanceKey": "Mission Row", "state": {}}),
        "instanceKey",
    );
    // definition.key must be the panelKey; 200 root nodes at most; 128 KiB at most.
    let mut definition = fire_alarm_definition();
    refused_naming("set_integration_panel_v2", json!({"panelKey": "doors", "definition": definition}), "definition.key");
    definition["body"] = Value::Array(vec![json!({"type": "text", "text": "."}); 201]);
    refused_naming("set_integration_panel_v2", json!({"panelKey": "example.fire-alarms", "definition": definition}), "definition.body");
    let big = json!({"schemaVersion": 1, "body": [{"type": "text", "text": "x".repeat(129 * 1024)}]});
    refused_naming("set_integration_panel_v2", json!({"panelKey": "doors", "definition": big}), "definition");
    // A 600 KiB state (the API caps it at 512 KiB).
    let state = json!({"doors": vec![json!({"id": "cell-block-a", "name": "x".repeat(600)}); 1000]});
    assert!(state.to_string().len() > 600 * 1024);
    refused_naming("set_integration_panel_state_v2", json!({"panelKey": "doors", "instanceKey": "mission-row", "state": state}), "state");
    // Action results: 32 KiB, messages 500 characters, success required, eventId a UUID.
    let ack = |extra: Value| {
        let mut params = json!({"panelKey": "doors", "eventId": EVENT, "success": true});
        params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        params
    };
    refused_naming("acknowledge_integration_panel_action_v2", ack(json!({"result": {"text": "x".repeat(33 * 1024)}})), "result");
    refused_naming("acknowledge_integration_panel_action_v2", ack(json!({"message": "x".repeat(501)})), "message");
    refused_naming("acknowledge_integration_panel_action_v2", json!({"panelKey": "doors", "eventId": EVENT}), "success");
    refused_naming("acknowledge_integration_panel_action_v2", ack(json!({"eventId": "42"})), "eventId");
    refused_naming("get_integration_panel_actions_v2", json!({"panelKey": "doors", "limit": 101}), "limit");
    // Permissions: version 2 only, grants required (an empty list is a clear), a UUID account.
    refused_naming("replace_account_permissions_v2", json!({"accountId": ACCOUNT, "version": 1, "grants": []}), "version");
    refused_naming("replace_account_permissions_v2", json!({"accountId": ACCOUNT}), "grants");
    refused_naming("get_account_permissions_v2", json!({"accountId": "1234"}), "accountId");
    // FiveM: a positive revision.
    refused_naming("acknowledge_fivem_configuration_v2", json!({"revision": 0}), "revision");
}

#[test]
fn the_typed_methods_send_the_same_requests() {
    let (server, client) = recorder(Canned::json(200, r#"{"key": "example.fire-alarms", "instances": []}"#));
    client.set_integration_panel_v2("example.fire-alarms", &fire_alarm_definition()).unwrap();
    let result = sonoran::models::ActionResult { success: true, message: Some("Alarm disabled".into()), result: None };
    client.acknowledge_integration_panel_action_v2(None, "example.fire-alarms", EVENT, &result).unwrap();
    client.replace_account_permissions_v2(ACCOUNT, &["global.police".to_string()]).unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].json(), json!({"definition": fire_alarm_definition()}));
    assert_eq!(requests[1].path, format!("/v2/integration-panels/servers/1/panels/example.fire-alarms/actions/{EVENT}/ack"));
    assert_eq!(requests[1].json(), json!({"success": true, "message": "Alarm disabled"}));
    assert_eq!(requests[2].json(), json!({"version": 2, "grants": ["global.police"]}));
}

/// `EVENT_FIVEM_CONFIGURATION` comes over the hub as the page shows it, without a key (the
/// session was authenticated with it), and reaches the host; a save with no hub session
/// sends it nowhere.
#[cfg(feature = "push")]
#[test]
fn the_fivem_configuration_event_arrives_over_the_hub_without_a_key() {
    use std::time::Duration;
    let (mock, client) = mock();
    let options = sonoran::EventOptions::from_value(&json!({"serverId": 1, "waitMs": 5000})).unwrap();
    let status = client.start_events(&options).unwrap();
    assert_eq!(status.hub.unwrap().state, sonoran::push::HubState::Connected);
    let http = reqwest::blocking::Client::new();
    let answer = http
        .post(format!("{}/_mock/fivem/configuration", mock.url()))
        .header("content-type", "application/json")
        .body(json!({"serverId": 1}).to_string())
        .send()
        .unwrap()
        .text()
        .unwrap();
    let event = client.wait_event(Duration::from_secs(5)).expect("the event arrives");
    assert_eq!(event.event_type, "EVENT_FIVEM_CONFIGURATION");
    assert_eq!(event.via, sonoran::Via::WebSocket);
    let revision = client.get_fivem_configuration_v2(Some(1)).unwrap().revision;
    assert_eq!(event.data["revision"], json!(revision), "{answer}");
    // The resource acknowledges what it loaded.
    client.acknowledge_fivem_configuration_v2(Some(1), revision).unwrap();
    assert_eq!(client.get_fivem_configuration_v2(Some(1)).unwrap().applied_revision, Some(revision));
    // A stale revision is refused (409).
    let stale = client.acknowledge_fivem_configuration_v2(Some(1), revision - 1).unwrap_err();
    assert_eq!(stale.status, Some(409), "{stale}");
}
