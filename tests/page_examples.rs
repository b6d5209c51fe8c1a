//! Each built v2 operation's reference page shows an example response. A server answering
//! exactly that must be understood by every face: the envelope (C and Lua) carries it as
//! received, the typed Rust method reads it, and a page walk finds its items.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::models::*;
use sonoran_mock::recorder::Canned;

const ACCOUNT: &str = "00000000-0000-0000-0000-000000000000";

/// The unit object of the pages' examples.
fn unit() -> Value {
    json!({
        "id": 12,
        "accId": ACCOUNT,
        "status": 3,
        "isPanic": false,
        "location": "Mission Row PD",
        "coordinates": {"x": 123.45, "y": -456.78, "z": 32.1, "w": 180.0},
        "aop": "Los Santos",
        "data": {
            "unitNum": "A-10", "name": "John Doe", "district": "Los Santos", "department": "LSPD",
            "subdivision": "Patrol", "rank": "Officer", "group": "CAR-51", "page": 0
        },
        "isDispatch": false
    })
}

/// The account object of `account-object.md` (its comment lines left out: they are not JSON).
fn account() -> Value {
    json!({
        "uuid": ACCOUNT,
        "username": "ExampleUser",
        "communityUserId": "player-1234",
        "status": 1,
        "joined": "2026-01-14T18:22:00Z",
        "lastLogin": "2026-04-08T20:55:00Z",
        "permissions": {"police": true, "admin": false}
    })
}

/// A client of a server that answers `body` to everything; the envelope of `operation`
/// with `params` must carry `body` as received.
fn served(body: &Value, operation: &str, params: Value) -> (sonoran_mock::recorder::RecordingServer, sonoran::Client) {
    let (server, client) = recorder(Canned::json(200, &body.to_string()));
    let envelope = call(&client, operation, &params.to_string());
    assert_eq!(envelope["success"], true, "{operation}: {envelope}");
    assert_eq!(&envelope["data"], body, "{operation}: the envelope carries the body as received");
    assert_eq!(server.requests().len(), 1);
    (server, client)
}

#[test]
fn get_identifiers_v2() {
    let body = json!({"SelectedIdent": 12, "Identifiers": [unit()]});
    let (_server, client) = served(&body, "get_identifiers_v2", json!({"accountUuid": ACCOUNT}));
    let list = client.get_identifiers_v2(ACCOUNT).unwrap();
    assert_eq!(list.selected_ident, Some(12));
    assert_eq!(list.identifiers[0].data.unit_num.as_deref(), Some("A-10"));
}

#[test]
fn create_identifier_v2() {
    let (_server, client) = served(&json!({"identId": 42}), "create_identifier_v2", json!({"accountUuid": ACCOUNT, "unitNum": "1A-01"}));
    let created =
        client.create_identifier_v2(ACCOUNT, &IdentifierFieldsV2 { unit_num: Some("1A-01".into()), ..Default::default() }).unwrap();
    assert_eq!(created.ident_id, 42);
}

#[test]
fn update_identifier_v2() {
    let body = json!({"identId": 12, "serverId": 1, "identifier": unit()});
    let (_server, client) = served(&body, "update_identifier_v2", json!({"accountUuid": ACCOUNT, "identId": 12, "status": 2}));
    let updated = client
        .update_identifier_v2(ACCOUNT, 12, &IdentifierFieldsV2 { status: Some(UnitStatus::Available), ..Default::default() })
        .unwrap();
    assert_eq!((updated.ident_id, updated.server_id), (12, Some(1)));
    assert_eq!(updated.identifier.unwrap().location.as_deref(), Some("Mission Row PD"));
}

#[test]
fn delete_identifier_v2() {
    let (_server, client) =
        served(&json!({"identId": 12, "serverId": 1}), "delete_identifier_v2", json!({"accountUuid": ACCOUNT, "identId": 12}));
    let deleted = client.delete_identifier_v2(ACCOUNT, 12).unwrap();
    assert_eq!((deleted.ident_id, deleted.server_id), (12, Some(1)));
}

#[test]
fn select_identifier_v2() {
    let body = json!({"serverId": 1, "isDispatch": false, "identifier": unit()});
    let (_server, client) = served(&body, "select_identifier_v2", json!({"accountUuid": ACCOUNT, "identId": 12}));
    let selected = client.select_identifier_v2(ACCOUNT, 12).unwrap();
    assert_eq!((selected.server_id, selected.is_dispatch), (Some(1), Some(false)));
    assert_eq!(selected.identifier.unwrap().id, 12);
}

#[test]
fn add_identifiers_to_group_v2() {
    let (_server, client) =
        served(&json!({"ok": true}), "add_identifiers_to_group_v2", json!({"serverId": 1, "groupName": "CAR-51", "identIds": [12]}));
    let done = client.add_identifiers_to_group_v2(Some(1), "CAR-51", &GroupTarget::IdentIds(vec![12])).unwrap();
    assert!(done.ok);
}

#[test]
fn get_account_units() {
    let body = json!({"Units": [unit()]});
    let (_server, client) = served(&body, "get_account_units", json!({"accountUuid": ACCOUNT}));
    let units = client.get_account_units(&GetAccountUnits { account_uuid: ACCOUNT.into(), ..Default::default() }).unwrap();
    assert_eq!(units.units[0].status, Some(UnitStatus::Enroute));
    let all = call(&client, "get_all_account_units", &json!({"accountUuid": ACCOUNT}).to_string());
    assert_eq!(all["data"]["units"].as_array().map(Vec::len), Some(1), "{all}");
}

#[test]
fn get_units_v2_answers_a_bare_array() {
    let mut with_user = unit();
    with_user["data"]["communityUserId"] = json!("license:abc123");
    let body = json!([with_user]);
    let (_server, client) = served(&body, "get_units_v2", json!({"serverId": 1, "limit": 100, "offset": 0}));
    let page = client.get_units_v2(&GetActiveUnits::default()).unwrap();
    assert_eq!(page.units.len(), 1);
    assert_eq!(page.units[0].data.community_user_id.as_deref(), Some("license:abc123"));
    // Walks: the page is short, so one request; the items are the array's.
    let all = call(&client, "get_all_units_v2", "{}");
    assert_eq!(all["data"]["units"][0]["id"], 12, "{all}");
    let walked: Vec<_> = client.units_v2(&GetActiveUnits::default()).collect::<Result<_, _>>().unwrap();
    assert_eq!(walked.len(), 1);
}

#[test]
fn get_units_v2_still_reads_the_object_shape() {
    let (_server, client) = served(&json!({"units": [unit()]}), "get_units_v2", json!({}));
    assert_eq!(client.get_units_v2(&GetActiveUnits::default()).unwrap().units.len(), 1);
}

#[test]
fn get_account_v2() {
    let (_server, client) = served(&account(), "get_account_v2", json!({"communityUserId": "player-1234"}));
    let found = client.get_account_v2(&AccountTarget::CommunityUserId("player-1234".into())).unwrap();
    assert_eq!(found.uuid, ACCOUNT);
    assert_eq!(found.community_user_id.as_deref(), Some("player-1234"));
    assert_eq!(found.permissions.get("police"), Some(true));
}

#[test]
fn get_accounts_v2() {
    let body = json!({"pagination": {"limit": 25, "offset": 0, "total": 1}, "accounts": [account()]});
    let (_server, client) = served(&body, "get_accounts_v2", json!({"limit": 25}));
    let page = client.get_accounts_v2(&GetAccountsV2 { limit: Some(25), ..Default::default() }).unwrap();
    assert_eq!((page.pagination.total, page.accounts.len()), (1, 1));
}
