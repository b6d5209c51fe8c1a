//! The panel helper against the mock over loopback: the definition published, states
//! latest-wins, actions from pushes and recovery polls through one queue (each handled once,
//! acknowledged, retried after a failing acknowledgement without a second handler call),
//! expired actions never handed out, the poll budget shared by every panel of the key, the
//! cursor kept in a file.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::api::integration_panels::{Panel, PanelOptions, PanelStatus};
use sonoran::models::ActionResult;
use sonoran::{Client, Config, ErrorKind};
use sonoran_mock::{MockOptions, MockServer, RateLimit};

const POLL: &str = "get_integration_panel_actions_v2";

fn definition(key: &str) -> Value {
    json!({"schemaVersion": 1, "key": key, "name": "Door Locks", "body": [{"type": "text", "text": "Doors"}]})
}

fn options(key: &str, json: Value) -> PanelOptions {
    let mut value = json;
    value["definition"] = definition(key);
    PanelOptions::from_value(Some(key), &value).unwrap()
}

/// A CAD user pressing a control: `POST /_mock/panels/actions`; answers the action's id.
fn press(mock: &MockServer, key: &str, values: Value) -> String {
    let body = json!({"serverId": 1, "panelKey": key, "instanceKey": "mission-row", "actionId": "door.set-locked", "values": values});
    let answer: Value = reqwest::blocking::Client::new()
        .post(format!("{}/_mock/panels/actions", mock.url()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .unwrap()
        .text()
        .map(|t| serde_json::from_str(&t).unwrap_or(Value::Null))
        .unwrap();
    answer["action"]["id"].as_str().unwrap_or_else(|| panic!("pressed: {answer}")).to_string()
}

fn control(mock: &MockServer, method: &str, path: &str, body: Value) -> Value {
    let http = reqwest::blocking::Client::new();
    let url = format!("{}{path}", mock.url());
    let request =
        if method == "GET" { http.get(url) } else { http.post(url).header("content-type", "application/json").body(body.to_string()) };
    serde_json::from_str(&request.send().unwrap().text().unwrap()).unwrap_or(Value::Null)
}

/// Each acknowledged action's id and how often the mock took its acknowledgement.
#[cfg(feature = "push")]
fn acks(mock: &MockServer, key: &str) -> HashMap<String, u64> {
    let acks = control(mock, "GET", &format!("/_mock/panels/acks?panelKey={key}"), Value::Null);
    acks["acks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().or(a["eventId"].as_str()).unwrap_or_default().to_string(), a["count"].as_u64().unwrap_or(0)))
        .collect()
}

/// Requests of `route` the mock received, and how many it answered 429.
fn route_stats(mock: &MockServer, route: &str) -> (u64, u64) {
    let stats = control(mock, "GET", "/_mock/stats", Value::Null);
    let route = &stats["routes"][route];
    (route["requests"].as_u64().unwrap_or(0), route["limited"].as_u64().unwrap_or(0))
}

/// Runs the game loop (handle, then sleep a tick) until `done` or `limit` passes.
fn game_loop(panel: &Panel, limit: Duration, calls: &mut HashMap<String, u32>, done: impl Fn(&PanelStatus) -> bool) -> PanelStatus {
    let start = Instant::now();
    loop {
        panel.handle(|action| {
            *calls.entry(action.id.clone()).or_default() += 1;
            ActionResult { success: true, message: Some("Locked".into()), result: Some(json!({"n": action.values["n"]})) }
        });
        let status = panel.status();
        if done(&status) {
            return status;
        }
        assert!(start.elapsed() < limit, "not done in {limit:?}: {status:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Waits (without handling actions) until `what` holds of the panel's status.
fn wait_for(panel: &Panel, limit: Duration, what: impl Fn(&PanelStatus) -> bool) -> PanelStatus {
    let start = Instant::now();
    loop {
        let status = panel.status();
        if what(&status) {
            return status;
        }
        assert!(start.elapsed() < limit, "not so in {limit:?}: {status:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn paced_client(mock: &MockServer) -> Client {
    Client::new(Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url())).unwrap()
}

#[cfg(feature = "push")]
fn hub_connected(client: &Client) -> bool {
    client.events_status().hub.is_some_and(|h| h.state == sonoran::push::HubState::Connected)
}

#[test]
#[cfg(feature = "push")] // over the hub
fn a_thousand_actions_with_the_hub_up_are_each_handled_once_and_acknowledged_without_polls_beyond_the_start() {
    // Limits off on both sides: 1000 acknowledgements at the route's 240 a minute would take
    // four minutes; the lifetime is long so a loaded machine loses none to expiry.
    let options_ = MockOptions { v2_rate_limit: None, panel_action_lifetime: Duration::from_secs(600), ..MockOptions::default() };
    let (mock, client) = mock_with(options_);
    let panel = client.panel(options("doors", json!({"instance": "mission-row"}))).unwrap();
    let status = wait_for(&panel, Duration::from_secs(20), |s| s.definition == "published" && s.polls == 1 && hub_connected(&client));
    assert_eq!(status.cursor, 0);
    let presser = {
        let url = mock.url().to_string();
        std::thread::spawn(move || {
            let http = reqwest::blocking::Client::new();
            (0..1000)
                .map(|n| {
                    let body = json!({"serverId": 1, "panelKey": "doors", "instanceKey": "mission-row", "actionId": "door.set-locked", "values": {"n": n}});
                    let sent = http.post(format!("{url}/_mock/panels/actions")).header("content-type", "application/json").body(body.to_string());
                    let answer: Value = serde_json::from_str(&sent.send().unwrap().text().unwrap()).unwrap();
                    answer["action"]["id"].as_str().unwrap().to_string()
                })
                .collect::<Vec<_>>()
        })
    };
    let mut calls = HashMap::new();
    let status = game_loop(&panel, Duration::from_secs(120), &mut calls, |s| s.acked == 1000);
    let ids = presser.join().unwrap();
    assert_eq!(calls.len(), 1000);
    assert!(ids.iter().all(|id| calls.get(id) == Some(&1)), "every action handled exactly once");
    let acked = acks(&mock, "doors");
    assert!(ids.iter().all(|id| acked.get(id) == Some(&1)), "every action acknowledged once");
    assert_eq!((status.pushed, status.handled, status.duplicates, status.expired), (1000, 1000, 0, 0));
    assert_eq!(status.polls, 1, "no recovery poll beyond the start while pushes arrive: {status:?}");
    assert_eq!(route_stats(&mock, POLL).0, 1);
}

#[test]
#[cfg(feature = "push")] // over the hub
fn actions_pressed_while_the_hub_is_down_for_30_s_are_recovered_by_polls_within_the_budget() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    let client = paced_client(&mock);
    let panel = client.panel(options("doors", json!({}))).unwrap();
    let start = Instant::now();
    while !(panel.status().polls == 1 && hub_connected(&client)) {
        assert!(start.elapsed() < Duration::from_secs(20), "{:?} {:?}", panel.status(), client.events_status());
        std::thread::sleep(Duration::from_millis(10));
    }
    let down = control(&mock, "POST", "/_mock/hub/drop", json!({"forMs": 30_000}));
    assert_eq!(down["dropped"], 1);
    let started = Instant::now();
    let ids: Vec<String> = (0..5)
        .map(|n| {
            std::thread::sleep(Duration::from_millis(300));
            press(&mock, "doors", json!({"n": n}))
        })
        .collect();
    let mut calls = HashMap::new();
    let status = game_loop(&panel, Duration::from_secs(58), &mut calls, |s| s.acked == 5);
    eprintln!("recovered 5 actions {:?} into a 30 s hub outage: {status:?}", started.elapsed());
    assert!(ids.iter().all(|id| calls.get(id) == Some(&1)), "each handled once: {calls:?}");
    let acked = acks(&mock, "doors");
    assert!(ids.iter().all(|id| acked.get(id) == Some(&1)));
    assert_eq!((status.pushed, status.expired, status.ack_failures), (0, 0, 0));
    let (polls, limited) = route_stats(&mock, POLL);
    assert!((2..=3).contains(&polls), "the start poll and at most two recovery polls in under a minute: {polls}");
    assert_eq!(limited, 0, "never over the 3 a minute");
}

#[test]
#[cfg(feature = "push")] // over the hub
fn a_failing_acknowledgement_is_retried_without_a_second_handler_call() {
    let (mock, client) = mock();
    let panel = client.panel(options("doors", json!({}))).unwrap();
    wait_for(&panel, Duration::from_secs(20), |s| s.polls == 1 && hub_connected(&client));
    let set = reqwest::blocking::Client::new()
        .post(format!("{}/_mock/fault?endpoint=acknowledge_integration_panel_action_v2", mock.url()))
        .body("status:500,times:2")
        .send()
        .unwrap();
    assert!(set.status().is_success());
    let id = press(&mock, "doors", json!({"n": 1}));
    let mut calls = HashMap::new();
    let status = game_loop(&panel, Duration::from_secs(30), &mut calls, |s| s.acked == 1);
    assert_eq!(calls.get(&id), Some(&1), "the handler ran once");
    assert_eq!(status.ack_retries, 2, "{status:?}");
    assert_eq!(acks(&mock, "doors").get(&id), Some(&1));
}

#[test]
fn three_panels_share_the_three_polls_a_minute_of_the_key() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    let client = paced_client(&mock);
    // No push path: each panel would poll every 500 ms if the budget let it.
    let panels: Vec<Panel> = ["doors", "alarms", "tow"]
        .iter()
        .map(|key| client.panel(options(key, json!({"startEvents": false, "downPollMs": 500}))).unwrap())
        .collect();
    std::thread::sleep(Duration::from_secs(6));
    let polls: u64 = panels.iter().map(|p| p.status().polls).sum();
    assert_eq!(polls, 3, "one start poll each, then the minute's budget is spent");
    assert_eq!(route_stats(&mock, POLL), (3, 0), "the mock saw three, none over its limit");
    assert!(panels.iter().all(|p| p.status().polls == 1), "every panel got its start poll");
}

#[test]
fn states_are_latest_wins_refused_over_512_kib_and_land_again_after_the_panel_is_deleted() {
    let (mock, client) = mock();
    let panel = client.panel(options("doors", json!({"instance": "mission-row", "startEvents": false}))).unwrap();
    let big = json!({"blob": "x".repeat(600 * 1024)});
    let refused = panel.set_state(big).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::InvalidArgument);
    assert!(refused.message.contains("state"), "{}", refused.message);
    for n in 0..50 {
        panel.set_state(json!({"doors": [{"id": "front", "locked": n % 2 == 0}], "n": n})).unwrap();
    }
    let status = wait_for(&panel, Duration::from_secs(20), |s| s.states_sent + s.states_coalesced == 50);
    assert!(status.states_coalesced > 0, "older states not sent yet are dropped: {status:?}");
    let stored = client.get_integration_panel_v2("doors").unwrap();
    let instance = stored.instances.iter().find(|i| i.instance_key == "mission-row").unwrap();
    assert_eq!(instance.state["n"], 49, "the last state landed");
    // The CAD loses the panel: the next state is answered 409, the definition goes out again.
    client.delete_integration_panel_v2("doors").unwrap();
    panel.set_state(json!({"n": 50})).unwrap();
    wait_for(&panel, Duration::from_secs(20), |s| s.states_sent == status.states_sent + 1);
    let stored = client.get_integration_panel_v2("doors").unwrap();
    assert_eq!(stored.instances.iter().find(|i| i.instance_key == "mission-row").unwrap().state["n"], 50);
    drop(mock);
}

#[test]
fn the_cursor_is_kept_in_a_file_and_a_reopened_panel_resumes_from_it() {
    let (mock, client) = mock();
    client.set_integration_panel_v2("doors", &definition("doors")).unwrap();
    let first = press(&mock, "doors", json!({"n": 1}));
    let second = press(&mock, "doors", json!({"n": 2}));
    let dir = std::env::temp_dir().join(format!("sonoran-panel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("doors.cursor");
    let _ = std::fs::remove_file(&file);
    let opened = json!({"startEvents": false, "cursorFile": file.to_str().unwrap()});
    let panel = client.panel(PanelOptions::from_value(Some("doors"), &opened).unwrap()).unwrap();
    let mut calls = HashMap::new();
    let status = game_loop(&panel, Duration::from_secs(20), &mut calls, |s| s.acked == 2 && s.cursor > 0);
    assert_eq!((calls.get(&first), calls.get(&second)), (Some(&1), Some(&1)));
    // Saved on the I/O thread's next look.
    let start = Instant::now();
    while std::fs::read_to_string(&file).map(|t| t.trim().to_string()).unwrap_or_default() != status.cursor.to_string() {
        assert!(start.elapsed() < Duration::from_secs(5), "the cursor file holds {:?}", std::fs::read_to_string(&file));
        std::thread::sleep(Duration::from_millis(20));
    }
    panel.close();
    drop(panel);
    let reopened = client.panel(PanelOptions::from_value(Some("doors"), &opened).unwrap()).unwrap();
    assert_eq!(reopened.status().cursor, status.cursor, "resumed, not replayed");
    std::fs::write(&file, "not a number").unwrap();
    drop(reopened);
    std::thread::sleep(Duration::from_millis(100));
    let bad = client.panel(PanelOptions::from_value(Some("doors"), &opened).unwrap()).unwrap_err();
    assert!(bad.message.contains("cursorFile"), "{}", bad.message);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg(feature = "push")] // over the hub
fn an_action_past_its_lifetime_is_never_handed_out_and_a_polled_duplicate_is_dropped() {
    let (mock, client) =
        mock_with(MockOptions { v2_rate_limit: None, panel_action_lifetime: Duration::from_secs(2), ..MockOptions::default() });
    let panel = client.panel(options("doors", json!({}))).unwrap();
    wait_for(&panel, Duration::from_secs(20), |s| s.polls == 1 && hub_connected(&client));
    // Pushed, then polled again after a hub reconnect before the host took it: one handler call.
    let id = press(&mock, "doors", json!({"n": 1}));
    let start = Instant::now();
    while panel.status().queued == 0 {
        assert!(start.elapsed() < Duration::from_secs(5));
        std::thread::sleep(Duration::from_millis(10));
    }
    control(&mock, "POST", "/_mock/hub/drop", Value::Null);
    let status = wait_for(&panel, Duration::from_secs(10), |s| s.polled == 1);
    assert_eq!((status.polls, status.duplicates, status.queued), (2, 1, 1), "the reconnect poll's copy is dropped: {status:?}");
    let mut calls = HashMap::new();
    let status = game_loop(&panel, Duration::from_secs(10), &mut calls, |s| s.acked == 1);
    assert_eq!(calls.get(&id), Some(&1));
    // Pressed, then left until it expired: dropped, never handed to the handler.
    wait_for(&panel, Duration::from_secs(20), |_| hub_connected(&client));
    let late = press(&mock, "doors", json!({"n": 2}));
    std::thread::sleep(Duration::from_millis(2500));
    let after = game_loop(&panel, Duration::from_secs(5), &mut calls, |s| s.expired == status.expired + 1);
    assert_eq!(calls.get(&late), None, "an expired action is not applied");
    assert_eq!(after.handled, 1);
}

#[test]
fn options_and_results_are_checked_naming_the_field() {
    let (_mock, client) = mock();
    let bad_key = client.panel(PanelOptions::from_value(Some("Doors!"), &json!({"startEvents": false})).unwrap()).unwrap_err();
    assert!(bad_key.message.contains("panelKey"), "{}", bad_key.message);
    let unknown = PanelOptions::from_value(Some("doors"), &json!({"instnce": "x"})).unwrap_err();
    assert!(unknown.message.contains("instnce"), "{}", unknown.message);
    let wrong_definition =
        PanelOptions::from_value(Some("doors"), &json!({"definition": definition("other"), "startEvents": false})).unwrap();
    assert_eq!(client.panel(wrong_definition).unwrap_err().kind, ErrorKind::InvalidArgument);
    let panel = client.panel(PanelOptions::from_value(Some("doors"), &json!({"startEvents": false})).unwrap()).unwrap();
    let twice = client.panel(PanelOptions::from_value(Some("doors"), &json!({"startEvents": false})).unwrap()).unwrap_err();
    assert!(twice.message.contains("already open"), "{}", twice.message);
    let not_handed = panel.ack("11111111-1111-1111-1111-111111111111", ActionResult { success: true, message: None, result: None });
    assert!(not_handed.unwrap_err().message.contains("actionId"));
    let long = ActionResult { success: true, message: Some("x".repeat(501)), result: None };
    let too_long = panel.ack("11111111-1111-1111-1111-111111111111", long).unwrap_err();
    assert!(too_long.message.contains("message"), "{}", too_long.message);
}
