//! The v2 emergency API (`/v2/emergency/...`): units, calls and dispatch. Each operation's
//! wire format from its page's example, checked by a server that only records; its rules,
//! checked before anything is sent; its pacing against the page; and round trips on the mock,
//! where what one operation writes the others read.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::api;
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;
use sonoran_mock::{MockOptions, RateLimit, BRIAN_UUID, JOHN_UUID};

const S: &str = "/v2/emergency/servers/1";

#[test]
fn every_operation_sends_its_pages_example_as_the_page_documents() {
    assert_sent_as_documented(&pages::emergency(), 18);
}

#[test]
fn each_operation_is_paced_at_its_pages_limit_and_the_mock_enforces_the_same() {
    let pages = [
        ("set_unit_status_v2", 30, false),
        ("set_unit_panic_v2", 20, false),
        ("kick_unit_v2", 20, false),
        ("update_unit_locations_v2", 12, false),
        ("get_calls_v2", 5, true),
        ("get_current_call_v2", 10, true),
        ("create_emergency_call_v2", 10, false),
        ("delete_emergency_call_v2", 10, false),
        ("create_dispatch_call_v2", 20, false),
        ("create_custom_dispatch_call_v2", 10, false),
        ("get_dispatch_templates_v2", 10, true),
        ("update_dispatch_call_v2", 10, false),
        ("attach_units_to_dispatch_call_v2", 10, false),
        ("detach_units_from_dispatch_call_v2", 10, false),
        ("set_dispatch_postal_v2", 20, false),
        ("set_dispatch_primary_v2", 10, false),
        ("add_dispatch_note_v2", 60, false),
        ("close_dispatch_calls_v2", 20, false),
    ];
    assert_paced_as_documented(&pages);
    // The mock's route table and the client's operation table agree on every v2 route.
    for (name, per_minute) in sonoran_mock::documented_limits() {
        let op = api::find(name).unwrap_or_else(|| panic!("the mock answers {name}, the client has no such operation"));
        assert_eq!(op.limit.requests as usize, per_minute, "{name}");
    }
}

#[test]
fn the_mock_enforces_each_routes_own_limit_with_429_and_retry_after() {
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..Default::default() });
    for _ in 0..5 {
        assert_eq!(client.call("get_calls_v2", &json!({})).unwrap().status, 200);
    }
    let err = client.call("get_calls_v2", &json!({})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::RateLimited, Some(429)));
    assert!(err.retry_after_ms.is_some_and(|ms| (1_000..=60_000).contains(&ms)));
    // Another route keeps its own budget (and a larger one: 60 notes a minute).
    assert_eq!(client.call("get_dispatch_templates_v2", &json!({})).unwrap().status, 200);
    let call = client
        .call("create_dispatch_call_v2", &json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "communityUserIds": []}))
        .unwrap();
    let id = call.body.to_value()["callId"].as_i64().unwrap();
    for i in 0..60 {
        client.call("add_dispatch_note_v2", &json!({"callId": id, "note": format!("note {i}")})).unwrap();
    }
    assert_eq!(client.call("add_dispatch_note_v2", &json!({"callId": id, "note": "one too many"})).unwrap_err().status, Some(429));
}

