//! Integration panels over real HTTP on loopback: each page's example request against a
//! default mock answers the page's shape (the seeded `example.fire-alarms` and the poll
//! page's action make the examples succeed), the example panels of the pages set and
//! published, the caps and refusals, and the action flow: a control pressed through
//! `/_mock/panels/actions` is pushed to the server's hub session (else its listener), polled
//! until acknowledged or expired, and its acknowledgements read back.

mod common;

use std::time::Duration;

use common::{call, call_with, keys, listener, mock, names, problem, seconds, set_listener, Hub};
use serde_json::{json, Value};
use sonoran_mock::{MockOptions, MockServer, RateLimit};

const PANEL: &str = "/v2/integration-panels/example.fire-alarms";
const POLL: &str = "/v2/integration-panels/servers/1/panels/example.fire-alarms/actions";
const ACK: &str = "/v2/integration-panels/servers/1/panels/example.fire-alarms/actions/11111111-1111-1111-1111-111111111111/ack";
const STATE: &str = "/v2/integration-panels/servers/1/panels/example.fire-alarms/instances/default/state";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/panels/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The list and get pages' panel, with the instance's `serverId` the mock adds.
fn seeded_panel() -> Value {
    json!({
        "id": "00000000-0000-0000-0000-000000000000",
        "key": "example.fire-alarms",
        "name": "Fire Alarm",
        "definition": {"schemaVersion": 1, "name": "Fire Alarm", "body": []},
        "updatedAt": "2026-08-25T18:00:00Z",
        "instances": [{"instanceKey": "default", "serverId": 1, "state": {}, "revision": 4, "updatedAt": "2026-08-25T18:01:00Z"}],
    })
}

fn set_panel_example() -> Value {
    json!({"definition": {
        "schemaVersion": 1,
        "key": "example.fire-alarms",
        "name": "Fire Alarm",
        "icon": "fas fa-bell",
        "surfaces": ["dispatch", "fire"],
        "body": [{"type": "text", "text": "Connected to the alarm controller."}],
    }})
}

fn set_state_example() -> Value {
    json!({"state": {"summary": {"active": 1, "normal": 2}, "alarms": [{"id": "mrpd-lobby", "name": "MRPD Lobby", "active": true}]}})
}

/// A definition for panel `key`.
fn definition(key: &str) -> Value {
    json!({"definition": {"schemaVersion": 1, "key": key, "name": "Doors", "body": [{"type": "text", "text": "$state.summary"}]}})
}

async fn set(mock: &MockServer, key: &str) {
    let answer = call(mock, "PUT", &format!("/v2/integration-panels/{key}"), Some(definition(key))).await;
    assert_eq!(answer.status, 200, "{:?}", answer.body);
}

async fn publish(mock: &MockServer, server: u64, key: &str, instance: &str, state: Value) -> common::Answer {
    let path = format!("/v2/integration-panels/servers/{server}/panels/{key}/instances/{instance}/state");
    call(mock, "PUT", &path, Some(json!({"state": state}))).await
}

async fn press(mock: &MockServer, body: Value) -> common::Answer {
    call_with(mock, "POST", "/_mock/panels/actions", Some(body.to_string()), None).await
}

async fn poll(mock: &MockServer, server: u64, key: &str, query: &str) -> common::Answer {
    call(mock, "GET", &format!("/v2/integration-panels/servers/{server}/panels/{key}/actions{query}"), None).await
}

