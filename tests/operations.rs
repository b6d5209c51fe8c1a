//! Each operation against the mock Sonoran CAD server: success paths, state changes,
//! pagination edges and the API's documented errors.

mod common;

use common::*;
use serde_json::json;
use sonoran::models::*;
use sonoran::ErrorKind;
use sonoran_mock::{MockOptions, RateLimit, BRIAN_UUID, JOHN_UUID};
use std::time::Duration;

#[test]
fn get_account_finds_by_each_target() {
    let (_mock, client) = mock();
    for target in [
        AccountTarget::Username("SonoranBrian".into()),
        AccountTarget::ApiId("Steam:1234".into()),
        AccountTarget::Account(BRIAN_UUID.into()),
    ] {
        let account = client.get_account(&target).unwrap();
        assert_eq!(account.uuid, BRIAN_UUID, "{target:?}");
        assert_eq!(account.username.as_deref(), Some("SonoranBrian"));
        assert_eq!(account.status, Some(AccountStatus::Active));
        assert_eq!(account.permissions.get("adminLogs"), Some(true));
    }
    let john = client.get_account(&AccountTarget::Username("JohnDoe".into())).unwrap();
    assert_eq!(john.permissions.get("admin"), Some(false));
    assert_eq!(john.permissions.get("police"), Some(true));
}