#[test]
fn bad_values_are_refused_naming_the_field_before_anything_is_sent() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let update = |n: usize, bad: Value| {
        let mut updates: Vec<Value> =
            (0..n).map(|i| json!({"communityUserId": format!("p{i}"), "coordinates": {"x": 1, "y": 2}})).collect();
        updates.push(bad);
        json!({"updates": updates})
    };
    refused(
        &client,
        "update_unit_locations_v2",
        update(3, json!({"communityUserId": "p", "coordinates": {"x": "east", "y": 2}})),
        "`updates[3].coordinates.x`",
    );
    refused(
        &client,
        "update_unit_locations_v2",
        update(1, json!({"communityUserId": "p", "coordinates": {"x": 1}})),
        "`updates[1].coordinates.y` is required",
    );
    refused(&client, "update_unit_locations_v2", update(0, json!({"location": "nowhere"})), "`updates[0]`");
    refused(
        &client,
        "update_unit_locations_v2",
        update(0, json!({"apiId": "p", "vehicle": {"headingOffset": "north"}})),
        "`updates[0].vehicle.headingOffset`",
    );
    refused(&client, "update_unit_locations_v2", update(0, json!({"apiId": "p", "speed": 3})), "`updates[0].speed`");
    refused(&client, "update_unit_locations_v2", json!({"updates": []}), "`updates` must not be empty");
    refused(&client, "set_unit_status_v2", json!({"communityUserId": "p", "status": 5}), "`status` must be one of 0, 1, 2, 3, 4, 100");
    refused(&client, "set_unit_status_v2", json!({"status": 2}), "communityUserId");
    refused(&client, "set_unit_status_v2", json!({"apiId": "p", "identIds": [1], "status": 2}), "more than one");
    refused(&client, "set_unit_panic_v2", json!({"communityUserId": "p", "isPanic": "yes"}), "`isPanic`");
    refused(&client, "kick_unit_v2", json!({"identIds": [12]}), "`identIds`");
    refused(&client, "get_calls_v2", json!({"type": 2}), "`type` must be one of 0, 1, 100");
    refused(&client, "get_calls_v2", json!({"closedLimit": -1}), "`closedLimit`");
    refused(&client, "get_current_call_v2", json!({"accountUuid": "john"}), "`accountUuid`");
    refused(&client, "create_emergency_call_v2", json!({"isEmergency": true, "caller": "C", "location": "L"}), "`description` is required");
    refused(
        &client,
        "create_emergency_call_v2",
        json!({"isEmergency": true, "caller": "C", "location": "L", "description": "D", "metaData": {"x": {"deep": 1}}}),
        "`metaData.x`",
    );
    refused(&client, "delete_emergency_call_v2", json!({"callId": "first"}), "`callId`");
    let dispatch = json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "communityUserIds": []});
    let with = |key: &str, value: Value| {
        let mut params = dispatch.clone();
        params[key] = value;
        params
    };
    refused(&client, "create_dispatch_call_v2", with("origin", json!(7)), "`origin`");
    refused(&client, "create_dispatch_call_v2", with("status", json!(3)), "`status`");
    refused(&client, "create_dispatch_call_v2", with("accounts", json!(["not-a-uuid"])), "`accounts[0]`");
    refused(&client, "create_dispatch_call_v2", with("notes", json!(["just text"])), "`notes[0]`");
    refused(&client, "create_dispatch_call_v2", json!({"origin": 0, "status": 1, "priority": 1, "title": "T"}), "communityUserIds");
    refused(&client, "create_dispatch_call_v2", json!({"status": 1, "priority": 1, "title": "T", "accounts": []}), "`origin` is required");
    refused(&client, "create_custom_dispatch_call_v2", json!({"templateId": 1, "values": {"status": "deployed"}}), "identIds");
    refused(&client, "create_custom_dispatch_call_v2", json!({"templateId": 1, "values": "deployed", "identIds": [12]}), "`values`");
    refused(&client, "get_dispatch_templates_v2", json!({"templateId": "uk"}), "`templateId`");
    refused(&client, "update_dispatch_call_v2", json!({"callId": 501}), "at least one field");
    refused(&client, "update_dispatch_call_v2", json!({"callId": 501, "trackPrimary": "yes"}), "`trackPrimary`");
    refused(&client, "attach_units_to_dispatch_call_v2", json!({"callId": 501}), "groupName");
    refused(&client, "attach_units_to_dispatch_call_v2", json!({"callId": 501, "groupName": "A", "identIds": [1]}), "more than one");
    refused(&client, "detach_units_from_dispatch_call_v2", json!({"communityUserIds": []}), "`communityUserIds` must not be empty");
    refused(&client, "set_dispatch_postal_v2", json!({"callId": 501}), "`postal` is required");
    refused(&client, "set_dispatch_primary_v2", json!({"callId": 501, "identId": 12, "trackPrimary": 1}), "`trackPrimary`");
    refused(&client, "add_dispatch_note_v2", json!({"callId": 501, "note": ""}), "`note`");
    refused(&client, "close_dispatch_calls_v2", json!({"callIds": []}), "`callIds`");
    refused(&client, "close_dispatch_calls_v2", json!({"callIds": [501], "serverId": 0}), "`serverId`");
    assert!(server.requests().is_empty(), "nothing refused was sent");
    // Lua's empty table (an empty object in JSON) counts as an empty list; numbers in
    // metaData go out as the strings the API stores.
    client.call("create_dispatch_call_v2", &json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "communityUserIds": {}, "notes": {}, "metaData": {"x": 1.5, "radius": 75}})).unwrap();
    let body = server.requests()[0].json();
    assert_eq!(body["communityUserIds"], json!([]));
    assert_eq!(body["notes"], json!([]));
    assert_eq!(body["metaData"], json!({"x": "1.5", "radius": "75"}));
}

