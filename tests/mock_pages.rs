//! The mock answers as the API pages do: for each v2 operation of the library, the status and
//! the exact set of top-level keys (and the nested shapes) of the page's example response,
//! with values from the mock's own community; and the v1 start-up of Sonoran's official SDK
//! (`GET_VERSION`, then `GET_SERVERS`). These tests speak HTTP with `reqwest` directly, so
//! they do not depend on the client library.

use std::collections::BTreeSet;

use reqwest::blocking::Client;
use reqwest::Method;
use serde_json::{json, Value};
use sonoran_mock::{Fault, FaultKind, MockOptions, MockServer, RateLimit, BRIAN_UUID, JOHN_UUID};

const KEY: &str = "demo-api-key";

/// The keys of a unit object on the pages (`coordinates` where the unit has them, as unit 12
/// of the examples has).
const UNIT_KEYS: &[&str] = &["id", "accId", "status", "isPanic", "location", "coordinates", "aop", "data", "isDispatch"];
/// The keys of `data` that every unit example of the pages shows.
const UNIT_DATA_KEYS: &[&str] = &["unitNum", "name", "district", "department", "subdivision", "rank", "group", "page"];
/// The Account Object's keys (`account-object.md`).
const ACCOUNT_KEYS: &[&str] = &["uuid", "username", "communityUserId", "status", "joined", "lastLogin", "permissions"];
/// The Account Object's permission flags (`account-object.md`).
const PERMISSIONS: &[&str] = &[
    "admin",
    "adminAccounts",
    "adminCustomization",
    "adminDepartments",
    "adminDiscordIntegration",
    "adminInGameIntegration",
    "adminLimits",
    "adminLogs",
    "adminPenalCodes",
    "adminPermissionKeys",
    "adminTenCodes",
    "civilian",
    "dispatch",
    "dmv",
    "dmvRecAdd",
    "dmvRecEdit",
    "dmvRecRemove",
    "dmvSuper",
    "ems",
    "fire",
    "fireRecAdd",
    "fireRecEdit",
    "fireRecRemove",
    "fireSuper",
    "lawRecAdd",
    "lawRecEdit",
    "lawRecRemove",
    "lawSuper",
    "lawyer",
    "liveMap",
    "medRecAdd",
    "medRecEdit",
    "medRecRemove",
    "medSuper",
    "modifyStreetSigns",
    "police",
    "polEditOtherUnit",
    "polEditUnit",
    "polRecAdd",
    "polRecEdit",
    "polRecRemove",
    "polSuper",
    "selfDispatch",
];
/// The keys of a server object (`get-servers.md`).
const SERVER_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "signal",
    "mapUrl",
    "mapIp",
    "listenerPort",
    "differingOutbound",
    "outboundIp",
    "enableMap",
    "mapType",
    "isStatic",
    "liveMapFormat",
];

fn start(options: MockOptions) -> MockServer {
    MockServer::start_with(options).expect("mock starts")
}

fn mock() -> MockServer {
    start(MockOptions { v2_rate_limit: None, ..MockOptions::default() })
}

/// Sends a v2 request with the demo key; the status and the body (`Null` when empty).
fn v2(mock: &MockServer, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = Client::new().request(method, format!("{}{path}", mock.url())).bearer_auth(KEY);
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().expect("the mock answers");
    let status = response.status().as_u16();
    let text = response.text().unwrap();
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")) };
    (status, body)
}

/// Sends a v1 envelope to `path`; the status, the `Content-Type` and the body text.
fn v1(mock: &MockServer, path: &str, envelope: Value) -> (u16, String, String) {
    let response = Client::new()
        .post(format!("{}{path}", mock.url()))
        .header("content-type", "application/json")
        .body(envelope.to_string())
        .send()
        .expect("the mock answers");
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (status, content_type, response.text().unwrap())
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// `unit` has the shape of the pages' unit 12: every unit key, coordinates `{x, y, z, w}`, and
/// the data keys of the examples (plus `extra_data`, which only some pages show).
fn assert_unit_12(unit: &Value, extra_data: &[&str]) {
    assert_eq!(keys(unit), set(UNIT_KEYS), "{unit}");
    assert_eq!(unit["id"], 12);
    assert_eq!(unit["accId"], JOHN_UUID);
    assert_eq!(keys(&unit["coordinates"]), set(&["x", "y", "z", "w"]));
    assert!(unit["coordinates"]["w"].is_number());
    let data = keys(&unit["data"]);
    for key in UNIT_DATA_KEYS.iter().chain(extra_data) {
        assert!(data.contains(*key), "unit data lacks `{key}`: {unit}");
    }
    assert_eq!(unit["data"]["unitNum"], "A-10");
}

#[test]
fn get_account_units_answers_the_units_of_the_account() {
    let mock = mock();
    // The reference page shows `units`; the v2 page `Units` (the mock's --pascal-case).
    let (status, body) = v2(&mock, Method::GET, &format!("/v2/emergency/servers/1/accounts/{JOHN_UUID}/units?onlyOnline=true"), None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["units"]));
    assert_eq!(body["units"].as_array().unwrap().len(), 1);
    assert_unit_12(&body["units"][0], &["apiIds"]);

    let pascal = start(MockOptions { v2_rate_limit: None, pascal_case: true, ..MockOptions::default() });
    let (status, body) = v2(&pascal, Method::GET, &format!("/v2/emergency/servers/1/accounts/{JOHN_UUID}/units"), None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["Units"]));
    assert_unit_12(&body["Units"][0], &[]);
}