#[test]
fn get_account_unknown_is_not_found() {
    let (_mock, client) = mock();
    let err = client.get_account(&AccountTarget::Username("Nobody".into())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(err.status, Some(404));
    let envelope = call(&client, "get_account", r#"{"username":"Nobody"}"#);
    assert_eq!(envelope["success"], false);
    assert_eq!(envelope["kind"], "not_found");
}

#[test]
fn get_accounts_defaults_to_active_and_filters_by_status() {
    let (_mock, client) = mock();
    let page = client.get_accounts(&GetAccounts::default()).unwrap();
    let names: Vec<_> = page.accounts.iter().filter_map(|a| a.username.clone()).collect();
    assert_eq!(names, ["SonoranBrian", "JohnDoe"]);
    assert_eq!(page.pagination.total, 2);
    assert_eq!(page.pagination.offset, 0);

    let pending = client.get_accounts(&GetAccounts { status: Some(AccountStatus::Pending), ..Default::default() }).unwrap();
    assert_eq!(pending.accounts.len(), 1);
    assert_eq!(pending.accounts[0].username.as_deref(), Some("PendingPat"));
    assert_eq!(pending.accounts[0].status, Some(AccountStatus::Pending));

    let banned = client.get_accounts(&GetAccounts { status: Some(AccountStatus::Banned), ..Default::default() }).unwrap();
    assert_eq!(banned.accounts[0].username.as_deref(), Some("BannedBob"));

    // A status the library has no name for still works and decodes.
    let other = client.get_accounts(&GetAccounts { status: Some(AccountStatus::Other(7)), ..Default::default() }).unwrap();
    assert_eq!(other.pagination.total, 0);
    assert!(other.accounts.is_empty());
}

#[test]
fn get_accounts_pagination_edges() {
    let (_mock, client) = mock_with(MockOptions { extra_accounts: 148, v2_rate_limit: None, ..Default::default() });
    // 150 active accounts in all.
    let first = client.get_accounts(&GetAccounts { limit: Some(100), ..Default::default() }).unwrap();
    assert_eq!(first.accounts.len(), 100);
    assert_eq!(first.pagination.total, 150);
    let second = client.get_accounts(&GetAccounts { limit: Some(100), offset: Some(100), ..Default::default() }).unwrap();
    assert_eq!(second.accounts.len(), 50);
    let mut seen: Vec<String> = first.accounts.iter().chain(&second.accounts).map(|a| a.uuid.clone()).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 150, "two pages hold every account once");

    let past = client.get_accounts(&GetAccounts { offset: Some(1000), ..Default::default() }).unwrap();
    assert!(past.accounts.is_empty());
    assert_eq!(past.pagination.total, 150);
    assert_eq!(past.pagination.offset, 1000);

    let one = client.get_accounts(&GetAccounts { limit: Some(1), offset: Some(149), ..Default::default() }).unwrap();
    assert_eq!(one.accounts.len(), 1);
    assert_eq!(one.pagination.limit, 1);
}

#[test]
fn get_account_identifiers_lists_and_filters_online() {
    let (_mock, client) = mock();
    let all = client.get_account_identifiers(&GetAccountIdentifiers { api_id: "Steam:1234".into(), ..Default::default() }).unwrap();
    let nums: Vec<_> = all.iter().filter_map(|u| u.data.unit_num.clone()).collect();
    assert_eq!(nums, ["A-10", "DISP-1", "E-7"]);
    assert_eq!(all[0].data.api_id1.as_deref(), Some("STEAM:1234"));
    assert_eq!(all[0].acc_id.as_deref(), Some(BRIAN_UUID));

    let online = client
        .get_account_identifiers(&GetAccountIdentifiers { api_id: "Steam:1234".into(), only_online: Some(true), ..Default::default() })
        .unwrap();
    assert_eq!(online.len(), 2);
    assert!(online.iter().all(|u| u.status != Some(UnitStatus::Offline)));

    let none = client.get_account_identifiers(&GetAccountIdentifiers { api_id: "steam:nobody".into(), ..Default::default() }).unwrap();
    assert!(none.is_empty());
}

#[test]
fn get_account_units_applies_query_defaults_and_filters() {
    let (_mock, client) = mock();
    let request =
        |only_online, only_units| GetAccountUnits { account_uuid: BRIAN_UUID.into(), only_online, only_units, ..Default::default() };
    // API defaults: onlyOnline = true, onlyUnits = true.
    let default = client.get_account_units(&request(None, None)).unwrap();
    assert_eq!(default.units.len(), 1);
    assert_eq!(default.units[0].data.unit_num.as_deref(), Some("A-10"));
    let with_dispatch = client.get_account_units(&request(None, Some(false))).unwrap();
    assert_eq!(with_dispatch.units.len(), 2);
    assert!(with_dispatch.units.iter().any(|u| u.is_dispatch == Some(true)));
    let everything = client.get_account_units(&request(Some(false), Some(false))).unwrap();
    assert_eq!(everything.units.len(), 3);
    let paged =
        client.get_account_units(&GetAccountUnits { limit: Some(1), offset: Some(1), ..request(Some(false), Some(false)) }).unwrap();
    assert_eq!(paged.units.len(), 1);
    assert_eq!(paged.units[0].id, everything.units[1].id);

    let john = client.get_account_units(&GetAccountUnits { account_uuid: JOHN_UUID.into(), ..Default::default() }).unwrap();
    let unit = &john.units[0];
    assert_eq!(unit.status, Some(UnitStatus::Enroute));
    assert_eq!(unit.data.page, Some(UnitPage::Police));
    assert_eq!(unit.data.api_ids, ["steam:110000112345678"]);
    assert_eq!(unit.coordinates.as_ref().unwrap()["w"], json!(180.0));
}

#[test]
fn get_account_units_reads_pascal_case() {
    let (_mock, client) = mock_with(MockOptions { pascal_case: true, v2_rate_limit: None, ..Default::default() });
    let envelope = call(&client, "get_account_units", &json!({"accountUuid": BRIAN_UUID}).to_string());
    assert!(envelope["data"]["Units"].is_array(), "the mock answered PascalCase: {envelope}");
    let units = client.get_account_units(&GetAccountUnits { account_uuid: BRIAN_UUID.into(), ..Default::default() }).unwrap();
    assert_eq!(units.units.len(), 1);
}

#[test]
fn get_account_units_errors_are_problem_documents() {
    let (_mock, client) = mock();
    let unknown_server = call(&client, "get_account_units", &json!({"serverId": 9, "accountUuid": BRIAN_UUID}).to_string());
    assert_eq!(unknown_server["kind"], "not_found");
    assert_eq!(unknown_server["status"], 404);
    assert_eq!(unknown_server["reason"], "Server 9 is not configured.");
    assert!(unknown_server["traceId"].as_str().is_some_and(|t| t.starts_with("00-")), "{unknown_server}");

    let unknown_account = call(&client, "get_account_units", r#"{"accountUuid":"11111111-2222-3333-4444-555555555555"}"#);
    assert_eq!(unknown_account["kind"], "not_found");

    let (mock, _) = mock();
    let wrong_key = sonoran::Client::new(sonoran::Config::new("demo-community", "wrong-key").with_api_url(mock.url())).unwrap();
    let denied = call(&wrong_key, "get_account_units", &json!({"accountUuid": BRIAN_UUID}).to_string());
    assert_eq!(denied["kind"], "unauthorized");
    assert_eq!(denied["status"], 401);
    assert_eq!(denied["reason"], "A valid API key is required.");
}

#[test]
fn v2_rate_limit_answers_429_with_retry_after() {
    let limit = RateLimit { requests: 3, window: Duration::from_secs(60) };
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: Some(limit), ..Default::default() });
    let params = json!({"accountUuid": BRIAN_UUID});
    for _ in 0..3 {
        assert_eq!(client.call("get_account_units", &params).unwrap().status, 200);
    }
    let err = client.call("get_account_units", &params).unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert_eq!(err.status, Some(429));
    assert_eq!(err.message, "API rate limit exceeded");
    let wait = err.retry_after_ms.expect("Retry-After is read");
    assert!((1_000..=60_000).contains(&wait), "{wait}");
    let envelope = parse(&err.envelope());
    assert_eq!(envelope["retryAfterMs"], wait);
}

