//! The live mirror against the mock over loopback: seeded by the reads, it follows every
//! change the CAD pushes (units through the mock's control routes, dispatch calls made in
//! the CAD) and the client's own dispatch writes, and ends equal to what `get_units_v2` and
//! `get_calls_v2` answer; reads make no request; a hub outage is a gap healed by one read
//! within the budget; a queue overflow and a burst of unknown units each cost one read;
//! reads go on while a read is on the wire.
#![cfg(feature = "push")] // events over the hub

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::mirror::{MirrorOptions, MirrorStatus};
use sonoran::push::{EventOptions, HubState};
use sonoran::{Client, Config};
use sonoran_mock::{MockOptions, MockServer, RateLimit};

/// `method path` on the mock's control routes: status and JSON answer.
fn control(mock: &MockServer, method: &str, path: &str, body: Value) -> (u16, Value) {
    let http = reqwest::blocking::Client::new();
    let url = format!("{}{path}", mock.url());
    let request =
        if method == "GET" { http.get(url) } else { http.post(url).header("content-type", "application/json").body(body.to_string()) };
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    (status, serde_json::from_str(&response.text().unwrap()).unwrap_or(Value::Null))
}

fn post(mock: &MockServer, path: &str, body: Value) -> (u16, Value) {
    control(mock, "POST", path, body)
}

/// API requests the mock took, every route (its control routes not counted).
fn requests(mock: &MockServer) -> u64 {
    let stats = control(mock, "GET", "/_mock/stats", Value::Null).1;
    stats["routes"].as_object().unwrap().values().map(|r| r["requests"].as_u64().unwrap_or(0)).sum()
}

/// 429s the mock answered on `route`.
fn limited(mock: &MockServer, route: &str) -> u64 {
    control(mock, "GET", "/_mock/stats", Value::Null).1["routes"][route]["limited"].as_u64().unwrap_or(0)
}

/// A client pacing itself by the documented limits, as a game server's does.
fn paced_client(mock: &MockServer) -> Client {
    Client::new(Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url())).unwrap()
}