async fn ack(mock: &MockServer, server: u64, key: &str, id: &str, body: Value) -> common::Answer {
    call(mock, "POST", &format!("/v2/integration-panels/servers/{server}/panels/{key}/actions/{id}/ack"), Some(body)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_pages_example_answers_the_pages_shape() {
    let mock = mock();
    // list-panels and get-panel: the seeded panel, as the pages answer it.
    let list = call(&mock, "GET", "/v2/integration-panels", None).await;
    assert_eq!((list.status, list.body.clone()), (200, json!([seeded_panel()])));
    let panel = call(&mock, "GET", PANEL, None).await;
    assert_eq!((panel.status, panel.body), (200, seeded_panel()));
    // poll-actions: the page's response, to the letter.
    let polled = call(&mock, "GET", &format!("{POLL}?after=0&limit=100"), None).await;
    let page = json!({
        "events": [{
            "cursor": 42,
            "id": "11111111-1111-1111-1111-111111111111",
            "panelKey": "example.fire-alarms",
            "serverId": 1,
            "instanceKey": "default",
            "actionId": "alarm.set-active",
            "actorUuid": "22222222-2222-2222-2222-222222222222",
            "actorName": "John Doe",
            "values": {"alarmId": "mrpd-lobby", "active": false},
            "createdAt": "2026-08-25T18:02:00Z",
            "expiresAt": "2026-08-25T18:03:00Z",
        }],
        "nextCursor": 42,
    });
    assert_eq!((polled.status, polled.body), (200, page));
    // acknowledge-action: the page's response; the action is gone from polls.
    let body = json!({"success": true, "message": "Alarm disabled", "result": {"alarmId": "mrpd-lobby", "active": false}});
    let acked = call(&mock, "POST", ACK, Some(body)).await;
    let page = json!({
        "panelKey": "example.fire-alarms",
        "serverId": 1,
        "eventId": "11111111-1111-1111-1111-111111111111",
        "success": true,
        "message": "Alarm disabled",
    });
    assert_eq!((acked.status, acked.body), (200, page));
    let polled = call(&mock, "GET", &format!("{POLL}?after=0&limit=100"), None).await;
    assert_eq!(polled.body, json!({"events": [], "nextCursor": 0}));
    // set-panel: the page's fields; the definition as sent.
    let example = set_panel_example();
    let set = call(&mock, "PUT", PANEL, Some(example.clone())).await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    assert_eq!(keys(&set.body), names(&["id", "key", "name", "definition", "updatedAt", "instances"]));
    assert_eq!(set.body["definition"], example["definition"]);
    assert_eq!(
        (set.body["id"].clone(), set.body["key"].clone(), set.body["name"].clone()),
        (seeded_panel()["id"].clone(), json!("example.fire-alarms"), json!("Fire Alarm"))
    );
    // set-state: revision 5 (the seeded instance is at 4), the state as sent.
    let stored = call(&mock, "PUT", STATE, Some(set_state_example())).await;
    assert_eq!(stored.status, 200, "{:?}", stored.body);
    assert_eq!(keys(&stored.body), names(&["panelKey", "serverId", "instanceKey", "state", "revision", "updatedAt"]));
    assert_eq!(
        (&stored.body["panelKey"], &stored.body["serverId"], &stored.body["instanceKey"], &stored.body["revision"]),
        (&json!("example.fire-alarms"), &json!(1), &json!("default"), &json!(5))
    );
    assert_eq!(stored.body["state"], set_state_example()["state"]);
    seconds(stored.body["updatedAt"].as_str().unwrap());
    // get-panel reads the state back.
    let panel = call(&mock, "GET", PANEL, None).await;
    assert_eq!(panel.body["instances"][0]["state"], set_state_example()["state"]);
    assert_eq!(panel.body["instances"][0]["revision"], 5);
    // delete-panel: the page's response; the panel is gone, its instances kept for its return.
    let deleted = call(&mock, "DELETE", PANEL, None).await;
    assert_eq!((deleted.status, deleted.body), (200, json!({"key": "example.fire-alarms", "enabled": false})));
    problem(&call(&mock, "GET", PANEL, None).await, 404);
    assert_eq!(call(&mock, "GET", "/v2/integration-panels", None).await.body, json!([]));
    problem(&call(&mock, "DELETE", PANEL, None).await, 404);
    problem(&call(&mock, "PUT", STATE, Some(set_state_example())).await, 409);
    let again = call(&mock, "PUT", PANEL, Some(example)).await;
    assert_eq!((again.status, again.body["instances"][0]["revision"].clone()), (200, json!(5)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_panels_of_the_pages_are_set_published_and_pressed() {
    let mock = mock();
    let (port, mut received) = listener().await;
    set_listener(&mock, 1, port).await;
    let examples = [
        ("fire-alarm", "alarm.set-active", json!({"alarmId": "mrpd-lobby", "active": false})),
        ("door-locks", "door.set-locked", json!({"doorId": "mrpd-front", "locked": true})),
        ("tow-impound", "tow.accept", json!({"requestId": "tow-1042"})),
        ("fleet-management", "fleet.repair", json!({"vehicleId": "pd-401"})),
        ("smart-signs", "sign.save", json!({"line1": "ROAD WORK", "line2": "RIGHT LANE CLOSED", "line3": "MERGE RIGHT"})),
    ];
    for (name, action_id, values) in examples {
        let example = fixture(name);
        let key = example["definition"]["key"].as_str().unwrap().to_string();
        let instance = example["instanceKey"].as_str().unwrap();
        let set = call(&mock, "PUT", &format!("/v2/integration-panels/{key}"), Some(json!({"definition": example["definition"]}))).await;
        assert_eq!(set.status, 200, "{name}: {:?}", set.body);
        assert_eq!(set.body["definition"], example["definition"], "{name}");
        let stored = publish(&mock, 1, &key, instance, example["state"].clone()).await;
        assert_eq!((stored.status, &stored.body["state"]), (200, &example["state"]), "{name}");
        let pressed =
            press(&mock, json!({"serverId": 1, "panelKey": key, "instanceKey": instance, "actionId": action_id, "values": values})).await;
        assert_eq!(pressed.status, 200, "{name}: {:?}", pressed.body);
        assert_eq!(pressed.body["event"]["via"], "http", "{name}: {:?}", pressed.body);
        let pushed = tokio::time::timeout(Duration::from_secs(5), received.recv()).await.unwrap().unwrap();
        assert_eq!(pushed["type"], format!("EVENT_PANEL_{}", key.to_ascii_uppercase()), "{name}");
        assert_eq!(pushed["data"], pressed.body["action"], "{name}");
        assert_eq!(pushed["data"]["values"], values, "{name}");
    }
    // The smart-signs page's blip points at its panel instance.
    let blip = call(&mock, "POST", "/v2/emergency/servers/1/blips", Some(fixture("smart-signs")["blip"].clone())).await;
    assert_eq!(blip.status, 200, "{:?}", blip.body);
    assert_eq!(
        call(&mock, "GET", "/v2/integration-panels", None).await.body.as_array().unwrap().len(),
        5,
        "the fire alarm example is the seeded panel"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caps_keys_and_missing_things_are_refused_as_the_pages_say() {
    let mock = mock();
    set(&mock, "doors").await;
    // State: 512 KiB at most (413); before its panel exists, 409.
    let big = json!({"blob": "x".repeat(600 * 1024)});
    let detail = problem(&publish(&mock, 1, "doors", "mission-row", big).await, 413);
    assert!(detail.contains("512 KiB"), "{detail}");
    let just = json!({"blob": "x".repeat(512 * 1024 - 12)});
    assert_eq!(publish(&mock, 1, "doors", "mission-row", just).await.status, 200);
    problem(&publish(&mock, 1, "jail-doors", "default", json!({})).await, 409);
    problem(
        &call(&mock, "PUT", "/v2/integration-panels/servers/1/panels/doors/instances/x1/state", Some(json!({"state": [1]}))).await,
        400,
    );
    problem(&call(&mock, "PUT", "/v2/integration-panels/servers/1/panels/doors/instances/x1/state", Some(json!({}))).await, 400);
    // Keys: ^[a-z0-9][a-z0-9._-]{1,79}$.
    for bad in ["Doors", "-doors", "d", &"a".repeat(81), "do%20ors"] {
        problem(&call(&mock, "GET", &format!("/v2/integration-panels/{bad}"), None).await, 400);
        problem(&call(&mock, "PUT", &format!("/v2/integration-panels/{bad}"), Some(definition("doors"))).await, 400);
        problem(&publish(&mock, 1, "doors", bad, json!({})).await, 400);
        problem(&poll(&mock, 1, bad, "").await, 400);
    }
    // Definitions.
    let invalid = [
        json!({}),
        json!({"definition": "text"}),
        json!({"definition": {"schemaVersion": 2, "name": "Doors", "body": []}}),
        json!({"definition": {"schemaVersion": 1, "key": "other", "name": "Doors", "body": []}}),
        json!({"definition": {"schemaVersion": 1, "name": "n".repeat(81), "body": []}}),
        json!({"definition": {"schemaVersion": 1, "body": []}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors"}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": vec![json!({"type": "divider"}); 201]}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": [{"text": "no type"}]}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": [{"type": "row", "children": [{"type": 1}]}]}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": [], "surfaces": ["kitchen"]}}),
        json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": [], "sounds": vec![json!({"id": "s", "url": "https://x/s.mp3"}); 21]}}),
    ];
    for body in invalid {
        problem(&call(&mock, "PUT", "/v2/integration-panels/doors", Some(body.clone())).await, 400);
    }
    let most = json!({"definition": {"schemaVersion": 1, "name": "n".repeat(80), "body": vec![json!({"type": "divider"}); 200]}});
    assert_eq!(call(&mock, "PUT", "/v2/integration-panels/doors", Some(most)).await.status, 200);
    let huge = json!({"definition": {"schemaVersion": 1, "name": "Doors", "body": [{"type": "text", "text": "x".repeat(130 * 1024)}]}});
    assert!(problem(&call(&mock, "PUT", "/v2/integration-panels/doors", Some(huge)).await, 413).contains("128 KiB"));
    problem(&call_with(&mock, "PUT", "/v2/integration-panels/doors", Some("not json".into()), Some(sonoran_mock::DEMO_API_KEY)).await, 400);
    // Unknown server, panel, action; and no key.
    problem(&publish(&mock, 9, "doors", "default", json!({})).await, 404);
    problem(&poll(&mock, 9, "doors", "").await, 404);
    problem(&poll(&mock, 1, "nope", "").await, 404);
    problem(&call(&mock, "DELETE", "/v2/integration-panels/nope", None).await, 404);
    let id = "33333333-3333-4333-8333-333333333333";
    problem(&ack(&mock, 1, "doors", id, json!({"success": true})).await, 404);
    problem(&ack(&mock, 1, "nope", id, json!({"success": true})).await, 404);
    problem(&ack(&mock, 9, "doors", id, json!({"success": true})).await, 404);
    problem(&call_with(&mock, "GET", "/v2/integration-panels", None, None).await, 401);
    // Poll queries.
    for query in ["?limit=0", "?limit=101", "?after=-1", "?after=x"] {
        problem(&poll(&mock, 1, "doors", query).await, 400);
    }
    assert_eq!(poll(&mock, 1, "doors", "?after=7&limit=1").await.body, json!({"events": [], "nextCursor": 7}));
    // Acknowledgements.
    let pressed = press(&mock, json!({"panelKey": "doors", "actionId": "lock"})).await;
    assert_eq!(pressed.status, 200, "{:?}", pressed.body);
    let id = pressed.body["action"]["id"].as_str().unwrap();
    problem(&ack(&mock, 1, "doors", "not-a-uuid", json!({"success": true})).await, 400);
    problem(&ack(&mock, 1, "doors", id, json!({})).await, 400);
    problem(&ack(&mock, 1, "doors", id, json!({"success": "yes"})).await, 400);
    problem(&ack(&mock, 1, "doors", id, json!({"success": true, "result": [1]})).await, 400);
    problem(&ack(&mock, 1, "doors", id, json!({"success": true, "message": "m".repeat(501)})).await, 400);
    problem(&ack(&mock, 1, "doors", id, json!({"success": true, "result": {"x": "x".repeat(33 * 1024)}})).await, 413);
    problem(&ack(&mock, 2, "doors", id, json!({"success": true})).await, 404);
    assert_eq!(ack(&mock, 1, "doors", id, json!({"success": true, "message": "m".repeat(500)})).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_panels_and_a_hundred_instances_per_server() {
    let mock = mock();
    // The seeded panel is one of the 50.
    for n in 1..50 {
        set(&mock, &format!("panel-{n}")).await;
    }
    let detail = problem(&call(&mock, "PUT", "/v2/integration-panels/panel-50", Some(definition("panel-50"))).await, 409);
    assert!(detail.contains("50"), "{detail}");
    // Replacing an existing definition is no new panel; deleting one makes room.
    set(&mock, "panel-1").await;
    assert_eq!(call(&mock, "DELETE", "/v2/integration-panels/panel-2", None).await.status, 200);
    set(&mock, "panel-50").await;
    // A deleted panel cannot come back while 50 are active.
    problem(&call(&mock, "PUT", "/v2/integration-panels/panel-2", Some(definition("panel-2"))).await, 409);
    for n in 0..100 {
        assert_eq!(publish(&mock, 1, "panel-1", &format!("i{n}"), json!({"n": n})).await.status, 200);
    }
    problem(&publish(&mock, 1, "panel-1", "i100", json!({})).await, 409);
    // An instance replaced is no new one, and the other server has its own 100.
    let again = publish(&mock, 1, "panel-1", "i0", json!({"n": 0})).await;
    assert_eq!((again.status, again.body["revision"].clone()), (200, json!(2)));
    assert_eq!(publish(&mock, 2, "panel-1", "i100", json!({})).await.status, 200);
    let panel = call(&mock, "GET", "/v2/integration-panels/panel-1", None).await;
    assert_eq!(panel.body["instances"].as_array().unwrap().len(), 101);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pressed_action_is_pushed_polled_until_acknowledged_and_its_acks_read_back() {
    let mock = mock();
    set(&mock, "doors").await;
    assert_eq!(publish(&mock, 1, "doors", "mission-row", json!({"doors": []})).await.status, 200);
    let mut hub = Hub::authenticated(&mock, 1).await;
    let body = json!({"serverId": 1, "panelKey": "doors", "instanceKey": "mission-row", "actionId": "lock", "values": {"doorId": "d1"}});
    let pressed = press(&mock, body).await;
    assert_eq!(pressed.status, 200, "{:?}", pressed.body);
    assert_eq!(pressed.body["event"], json!({"via": "websocket", "sessions": 1}));
    let action = pressed.body["action"].clone();
    let fields =
        ["id", "cursor", "panelKey", "serverId", "instanceKey", "actionId", "actorUuid", "actorName", "values", "createdAt", "expiresAt"];
    assert_eq!(keys(&action), names(&fields));
    assert!(uuid::Uuid::try_parse(action["id"].as_str().unwrap()).is_ok());
    assert_eq!(action["cursor"], 43, "the seeded example action is 42");
    assert_eq!(
        (&action["panelKey"], &action["serverId"], &action["instanceKey"], &action["actionId"], &action["values"]),
        (&json!("doors"), &json!(1), &json!("mission-row"), &json!("lock"), &json!({"doorId": "d1"}))
    );
    assert_eq!((&action["actorUuid"], &action["actorName"]), (&json!(sonoran_mock::JOHN_UUID), &json!("John Doe")));
    assert_eq!(seconds(action["expiresAt"].as_str().unwrap()) - seconds(action["createdAt"].as_str().unwrap()), 60);
    // Pushed to the hub session: the standard envelope, the action as data.
    let pushed = hub.push_event(Duration::from_secs(5)).await.unwrap();
    assert_eq!(pushed, json!({"key": sonoran_mock::DEMO_API_KEY, "type": "EVENT_PANEL_DOORS", "data": action}));
    // Punctuation is kept in the event type; a second press gets the next cursor.
    set(&mock, "example.door-locks").await;
    let second = press(&mock, json!({"panelKey": "example.door-locks", "actionId": "doors.lock-all"})).await;
    assert_eq!(second.body["action"]["instanceKey"], "default");
    assert_eq!(second.body["action"]["cursor"], 44);
    assert_eq!(hub.push_event(Duration::from_secs(5)).await.unwrap()["type"], "EVENT_PANEL_EXAMPLE.DOOR-LOCKS");
    // Pollable (push does not remove it), after its cursor no more.
    let polled = poll(&mock, 1, "doors", "").await;
    assert_eq!((polled.status, polled.body.clone()), (200, json!({"events": [action], "nextCursor": 43})));
    assert_eq!(poll(&mock, 1, "doors", "?after=43").await.body, json!({"events": [], "nextCursor": 43}));
    assert_eq!(poll(&mock, 2, "doors", "").await.body["events"], json!([]));
    // Acknowledged: gone from polls; again: taken, counted, the first result kept.
    let id = action["id"].as_str().unwrap();
    let first = ack(&mock, 1, "doors", id, json!({"success": true, "message": "Locked", "result": {"locked": true}})).await;
    assert_eq!(first.body, json!({"panelKey": "doors", "serverId": 1, "eventId": id, "success": true, "message": "Locked"}));
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"], json!([]));
    let repeat = ack(&mock, 1, "doors", id, json!({"success": false, "message": "again"})).await;
    assert_eq!((repeat.status, repeat.body["success"].clone(), repeat.body["message"].clone()), (200, json!(true), json!("Locked")));
    let acks = call_with(&mock, "GET", "/_mock/panels/acks?panelKey=doors", None, None).await.body;
    assert_eq!(acks["acks"].as_array().unwrap().len(), 1);
    let record = &acks["acks"][0];
    assert_eq!(
        (&record["eventId"], &record["success"], &record["message"], &record["result"], &record["count"], &record["actionId"]),
        (&json!(id), &json!(true), &json!("Locked"), &json!({"locked": true}), &json!(2), &json!("lock"))
    );
    let all = call_with(&mock, "GET", "/_mock/panels/actions", None, None).await.body;
    assert_eq!(all["counts"], json!({"pending": 2, "acknowledged": 1, "expired": 0}), "the seeded one and the door-locks one pend");
    let statuses: Vec<&str> = all["actions"].as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["pending", "acknowledged", "pending"]);
    // No hub session: the server's listener gets it; neither: the action is queued all the same.
    drop(hub);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (port, mut received) = listener().await;
    set_listener(&mock, 2, port).await;
    let to_two = press(&mock, json!({"serverId": 2, "panelKey": "doors", "actionId": "unlock"})).await;
    assert_eq!(to_two.body["event"]["via"], "http", "{:?}", to_two.body);
    let pushed = tokio::time::timeout(Duration::from_secs(5), received.recv()).await.unwrap().unwrap();
    assert_eq!(pushed, json!({"key": sonoran_mock::DEMO_API_KEY, "type": "EVENT_PANEL_DOORS", "data": to_two.body["action"]}));
    let nowhere = press(&mock, json!({"serverId": 1, "panelKey": "doors", "actionId": "unlock"})).await;
    assert_eq!(nowhere.status, 200);
    assert!(nowhere.body["event"]["error"].as_str().unwrap().contains("no HTTP listener"), "{:?}", nowhere.body);
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"][0]["id"], nowhere.body["action"]["id"]);
    // The control route refuses as the API would.
    problem(&press(&mock, json!({"panelKey": "nope", "actionId": "x"})).await, 404);
    problem(&press(&mock, json!({"serverId": 9, "panelKey": "doors", "actionId": "x"})).await, 404);
    problem(&press(&mock, json!({"panelKey": "Doors", "actionId": "x"})).await, 400);
    problem(&press(&mock, json!({"panelKey": "doors", "instanceKey": "x", "actionId": "x"})).await, 400);
    problem(&press(&mock, json!({"panelKey": "doors"})).await, 400);
    problem(&press(&mock, json!({"panelKey": "doors", "actionId": "x", "values": {"x": "x".repeat(33 * 1024)}})).await, 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_action_expires_after_its_lifetime() {
    let options = MockOptions { v2_rate_limit: None, panel_action_lifetime: Duration::from_millis(800), ..MockOptions::default() };
    let mock = MockServer::start_with(options).unwrap();
    set(&mock, "doors").await;
    let pressed = press(&mock, json!({"panelKey": "doors", "actionId": "lock"})).await;
    let id = pressed.body["action"]["id"].as_str().unwrap().to_string();
    let (created, expires) =
        (seconds(pressed.body["action"]["createdAt"].as_str().unwrap()), seconds(pressed.body["action"]["expiresAt"].as_str().unwrap()));
    assert!((0..=1).contains(&(expires - created)), "whole seconds, rounded down: {created} {expires}");
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"][0]["id"], json!(id));
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(poll(&mock, 1, "doors", "").await.body, json!({"events": [], "nextCursor": 0}));
    assert!(problem(&ack(&mock, 1, "doors", &id, json!({"success": true})).await, 404).contains("expired"));
    let all = call_with(&mock, "GET", "/_mock/panels/actions?panelKey=doors", None, None).await.body;
    assert_eq!(all["actions"][0]["status"], "expired");
    assert_eq!(all["actions"][0]["ack"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_poll_budget_is_three_a_minute_across_panels_and_servers() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    set(&mock, "doors").await;
    let first = poll(&mock, 1, "doors", "").await;
    assert_eq!((first.status, first.limit.as_deref(), first.remaining.as_deref()), (200, Some("3"), Some("2")));
    assert_eq!(poll(&mock, 2, "doors", "").await.remaining.as_deref(), Some("1"));
    assert_eq!(poll(&mock, 1, "example.fire-alarms", "").await.remaining.as_deref(), Some("0"));
    let limited = poll(&mock, 2, "example.fire-alarms", "").await;
    assert_eq!(limited.status, 429);
    assert!(limited.retry_after.is_some_and(|s| (1..=60).contains(&s.parse::<u64>().unwrap())));
    // The other panel routes have their own windows, of the pages' sizes.
    let limits = [
        ("GET", "/v2/integration-panels".to_string(), "120"),
        ("GET", "/v2/integration-panels/doors".to_string(), "120"),
        ("DELETE", "/v2/integration-panels/nope".to_string(), "30"),
        ("PUT", "/v2/integration-panels/servers/1/panels/doors/instances/default/state".to_string(), "300"),
        ("POST", format!("/v2/integration-panels/servers/1/panels/doors/actions/{}/ack", uuid::Uuid::new_v4()), "240"),
    ];
    for (method, path, limit) in limits {
        let answer = call(&mock, method, &path, Some(json!({"state": {}, "success": true}))).await;
        assert_eq!(answer.limit.as_deref(), Some(limit), "{method} {path}");
    }
    let set = call(&mock, "PUT", "/v2/integration-panels/doors", Some(definition("doors"))).await;
    assert_eq!((set.limit.as_deref(), set.remaining.as_deref()), (Some("30"), Some("28")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_action_flag_presses_a_control_of_a_running_mock() {
    let mock = mock();
    set(&mock, "doors").await;
    let action = r#"{"serverId":1,"panelKey":"doors","instanceKey":"mission-row","actionId":"lock","values":{"doorId":"d1"}}"#;
    let run = |action: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sonoran-mock"))
            .args(["--url", mock.url(), "--panel-action", action])
            .output()
            .unwrap()
    };
    let output = run(action);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!((&printed["action"]["actionId"], &printed["action"]["values"]), (&json!("lock"), &json!({"doorId": "d1"})));
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"][0]["id"], printed["action"]["id"]);
    let refused = run(r#"{"panelKey":"nope","actionId":"lock"}"#);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("404"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert_eq!(run("not json").status.code(), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_actions_are_pushed_in_cursor_order_and_each_acknowledged_once() {
    // Lives long enough for a loaded CI machine to press, read and acknowledge all 1000: the
    // test is about order and acknowledging once, not about expiry (tested above).
    let options = MockOptions { v2_rate_limit: None, panel_action_lifetime: Duration::from_secs(600), ..MockOptions::default() };
    let mock = MockServer::start_with(options).unwrap();
    set(&mock, "doors").await;
    let mut hub = Hub::authenticated(&mock, 1).await;
    let started = std::time::Instant::now();
    let mut ids = Vec::new();
    for n in 0..1000 {
        let pressed = press(&mock, json!({"panelKey": "doors", "actionId": "lock", "values": {"n": n}})).await;
        assert_eq!(pressed.body["event"]["sessions"], 1, "{:?}", pressed.body);
        ids.push(pressed.body["action"]["id"].as_str().unwrap().to_string());
    }
    let mut last = 0;
    for (n, id) in ids.iter().enumerate() {
        let pushed = hub.push_event(Duration::from_secs(5)).await.unwrap();
        let cursor = pushed["data"]["cursor"].as_u64().unwrap();
        assert!(cursor > last, "in cursor order");
        last = cursor;
        assert_eq!((&pushed["data"]["id"], &pushed["data"]["values"]["n"]), (&json!(id), &json!(n)));
    }
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"].as_array().unwrap().len(), 100, "a poll answers 100 at most");
    for id in &ids {
        assert_eq!(ack(&mock, 1, "doors", id, json!({"success": true})).await.status, 200);
    }
    let acks = call_with(&mock, "GET", "/_mock/panels/acks?panelKey=doors", None, None).await.body;
    assert_eq!(acks["acks"].as_array().unwrap().len(), 1000);
    assert!(acks["acks"].as_array().unwrap().iter().all(|a| a["count"] == 1 && a["success"] == true));
    assert_eq!(poll(&mock, 1, "doors", "").await.body["events"], json!([]));
    eprintln!("1000 actions pressed, pushed and acknowledged in {:?}", started.elapsed());
}
