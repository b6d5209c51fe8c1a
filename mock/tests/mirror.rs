//! Push events for a live mirror of units and calls, over real HTTP and a real hub session on
//! loopback: changes made in the CAD (the `/_mock/units/...`, `/_mock/groups/rename` and
//! `/_mock/dispatch...` control routes) and unit changes made through the API push their
//! events with the documented `data`, whose unit and call objects are exactly what
//! `get_units_v2` and `get_calls_v2` then answer; dispatch changes made through the API push
//! nothing (their pages say so); events keep the order of the changes, also when the changes
//! come at once and over the HTTP listener; during a hub outage they go to the listener, else
//! fail and are counted; and a mirror seeded from the reads and fed the events ends equal to
//! the reads.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use common::{call, listener, mock, set_listener, Hub};
use serde_json::{json, Value};
use sonoran_mock::{MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};

const WAIT: Duration = Duration::from_secs(5);
/// How long to wait for an event that must not come.
const QUIET: Duration = Duration::from_millis(300);

/// `POST path` with `body`: status and JSON answer.
async fn post(mock: &MockServer, path: &str, body: Value) -> (u16, Value) {
    let answer = call(mock, "POST", path, Some(body)).await;
    (answer.status, answer.body)
}

/// The `{"error": ...}` of a refused control request with `status`.
async fn refused(mock: &MockServer, path: &str, body: Value, status: u16) -> String {
    let (got, answer) = post(mock, path, body).await;
    assert_eq!(got, status, "{path}: {answer}");
    answer["error"].as_str().unwrap_or_else(|| panic!("{path}: {answer}")).to_string()
}

/// What the mirror seeds from: every online unit of server 1, dispatchers too (all pages).
async fn units(mock: &MockServer) -> Vec<Value> {
    let mut all = Vec::new();
    loop {
        let path = format!("/v2/emergency/servers/1/units?onlyUnits=false&includeOffline=false&limit=100&offset={}", all.len());
        let page = call(mock, "GET", &path, None).await;
        assert_eq!(page.status, 200, "{:?}", page.body);
        let page = page.body.as_array().unwrap().clone();
        let last = page.len() < 100;
        all.extend(page);
        if last {
            return all;
        }
    }
}

/// The online unit `id` as `get_units_v2` shows it.
async fn unit(mock: &MockServer, id: i64) -> Option<Value> {
    units(mock).await.into_iter().find(|u| u["id"] == id)
}

/// `get_calls_v2` of `server`.
async fn calls(mock: &MockServer, server: u64) -> Value {
    let answer = call(mock, "GET", &format!("/v2/emergency/servers/{server}/calls"), None).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
    answer.body
}

/// Open dispatch call `id` of `server` as `get_calls_v2` shows it.
async fn active(mock: &MockServer, server: u64, id: i64) -> Option<Value> {
    calls(mock, server).await["ActiveCalls"].as_array().unwrap().iter().find(|c| c["callId"] == id).cloned()
}

/// The next push event: `(type, data)`, checked to carry the key.
async fn next(hub: &mut Hub) -> (String, Value) {
    let payload = hub.push_event(WAIT).await.expect("a push event");
    assert_eq!(payload["key"], DEMO_API_KEY, "{payload}");
    (payload["type"].as_str().unwrap().to_string(), payload["data"].clone())
}