#[test]
fn get_units_v2_answers_a_bare_array() {
    let mock = mock();
    let (status, body) = v2(&mock, Method::GET, "/v2/emergency/servers/1/units", None);
    assert_eq!(status, 200);
    let units = body.as_array().unwrap_or_else(|| panic!("not an array: {body}"));
    // Online and not dispatchers: Brian's A-10 (1) and John's A-10 (12).
    let ids: Vec<i64> = units.iter().map(|u| u["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [1, 12]);
    assert_unit_12(&units[1], &["communityUserId"]);
    assert_eq!(units[1]["data"]["communityUserId"], "license:abc123");
    // Brian's unit has no coordinates: the same keys but that one.
    assert_eq!(keys(&units[0]), set(UNIT_KEYS).into_iter().filter(|k| k != "coordinates").collect());
    // Paging and filters still apply to the array.
    let (_, all) = v2(&mock, Method::GET, "/v2/emergency/servers/1/units?includeOffline=true&onlyUnits=false&limit=2&offset=3", None);
    assert_eq!(all.as_array().unwrap().len(), 1);
    // --pascal-case does not wrap it.
    let pascal = start(MockOptions { v2_rate_limit: None, pascal_case: true, ..MockOptions::default() });
    assert!(v2(&pascal, Method::GET, "/v2/emergency/servers/2/units", None).1.is_array());
}

#[test]
fn get_identifiers_v2_answers_selected_ident_and_identifiers() {
    let mock = mock();
    v2(&mock, Method::PUT, &format!("/v2/emergency/accounts/{JOHN_UUID}/selected-identifier"), Some(json!({"identId": 12})));
    let (status, body) = v2(&mock, Method::GET, &format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers"), None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["SelectedIdent", "Identifiers"]));
    assert_eq!(body["SelectedIdent"], 12);
    assert_unit_12(&body["Identifiers"][0], &[]);
}

#[test]
fn select_identifier_v2_answers_server_dispatch_and_identifier() {
    let mock = mock();
    let (status, body) =
        v2(&mock, Method::PUT, &format!("/v2/emergency/accounts/{JOHN_UUID}/selected-identifier"), Some(json!({"identId": 12})));
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["serverId", "isDispatch", "identifier"]));
    assert_eq!(body["serverId"], 1);
    assert_eq!(body["isDispatch"], false);
    assert_unit_12(&body["identifier"], &[]);
    // Brian's dispatcher identity: isDispatch follows the identifier.
    let (status, body) =
        v2(&mock, Method::PUT, &format!("/v2/emergency/accounts/{BRIAN_UUID}/selected-identifier"), Some(json!({"identId": 2})));
    assert_eq!(status, 200);
    assert_eq!((body["isDispatch"].clone(), body["identifier"]["id"].clone()), (json!(true), json!(2)));
    assert_eq!(body["identifier"]["data"]["unitNum"], "DISP-1");
}

#[test]
fn create_identifier_v2_answers_200_with_the_new_id() {
    let mock = mock();
    let fields = json!({"status": 0, "aop": "Los Santos", "unitNum": "A-11", "name": "John Doe", "page": 0, "isDispatch": false});
    let (status, body) = v2(&mock, Method::POST, &format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers"), Some(fields));
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["identId"]));
    let id = body["identId"].as_i64().expect("an integer id");
    let (_, list) = v2(&mock, Method::GET, &format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers"), None);
    let created = list["Identifiers"].as_array().unwrap().iter().find(|u| u["id"] == id).expect("the new identifier is listed");
    assert_eq!(created["data"]["unitNum"], "A-11");
}

#[test]
fn update_identifier_v2_answers_ids_and_the_updated_identifier() {
    let mock = mock();
    let change = json!({"status": 2, "group": "SUPERVISOR-1", "page": 3});
    let (status, body) = v2(&mock, Method::PATCH, &format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers/12"), Some(change));
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["identId", "serverId", "identifier"]));
    assert_eq!((body["identId"].clone(), body["serverId"].clone()), (json!(12), json!(1)));
    assert_unit_12(&body["identifier"], &[]);
    assert_eq!(body["identifier"]["status"], 2);
    assert_eq!(body["identifier"]["data"]["group"], "SUPERVISOR-1");
    assert_eq!(body["identifier"]["data"]["page"], 3);
}