#[test]
fn modify_identifier_changes_what_reads_return() {
    let (_mock, client) = mock();
    let units = |client: &sonoran::Client| {
        client.get_account_units(&GetAccountUnits { account_uuid: JOHN_UUID.into(), ..Default::default() }).unwrap().units
    };
    assert_eq!(units(&client).len(), 1);

    let added = client
        .call(
            "modify_identifier",
            &json!({
                "apiId": "license:abc123",
                "action": "ADD",
                "identifier": {"status": 2, "aop": "Los Santos", "data": {"unitNum": "B-20", "name": "John Doe", "page": 0}},
            }),
        )
        .unwrap()
        .decode::<ModifyOutcome>()
        .unwrap();
    let ModifyOutcome::Identifier(added) = added else { panic!("ADD answers the identifier: {added:?}") };
    assert_eq!(added.acc_id.as_deref(), Some(JOHN_UUID));
    assert_eq!(added.data.unit_num.as_deref(), Some("B-20"));
    let after_add = units(&client);
    assert_eq!(after_add.len(), 2);
    assert!(after_add.iter().any(|u| u.id == added.id));
    let v1 = client.get_account_identifiers(&GetAccountIdentifiers { api_id: "license:abc123".into(), ..Default::default() }).unwrap();
    assert!(v1.iter().any(|u| u.id == added.id), "v1 sees the v1 write too");

    let edited = client
        .modify_identifier(&ModifyIdentifier {
            target: AccountTarget::Account(JOHN_UUID.into()),
            action: IdentifierAction::Edit,
            identifier: Some(IdentifierFields {
                status: Some(UnitStatus::Offline),
                data: UnitData { unit_num: Some("B-21".into()), ..Default::default() },
                ..Default::default()
            }),
            ident_id: Some(added.id),
        })
        .unwrap();
    let ModifyOutcome::Identifier(edited) = edited else { panic!("EDIT answers the identifier") };
    assert_eq!(edited.data.unit_num.as_deref(), Some("B-21"));
    assert_eq!(edited.data.name.as_deref(), Some("John Doe"), "EDIT keeps the fields it does not change");
    assert_eq!(units(&client).len(), 1, "the edited unit went offline");

    // EDIT may name the identifier inside `identifier` instead of `identId`.
    let back =
        client.call("modify_identifier", &json!({"account": JOHN_UUID, "action": 1, "identifier": {"id": added.id, "status": 2}})).unwrap();
    assert_eq!(back.body.to_value()["status"], 2);
    assert_eq!(units(&client).len(), 2);

    let removed = client
        .modify_identifier(&ModifyIdentifier {
            target: AccountTarget::ApiId("license:abc123".into()),
            action: IdentifierAction::Remove,
            identifier: None,
            ident_id: Some(added.id),
        })
        .unwrap();
    assert_eq!(removed, ModifyOutcome::Message(format!("Identifier {} removed!", added.id)));
    assert_eq!(units(&client).len(), 1);

    // The text answer reaches the envelope as a JSON string.
    let gone = call(&client, "modify_identifier", &json!({"account": JOHN_UUID, "action": 2, "identId": added.id}).to_string());
    assert_eq!(gone["kind"], "not_found", "removing twice fails: {gone}");
}

#[test]
fn remove_answers_text_in_the_envelope() {
    let (_mock, client) = mock();
    let envelope = call(&client, "modify_identifier", &json!({"apiId": "Steam:1234", "action": 2, "identId": 3}).to_string());
    assert_eq!(envelope, json!({"success": true, "status": 200, "data": "Identifier 3 removed!"}));
}

#[test]
fn v1_credentials_and_enablement_errors() {
    let (mock, _) = mock();
    let with = |community: &str, key: &str| sonoran::Client::new(sonoran::Config::new(community, key).with_api_url(mock.url())).unwrap();
    let wrong_community = call(&with("other", "demo-api-key"), "get_account", r#"{"username":"SonoranBrian"}"#);
    assert_eq!(wrong_community["kind"], "unauthorized");
    assert_eq!(wrong_community["reason"], "INVALID COMMUNITY ID");
    assert_eq!(wrong_community["status"], 400);
    let wrong_key = call(&with("demo-community", "nope"), "get_accounts", "{}");
    assert_eq!(wrong_key["kind"], "unauthorized");
    assert_eq!(wrong_key["reason"], "INVALID API KEY");

    let (_disabled, client) = mock_with(MockOptions { api_enabled: false, ..Default::default() });
    let err = client.get_accounts(&GetAccounts::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotEnabled);
    assert_eq!(err.message, "API IS NOT ENABLED FOR THIS COMMUNITY");
}

#[test]
fn mock_rejects_a_type_that_does_not_match_the_path() {
    // The client always sends the right type, so ask the mock directly.
    let (mock, _) = mock();
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/general/get_account", mock.url()))
        .body(json!({"id": "demo-community", "key": "demo-api-key", "type": "GET_ACCOUNTS", "data": [{}]}).to_string())
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(response.text().unwrap(), "INVALID REQUEST TYPE");
}

#[test]
fn server_down_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client_for(&format!("http://127.0.0.1:{port}"));
    let envelope = call(&client, "get_accounts", "{}");
    assert_eq!(envelope["success"], false);
    assert_eq!(envelope["kind"], "network");
    assert_eq!(envelope["status"], serde_json::Value::Null);
}

#[test]
fn silent_server_is_a_timeout() {
    // Accepts connections and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client = sonoran::Client::new(config_for(&url).with_timeout(Duration::from_millis(300))).unwrap();
    let err = client.call("get_accounts", &json!({})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    drop(listener);
}