fn wait_status(client: &Client, limit: Duration, done: impl Fn(&MirrorStatus) -> bool) -> MirrorStatus {
    let start = Instant::now();
    loop {
        let status = client.mirror().status();
        if done(&status) {
            return status;
        }
        assert!(start.elapsed() < limit, "waited {limit:?}: {status:?} {:?}", client.events_status());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the mock has no event left to push and the mirror has been still a moment.
fn settle(mock: &MockServer, client: &Client) {
    let start = Instant::now();
    let mut last = (u64::MAX, Instant::now());
    loop {
        let queued = control(mock, "GET", "/_mock/stats", Value::Null).1["events"]["queued"].as_u64().unwrap_or(0);
        let version = client.mirror().version();
        if version != last.0 {
            last = (version, Instant::now());
        }
        if queued == 0 && last.1.elapsed() > Duration::from_millis(300) {
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "the events never settled");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A call without its `updated` time, which the CAD sets and no event carries.
fn without_updated(call: &Value) -> Value {
    let mut call = call.clone();
    if let Some(map) = call.as_object_mut() {
        map.remove("updated");
    }
    call
}

/// What `get_units_v2` (every page, dispatchers too) and `get_calls_v2` answer now, through
/// `client` (paced: these count in its budget).
fn reads(client: &Client) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let units = data(client, "get_all_units_v2", json!({"onlyUnits": false, "includeOffline": false, "limit": 100}));
    let mut units = units["units"].as_array().cloned().unwrap_or_default();
    units.sort_by_key(|u| u["id"].as_i64());
    let calls = data(client, "get_calls_v2", json!({"type": 100, "closedLimit": 0}));
    let by_id = |list: &Value| {
        let mut list: Vec<Value> = list.as_array().cloned().unwrap_or_default().iter().map(without_updated).collect();
        list.sort_by_key(|c| c["callId"].as_i64());
        list
    };
    (units, by_id(&calls["ActiveCalls"]), by_id(&calls["EmergencyCalls"]))
}

/// What the mirror holds, in the same form.
fn mirrored(client: &Client) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let mirror = client.mirror();
    let units = mirror.unit_values().units.iter().map(|u| Value::clone(u)).collect();
    let calls = mirror.call_values();
    let strip = |list: &[Arc<Value>]| list.iter().map(|c| without_updated(c)).collect::<Vec<_>>();
    (units, strip(&calls.calls), strip(&calls.emergency_calls))
}

fn assert_mirror_equals_reads(client: &Client) {
    let (units, calls, emergency) = reads(client);
    let (m_units, m_calls, m_emergency) = mirrored(client);
    let ids = |list: &[Value], key: &str| list.iter().map(|v| v[key].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&m_units, "id"), ids(&units, "id"), "the same units");
    for (mine, theirs) in m_units.iter().zip(&units) {
        assert_eq!(mine, theirs, "unit {}", theirs["id"]);
    }
    assert_eq!(ids(&m_calls, "callId"), ids(&calls, "callId"), "the same open calls");
    for (mine, theirs) in m_calls.iter().zip(&calls) {
        assert_eq!(mine, theirs, "call {}", theirs["callId"]);
    }
    assert_eq!(m_emergency, emergency, "the same 911 calls");
}

/// A small deterministic generator, so that a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

/// What the CAD side is doing, as the test tracks it from the mock's answers.
#[derive(Default)]
struct Cad {
    online: Vec<i64>,
    offline: Vec<i64>,
    /// Open dispatch calls and their units.
    calls: BTreeMap<i64, Vec<i64>>,
    emergency: Vec<i64>,
    changes: usize,
}

impl Cad {
    fn track(&mut self, call: &Value) {
        let id = call["callId"].as_i64().unwrap();
        let idents: Vec<i64> = call["idents"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
        for other in self.calls.values_mut() {
            other.retain(|i| !idents.contains(i));
        }
        if call["status"] == 2 {
            self.calls.remove(&id);
        } else {
            self.calls.insert(id, idents);
        }
    }

    /// One change made in the CAD (or through the API for 911 calls), picked by `rng`;
    /// whether the mock took it.
    fn change(&mut self, mock: &MockServer, client: &Client, rng: &mut Lcg) -> bool {
        let roll = rng.below(100);
        let unit = rng.pick(&self.online);
        let call = rng.pick(&self.calls.keys().copied().collect::<Vec<_>>());
        let (status, _) = match (roll, unit, call) {
            (0..=34, Some(unit), _) => post(mock, &format!("/_mock/units/{unit}/status"), json!({"status": rng.below(5)})),
            (35..=41, Some(unit), _) => post(mock, &format!("/_mock/units/{unit}/panic"), json!({"isPanic": rng.below(2) == 1})),
            (42..=46, Some(unit), _) => {
                let group = match rng.below(3) {
                    0 => json!("Ladder 61"),
                    1 => json!("CAR 51"),
                    _ => Value::Null,
                };
                post(mock, &format!("/_mock/units/{unit}/group"), json!({"groupName": group}))
            }
            (47..=51, Some(unit), _) => {
                let answer = post(mock, &format!("/_mock/units/{unit}/logout"), json!({}));
                if answer.0 == 200 {
                    self.online.retain(|u| *u != unit);
                    self.offline.push(unit);
                    for idents in self.calls.values_mut() {
                        idents.retain(|i| *i != unit);
                    }
                }
                answer
            }
            (52..=56, _, _) if !self.offline.is_empty() => {
                let unit = rng.pick(&self.offline).unwrap();
                let answer = post(mock, &format!("/_mock/units/{unit}/login"), json!({"status": 2, "isDispatch": rng.below(8) == 0}));
                if answer.0 == 200 {
                    self.offline.retain(|u| *u != unit);
                    self.online.push(unit);
                }
                answer
            }
            (57..=63, _, _) => {
                let idents: Vec<i64> = (0..rng.below(3)).filter_map(|_| rng.pick(&self.online)).take(1).collect();
                let answer =
                    post(mock, "/_mock/dispatch", json!({"title": "Traffic Stop", "priority": 1 + rng.below(3), "idents": idents}));
                if answer.0 == 200 {
                    self.track(&answer.1["call"]);
                }
                answer
            }
            (64..=68, _, Some(call)) => {
                let edit =
                    json!({"priority": 1 + rng.below(3), "description": format!("edit {}", rng.below(1000)), "status": rng.below(2)});
                let answer = post(mock, &format!("/_mock/dispatch/{call}/edit"), edit);
                if answer.0 == 200 {
                    self.track(&answer.1["call"]);
                }
                answer
            }
            (69..=75, Some(unit), Some(call)) => {
                let answer = post(mock, &format!("/_mock/dispatch/{call}/attach"), json!({"idents": [unit]}));
                if answer.0 == 200 {
                    self.track(&answer.1["call"]);
                }
                answer
            }
            (76..=79, _, Some(call)) if !self.calls[&call].is_empty() => {
                let unit = rng.pick(&self.calls[&call]).unwrap();
                let answer = post(mock, &format!("/_mock/dispatch/{call}/detach"), json!({"idents": [unit]}));
                if answer.0 == 200 {
                    self.track(&answer.1["call"]);
                }
                answer
            }
            (80..=83, _, Some(call)) => {
                post(mock, &format!("/_mock/dispatch/{call}/note"), json!({"content": format!("note {}", rng.below(100))}))
            }
            (84..=87, _, Some(call)) => {
                let answer = post(mock, &format!("/_mock/dispatch/{call}/close"), json!({}));
                if answer.0 == 200 {
                    self.calls.remove(&call);
                }
                answer
            }
            (88..=92, _, _) => {
                let answer =
                    post(mock, "/_mock/911", json!({"caller": "John Doe", "location": "Legion Square", "description": "Shots fired"}));
                if answer.0 == 200 {
                    self.emergency.push(answer.1["call"]["callId"].as_i64().unwrap());
                }
                answer
            }
            (93..=95, _, _) if !self.emergency.is_empty() => {
                let id = rng.pick(&self.emergency).unwrap();
                self.emergency.retain(|c| *c != id);
                post(mock, &format!("/_mock/911/{id}/remove"), json!({}))
            }
            (96..=99, _, _) => {
                // A 911 call placed through the API: the CAD pushes EVENT_911 for it too.
                let placed = client.call(
                    "create_emergency_call_v2",
                    &json!({"isEmergency": true, "caller": "API", "location": "Pier", "description": "Help"}),
                );
                match placed {
                    Ok(response) => {
                        self.emergency.push(response.body.to_value()["callId"].as_i64().unwrap());
                        (200, Value::Null)
                    }
                    Err(_) => (0, Value::Null),
                }
            }
            _ => return false,
        };
        let ok = status == 200;
        self.changes += usize::from(ok);
        ok
    }
}

/// Starts the mirror through the events options and waits for its first read and the hub.
fn start(client: &Client, options: Value) -> MirrorStatus {
    let events = EventOptions::from_value(&json!({"mirror": options})).unwrap();
    client.start_events(&events).unwrap();
    wait_status(client, Duration::from_secs(30), |s| s.seeded && s.complete)
}

#[test]
fn a_mirror_follows_a_thousand_cad_side_changes_equal_to_the_reads_and_reads_cost_no_request() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    let (_, seeded) = post(&mock, "/_mock/units/seed", json!({"count": 64}));
    let client = paced_client(&mock);
    let status = start(&client, json!(true));
    assert_eq!((status.resyncs, status.last_resync_reasons.clone()), (1, vec!["start".to_string()]));
    assert!(status.units >= 64, "{status:?}");
    let mut cad = Cad { online: seeded["identIds"].as_array().unwrap().iter().filter_map(Value::as_i64).collect(), ..Cad::default() };
    let mut rng = Lcg(2026);
    while cad.changes < 1000 {
        cad.change(&mock, &client, &mut rng);
    }
    settle(&mock, &client);
    let status = client.mirror().status();
    assert_eq!(status.resyncs, 1, "no read beyond the first: {status:?}");
    assert!(status.events_applied > 700, "most changes change the picture: {status:?}");
    assert!(status.complete);

    // Reads: 10,000 of them, no request.
    let before = requests(&mock);
    let mirror = client.mirror();
    let mut seen = 0;
    for i in 0..10_000 {
        match i % 4 {
            0 => seen += mirror.units_json().len(),
            1 => seen += mirror.call_values().calls.len(),
            2 => seen += mirror.unit_value(&cad.online[i % cad.online.len()].to_string()).map_or(0, |_| 1),
            _ => seen += mirror.units_since(0).map_or(0, |u| u.units.len()),
        }
    }
    assert!(seen > 0);
    assert_eq!(mirror.units_since(mirror.version()).map(|u| u.version), None, "nothing changed since the version read");
    assert_eq!(requests(&mock), before, "10,000 reads made no request");

    assert_mirror_equals_reads(&client);
    assert_eq!(limited(&mock, "get_units_v2") + limited(&mock, "get_calls_v2"), 0, "never over the budget");
    eprintln!("after {} changes: {:?}", cad.changes, client.mirror().status());
}

#[test]
fn a_hub_outage_of_20_s_is_a_gap_signalled_and_healed_by_one_read_within_the_budget() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() }).unwrap();
    let (_, seeded) = post(&mock, "/_mock/units/seed", json!({"count": 16}));
    let client = paced_client(&mock);
    start(&client, json!(true));
    let (_, down) = post(&mock, "/_mock/hub/drop", json!({"forMs": 20_000}));
    assert_eq!(down["dropped"], 1);
    wait_status(&client, Duration::from_secs(5), |s| !s.complete);
    // Changes while no session is up: the mock pushes them to the server's listener, where
    // nothing listens, so they are lost to the client.
    let mut cad = Cad { online: seeded["identIds"].as_array().unwrap().iter().filter_map(Value::as_i64).collect(), ..Cad::default() };
    let mut rng = Lcg(7);
    while cad.changes < 40 {
        cad.change(&mock, &client, &mut rng);
    }
    let stats = control(&mock, "GET", "/_mock/stats", Value::Null).1;
    assert!(stats["events"]["failed"].as_u64().unwrap() > 0, "the events of the outage were lost: {stats}");
    let status = wait_status(&client, Duration::from_secs(90), |s| s.resyncs == 2 && s.complete);
    assert_eq!((status.gaps, status.last_resync_reasons.clone()), (1, vec!["hub_reconnect".to_string()]), "{status:?}");
    settle(&mock, &client);
    assert_mirror_equals_reads(&client);
    // The host was told: the gap (how long the hub was down), then the read.
    let mut notices = Vec::new();
    while let Some(event) = client.poll_event() {
        if event.event_type.starts_with("MIRROR_") {
            assert_eq!(event.via.as_str(), "mirror");
            notices.push((event.event_type.clone(), event.data.clone()));
        }
    }
    let kinds: Vec<&str> = notices.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(kinds, ["MIRROR_RESYNCED", "MIRROR_GAP", "MIRROR_RESYNCED"], "{notices:?}");
    let gap = &notices[1].1;
    assert_eq!(gap["reason"], "hub_reconnect");
    assert!(gap["downMs"].as_u64().unwrap() >= 15_000, "{gap}");
    assert_eq!(notices[2].1["reasons"], json!(["hub_reconnect"]));
    assert_eq!(limited(&mock, "get_units_v2") + limited(&mock, "get_calls_v2"), 0, "no 429");
    assert_eq!(client.mirror().status().resyncs, 2, "one read for the gap");
}