/// `n` new units on duty; their ids.
async fn seed(mock: &MockServer, n: usize) -> Vec<i64> {
    let (status, answer) = post(mock, "/_mock/units/seed", json!({"count": n})).await;
    assert_eq!(status, 200, "{answer}");
    answer["identIds"].as_array().unwrap().iter().map(|i| i.as_i64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn units_seeded_log_in_and_out() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let before = units(&mock).await.len();

    // Units on duty already: no events.
    let ids = seed(&mock, 3).await;
    assert_eq!(ids.len(), 3);
    assert!(hub.push_event(QUIET).await.is_none(), "seeding pushes nothing");
    let all = units(&mock).await;
    assert_eq!(all.len(), before + 3);
    let seeded: Vec<&Value> = ids.iter().map(|id| all.iter().find(|u| u["id"] == *id).expect("a seeded unit is online")).collect();
    for (unit, id) in seeded.iter().zip(&ids) {
        assert_eq!((unit["status"].clone(), unit["isPanic"].clone(), unit["isDispatch"].clone()), (json!(2), json!(false), json!(false)));
        let data = &unit["data"];
        assert_eq!((data["group"].clone(), data["page"].clone()), (json!(""), json!(0)), "{unit}");
        assert!(data["unitNum"].as_str().unwrap().ends_with(&format!("-{id}")), "{unit}");
        for key in ["name", "department", "district", "communityUserId"] {
            assert!(!data[key].as_str().unwrap().is_empty(), "{key}: {unit}");
        }
        assert_eq!(data["apiIds"], json!([data["communityUserId"]]));
    }
    let distinct =
        |key: &dyn Fn(&Value) -> Value| seeded.iter().map(|u| key(u).to_string()).collect::<std::collections::HashSet<_>>().len();
    assert_eq!(distinct(&|u| u["id"].clone()), 3);
    assert_eq!(distinct(&|u| u["accId"].clone()), 3, "each has an account of its own");
    assert_eq!(distinct(&|u| u["data"]["communityUserId"].clone()), 3);
    assert_eq!(distinct(&|u| u["data"]["unitNum"].clone()), 3);
    // The accounts exist: the account's units route finds each.
    let acc = seeded[0]["accId"].as_str().unwrap();
    let own = call(&mock, "GET", &format!("/v2/emergency/servers/1/accounts/{acc}/units"), None).await;
    assert_eq!(own.body["units"][0]["id"], ids[0], "{:?}", own.body);
    // Bad counts, unknown server.
    for body in [json!({}), json!({"count": 0}), json!({"count": 1001}), json!({"count": "3"})] {
        assert!(refused(&mock, "/_mock/units/seed", body, 400).await.contains("count"));
    }
    refused(&mock, "/_mock/units/seed", json!({"count": 1, "serverId": 9}), 404).await;
    let many = seed(&mock, 1000).await;
    assert_eq!(many.len(), 1000);
    assert_eq!(units(&mock).await.len(), before + 1003);

    // Logout: offline, off its call, one event.
    let (status, answer) = post(&mock, &format!("/_mock/units/{}/logout", ids[0]), json!({})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["event"], json!({"via": "websocket", "sessions": 1}));
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_LOGOUT".into(), json!([{"identId": ids[0]}])));
    assert!(unit(&mock, ids[0]).await.is_none());
    refused(&mock, &format!("/_mock/units/{}/logout", ids[0]), json!({}), 409).await;

    // Login: the event's unit is the unit get_units_v2 shows.
    let (status, answer) = post(&mock, &format!("/_mock/units/{}/login", ids[0]), json!({"status": 3})).await;
    assert_eq!(status, 200, "{answer}");
    let (kind, data) = next(&mut hub).await;
    assert_eq!(kind, "EVENT_UNIT_LOGIN");
    let shown = unit(&mock, ids[0]).await.expect("online again");
    assert_eq!(shown["status"], 3);
    assert_eq!(data, json!([{"unit": shown, "isDispatch": false, "selfDispatch": false}]));
    assert_eq!(answer["unit"], shown);
    refused(&mock, &format!("/_mock/units/{}/login", ids[0]), json!({}), 409).await;

    // The seeded offline E-7 logs in as a dispatcher, with the default status.
    let (status, _) = post(&mock, "/_mock/units/3/login", json!({"isDispatch": true})).await;
    assert_eq!(status, 200);
    let (kind, data) = next(&mut hub).await;
    let shown = unit(&mock, 3).await.expect("E-7 online");
    assert_eq!((shown["status"].clone(), shown["isDispatch"].clone()), (json!(2), json!(true)));
    assert_eq!((kind.as_str(), data), ("EVENT_UNIT_LOGIN", json!([{"unit": shown, "isDispatch": true, "selfDispatch": false}])));

    // John's unit 12 is on call 501: logging out takes it off, with no dispatch event.
    let (status, answer) = post(&mock, "/_mock/units/12/logout", json!({})).await;
    assert_eq!((status, answer["leftCalls"].clone()), (200, json!([501])), "{answer}");
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_LOGOUT".into(), json!([{"identId": 12}])));
    assert_eq!(active(&mock, 1, 501).await.unwrap()["idents"], json!([]));
    assert!(hub.push_event(QUIET).await.is_none());

    // Refusals.
    refused(&mock, "/_mock/units/99999/login", json!({}), 404).await;
    refused(&mock, "/_mock/units/99999/logout", json!({}), 404).await;
    refused(&mock, "/_mock/units/abc/logout", json!({}), 400).await;
    assert!(refused(&mock, "/_mock/units/12/login", json!({"status": 100}), 400).await.contains("status"));
    assert!(refused(&mock, "/_mock/units/12/login", json!({"isDispatch": "yes"}), 400).await.contains("isDispatch"));
    refused(&mock, "/_mock/units/12/login", json!({"serverId": 9}), 404).await;
    assert!(hub.push_event(QUIET).await.is_none(), "refusals push nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_status_panic_and_groups_in_the_cad() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let ids = seed(&mock, 3).await;

    let (status, answer) = post(&mock, &format!("/_mock/units/{}/status", ids[0]), json!({"status": 4})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_STATUS".into(), json!([{"identIds": [ids[0]], "status": 4}])));
    assert_eq!(unit(&mock, ids[0]).await.unwrap()["status"], 4);
    assert!(refused(&mock, &format!("/_mock/units/{}/status", ids[0]), json!({"status": 100}), 400).await.contains("logout"));
    assert!(refused(&mock, "/_mock/units/3/status", json!({"status": 1}), 409).await.contains("offline"));

    let (status, _) = post(&mock, &format!("/_mock/units/{}/panic", ids[1]), json!({"isPanic": true})).await;
    assert_eq!(status, 200);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_PANIC".into(), json!([{"identIds": [ids[1]], "isPanic": true}])));
    assert_eq!(unit(&mock, ids[1]).await.unwrap()["isPanic"], true);
    let (_, _) = post(&mock, &format!("/_mock/units/{}/panic", ids[1]), json!({"isPanic": false})).await;
    assert_eq!(next(&mut hub).await.1, json!([{"identIds": [ids[1]], "isPanic": false}]));
    assert!(refused(&mock, &format!("/_mock/units/{}/panic", ids[1]), json!({}), 400).await.contains("isPanic"));
    refused(&mock, "/_mock/units/3/panic", json!({"isPanic": true}), 409).await;
    refused(&mock, "/_mock/units/99999/panic", json!({"isPanic": true}), 404).await;

    // Into a group, renamed, out of it.
    for id in &ids[..2] {
        let (status, answer) = post(&mock, &format!("/_mock/units/{id}/group"), json!({"groupName": "Ladder 61"})).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_ADD".into(), json!({"identId": id, "groupName": "Ladder 61"})));
        assert_eq!(unit(&mock, *id).await.unwrap()["data"]["group"], "Ladder 61");
    }
    let (status, answer) = post(&mock, "/_mock/groups/rename", json!({"oldName": "Ladder 61", "newName": "Ladder 62"})).await;
    assert_eq!(status, 200, "{answer}");
    let renamed = json!({"identIds": [ids[0], ids[1]], "oldName": "Ladder 61", "newName": "Ladder 62"});
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_CHANGE_NAME".into(), renamed));
    for id in &ids[..2] {
        assert_eq!(unit(&mock, *id).await.unwrap()["data"]["group"], "Ladder 62");
    }
    assert_eq!(unit(&mock, ids[2]).await.unwrap()["data"]["group"], "");
    let (status, answer) = post(&mock, &format!("/_mock/units/{}/group", ids[0]), json!({"groupName": null})).await;
    assert_eq!((status, answer["oldName"].clone()), (200, json!("Ladder 62")), "{answer}");
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_REMOVE".into(), json!({"identId": ids[0], "groupName": "Ladder 62"})));
    assert_eq!(unit(&mock, ids[0]).await.unwrap()["data"]["group"], "", "no group shows as \"\"");
    let (_, _) = post(&mock, &format!("/_mock/units/{}/group", ids[1]), json!({"groupName": ""})).await;
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_REMOVE".into(), json!({"identId": ids[1], "groupName": "Ladder 62"})));
    refused(&mock, &format!("/_mock/units/{}/group", ids[1]), json!({"groupName": ""}), 409).await;
    // A unit made through the API without a group has no `group` key; a refused removal and
    // an API group write that changes nothing leave it so (no event, nothing changed).
    let made =
        call(&mock, "POST", &format!("/v2/emergency/accounts/{}/identifiers", sonoran_mock::JOHN_UUID), Some(json!({"unitNum": "B-9"})))
            .await;
    let made = made.body["identId"].as_i64().unwrap();
    assert!(unit(&mock, made).await.unwrap()["data"].get("group").is_none());
    refused(&mock, &format!("/_mock/units/{made}/group"), json!({"groupName": null}), 409).await;
    let v1 = json!({"id": DEMO_COMMUNITY_ID, "key": DEMO_API_KEY, "type": "IDENTS_TO_GROUP", "data": [{"serverId": 1, "identIds": [made], "groupName": ""}]});
    let answer =
        reqwest::Client::new().post(format!("{}/emergency/idents_to_group", mock.url())).body(v1.to_string()).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert!(unit(&mock, made).await.unwrap()["data"].get("group").is_none());

    // Refusals.
    for body in [json!({}), json!({"groupName": 7})] {
        assert!(refused(&mock, &format!("/_mock/units/{}/group", ids[0]), body, 400).await.contains("groupName"));
    }
    refused(&mock, "/_mock/units/99999/group", json!({"groupName": "X"}), 404).await;
    refused(&mock, "/_mock/groups/rename", json!({"oldName": "Nobody's", "newName": "X"}), 404).await;
    assert!(refused(&mock, "/_mock/groups/rename", json!({"newName": "X"}), 400).await.contains("oldName"));
    assert!(refused(&mock, "/_mock/groups/rename", json!({"oldName": "CAR 51", "newName": ""}), 400).await.contains("newName"));
    assert!(refused(&mock, "/_mock/units/12/status", json!({"status": "busy"}), 400).await.contains("status"));
    refused(&mock, "/_mock/units/12/status", json!("not an object"), 400).await;
    assert!(hub.push_event(QUIET).await.is_none(), "refusals push nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dispatch_calls_in_the_cad() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let mut two = Hub::authenticated(&mock, 2).await;
    let ids = seed(&mock, 2).await;
    let (a, b) = (ids[0], ids[1]);

    // A call created with a unit: the event's dispatch is the call get_calls_v2 shows.
    let body = json!({"origin": 1, "status": 0, "priority": 2, "title": "Structure Fire", "address": "Alta St", "postal": "7001",
        "description": "Smoke seen", "code": "10-70", "idents": [a]});
    let (status, answer) = post(&mock, "/_mock/dispatch", body).await;
    assert_eq!(status, 200, "{answer}");
    let first = answer["call"]["callId"].as_i64().unwrap();
    let (kind, data) = next(&mut hub).await;
    let shown = active(&mock, 1, first).await.expect("in ActiveCalls");
    assert_eq!((kind.as_str(), data), ("EVENT_DISPATCH_NEW", json!({"eventOriginIdent": a, "dispatch": shown})));
    assert_eq!(answer["call"], shown);
    for (key, value) in [("origin", json!(1)), ("status", json!(0)), ("priority", json!(2)), ("primary", json!(a)), ("idents", json!([a]))]
    {
        assert_eq!(shown[key], value, "{key}: {shown}");
    }
    assert_eq!((shown["block"].clone(), shown["notes"].clone(), shown["metaData"].clone()), (json!(""), json!([]), json!({})));
    // As create_dispatch_call_v2 makes one: the same fields.
    let api = call(
        &mock,
        "POST",
        "/v2/emergency/servers/1/dispatch-calls",
        Some(json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "communityUserIds": []})),
    )
    .await;
    assert_eq!(api.status, 200, "{:?}", api.body);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&shown), keys(&api.body));

    // Without units, with the defaults.
    let (_, answer) = post(&mock, "/_mock/dispatch", json!({})).await;
    let second = answer["call"]["callId"].as_i64().unwrap();
    let (_, data) = next(&mut hub).await;
    let shown = active(&mock, 1, second).await.unwrap();
    assert_eq!(data, json!({"eventOriginIdent": null, "dispatch": shown}));
    assert_eq!((shown["status"].clone(), shown["primary"].clone(), shown["title"].clone()), (json!(1), json!(0), json!("New Call")));

    // Edited.
    let (status, answer) =
        post(&mock, &format!("/_mock/dispatch/{first}/edit"), json!({"title": "Working Fire", "status": 1, "metaData": {"k": "v"}})).await;
    assert_eq!(status, 200, "{answer}");
    let (kind, data) = next(&mut hub).await;
    let shown = active(&mock, 1, first).await.unwrap();
    assert_eq!((kind.as_str(), data), ("EVENT_DISPATCH_EDIT", json!({"eventOriginIdent": null, "dispatch": shown})));
    assert_eq!((shown["title"].clone(), shown["metaData"].clone()), (json!("Working Fire"), json!({"k": "v"})));

    // A note: the event's note is the one stored.
    let (status, answer) = post(&mock, &format!("/_mock/dispatch/{first}/note"), json!({"content": "Second alarm", "label": "A-10"})).await;
    assert_eq!(status, 200, "{answer}");
    let (kind, data) = next(&mut hub).await;
    let shown = active(&mock, 1, first).await.unwrap();
    let stored = shown["notes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((kind.as_str(), data), ("EVENT_DISPATCH_NOTE", json!({"callId": first, "note": stored})));
    assert_eq!(
        (stored["label"].clone(), stored["type"].clone(), stored["content"].clone()),
        (json!("A-10"), json!("text"), json!("Second alarm"))
    );

    // Attached to the second call: a leaves the first.
    let (status, answer) = post(&mock, &format!("/_mock/dispatch/{second}/attach"), json!({"idents": [a, b, a]})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        next(&mut hub).await,
        ("EVENT_DISPATCH_UNIT_ATTACH".into(), json!({"eventOriginIdent": null, "callId": second, "idents": [a, b]}))
    );
    let shown = active(&mock, 1, second).await.unwrap();
    assert_eq!((shown["idents"].clone(), shown["primary"].clone()), (json!([a, b]), json!(a)));
    assert_eq!(answer["call"], shown);
    assert_eq!(active(&mock, 1, first).await.unwrap()["idents"], json!([]));

    let (status, _) = post(&mock, &format!("/_mock/dispatch/{second}/detach"), json!({"idents": [b]})).await;
    assert_eq!(status, 200);
    assert_eq!(
        next(&mut hub).await,
        ("EVENT_DISPATCH_UNIT_DETACH".into(), json!({"eventOriginIdent": null, "callId": second, "idents": [b]}))
    );
    assert_eq!(active(&mock, 1, second).await.unwrap()["idents"], json!([a]));

    // Closed: out of ActiveCalls, first in ClosedCalls.
    let (status, answer) = post(&mock, &format!("/_mock/dispatch/{first}/close"), json!({})).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(next(&mut hub).await, ("EVENT_DISPATCH_CLOSED".into(), json!({"eventOriginIdent": null, "callIds": [first]})));
    let now = calls(&mock, 1).await;
    assert!(!now["ActiveCalls"].as_array().unwrap().iter().any(|c| c["callId"] == first));
    assert_eq!((now["ClosedCalls"][0]["callId"].clone(), now["ClosedCalls"][0]["status"].clone()), (json!(first), json!(2)));
    assert_eq!(answer["call"], now["ClosedCalls"][0]);

    // Another server's call: its events go to that server's session.
    let (_, answer) = post(&mock, "/_mock/dispatch", json!({"serverId": 2, "title": "On two"})).await;
    let on_two = answer["call"]["callId"].as_i64().unwrap();
    let payload = two.push_event(WAIT).await.unwrap();
    assert_eq!(payload["data"], json!({"eventOriginIdent": null, "dispatch": active(&mock, 2, on_two).await.unwrap()}));
    assert!(active(&mock, 1, on_two).await.is_none());
    let (status, _) = post(&mock, &format!("/_mock/dispatch/{on_two}/close"), json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(two.push_event(WAIT).await.unwrap()["type"], "EVENT_DISPATCH_CLOSED");
    refused(&mock, &format!("/_mock/dispatch/{second}/note"), json!({"content": "x", "serverId": 2}), 404).await;

    // Refusals: unknown and closed calls, unknown and offline units, bad fields.
    for (route, body) in [
        ("edit", json!({"title": "x"})),
        ("close", json!({})),
        ("note", json!({"content": "x"})),
        ("attach", json!({"idents": [a]})),
        ("detach", json!({"idents": [a]})),
    ] {
        refused(&mock, &format!("/_mock/dispatch/424242/{route}"), body.clone(), 404).await;
        refused(&mock, &format!("/_mock/dispatch/{first}/{route}"), body, 404).await;
    }
    refused(&mock, &format!("/_mock/dispatch/{second}/attach"), json!({"idents": [99999]}), 404).await;
    refused(&mock, &format!("/_mock/dispatch/{second}/attach"), json!({"idents": [3]}), 409).await;
    refused(&mock, "/_mock/dispatch", json!({"idents": [3]}), 409).await;
    refused(&mock, "/_mock/dispatch", json!({"idents": [99999]}), 404).await;
    refused(&mock, &format!("/_mock/dispatch/{second}/detach"), json!({"idents": [b]}), 409).await;
    refused(&mock, "/_mock/dispatch", json!({"serverId": 9}), 404).await;
    for (path, body, named) in [
        ("/_mock/dispatch".to_string(), json!({"origin": 9}), "origin"),
        ("/_mock/dispatch".to_string(), json!({"status": 2}), "status"),
        ("/_mock/dispatch".to_string(), json!({"title": 5}), "title"),
        ("/_mock/dispatch".to_string(), json!({"idents": "x"}), "idents"),
        ("/_mock/dispatch".to_string(), json!({"metaData": {"n": 1}}), "metaData"),
        ("/_mock/dispatch".to_string(), json!({"bogus": 1}), "bogus"),
        (format!("/_mock/dispatch/{second}/edit"), json!({"status": 2}), "status"),
        (format!("/_mock/dispatch/{second}/edit"), json!({"idents": [a]}), "idents"),
        (format!("/_mock/dispatch/{second}/edit"), json!({}), "title"),
        (format!("/_mock/dispatch/{second}/note"), json!({"content": ""}), "content"),
        (format!("/_mock/dispatch/{second}/note"), json!({"content": "x", "label": 1}), "label"),
        (format!("/_mock/dispatch/{second}/attach"), json!({}), "idents"),
        (format!("/_mock/dispatch/{second}/detach"), json!({"idents": []}), "idents"),
    ] {
        let error = refused(&mock, &path, body.clone(), 400).await;
        assert!(error.contains(named), "{path} {body}: {error}");
    }
    refused(&mock, &format!("/_mock/dispatch/{second}/edit"), json!({"primary": b}), 409).await;
    assert!(hub.push_event(QUIET).await.is_none(), "refusals push nothing");
    assert!(two.push_event(QUIET).await.is_none());
}

/// A v1 request's answer status.
async fn v1(mock: &MockServer, request_type: &str, path: &str, data: Value) -> u16 {
    let body = json!({"id": DEMO_COMMUNITY_ID, "key": DEMO_API_KEY, "type": request_type, "data": [data]});
    reqwest::Client::new().post(format!("{}{path}", mock.url())).body(body.to_string()).send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_changes_push_unit_events_and_no_dispatch_events() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let ok = |answer: &common::Answer| assert!(answer.status == 200, "{:?}", answer.body);

    ok(&call(&mock, "PATCH", "/v2/emergency/servers/1/units/status", Some(json!({"identIds": [1, 12], "status": 1}))).await);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_STATUS".into(), json!([{"identIds": [1, 12], "status": 1}])));
    ok(&call(&mock, "PATCH", "/v2/emergency/servers/1/units/panic", Some(json!({"communityUserId": "license:abc123", "isPanic": true})))
        .await);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_PANIC".into(), json!([{"identIds": [12], "isPanic": true}])));
    assert_eq!(unit(&mock, 12).await.unwrap()["isPanic"], true);

    // Two kicks at once: one logout each, in order; 12 leaves call 501.
    let kicks = json!([{"communityUserId": "license:abc123"}, {"communityUserId": "Steam:1234"}]);
    ok(&call(&mock, "POST", "/v2/emergency/servers/1/units/kick", Some(kicks)).await);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_LOGOUT".into(), json!([{"identId": 12}])));
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_LOGOUT".into(), json!([{"identId": 1}])));
    assert!(unit(&mock, 12).await.is_none() && unit(&mock, 1).await.is_none());

    // Groups: v2 add, v1 add and remove; only units whose group changed.
    ok(&call(&mock, "PUT", "/v2/emergency/servers/1/identifier-groups/Ladder%2061", Some(json!({"identIds": [2, 3]}))).await);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_ADD".into(), json!({"identId": 2, "groupName": "Ladder 61"})));
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_ADD".into(), json!({"identId": 3, "groupName": "Ladder 61"})));
    assert_eq!(
        v1(&mock, "IDENTS_TO_GROUP", "/emergency/idents_to_group", json!({"serverId": 1, "identIds": [2, 3], "groupName": "Ladder 61"}))
            .await,
        200
    );
    assert_eq!(
        v1(&mock, "IDENTS_TO_GROUP", "/emergency/idents_to_group", json!({"serverId": 1, "identIds": [2], "groupName": ""})).await,
        200
    );
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_GROUP_REMOVE".into(), json!({"identId": 2, "groupName": "Ladder 61"})));
    assert_eq!(unit(&mock, 2).await.unwrap()["data"]["group"], "");

    // 911 calls: placed and removed.
    let placed = call(
        &mock,
        "POST",
        "/v2/emergency/servers/1/calls/911",
        Some(json!({"isEmergency": true, "caller": "C", "location": "L", "description": "D"})),
    )
    .await;
    ok(&placed);
    let id = placed.body["callId"].as_i64().unwrap();
    assert_eq!(next(&mut hub).await.0, "EVENT_911");
    ok(&call(&mock, "DELETE", &format!("/v2/emergency/servers/1/calls/911/{id}"), None).await);
    assert_eq!(next(&mut hub).await, ("EVENT_REMOVE_911".into(), json!([{"callIds": [id]}])));

    // Every dispatch write through the API: no event ("not sent triggered via the API").
    let created = call(
        &mock,
        "POST",
        "/v2/emergency/servers/1/dispatch-calls",
        Some(json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "identIds": [2]})),
    )
    .await;
    ok(&created);
    let id = created.body["callId"].as_i64().unwrap();
    let path = |tail: &str| format!("/v2/emergency/servers/1/dispatch-calls{tail}");
    ok(&call(&mock, "PATCH", &path(&format!("/{id}")), Some(json!({"title": "T2"}))).await);
    ok(&call(&mock, "POST", &path(&format!("/{id}/notes")), Some(json!({"note": "n"}))).await);
    ok(&call(&mock, "PATCH", &path(&format!("/{id}/postal")), Some(json!({"postal": "1"}))).await);
    ok(&call(&mock, "PATCH", &path(&format!("/{id}/primary")), Some(json!({"identId": 2}))).await);
    ok(&call(&mock, "DELETE", &path("/attachments"), Some(json!({"identIds": [2]}))).await);
    ok(&call(&mock, "POST", &path(&format!("/{id}/attachments")), Some(json!({"identIds": [2]}))).await);
    ok(&call(&mock, "POST", &path("/close"), Some(json!({"callIds": [id]}))).await);
    // Events keep their order: the next one is the one made after all of those.
    let (status, _) = post(&mock, "/_mock/units/2/status", json!({"status": 4})).await;
    assert_eq!(status, 200);
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_STATUS".into(), json!([{"identIds": [2], "status": 4}])));
    assert!(hub.push_event(QUIET).await.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_arrive_in_the_order_of_the_changes() {
    let mock = Arc::new(mock());
    let mut hub = Hub::authenticated(&mock, 1).await;
    let id = seed(&mock, 1).await[0];

    // 200 quick API changes, one after the other: their events come in that order.
    for i in 0..200 {
        let body = json!({"identIds": [id], "status": i % 5});
        let answer = call(&mock, "PATCH", "/v2/emergency/servers/1/units/status", Some(body)).await;
        assert_eq!(answer.status, 200);
    }
    for i in 0..200 {
        assert_eq!(next(&mut hub).await.1, json!([{"identIds": [id], "status": i % 5}]), "event {i}");
    }

    // 200 notes at once on one call: the events' order is the notes' order in the store.
    let (_, answer) = post(&mock, "/_mock/dispatch", json!({"title": "Busy"})).await;
    let call_id = answer["call"]["callId"].as_i64().unwrap();
    assert_eq!(next(&mut hub).await.0, "EVENT_DISPATCH_NEW");
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let mock = mock.clone();
            tokio::spawn(
                async move { post(&mock, &format!("/_mock/dispatch/{call_id}/note"), json!({"content": format!("n{i}")})).await.0 },
            )
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let stored: Vec<Value> = active(&mock, 1, call_id).await.unwrap()["notes"].as_array().unwrap().clone();
    assert_eq!(stored.len(), 200);
    for (i, note) in stored.iter().enumerate() {
        let (kind, data) = next(&mut hub).await;
        assert_eq!((kind.as_str(), &data["note"]), ("EVENT_DISPATCH_NOTE", note), "event {i}");
    }

    // 200 API status changes at once: the last event tells the state the reads show.
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let mock = mock.clone();
            tokio::spawn(async move {
                call(&mock, "PATCH", "/v2/emergency/servers/1/units/status", Some(json!({"identIds": [id], "status": i % 5}))).await.status
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    let mut last = None;
    for _ in 0..200 {
        last = Some(next(&mut hub).await.1[0]["status"].clone());
    }
    assert_eq!(last.unwrap(), unit(&mock, id).await.unwrap()["status"]);
    assert!(hub.push_event(QUIET).await.is_none());

    // Over the HTTP listener too.
    drop(hub);
    while !mock.hub_sessions().is_empty() {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (port, mut received) = listener().await;
    set_listener(&mock, 1, port).await;
    for i in 0..200 {
        let group = format!("G{i}");
        let (status, answer) = post(&mock, &format!("/_mock/units/{id}/group"), json!({"groupName": group})).await;
        assert_eq!((status, &answer["event"]["via"]), (200, &json!("http")), "{answer}");
    }
    for i in 0..200 {
        let body = tokio::time::timeout(WAIT, received.recv()).await.unwrap().unwrap();
        assert_eq!(body["data"], json!({"identId": id, "groupName": format!("G{i}")}), "event {i}");
    }
    let stats = call(&mock, "GET", "/_mock/stats", None).await.body;
    assert_eq!(stats["events"]["queued"], 0, "{stats}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn during_a_hub_outage_events_go_to_the_listener_or_fail() {
    let mock = mock();
    let mut hub = Hub::authenticated(&mock, 1).await;
    let (status, answer) = post(&mock, "/_mock/units/1/status", json!({"status": 3})).await;
    assert_eq!((status, answer["event"]["via"].clone()), (200, json!("websocket")));
    assert_eq!(next(&mut hub).await.0, "EVENT_UNIT_STATUS");

    let (status, _) = post(&mock, "/_mock/hub/drop", json!({"forMs": 2000})).await;
    assert_eq!(status, 200);
    assert!(mock.hub_sessions().is_empty());
    // No listener: the event fails, is counted, and is not kept for later.
    let nobody = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    set_listener(&mock, 1, nobody).await;
    let failed_before = call(&mock, "GET", "/_mock/stats", None).await.body["events"]["failed"].as_u64().unwrap();
    let (status, answer) = post(&mock, "/_mock/units/1/panic", json!({"isPanic": true})).await;
    assert_eq!(status, 200, "the change stands");
    assert!(answer["event"]["error"].as_str().unwrap().contains("No hub session"), "{answer}");
    assert_eq!(unit(&mock, 1).await.unwrap()["isPanic"], true);
    let stats = call(&mock, "GET", "/_mock/stats", None).await.body;
    assert_eq!(stats["events"]["failed"].as_u64().unwrap(), failed_before + 1, "{stats}");
    assert_eq!(stats["events"]["last"]["type"], "EVENT_UNIT_PANIC");
    // A listener: events go there.
    let (port, mut received) = listener().await;
    set_listener(&mock, 1, port).await;
    let (_, answer) = post(&mock, "/_mock/units/1/panic", json!({"isPanic": false})).await;
    assert_eq!(answer["event"]["via"], "http", "{answer}");
    let body = received.recv().await.unwrap();
    assert_eq!(body, json!({"key": DEMO_API_KEY, "type": "EVENT_UNIT_PANIC", "data": [{"identIds": [1], "isPanic": false}]}));

    // Back from the outage: the hub again, and nothing of the outage replayed.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let mut hub = Hub::authenticated(&mock, 1).await;
    let (_, answer) = post(&mock, "/_mock/units/1/status", json!({"status": 2})).await;
    assert_eq!(answer["event"]["via"], "websocket");
    assert_eq!(next(&mut hub).await, ("EVENT_UNIT_STATUS".into(), json!([{"identIds": [1], "status": 2}])));
    assert!(hub.push_event(QUIET).await.is_none());
}

/// A live mirror as a client keeps one: seeded from the reads, then fed the events.
struct Mirror {
    units: BTreeMap<i64, Value>,
    dispatch: BTreeMap<i64, Value>,
    emergency: BTreeMap<i64, Value>,
}

impl Mirror {
    async fn seeded(mock: &MockServer) -> Mirror {
        let units = units(mock).await.into_iter().map(|u| (u["id"].as_i64().unwrap(), u)).collect();
        let calls = calls(mock, 1).await;
        Mirror { units, dispatch: by_id(&calls["ActiveCalls"]), emergency: by_id(&calls["EmergencyCalls"]) }
    }

    fn ids(value: &Value) -> Vec<i64> {
        value.as_array().unwrap().iter().map(|i| i.as_i64().unwrap()).collect()
    }

    fn take_off(&mut self, ids: &[i64], except: Option<i64>) {
        for (call_id, call) in self.dispatch.iter_mut() {
            if Some(*call_id) != except {
                let kept: Vec<i64> = Mirror::ids(&call["idents"]).into_iter().filter(|i| !ids.contains(i)).collect();
                call["idents"] = json!(kept);
            }
        }
    }

    fn apply(&mut self, kind: &str, data: &Value) {
        let one = if data.is_array() { &data[0] } else { data };
        match kind {
            "EVENT_UNIT_LOGIN" => {
                self.units.insert(one["unit"]["id"].as_i64().unwrap(), one["unit"].clone());
            }
            "EVENT_UNIT_LOGOUT" => {
                let id = one["identId"].as_i64().unwrap();
                self.units.remove(&id);
                self.take_off(&[id], None);
            }
            "EVENT_UNIT_STATUS" | "EVENT_UNIT_PANIC" => {
                let (key, value) = if kind == "EVENT_UNIT_STATUS" { ("status", &one["status"]) } else { ("isPanic", &one["isPanic"]) };
                for id in Mirror::ids(&one["identIds"]) {
                    if let Some(unit) = self.units.get_mut(&id) {
                        unit[key] = value.clone();
                    }
                }
            }
            "EVENT_UNIT_GROUP_ADD" | "EVENT_UNIT_GROUP_REMOVE" => {
                let group = if kind == "EVENT_UNIT_GROUP_ADD" { one["groupName"].clone() } else { json!("") };
                if let Some(unit) = self.units.get_mut(&one["identId"].as_i64().unwrap()) {
                    unit["data"]["group"] = group;
                }
            }
            "EVENT_UNIT_GROUP_CHANGE_NAME" => {
                for id in Mirror::ids(&one["identIds"]) {
                    if let Some(unit) = self.units.get_mut(&id) {
                        unit["data"]["group"] = one["newName"].clone();
                    }
                }
            }
            "EVENT_DISPATCH_NEW" | "EVENT_DISPATCH_EDIT" => {
                let call = one["dispatch"].clone();
                if kind == "EVENT_DISPATCH_NEW" {
                    self.take_off(&Mirror::ids(&call["idents"]), call["callId"].as_i64());
                }
                self.dispatch.insert(call["callId"].as_i64().unwrap(), call);
            }
            "EVENT_DISPATCH_CLOSED" => {
                for id in Mirror::ids(&one["callIds"]) {
                    self.dispatch.remove(&id);
                }
            }
            "EVENT_DISPATCH_NOTE" => {
                let call = self.dispatch.get_mut(&one["callId"].as_i64().unwrap()).unwrap();
                call["notes"].as_array_mut().unwrap().push(one["note"].clone());
            }
            "EVENT_DISPATCH_UNIT_ATTACH" => {
                let (call_id, ids) = (one["callId"].as_i64().unwrap(), Mirror::ids(&one["idents"]));
                self.take_off(&ids, Some(call_id));
                let call = self.dispatch.get_mut(&call_id).unwrap();
                let mut idents = Mirror::ids(&call["idents"]);
                idents.extend(ids.iter().filter(|i| !idents.contains(i)).collect::<Vec<_>>());
                if call["primary"] == 0 {
                    call["primary"] = json!(idents[0]);
                }
                call["idents"] = json!(idents);
            }
            "EVENT_DISPATCH_UNIT_DETACH" => {
                let ids = Mirror::ids(&one["idents"]);
                let call = self.dispatch.get_mut(&one["callId"].as_i64().unwrap()).unwrap();
                let kept: Vec<i64> = Mirror::ids(&call["idents"]).into_iter().filter(|i| !ids.contains(i)).collect();
                call["idents"] = json!(kept);
            }
            "EVENT_911" => {
                let mut call = one["call"].clone();
                call["metaData"] = one["metaData"].clone();
                self.emergency.insert(call["callId"].as_i64().unwrap(), call);
            }
            "EVENT_REMOVE_911" => {
                for id in Mirror::ids(&one["callIds"]) {
                    self.emergency.remove(&id);
                }
            }
            other => panic!("unexpected event {other}"),
        }
    }
}

/// Calls by id.
fn by_id(list: &Value) -> BTreeMap<i64, Value> {
    list.as_array().unwrap().iter().map(|c| (c["callId"].as_i64().unwrap(), c.clone())).collect()
}

/// The calls without `updated`: the one field events do not always carry (attaching,
/// detaching, notes and logouts move it; 911 events leave it out).
fn without_updated(calls: &BTreeMap<i64, Value>) -> BTreeMap<i64, Value> {
    calls
        .iter()
        .map(|(id, c)| {
            let mut c = c.clone();
            c.as_object_mut().unwrap().remove("updated");
            (*id, c)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_fed_the_events_ends_equal_to_the_reads() {
    let mock = mock();
    let ids = seed(&mock, 120).await;
    let mut hub = Hub::authenticated(&mock, 1).await;
    let mut mirror = Mirror::seeded(&mock).await;
    assert!(mirror.units.len() > 100, "seeded over two pages");

    let mut expected = 0;
    let mut created = Vec::new();
    let change = async |path: String, body: Value| {
        let (status, answer) = post(&mock, &path, body).await;
        assert_eq!(status, 200, "{path}: {answer}");
        answer
    };
    for (i, id) in ids.iter().enumerate().take(40) {
        match i % 8 {
            0 => change(format!("/_mock/units/{id}/logout"), json!({})).await,
            1 => change(format!("/_mock/units/{id}/status"), json!({"status": 3})).await,
            2 => change(format!("/_mock/units/{id}/panic"), json!({"isPanic": true})).await,
            3 => change(format!("/_mock/units/{id}/group"), json!({"groupName": "Ladder 61"})).await,
            4 => change(format!("/_mock/units/{}/login", ids[i - 4]), json!({"isDispatch": i % 16 == 4})).await,
            5 if i % 16 == 5 => change(format!("/_mock/units/{}/group", ids[i - 2]), json!({"groupName": null})).await,
            5 => change(format!("/_mock/units/{}/panic", ids[i - 3]), json!({"isPanic": false})).await,
            6 => {
                let answer = change("/_mock/dispatch".into(), json!({"title": format!("Call {i}"), "idents": [id]})).await;
                created.push(answer["call"]["callId"].as_i64().unwrap());
                answer
            }
            _ => change("/_mock/911".into(), json!({"caller": "C", "location": "L", "description": format!("D{i}")})).await,
        };
        expected += 1;
    }
    change("/_mock/groups/rename".into(), json!({"oldName": "Ladder 61", "newName": "Ladder 62"})).await;
    change(format!("/_mock/dispatch/{}/attach", created[0]), json!({"idents": [ids[1], ids[14]]})).await;
    change(format!("/_mock/dispatch/{}/detach", created[0]), json!({"idents": [ids[1]]})).await;
    change(format!("/_mock/dispatch/{}/note", created[1]), json!({"content": "Caller callback"})).await;
    change(format!("/_mock/dispatch/{}/edit", created[1]), json!({"priority": 3, "postal": "9002"})).await;
    change(format!("/_mock/dispatch/{}/close", created[2]), json!({})).await;
    change("/_mock/units/12/logout".into(), json!({})).await;
    change("/_mock/911/501/remove".into(), json!({})).await;
    expected += 8;
    // And through the API.
    call(&mock, "PATCH", "/v2/emergency/servers/1/units/status", Some(json!({"identIds": [ids[50], ids[51]], "status": 0}))).await;
    call(&mock, "POST", "/v2/emergency/servers/1/units/kick", Some(json!({"communityUserId": format!("license:unit{}", ids[52])}))).await;
    expected += 2;

    for _ in 0..expected {
        let (kind, data) = next(&mut hub).await;
        mirror.apply(&kind, &data);
    }
    assert!(hub.push_event(QUIET).await.is_none());

    let reads: BTreeMap<i64, Value> = units(&mock).await.into_iter().map(|u| (u["id"].as_i64().unwrap(), u)).collect();
    assert_eq!(mirror.units.len(), reads.len());
    for (id, unit) in &reads {
        assert_eq!(mirror.units.get(id), Some(unit), "unit {id}");
    }
    let calls = calls(&mock, 1).await;
    assert_eq!(without_updated(&mirror.dispatch), without_updated(&by_id(&calls["ActiveCalls"])));
    assert_eq!(without_updated(&mirror.emergency), without_updated(&by_id(&calls["EmergencyCalls"])));
    // The calls whose whole object an event carried are equal with `updated` too.
    for id in [created[1], created[3], created[4]] {
        assert_eq!(mirror.dispatch.get(&id), by_id(&calls["ActiveCalls"]).get(&id), "call {id}");
    }
}
