//! Bad parameters are refused before anything is sent, with an error naming the field.

mod common;

use common::*;
use serde_json::json;
use sonoran_mock::recorder::Canned;

const UUID: &str = "00000000-0000-0000-0000-000000000000";

/// (operation, params, text the reason must contain)
const CASES: &[(&str, &str, &str)] = &[
    // serverId: a positive integer
    (
        "get_account_units",
        r#"{"serverId":0,"accountUuid":"00000000-0000-0000-0000-000000000000"}"#,
        "`serverId` must be a positive integer",
    ),
    (
        "get_account_units",
        r#"{"serverId":-1,"accountUuid":"00000000-0000-0000-0000-000000000000"}"#,
        "`serverId` must be a positive integer",
    ),
    (
        "get_account_units",
        r#"{"serverId":"1","accountUuid":"00000000-0000-0000-0000-000000000000"}"#,
        "`serverId` must be a positive integer",
    ),
    ("get_account_identifiers", r#"{"serverId":1.5,"apiId":"x"}"#, "`serverId` must be a positive integer"),
    // accountUuid: a UUID, required
    ("get_account_units", r#"{"accountUuid":"acc/1"}"#, "`accountUuid` must be a UUID"),
    ("get_account_units", r#"{"accountUuid":12}"#, "`accountUuid` must be a string"),
    ("get_account_units", r#"{}"#, "`accountUuid` is required"),
    ("get_account_units", r#"{"accountUuid":null}"#, "`accountUuid` is required"),
    // get_account: exactly one target
    ("get_account", r#"{}"#, "give exactly one of `apiId`, `username`, `account` (none was given)"),
    ("get_account", r#"{"apiId":"a","username":"b"}"#, "(more than one was given)"),
    ("get_account", r#"{"username":""}"#, "`username` must not be empty"),
    ("get_account", r#"{"username":7}"#, "`username` must be a string"),
    // limit 1..=100, offset >= 0, status an integer
    ("get_accounts", r#"{"limit":0}"#, "`limit` must be between 1 and 100"),
    ("get_accounts", r#"{"limit":101}"#, "`limit` must be between 1 and 100"),
    ("get_account_units", r#"{"accountUuid":"00000000-0000-0000-0000-000000000000","limit":500}"#, "`limit` must be between 1 and 100"),
    ("get_accounts", r#"{"offset":-1}"#, "`offset` must be at least 0"),
    ("get_accounts", r#"{"offset":"10"}"#, "`offset` must be an integer"),
    ("get_accounts", r#"{"status":"active"}"#, "`status` must be an integer"),
    ("get_accounts", r#"{"status":1.5}"#, "`status` must be an integer"),
    // booleans
    ("get_account_identifiers", r#"{"apiId":"x","onlyOnline":"yes"}"#, "`onlyOnline` must be true or false"),
    // modify_identifier
    ("modify_identifier", r#"{"action":2,"identId":1}"#, "give exactly one of `apiId`, `account` (none was given)"),
    ("modify_identifier", r#"{"apiId":"a","account":"b","action":2,"identId":1}"#, "give exactly one of `apiId`, `account`"),
    ("modify_identifier", r#"{"apiId":"a"}"#, "`action` is required"),
    ("modify_identifier", r#"{"apiId":"a","action":3}"#, "`action` must be 0 (ADD), 1 (EDIT), 2 (REMOVE)"),
    ("modify_identifier", r#"{"apiId":"a","action":"DELETE"}"#, "`action` must be 0 (ADD), 1 (EDIT), 2 (REMOVE)"),
    ("modify_identifier", r#"{"apiId":"a","action":0}"#, "`identifier` is required for ADD and EDIT"),
    ("modify_identifier", r#"{"apiId":"a","action":"EDIT","identId":4}"#, "`identifier` is required for ADD and EDIT"),
    ("modify_identifier", r#"{"apiId":"a","action":1,"identifier":{"status":1}}"#, "`identId` is required for EDIT"),
    ("modify_identifier", r#"{"apiId":"a","action":2}"#, "`identId` is required for REMOVE"),
    ("modify_identifier", r#"{"apiId":"a","action":0,"identifier":"A-10"}"#, "`identifier` must be an object"),
    // unknown keys, wrong shapes, unknown operations
    ("get_accounts", r#"{"limt":10}"#, "`limt` is not a parameter of get_accounts (expected one of limit, offset, status)"),
    ("get_account", r#"{"username":"x","serverId":1}"#, "`serverId` is not a parameter of get_account"),
    ("get_accounts", r#"[1,2]"#, "`params` must be a JSON object"),
    ("get_accounts", r#"{"limit":"#, "`params` is not valid JSON (line 1 column 9)"),
    ("get_units", r#"{}"#, "`operation` is: `get_units` is not an operation"),
];

#[test]
fn each_rule_is_checked_before_sending() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    for (operation, params, expected) in CASES {
        let envelope = call(&client, operation, params);
        assert_eq!(envelope["success"], false, "{operation} {params}");
        assert_eq!(envelope["kind"], "invalid_argument", "{operation} {params}: {envelope}");
        assert_eq!(envelope["status"], serde_json::Value::Null);
        let reason = envelope["reason"].as_str().unwrap();
        let expected = expected.replace("`operation` is: ", "`operation` ");
        assert!(reason.contains(&expected), "{operation} {params}:\n  got      {reason}\n  expected {expected}");
    }
    assert!(server.requests().is_empty(), "nothing was sent: {:?}", server.requests());
}

#[test]
fn values_are_normalised_as_sent() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    // Whole floats (LuaJIT has no integers) become integers; action names become numbers;
    // null means "not given"; empty params mean no parameters.
    client.call("get_accounts", &json!({"limit": 10.0, "offset": null})).unwrap();
    client.call("modify_identifier", &json!({"account": UUID, "action": "remove", "identId": 5.0})).unwrap();
    client.call("get_accounts", &serde_json::Value::Null).unwrap();
    assert!(call(&client, "get_accounts", "")["success"].as_bool().unwrap());
    let bodies: Vec<_> = server.requests().iter().map(|r| r.json()["data"][0].clone()).collect();
    assert_eq!(bodies[0], json!({"limit": 10}));
    assert_eq!(bodies[1], json!({"account": UUID, "action": 2, "identId": 5}));
    assert_eq!(bodies[2], json!({}));
    assert_eq!(bodies[3], json!({}));
}