#[test]
fn a_queue_overflow_and_a_burst_of_unknown_units_each_cost_one_read() {
    let (mock, client) = mock();
    let (_, seeded) = post(&mock, "/_mock/units/seed", json!({"count": 8}));
    let units: Vec<i64> = seeded["identIds"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
    let events = EventOptions::from_value(&json!({"queueCapacity": 8, "mirror": {"minResyncMs": 500}})).unwrap();
    client.start_events(&events).unwrap();
    wait_status(&client, Duration::from_secs(30), |s| s.seeded && s.complete);
    // The host reads nothing: twenty events overflow a queue of eight.
    for (n, unit) in units.iter().cycle().take(20).enumerate() {
        post(&mock, &format!("/_mock/units/{unit}/status"), json!({"status": n % 5}));
    }
    let status = wait_status(&client, Duration::from_secs(20), |s| s.resyncs == 2);
    assert_eq!((status.gaps, status.last_resync_reasons.clone()), (1, vec!["queue_overflow".to_string()]), "{status:?}");
    settle(&mock, &client);
    assert_mirror_equals_reads(&client);
    while client.poll_event().is_some() {}

    // Ten units the mirror never saw log in (no events), then change status at once.
    let (_, fresh) = post(&mock, "/_mock/units/seed", json!({"count": 10}));
    let fresh: Vec<i64> = fresh["identIds"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
    for unit in &fresh {
        post(&mock, &format!("/_mock/units/{unit}/status"), json!({"status": 3}));
        // The host reads its events now: no overflow this time.
        while client.poll_event().is_some() {}
    }
    let status = wait_status(&client, Duration::from_secs(20), |s| s.resyncs == 3 && s.resync_pending.is_empty());
    assert_eq!(status.gaps, 1);
    assert_eq!(status.last_resync_reasons, vec!["unknown_unit".to_string()], "{status:?}");
    settle(&mock, &client);
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(client.mirror().status().resyncs, 3, "one read for the burst");
    for unit in &fresh {
        assert_eq!(client.mirror().unit_value(&unit.to_string()).expect("known after the read")["status"], 3);
    }
    assert_mirror_equals_reads(&client);
}

#[test]
fn own_dispatch_writes_and_pushed_positions_show_at_once_without_events() {
    let (mock, client) = mock();
    let (_, seeded) = post(&mock, "/_mock/units/seed", json!({"count": 3}));
    let units: Vec<i64> = seeded["identIds"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
    client.start_mirror(&MirrorOptions::from_json(r#"{"minResyncMs": 500}"#).unwrap()).unwrap();
    wait_status(&client, Duration::from_secs(30), |s| s.seeded && s.complete);
    let version = client.mirror().version();
    let created = data(
        &client,
        "create_dispatch_call_v2",
        json!({"origin": 0, "status": 1, "priority": 2, "title": "Pursuit", "code": "10-80", "address": "Route 68", "communityUserIds": [format!("license:unit{}", units[0])]}),
    );
    let id = created["callId"].as_i64().unwrap();
    let held = client.mirror().call(id).expect("the call is held at once");
    assert_eq!((held.title.as_deref(), held.idents.clone()), (Some("Pursuit"), vec![units[0]]));
    assert!(client.mirror().version() > version);
    data(&client, "attach_units_to_dispatch_call_v2", json!({"callId": id, "identIds": [units[1], units[2]]}));
    assert_eq!(client.mirror().call(id).unwrap().idents, vec![units[0], units[1], units[2]]);
    data(&client, "detach_units_from_dispatch_call_v2", json!({"identIds": [units[2]]}));
    data(&client, "set_dispatch_postal_v2", json!({"callId": id, "postal": "512"}));
    data(&client, "set_dispatch_primary_v2", json!({"callId": id, "identId": units[1], "trackPrimary": true}));
    let held = client.mirror().call(id).unwrap();
    assert_eq!((held.idents.clone(), held.postal.as_deref(), held.primary), (vec![units[0], units[1]], Some("512"), Some(units[1])));
    assert_mirror_equals_reads(&client);
    // A note's time is the CAD's: the mirror reads the calls for it.
    data(&client, "add_dispatch_note_v2", json!({"callId": id, "note": "Suspect on foot"}));
    let status = wait_status(&client, Duration::from_secs(20), |s| s.resyncs == 2 && s.resync_pending.is_empty());
    assert_eq!(status.last_resync_reasons, vec!["own_write".to_string()]);
    assert_eq!(client.mirror().call(id).unwrap().notes.len(), 1);
    data(&client, "close_dispatch_calls_v2", json!({"callIds": [id]}));
    assert!(client.mirror().call(id).is_none(), "closed: gone");
    assert!(client.mirror().status().own_writes_applied >= 5);

    // The game's own position of a unit shows at once.
    let who = format!("license:unit{}", units[0]);
    client.push_unit_location(&json!({"communityUserId": who, "location": "Sandy Shores", "coordinates": {"x": 1.5, "y": 2.5}})).unwrap();
    let unit = client.mirror().unit_value(&who).unwrap();
    assert_eq!((unit["location"].clone(), unit["coordinates"]["x"].clone()), (json!("Sandy Shores"), json!(1.5)));
    settle(&mock, &client);
    assert_mirror_equals_reads(&client);
    assert_eq!(client.events_status().hub.map(|h| h.state), Some(HubState::Connected));
}

#[test]
fn reads_go_on_while_a_read_is_on_the_wire() {
    let (mock, client) = mock();
    client.start_mirror(&MirrorOptions::from_json(r#"{"minResyncMs": 200}"#).unwrap()).unwrap();
    wait_status(&client, Duration::from_secs(30), |s| s.seeded && s.complete);
    let fault = reqwest::blocking::Client::new()
        .post(format!("{}/_mock/fault?endpoint=get_units_v2", mock.url()))
        .body("delay:2000,times:1")
        .send()
        .unwrap();
    assert!(fault.status().is_success());
    // A unit the mirror does not know changes status: a read goes out, and waits 2 s.
    let (_, fresh) = post(&mock, "/_mock/units/seed", json!({"count": 1}));
    let unit = fresh["identIds"][0].as_i64().unwrap();
    post(&mock, &format!("/_mock/units/{unit}/status"), json!({"status": 4}));
    wait_status(&client, Duration::from_secs(10), |s| !s.resync_pending.is_empty());
    let mirror = client.mirror();
    let mut reads = 0u64;
    while !mirror.status().resync_pending.is_empty() {
        reads += mirror.units_json().len().min(1) as u64 + mirror.call_values().calls.len().min(1) as u64;
    }
    assert!(reads > 1000, "reads went on during the read on the wire: {reads}");
    assert_eq!(mirror.unit_value(&unit.to_string()).unwrap()["status"], 4);
    let calls = mirror.calls_json();
    let parsed: Value = serde_json::from_str(&calls).unwrap();
    assert!(parsed["calls"].is_array() && parsed["emergencyCalls"].is_array() && parsed["version"].as_u64().unwrap() > 0);
}
