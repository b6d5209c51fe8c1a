//! The unit-location stream against the mock: over the hub, over REST within its limit, and
//! across a hub reconnect; every unit's last position ends on the mock's map.

mod common;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sonoran::budget::Limit;
use sonoran::push::locations::LocationTransport;
use sonoran::{Client, Config};
use sonoran_mock::{MockOptions, MockServer, RateLimit, DEMO_API_KEY, DEMO_COMMUNITY_ID};

const JOHN_UNIT: i64 = 12;

fn client(mock: &MockServer, via_hub: bool) -> Client {
    let mut config = Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url());
    config.locations_via_hub = via_hub;
    Client::new(config).unwrap()
}

/// A mock whose REST routes are not limited (the hub's own limits still hold).
fn unlimited() -> MockServer {
    MockServer::start_with(MockOptions { v2_rate_limit: None, ..Default::default() }).unwrap()
}

/// The `location` of unit `ident` as the mock's map shows it.
fn map_location(mock: &MockServer, ident: i64) -> Value {
    let reader = Client::new(Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url()).without_rate_limits()).unwrap();
    let units = reader.call("get_units_v2", &json!({"includeOffline": true})).unwrap().body.to_value();
    units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == ident)
        .map(|u| json!({"location": u["location"], "coordinates": u["coordinates"]}))
        .unwrap_or(Value::Null)
}