fn calls(client: &sonoran::Client) -> Value {
    data(client, "get_calls_v2", json!({}))
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|c| c["callId"].as_i64().unwrap()).collect()
}

/// Call `id` of a list of calls.
fn by_id(list: &Value, id: i64) -> Value {
    list.as_array().unwrap().iter().find(|c| c["callId"] == id).cloned().unwrap_or_else(|| panic!("no call {id} in {list}"))
}

/// The seeded dispatch calls (501, with JohnDoe's unit 12, then 1042 and 1043) and 911 call (501).
const SEEDED_DISPATCH: [i64; 3] = [501, 1042, 1043];
const SEEDED_911: i64 = 501;

#[test]
fn a_911_call_is_listed_until_deleted() {
    let (_mock, client) = mock();
    let created = data(
        &client,
        "create_emergency_call_v2",
        json!({
            "isEmergency": true, "caller": "John Doe", "location": "101 Alta Street", "description": "Structure fire",
            "metaData": {"x": "425.1", "y": "-979.2", "postal": "9001"}
        }),
    );
    let id = created["callId"].as_i64().unwrap();
    assert_eq!(created["caller"], "John Doe");
    let listed = calls(&client);
    assert_eq!(ids(&listed["EmergencyCalls"]), vec![SEEDED_911, id]);
    assert_eq!(by_id(&listed["EmergencyCalls"], id)["metaData"]["postal"], "9001");
    assert_eq!(ids(&data(&client, "get_calls_v2", json!({"type": 0}))["EmergencyCalls"]), Vec::<i64>::new());
    assert_eq!(data(&client, "delete_emergency_call_v2", json!({"callId": id})), json!({"callId": id, "serverId": 1}));
    assert_eq!(ids(&calls(&client)["EmergencyCalls"]), vec![SEEDED_911]);
    let again = client.call("delete_emergency_call_v2", &json!({"callId": id})).unwrap_err();
    assert_eq!((again.kind, again.status), (ErrorKind::NotFound, Some(404)));
}

#[test]
fn a_dispatch_call_gathers_units_notes_postal_and_primary_then_closes() {
    let (_mock, client) = mock();
    let created = data(
        &client,
        "create_dispatch_call_v2",
        json!({
            "origin": 0, "status": 1, "priority": 1, "title": "Armed Robbery", "code": "211", "communityUserIds": []
        }),
    );
    let id = created["callId"].as_i64().unwrap();
    assert_eq!(created["idents"], json!([]));
    data(
        &client,
        "update_dispatch_call_v2",
        json!({"callId": id, "description": "Clerk reports a firearm.", "metaData": {"x": "1", "y": "2"}}),
    );
    assert_eq!(
        data(&client, "attach_units_to_dispatch_call_v2", json!({"callId": id, "apiIds": ["license:abc123"]})),
        json!({"callId": id, "identIds": [12]})
    );
    assert_eq!(data(&client, "get_current_call_v2", json!({"accountUuid": JOHN_UUID})), json!({"IdentId": 12, "CallId": id}));
    // A unit is on one call at a time: 12 left the seeded call 501.
    assert_eq!(by_id(&calls(&client)["ActiveCalls"], 501)["idents"], json!([]));
    assert_eq!(
        data(&client, "add_dispatch_note_v2", json!({"callId": id, "note": "Caller is hiding.", "label": "Dispatcher"}))["note"],
        "Caller is hiding."
    );
    assert_eq!(data(&client, "set_dispatch_postal_v2", json!({"callId": id, "postal": "9002"})), json!({"callId": id, "postal": "9002"}));
    assert_eq!(
        data(&client, "set_dispatch_primary_v2", json!({"callId": id, "identId": 12, "trackPrimary": true})),
        json!({"callId": id, "identId": 12, "trackPrimary": true})
    );
    let listed = calls(&client);
    let call = &by_id(&listed["ActiveCalls"], id);
    assert_eq!(call["idents"], json!([12]));
    assert_eq!((call["postal"].as_str(), call["primary"].as_i64(), call["trackPrimary"].as_bool()), (Some("9002"), Some(12), Some(true)));
    assert_eq!(call["description"], "Clerk reports a firearm.");
    assert_eq!(call["metaData"], json!({"x": "1", "y": "2"}));
    assert_eq!((call["notes"][0]["content"].as_str(), call["notes"][0]["label"].as_str()), (Some("Caller is hiding."), Some("Dispatcher")));
    assert_eq!(data(&client, "close_dispatch_calls_v2", json!({"callIds": [id]})), json!({"callIds": [id]}));
    let listed = calls(&client);
    assert_eq!(ids(&listed["ActiveCalls"]), SEEDED_DISPATCH);
    assert_eq!(ids(&listed["ClosedCalls"]), vec![id]);
    assert_eq!((listed["ClosedCalls"][0]["status"].as_i64(), listed["ClosedCallCount"].as_i64()), (Some(2), Some(1)));
    assert_eq!(data(&client, "get_current_call_v2", json!({"accountUuid": JOHN_UUID})), json!({"IdentId": 12, "CallId": null}));
    assert_eq!(client.call("set_dispatch_postal_v2", &json!({"callId": id, "postal": "1"})).unwrap_err().status, Some(404));
}

