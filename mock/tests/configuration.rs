//! The other routes added after August 2026, over real HTTP on loopback: granular
//! permissions (catalog, an account's grants, replacing them), database sync, FiveM
//! configuration with its revisions and acknowledgements, and `EVENT_FIVEM_CONFIGURATION`
//! over the hub only.

mod common;

use std::time::Duration;

use common::{call, call_with, keys, listener, mock, names, problem, set_listener, Hub};
use serde_json::{json, Value};
use sonoran_mock::{MockOptions, MockServer, RateLimit, BRIAN_UUID, DEMO_API_KEY, JOHN_UUID};

const PENDING_PAT: &str = "5d6c3a1e-2f4b-4c8d-9e0f-1a2b3c4d5e6f";
const BANNED_BOB: &str = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

fn permissions(account: &str) -> String {
    format!("/v2/general/permissions/accounts/{account}")
}

async fn grants(mock: &MockServer, account: &str) -> Value {
    let answer = call(mock, "GET", &permissions(account), None).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

async fn replace(mock: &MockServer, account: &str, body: Value) -> common::Answer {
    call(mock, "PUT", &permissions(account), Some(body)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_permission_pages_examples_answer_the_pages_shapes() {
    let mock = mock();
    let catalog = call(&mock, "GET", "/v2/general/permissions/catalog", None).await;
    assert_eq!(catalog.status, 200);
    assert_eq!(keys(&catalog.body), names(&["version", "communityUuid", "permissions", "legacyGrants"]));
    assert_eq!(catalog.body["version"], 2);
    assert!(uuid::Uuid::try_parse(catalog.body["communityUuid"].as_str().unwrap()).is_ok());
    let entries = catalog.body["permissions"].as_array().unwrap();
    let entry = |id: &str| entries.iter().find(|p| p["id"] == id).cloned().unwrap_or_else(|| panic!("{id}"));
    assert_eq!(
        entry("global.police"),
        json!({"id": "global.police", "label": "police", "templateId": null, "templateName": null, "action": "police"})
    );
    assert_eq!(
        entry("record.4.read"),
        json!({"id": "record.4.read", "label": "read", "templateId": 4, "templateName": "License", "action": "read"})
    );
    for action in ["read", "create", "edit.own", "edit.any", "delete.own", "delete.any", "supervise", "edit.selected"] {
        entry(&format!("record.4.{action}"));
    }
    let police: Vec<&str> = catalog.body["legacyGrants"]["POLICE"].as_array().unwrap().iter().map(|g| g.as_str().unwrap()).collect();
    assert_eq!(police[0], "global.police");
    assert!(police.contains(&"record.4.read"));
    // get-account-permissions: the page's response for its account.
    assert_eq!(
        grants(&mock, JOHN_UUID).await,
        json!({"permissions": {"version": 2, "grants": ["global.police"]}, "owner": false, "migrated": true, "status": 1})
    );
    // replace-account-permissions: the page's request and response.
    let replaced = replace(&mock, JOHN_UUID, json!({"version": 2, "grants": ["global.police"]})).await;
    assert_eq!(
        (replaced.status, replaced.body),
        (200, json!({"accountUuid": JOHN_UUID, "permissions": {"version": 2, "grants": ["global.police"]}}))
    );
    // The owner holds every grant of the catalog.
    let owner = grants(&mock, BRIAN_UUID).await;
    assert_eq!(owner["owner"], true);
    assert_eq!(owner["permissions"]["grants"].as_array().unwrap().len(), entries.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_grants_round_trips_and_moves_the_membership() {
    let mock = mock();
    let list = json!({"grants": ["global.police", "global.fire", "record.4.read", "record.4.edit.selected"]});
    let replaced = replace(&mock, JOHN_UUID, list.clone()).await;
    assert_eq!(replaced.body["permissions"], json!({"version": 2, "grants": list["grants"]}), "version defaults to 2");
    assert_eq!(grants(&mock, JOHN_UUID).await["permissions"]["grants"], list["grants"]);
    // The legacy flags follow the global grants.
    let account = call(&mock, "GET", &format!("/v2/general/accounts/account?accountUuid={JOHN_UUID}"), None).await.body;
    assert_eq!(
        (&account["permissions"]["police"], &account["permissions"]["fire"], &account["permissions"]["ems"]),
        (&json!(true), &json!(true), &json!(false))
    );
    // An empty list makes the active membership pending; a nonempty one activates it again.
    let cleared = replace(&mock, JOHN_UUID, json!({"version": 2, "grants": []})).await;
    assert_eq!(cleared.body["permissions"]["grants"], json!([]));
    assert_eq!(grants(&mock, JOHN_UUID).await["status"], 0);
    let pending = call(&mock, "GET", "/v2/general/accounts?status=0", None).await.body;
    assert!(pending["accounts"].as_array().unwrap().iter().any(|a| a["uuid"] == JOHN_UUID));
    assert_eq!(grants(&mock, PENDING_PAT).await["status"], 0);
    replace(&mock, PENDING_PAT, json!({"grants": ["global.civilian"]})).await;
    assert_eq!(
        grants(&mock, PENDING_PAT).await,
        json!({"permissions": {"version": 2, "grants": ["global.civilian"]}, "owner": false, "migrated": true, "status": 1})
    );
    // An account never edited reads what its legacy flags convert to; a banned one reads too.
    let bob = grants(&mock, BANNED_BOB).await;
    assert_eq!(bob["status"], 4);
    assert!(bob["permissions"]["grants"].as_array().unwrap().contains(&json!("global.police")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_refusals_are_400_and_a_missing_account_reads_404() {
    let mock = mock();
    let refusals = [
        (JOHN_UUID, json!({"grants": ["global.POLICE"]}), "Unknown grant"),
        (JOHN_UUID, json!({"grants": ["record.99.read"]}), "Unknown grant"),
        (JOHN_UUID, json!({"grants": ["global.police", "global.police"]}), "twice"),
        (JOHN_UUID, json!({"grants": [1]}), "string"),
        (JOHN_UUID, json!({"version": 1, "grants": []}), "version"),
        (JOHN_UUID, json!({"version": 2}), "grants"),
        (BRIAN_UUID, json!({"grants": ["global.police"]}), "owner"),
        (BANNED_BOB, json!({"grants": ["global.police"]}), "pending or active"),
        ("99999999-9999-4999-8999-999999999999", json!({"grants": []}), "not found"),
        ("not-a-uuid", json!({"grants": []}), "UUID"),
    ];
    for (account, body, says) in refusals {
        let detail = problem(&replace(&mock, account, body.clone()).await, 400);
        assert!(detail.contains(says), "{account} {body}: {detail}");
    }
    assert_eq!(grants(&mock, JOHN_UUID).await["permissions"]["grants"], json!(["global.police"]), "nothing refused was kept");
    problem(&call(&mock, "GET", &permissions("99999999-9999-4999-8999-999999999999"), None).await, 404);
    problem(&call(&mock, "GET", &permissions("not-a-uuid"), None).await, 400);
    problem(&call_with(&mock, "GET", "/v2/general/permissions/catalog", None, None).await, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_sync_answers_the_pages_example() {
    let mock = mock();
    let answer = call(&mock, "GET", "/v2/general/database-sync", None).await;
    assert_eq!(
        (answer.status, answer.body),
        (200, json!({"enabled": true, "character": true, "licenses": false, "vehicleRegistrations": true}))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_whose_pages_state_no_limit_allow_ten_a_minute() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    for n in 0..10 {
        let answer = call(&mock, "GET", "/v2/general/permissions/catalog", None).await;
        assert_eq!((answer.status, answer.remaining), (200, Some((9 - n).to_string())));
    }
    assert_eq!(call(&mock, "GET", "/v2/general/permissions/catalog", None).await.status, 429);
    for path in [permissions(JOHN_UUID), "/v2/fivem/servers/1/configuration".into(), "/v2/general/database-sync".into()] {
        assert_eq!(call(&mock, "GET", &path, None).await.limit.as_deref(), Some("10"), "{path}");
    }
    let acked = call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/4", None).await;
    assert_eq!(acked.limit.as_deref(), Some("10"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fivem_configuration_revisions_and_acknowledgements() {
    let mock = mock();
    let config = call(&mock, "GET", "/v2/fivem/servers/1/configuration", None).await;
    assert_eq!(config.status, 200);
    assert_eq!(
        keys(&config.body),
        names(&["revision", "schemaVersion", "templateRevision", "serverId", "values", "appliedRevision", "appliedAt"])
    );
    assert_eq!(
        (
            &config.body["revision"],
            &config.body["schemaVersion"],
            &config.body["serverId"],
            &config.body["appliedRevision"],
            &config.body["appliedAt"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(3), &json!("2026-09-21T15:30:00Z"))
    );
    assert_eq!(config.body["templateRevision"], "A".repeat(64));
    assert!(config.body["values"]["core"].is_object() && config.body["values"]["plugins"].is_object());
    // The acknowledge page's example: revision 4 on server 1.
    let acked = call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/4", None).await;
    assert_eq!((acked.status, acked.body), (200, json!({"success": true})));
    let config = call(&mock, "GET", "/v2/fivem/servers/1/configuration", None).await.body;
    assert_eq!(config["appliedRevision"], 4);
    common::seconds(config["appliedAt"].as_str().unwrap());
    // Again: taken. A stale or unsaved revision: 409; not a revision: 400; no server: 404.
    assert_eq!(call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/4", None).await.status, 200);
    let stale = call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/3", None).await;
    assert_eq!(problem(&stale, 409), "Configuration changed after startup.");
    assert_eq!(stale.body["title"], "Revision changed");
    problem(&call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/5", None).await, 409);
    problem(&call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/0", None).await, 400);
    problem(&call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/x", None).await, 400);
    problem(&call(&mock, "GET", "/v2/fivem/servers/9/configuration", None).await, 404);
    problem(&call(&mock, "POST", "/v2/fivem/servers/9/configuration/acknowledge/4", None).await, 404);
    // A server added later has no saved configuration.
    let servers = json!({"servers": [{"id": 1}, {"id": 2}, {"id": 3}]});
    assert_eq!(call(&mock, "PUT", "/v2/general/servers", Some(servers)).await.status, 200);
    let three = call(&mock, "GET", "/v2/fivem/servers/3/configuration", None).await.body;
    assert_eq!((&three["revision"], &three["appliedRevision"], &three["appliedAt"]), (&json!(0), &Value::Null, &Value::Null));
    assert!(problem(&call(&mock, "POST", "/v2/fivem/servers/3/configuration/acknowledge/1", None).await, 409).contains("saved"));
    // Saved in the CAD without applying: the revision moves on, nothing is sent.
    let saved =
        call_with(&mock, "POST", "/_mock/fivem/configuration", Some(json!({"serverId": 3, "apply": false}).to_string()), None).await;
    assert_eq!((saved.body["configuration"]["revision"].clone(), saved.body["event"].clone()), (json!(1), Value::Null));
    assert_eq!(call(&mock, "POST", "/v2/fivem/servers/3/configuration/acknowledge/1", None).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fivem_configuration_event_goes_over_the_hub_only() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let values = json!({"core": {"debugMode": true}, "plugins": {"locations": {"enabled": false}}});
    let body = json!({"serverId": 1, "values": values});
    let applied = call_with(&mock, "POST", "/_mock/fivem/configuration", Some(body.to_string()), None).await;
    assert_eq!(applied.status, 200, "{:?}", applied.body);
    assert_eq!(applied.body["event"], json!({"via": "websocket", "sessions": 1}));
    assert_eq!((&applied.body["configuration"]["revision"], &applied.body["configuration"]["values"]), (&json!(5), &values));
    // As the page shows it: JSON text of {type, data}, no key.
    let pushed = hub.push_event(Duration::from_secs(5)).await.unwrap();
    let text = pushed.as_str().expect("the event comes as JSON text");
    let event: Value = serde_json::from_str(text).unwrap();
    let data = json!({"serverId": 1, "revision": 5, "schemaVersion": 1, "templateRevision": "A".repeat(64)});
    assert_eq!(event, json!({"type": "EVENT_FIVEM_CONFIGURATION", "data": data}));
    assert!(!text.contains(DEMO_API_KEY));
    // withKey: the envelope of the other events; a new fingerprint without a save.
    let body = json!({"save": false, "withKey": true, "templateRevision": "b".repeat(64)});
    let applied = call_with(&mock, "POST", "/_mock/fivem/configuration", Some(body.to_string()), None).await;
    assert_eq!(applied.body["configuration"]["revision"], 5);
    let pushed = hub.push_event(Duration::from_secs(5)).await.unwrap();
    assert_eq!(pushed["key"], DEMO_API_KEY);
    assert_eq!(
        (&pushed["type"], &pushed["data"]["revision"], &pushed["data"]["templateRevision"]),
        (&json!("EVENT_FIVEM_CONFIGURATION"), &json!(5), &json!("b".repeat(64)))
    );
    // The fetched configuration matches; the loaded revision is acknowledged.
    let config = call(&mock, "GET", "/v2/fivem/servers/1/configuration", None).await.body;
    assert_eq!((&config["revision"], &config["templateRevision"], &config["values"]), (&json!(5), &json!("b".repeat(64)), &values));
    assert_eq!(call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/5", None).await.body, json!({"success": true}));
    problem(&call(&mock, "POST", "/v2/fivem/servers/1/configuration/acknowledge/4", None).await, 409);
    // Server 2 has no hub session: nothing goes to its listener, nothing is queued.
    let (port, mut received) = listener().await;
    set_listener(&mock, 2, port).await;
    let applied = call_with(&mock, "POST", "/_mock/fivem/configuration", Some(json!({"serverId": 2}).to_string()), None).await;
    assert_eq!(applied.status, 200);
    assert!(applied.body["event"]["error"].as_str().unwrap().contains("websocket only"), "{:?}", applied.body);
    let emitted = call_with(
        &mock,
        "POST",
        "/_mock/events/emit",
        Some(json!({"serverId": 2, "type": "EVENT_FIVEM_CONFIGURATION", "data": {"serverId": 2, "revision": 5}}).to_string()),
        None,
    )
    .await;
    assert_eq!(emitted.status, 409, "{:?}", emitted.body);
    // Another event type still falls back to the listener, which proves it listens.
    let other =
        call_with(&mock, "POST", "/_mock/events/emit", Some(json!({"serverId": 2, "type": "EVENT_UNIT_LOGOUT"}).to_string()), None).await;
    assert_eq!(other.body["via"], "http", "{:?}", other.body);
    let first = tokio::time::timeout(Duration::from_secs(5), received.recv()).await.unwrap().unwrap();
    assert_eq!(first["type"], "EVENT_UNIT_LOGOUT", "nothing came before it");
    let mut late = Hub::authenticated(&mock, 2).await;
    assert_eq!(late.push_event(Duration::from_millis(300)).await, None, "nothing was queued for the session");
    // The control route refuses bad fields.
    for body in [json!({"serverId": 9}), json!({"values": {"core": {}}}), json!({"templateRevision": "xyz"}), json!({"apply": "yes"})] {
        let answer = call_with(&mock, "POST", "/_mock/fivem/configuration", Some(body.to_string()), None).await;
        assert!([400, 404].contains(&answer.status), "{body}: {:?}", answer.body);
    }
}