/// Waits until every pushed position has been sent or superseded.
fn drained(client: &Client, within: Duration) -> sonoran::push::locations::LocationStats {
    let deadline = Instant::now() + within;
    loop {
        let stats = client.location_stats();
        if (stats.queued == 0 && stats.sent + stats.superseded == stats.pushed) || Instant::now() > deadline {
            return stats;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn john(step: u32) -> Value {
    json!({"communityUserId": "player-1234", "location": format!("step {step}"), "coordinates": {"x": step, "y": 2.5, "z": 0, "w": 90}})
}

#[test]
fn bad_positions_are_refused_naming_the_field_and_nothing_is_queued() {
    let mock = unlimited();
    let client = client(&mock, true);
    let message = |v: Value| client.push_unit_location(&v).unwrap_err().message;
    assert!(message(json!({"location": "A"})).contains("exactly one of"));
    assert!(message(json!({"communityUserId": "p", "identId": 3, "location": "A"})).contains("exactly one of"));
    assert!(message(json!({"communityUserId": "p"})).contains("`location` is required"));
    assert!(message(json!({"communityUserId": "p", "location": "A", "coordinates": {"y": 1}})).contains("`coordinates.x` is required"));
    assert!(message(json!({"communityUserId": "p", "location": "A", "vehicle": {"lights": "on"}})).contains("`vehicle.lights`"));
    assert!(message(json!({"identId": 0, "location": "A"})).contains("`identId`"));
    assert_eq!(client.location_stats().pushed, 0);
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(mock.request_count(), 0, "nothing was sent");
}

#[cfg(feature = "push")] // over the hub
#[test]
fn over_the_hub_the_latest_position_of_every_unit_reaches_the_map_in_batches_of_25() {
    let mock = unlimited();
    let client = client(&mock, true);
    for step in 1..=20 {
        client.push_unit_location(&john(step)).unwrap();
    }
    for n in 0..40 {
        client.push_unit_location(&json!({"communityUserId": format!("ghost-{n}"), "location": "nowhere"})).unwrap();
    }
    client.push_unit_location(&json!({"identId": 1, "location": "by ident", "coordinates": {"x": 1, "y": 1}})).unwrap();
    let stats = drained(&client, Duration::from_secs(10));
    assert_eq!((stats.queued, stats.pushed, stats.sent + stats.superseded), (0, 61, 61), "{stats:?}");
    assert_eq!((stats.transport, stats.rest_calls, stats.failed_calls), (LocationTransport::Hub, 0, 0), "{stats:?}");
    // 42 units: at least two calls (25 + 17), none over the hub's limits.
    assert!(stats.hub_calls >= 2, "{stats:?}");
    assert_eq!(map_location(&mock, JOHN_UNIT), json!({"location": "step 20", "coordinates": {"x": 20, "y": 2.5, "z": 0, "w": 90}}));
    assert_eq!(map_location(&mock, 1)["location"], "by ident");
    // The hub session is for methods only: no serverId.
    assert_eq!(mock.hub_sessions(), [None]);
}

#[test]
fn over_rest_every_waiting_unit_goes_in_one_call_within_the_routes_limit() {
    // A small window, so the test sees the pacing: 2 calls per 2 s, on the mock and the client.
    let limit = RateLimit { requests: 2, window: Duration::from_secs(2) };
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(limit), ..Default::default() }).unwrap();
    let mut config = Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url());
    config.locations_via_hub = false;
    config.rate_limits.overrides.insert("update_unit_locations_v2".into(), Some(Limit::new(2, Duration::from_secs(2))));
    let client = Client::new(config).unwrap();
    let started = Instant::now();
    for step in 1..=6 {
        client.push_unit_location(&john(step)).unwrap();
        client.push_unit_location(&json!({"discord": "274658103720132609", "location": format!("sandy {step}")})).unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    let stats = drained(&client, Duration::from_secs(10));
    assert_eq!((stats.queued, stats.failed_calls, stats.hub_calls, stats.transport), (0, 0, 0, LocationTransport::Rest), "{stats:?}");
    // 12 positions over about 2 s: at most 2 calls per 2 s window, each with every unit waiting.
    let windows = started.elapsed().as_secs_f64() / 2.0;
    assert!((stats.rest_calls as f64) <= 2.0 * windows.ceil(), "{stats:?} in {:?}", started.elapsed());
    assert!(stats.superseded > 0, "positions merged while waiting for budget: {stats:?}");
    assert_eq!(map_location(&mock, JOHN_UNIT)["location"], "step 6");
    assert_eq!(map_location(&mock, 1)["location"], "sandy 6");
    assert!(mock.hub_sessions().is_empty(), "no hub session when told REST only");
}

#[cfg(feature = "push")] // over the hub
#[test]
fn identifier_targets_wait_for_the_hub_and_discord_targets_use_rest_beside_it() {
    let mock = unlimited();
    let client = client(&mock, true);
    client.push_unit_location(&json!({"discord": "274658103720132609", "location": "via REST"})).unwrap();
    client.push_unit_location(&json!({"identId": JOHN_UNIT, "location": "via hub"})).unwrap();
    let stats = drained(&client, Duration::from_secs(10));
    assert_eq!((stats.sent, stats.hub_calls, stats.rest_calls, stats.failed_calls), (2, 1, 1, 0), "{stats:?}");
    assert_eq!(map_location(&mock, 1)["location"], "via REST");
    assert_eq!(map_location(&mock, JOHN_UNIT)["location"], "via hub");
}

#[cfg(feature = "push")] // over the hub
#[test]
fn a_hub_reconnect_loses_no_position() {
    let mock = unlimited();
    let client = client(&mock, true);
    let mut step = 0;
    let started = Instant::now();
    let mut dropped = 0;
    while started.elapsed() < Duration::from_secs(3) {
        step += 1;
        client.push_unit_location(&john(step)).unwrap();
        if dropped == 0 && started.elapsed() > Duration::from_secs(1) {
            dropped = mock.drop_hub_sessions();
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(dropped, 1, "the session was up and dropped");
    let stats = drained(&client, Duration::from_secs(15));
    assert_eq!((stats.queued, stats.sent + stats.superseded), (0, stats.pushed), "{stats:?}");
    assert!(stats.hub_calls > 2, "{stats:?}");
    assert_eq!(map_location(&mock, JOHN_UNIT)["location"], format!("step {step}"));
    assert_eq!(mock.hub_sessions(), [None], "the session came back");
}