#[test]
fn detaching_and_custom_calls_and_templates() {
    let (_mock, client) = mock();
    let templates = data(&client, "get_dispatch_templates_v2", json!({}));
    assert_eq!(templates[0]["templateId"], 1);
    assert_eq!(data(&client, "get_dispatch_templates_v2", json!({"templateId": 1}))["name"], templates[0]["name"]);
    assert_eq!(client.call("get_dispatch_templates_v2", &json!({"templateId": 9})).unwrap_err().status, Some(404));
    let custom = data(
        &client,
        "create_custom_dispatch_call_v2",
        json!({
            "templateId": 1, "values": {"status": "deployed", "priority": "Immediate", "caller_name": "Alex"}, "communityUserIds": ["license:abc123"]
        }),
    );
    assert_eq!((custom["status"].as_i64(), custom["statusId"].as_str()), (Some(1), Some("deployed")));
    assert_eq!(custom["idents"], json!([12]));
    let unknown = client
        .call(
            "create_custom_dispatch_call_v2",
            &json!({"templateId": 1, "values": {"status": "deployed", "colour": "red"}, "identIds": [12]}),
        )
        .unwrap_err();
    assert_eq!((unknown.status, unknown.kind), (Some(422), ErrorKind::BadRequest));
    assert_eq!(data(&client, "detach_units_from_dispatch_call_v2", json!({"identIds": [12]})), json!({"identIds": [12]}));
    assert_eq!(by_id(&calls(&client)["ActiveCalls"], custom["callId"].as_i64().unwrap())["idents"], json!([]));
    assert_eq!(client.call("detach_units_from_dispatch_call_v2", &json!({"identIds": [12]})).unwrap_err().status, Some(404));
}

fn unit(client: &sonoran::Client, id: i64) -> Value {
    let units = data(client, "get_units_v2", json!({"includeOffline": true}));
    units.as_array().unwrap().iter().find(|u| u["id"] == id).cloned().unwrap_or(Value::Null)
}

#[test]
fn status_panic_and_locations_change_what_unit_reads_return() {
    let (_mock, client) = mock();
    assert_eq!(
        data(&client, "set_unit_status_v2", json!({"apiId": "license:abc123", "status": 4})),
        json!({"updated": 1, "status": "ON_SCENE"})
    );
    assert_eq!(
        data(&client, "set_unit_panic_v2", json!({"accountUuid": JOHN_UUID, "isPanic": true})),
        json!({"updated": 1, "isPanic": true})
    );
    let updates = json!({"updates": [
        {"communityUserId": "license:abc123", "location": "Vinewood Blvd", "coordinates": {"x": 10.5, "y": -20.25, "z": 3, "w": 90}},
        {"discord": "274658103720132609", "location": "Sandy Shores"},
        {"communityUserId": "nobody"}
    ]});
    assert_eq!(data(&client, "update_unit_locations_v2", updates), json!({"updated": 2}));
    let john = unit(&client, 12);
    assert_eq!(
        (john["status"].as_i64(), john["isPanic"].as_bool(), john["location"].as_str()),
        (Some(4), Some(true), Some("Vinewood Blvd"))
    );
    assert_eq!(john["coordinates"], json!({"x": 10.5, "y": -20.25, "z": 3, "w": 90}));
    assert_eq!(unit(&client, 1)["location"], "Sandy Shores");
    let account = data(&client, "get_account_units", json!({"accountUuid": JOHN_UUID}));
    assert_eq!(account["units"][0]["isPanic"], true);
    data(&client, "set_unit_panic_v2", json!({"identIds": [12], "isPanic": false}));
    assert_eq!(unit(&client, 12)["isPanic"], false);
    let none = client.call("set_unit_status_v2", &json!({"communityUserId": "nobody", "status": 2})).unwrap_err();
    assert_eq!(none.status, Some(404));
}