#[test]
fn delete_identifier_v2_answers_200_with_ids() {
    let mock = mock();
    let (status, body) = v2(&mock, Method::DELETE, &format!("/v2/emergency/accounts/{BRIAN_UUID}/identifiers/3"), None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["identId", "serverId"]));
    assert_eq!((body["identId"].clone(), body["serverId"].clone()), (json!(3), json!(1)));
    let (_, list) = v2(&mock, Method::GET, &format!("/v2/emergency/accounts/{BRIAN_UUID}/identifiers"), None);
    assert!(!list["Identifiers"].as_array().unwrap().iter().any(|u| u["id"] == 3), "identifier 3 is gone: {list}");
    let (status, _) = v2(&mock, Method::DELETE, &format!("/v2/emergency/accounts/{BRIAN_UUID}/identifiers/3"), None);
    assert_eq!(status, 404);
}

#[test]
fn add_identifiers_to_group_v2_answers_ok() {
    let mock = mock();
    let (status, body) = v2(
        &mock,
        Method::PUT,
        "/v2/emergency/servers/1/identifier-groups/A%20Shift",
        Some(json!({"communityUserIds": ["license:abc123"]})),
    );
    assert_eq!(status, 200);
    assert_eq!(body, json!({"ok": true}));
    let (_, list) = v2(&mock, Method::GET, &format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers"), None);
    assert_eq!(list["Identifiers"][0]["data"]["group"], "A Shift");
}

#[test]
fn get_account_v2_answers_the_account_object() {
    let mock = mock();
    let (status, body) = v2(&mock, Method::GET, "/v2/general/accounts/account?username=JohnDoe", None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(ACCOUNT_KEYS));
    assert_eq!(body["uuid"], JOHN_UUID);
    assert_eq!(body["communityUserId"], "license:abc123");
    assert_eq!(body["status"], 1);
    assert_eq!(keys(&body["permissions"]), set(PERMISSIONS));
    assert!(body["permissions"].as_object().unwrap().values().all(Value::is_boolean));
    assert_eq!((body["permissions"]["police"].clone(), body["permissions"]["admin"].clone()), (json!(true), json!(false)));
    // communityUserId finds the same account.
    let (_, again) = v2(&mock, Method::GET, "/v2/general/accounts/account?communityUserId=license:abc123", None);
    assert_eq!(again["uuid"], JOHN_UUID);
}

#[test]
fn get_accounts_v2_answers_active_accounts_by_default() {
    let mock = start(MockOptions { v2_rate_limit: None, extra_accounts: 3, ..MockOptions::default() });
    let (status, body) = v2(&mock, Method::GET, "/v2/general/accounts?limit=25", None);
    assert_eq!(status, 200);
    assert_eq!(keys(&body), set(&["pagination", "accounts"]));
    assert_eq!(keys(&body["pagination"]), set(&["limit", "offset", "total"]));
    assert_eq!(body["pagination"], json!({"limit": 25, "offset": 0, "total": 5}), "Brian, John and 3 generated members");
    let accounts = body["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 5);
    for account in accounts {
        assert_eq!(keys(account), set(ACCOUNT_KEYS));
        assert_eq!(account["status"], 1, "only active accounts without `status`: {account}");
    }
    // Other statuses on request.
    let (_, pending) = v2(&mock, Method::GET, "/v2/general/accounts?status=0", None);
    assert_eq!(pending["pagination"]["total"], 1);
    assert_eq!(pending["accounts"][0]["username"], "PendingPat");
}

#[test]
fn sonoran_js_instance_start_up_gets_the_version_then_the_servers() {
    // What `new Sonoran.Instance({communityId, apiKey, product: CAD})` sends: each v1
    // envelope with `data: []`, GET_VERSION first, GET_SERVERS when the plan is standard or up.
    let mock = start(MockOptions { plan: 3, ..MockOptions::default() });
    let envelope = |kind: &str| json!({"id": "demo-community", "key": KEY, "type": kind, "data": []});
    let (status, content_type, text) = v1(&mock, "/general/get_version", envelope("GET_VERSION"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/plain"), "the SDK reads the version as text: {content_type}");
    assert_eq!(text, "3");
    let (status, content_type, text) = v1(&mock, "/general/get_servers", envelope("GET_SERVERS"));
    assert_eq!(status, 200);
    assert!(content_type.starts_with("application/json"), "{content_type}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(keys(&body), set(&["servers"]));
    let servers = body["servers"].as_array().unwrap();
    assert_eq!(servers.iter().map(|s| s["id"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2]);
    for server in servers {
        assert_eq!(keys(server), set(SERVER_KEYS));
    }
    // The servers are the community's: a mock configured with others lists those.
    let other = start(MockOptions { server_ids: vec![7], plan: 0, ..MockOptions::default() });
    assert_eq!(v1(&other, "/general/get_version", envelope("GET_VERSION")).2, "0");
    let body: Value = serde_json::from_str(&v1(&other, "/general/get_servers", envelope("GET_SERVERS")).2).unwrap();
    assert_eq!(body["servers"][0]["id"], 7);
    assert_eq!(body["servers"].as_array().unwrap().len(), 1);
}

#[test]
fn v1_start_up_checks_the_envelope() {
    let mock = mock();
    let bad_key = json!({"id": "demo-community", "key": "nope", "type": "GET_VERSION", "data": []});
    assert_eq!(v1(&mock, "/general/get_version", bad_key), (400, "text/plain; charset=utf-8".into(), "INVALID API KEY".into()));
    let bad_community = json!({"id": "elsewhere", "key": KEY, "type": "GET_SERVERS", "data": []});
    assert_eq!(v1(&mock, "/general/get_servers", bad_community).2, "INVALID COMMUNITY ID");
    let wrong_type = json!({"id": "demo-community", "key": KEY, "type": "GET_SERVERS", "data": []});
    assert_eq!(v1(&mock, "/general/get_version", wrong_type).2, "INVALID REQUEST TYPE");
    // Other clients send `data: [{}]` or no data at all.
    let with_object = json!({"id": "demo-community", "key": KEY, "type": "GET_VERSION", "data": [{}]});
    assert_eq!(v1(&mock, "/general/get_version", with_object).2, "4");
    let without = json!({"id": "demo-community", "key": KEY, "type": "GET_SERVERS"});
    assert_eq!(v1(&mock, "/general/get_servers", without).0, 200);
}

#[test]
fn v2_servers_are_the_communitys() {
    let mock = start(MockOptions { v2_rate_limit: None, server_ids: vec![5], ..MockOptions::default() });
    assert_eq!(v2(&mock, Method::GET, "/v2/emergency/servers/1/units", None).0, 404);
    assert_eq!(v2(&mock, Method::GET, "/v2/emergency/servers/5/units", None).0, 200);
    let (_, body) = v2(&mock, Method::DELETE, &format!("/v2/emergency/accounts/{BRIAN_UUID}/identifiers/3"), None);
    assert_eq!(body["serverId"], 5, "the answer names the community's first server");
}

#[test]
fn faults_and_the_rate_limit_find_each_operation_by_its_name() {
    // Two operations on one path (PATCH and DELETE): a fault on one leaves the other alone.
    let mock = mock();
    mock.set_fault(
        "delete_identifier_v2",
        Fault::always(FaultKind::Status { status: 418, body: String::new(), retry_after: None, json: false }),
    );
    let path = format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers/12");
    assert_eq!(v2(&mock, Method::PATCH, &path, Some(json!({"rank": "SGT"}))).0, 200);
    assert_eq!(v2(&mock, Method::DELETE, &path, None).0, 418);
    mock.set_fault("get_version", Fault::times(FaultKind::Status { status: 503, body: String::new(), retry_after: None, json: false }, 1));
    let envelope = json!({"id": "demo-community", "key": KEY, "type": "GET_VERSION", "data": []});
    assert_eq!(v1(&mock, "/general/get_version", envelope.clone()).0, 503);
    assert_eq!(v1(&mock, "/general/get_version", envelope).0, 200);

    // The rate limit counts per operation: GET and POST of one path have a budget each.
    let limited = start(MockOptions {
        v2_rate_limit: Some(RateLimit { requests: 1, window: std::time::Duration::from_secs(60) }),
        ..MockOptions::default()
    });
    let path = format!("/v2/emergency/accounts/{JOHN_UUID}/identifiers");
    assert_eq!(v2(&limited, Method::GET, &path, None).0, 200);
    assert_eq!(v2(&limited, Method::POST, &path, Some(json!({"unitNum": "R-1"}))).0, 200);
    assert_eq!(v2(&limited, Method::GET, &path, None).0, 429);
}