#[test]
fn a_kicked_unit_goes_offline_and_leaves_its_call() {
    let (_mock, client) = mock();
    let call =
        data(&client, "create_dispatch_call_v2", json!({"origin": 1, "status": 1, "priority": 2, "title": "T", "accounts": [JOHN_UUID]}));
    assert_eq!(call["idents"], json!([12]));
    assert_eq!(
        data(&client, "kick_unit_v2", json!({"apiId": "license:abc123", "reason": "Restarting server."})),
        json!({"identId": 12, "reason": "Restarting server."})
    );
    assert_eq!(unit(&client, 12)["status"], 100);
    let online = data(&client, "get_units_v2", json!({}));
    assert!(online.as_array().unwrap().iter().all(|u| u["id"] != 12));
    assert_eq!(by_id(&calls(&client)["ActiveCalls"], call["callId"].as_i64().unwrap())["idents"], json!([]));
    let account = data(&client, "get_account_units", json!({"accountUuid": JOHN_UUID, "onlyOnline": false}));
    assert_eq!(account["units"][0]["status"], 100);
    // Kicking again finds no active unit.
    assert_eq!(client.call("kick_unit_v2", &json!({"apiId": "license:abc123"})).unwrap_err().status, Some(404));
    // Brian's unit is kicked by his Discord id.
    assert_eq!(data(&client, "kick_unit_v2", json!({"discord": "274658103720132609"}))["identId"], 1);
    let _ = BRIAN_UUID;
}

#[test]
fn the_typed_methods_round_trip_and_read_both_cases() {
    use sonoran::models::*;
    let (_mock, client) = mock();
    let john = GroupTarget::CommunityUserId("license:abc123".into());
    assert_eq!(client.set_unit_status_v2(None, &john, UnitStatus::OnScene).unwrap().updated, 1);
    assert_eq!(client.set_unit_panic_v2(Some(1), &john, true).unwrap().is_panic, Some(true));
    let update = LocationUpdate {
        community_user_id: Some("license:abc123".into()),
        location: Some("Pillbox".into()),
        coordinates: Some(Coordinates::new(1.0, 2.0, 3.0, 4.0)),
        ..Default::default()
    };
    assert_eq!(client.update_unit_locations_v2(None, &[update]).unwrap().updated, 1);
    let mut meta = serde_json::Map::new();
    meta.insert("x".into(), json!("1"));
    let e911 = client
        .create_emergency_call_v2(&NewEmergencyCall {
            is_emergency: true,
            caller: "A".into(),
            location: "B".into(),
            description: "C".into(),
            meta_data: meta,
            ..Default::default()
        })
        .unwrap();
    let call = client
        .create_dispatch_call_v2(&NewDispatchCall {
            origin: 0,
            status: 1,
            priority: 1,
            title: "T".into(),
            community_user_ids: Some(vec![]),
            ..Default::default()
        })
        .unwrap();
    assert!(call.idents.is_empty());
    client
        .update_dispatch_call_v2(None, call.call_id, &DispatchCallChanges { description: Some("D".into()), ..Default::default() })
        .unwrap();
    assert_eq!(client.attach_units_to_dispatch_call_v2(None, call.call_id, &Attach::Units(john.clone())).unwrap().ident_ids, vec![12]);
    client.set_dispatch_postal_v2(None, call.call_id, "9001").unwrap();
    client.set_dispatch_primary_v2(None, call.call_id, 12, true).unwrap();
    client.add_dispatch_note_v2(None, call.call_id, "hello", Some("Typed")).unwrap();
    assert_eq!(client.get_current_call_v2(JOHN_UUID).unwrap().call_id, Some(call.call_id));
    let calls = client.get_calls_v2(&GetCallsV2::default()).unwrap();
    assert!(calls.emergency_calls.iter().any(|c| c.call_id == e911.call_id));
    let active = calls.active_calls.iter().find(|c| c.call_id == call.call_id).expect("the new call is active");
    assert_eq!((active.postal.as_deref(), active.primary, active.track_primary), (Some("9001"), Some(12), Some(true)));
    assert_eq!(active.notes[0].content.as_deref(), Some("hello"));
    assert_eq!(
        client.detach_units_from_dispatch_call_v2(None, &Attach::Units(GroupTarget::IdentIds(vec![12]))).unwrap().ident_ids,
        vec![12]
    );
    assert_eq!(client.close_dispatch_calls_v2(None, &[call.call_id]).unwrap().call_ids, vec![call.call_id]);
    assert_eq!(client.get_calls_v2(&GetCallsV2 { kind: Some(0), ..Default::default() }).unwrap().closed_calls[0].status, Some(2));
    assert_eq!(client.delete_emergency_call_v2(None, e911.call_id).unwrap().call_id, Some(e911.call_id));
    let templates = client.get_dispatch_templates_v2(None).unwrap();
    assert_eq!(client.get_dispatch_templates_v2(Some(templates[0].template_id)).unwrap()[0].name, templates[0].name);
    let mut values = serde_json::Map::new();
    values.insert("status".into(), json!("deployed"));
    let custom = client.create_custom_dispatch_call_v2(None, 1, &values, &john).unwrap();
    assert_eq!(custom.extra["statusId"], "deployed");
    assert_eq!(client.kick_unit_v2(None, &john, "bye").unwrap().ident_id, 12);
    // camelCase top-level keys read the same.
    let camel: Calls =
        serde_json::from_value(json!({"activeCalls": [{"callId": 7}], "emergencyCalls": [], "closedCalls": [], "closedCallCount": 0}))
            .unwrap();
    assert_eq!(camel.active_calls[0].call_id, 7);
    let current: CurrentCall = serde_json::from_value(json!({"identId": 3, "callId": null})).unwrap();
    assert_eq!((current.ident_id, current.call_id), (Some(3), None));
}

/// A raw v2 request to the mock: (status, content type, Retry-After, body).
fn raw(mock: &sonoran_mock::MockServer, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, String, Option<String>, Value) {
    let mut request = reqwest::blocking::Client::new().request(method, format!("{}{path}", mock.url())).bearer_auth("demo-api-key");
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    let response = request.send().expect("the mock answers");
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let (status, kind, retry) = (response.status().as_u16(), header("content-type").unwrap_or_default(), header("retry-after"));
    let text = response.text().unwrap_or_default();
    (status, kind, retry, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[test]
fn the_mock_answers_errors_as_problem_documents_and_kicks_in_batches() {
    use reqwest::Method;
    let (mock, _) = mock();
    let (status, kind, _, body) = raw(&mock, Method::DELETE, &format!("{S}/calls/911/999"), None);
    assert_eq!((status, kind.as_str(), body["status"].as_i64()), (404, "application/problem+json", Some(404)));
    let (status, kind, _, body) = raw(&mock, Method::PATCH, &format!("{S}/units/status"), Some(json!({"identIds": [12], "status": 7})));
    assert_eq!((status, kind.as_str()), (422, "application/problem+json"));
    assert!(body["detail"].as_str().unwrap().contains("status"));
    let (status, _, _, _) = raw(&mock, Method::PATCH, "/v2/emergency/servers/9/units/status", Some(json!({"identIds": [12], "status": 2})));
    assert_eq!(status, 404, "an unknown server");
    let batch = json!([{"communityUserId": "license:abc123", "reason": "a"}, {"communityUserId": "Steam:1234", "reason": "b"}]);
    let (status, _, _, body) = raw(&mock, Method::POST, &format!("{S}/units/kick"), Some(batch));
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({"count": 2, "kicked": [
            {"identId": 12, "communityUserId": "license:abc123", "reason": "a"},
            {"identId": 1, "communityUserId": "Steam:1234", "reason": "b"}
        ]})
    );
    let limited = sonoran_mock::MockServer::start().expect("mock starts");
    let mut last = (0, None);
    for _ in 0..6 {
        let (status, _, retry, _) = raw(&limited, Method::GET, &format!("{S}/calls"), None);
        last = (status, retry);
    }
    assert_eq!(last.0, 429, "the sixth get_calls_v2 in a minute, by default");
    assert!(last.1.is_some_and(|s| s.parse::<u64>().is_ok_and(|n| (1..=60).contains(&n))));
}
