//! Priority within a route, over real HTTP: a call given `"priority": "high"` (or
//! `CallOptions` with `Priority::High`) goes ahead of the calls of its route waiting for
//! budget, and the route's limit still holds in every window; a priority that is neither
//! `"high"` nor `"normal"` is refused before anything is sent; a numeric `priority` is the
//! API's own field of the dispatch-call routes and is sent as given.

mod common;

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::budget::Limit;
use sonoran::config::RateLimits;
use sonoran::{CallOptions, Client, Config, ErrorKind, Priority, RequestId, Response, Result};
use sonoran_mock::recorder::{Canned, RecordingServer};
use sonoran_mock::{MockOptions, MockServer, RateLimit};

const ROUTE: &str = "set_unit_status_v2";

/// `config` with pacing on: `ROUTE` at one request per `period`.
fn paced(mut config: Config, period: Duration) -> Config {
    config.rate_limits = RateLimits::default();
    config.rate_limits.overrides.insert(ROUTE.into(), Some(Limit::new(1, period)));
    config
}

/// Submits `ROUTE` with `params` (and `options`); the result and when it came go to `done`.
fn submit(client: &Client, params: Value, options: &CallOptions, done: &mpsc::Sender<(RequestId, Result<Response>, Instant)>) -> RequestId {
    let done = done.clone();
    client.submit_with(
        ROUTE,
        &params,
        options,
        Box::new(move |id, result| {
            let _ = done.send((id, result, Instant::now()));
        }),
    )
}

/// Waits for `n` completions: each request's result, in the order they completed.
fn completions(rx: &mpsc::Receiver<(RequestId, Result<Response>, Instant)>, n: usize) -> Vec<(RequestId, Result<Response>)> {
    (0..n).map(|_| rx.recv_timeout(Duration::from_secs(20)).expect("every request completes")).map(|(id, r, _)| (id, r)).collect()
}

fn status(identity: i64, status: i64) -> Value {
    json!({"identIds": [identity], "status": status})
}

/// With the route's budget used up (one per 400 ms; the mock allows one per 300 ms and
/// answers 429 past it), three normal status changes wait, then an officer-down one is
/// given `"priority": "high"`: it completes first, the normal ones follow in their order,
/// and the mock never saw the route over its limit. Once with the writes merging while
/// they wait (the default: the high call does not join a batch, it takes the first batch's
/// send time) and once without.
#[test]
fn a_high_call_goes_ahead_of_the_normal_calls_waiting_and_the_limit_holds() {
    for merge_writes in [true, false] {
        let window = RateLimit { requests: 1, window: Duration::from_millis(300) };
        let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(window), ..MockOptions::default() }).unwrap();
        let mut config = paced(config_for(mock.url()), Duration::from_millis(400));
        config.merge_writes = merge_writes;
        let client = Client::new(config).unwrap();
        client.call(ROUTE, &status(1, 2)).expect("the first change goes at once");
        let (tx, rx) = mpsc::channel();
        let normal = CallOptions::default();
        let normals: Vec<RequestId> = [0, 1, 3].iter().map(|s| submit(&client, status(1, *s), &normal, &tx)).collect();
        let mut params = status(1, 4);
        params["priority"] = json!("high");
        let high = submit(&client, params, &normal, &tx);
        let done = completions(&rx, 4);
        let order: Vec<RequestId> = done.iter().map(|(id, _)| *id).collect();
        let mut expected = vec![high];
        expected.extend(&normals);
        assert_eq!(order, expected, "merge_writes {merge_writes}: the high call first, then the normal ones in order");
        let answers: HashMap<RequestId, Value> =
            done.iter().map(|(id, r)| (*id, r.as_ref().unwrap_or_else(|e| panic!("{e}")).body.to_value())).collect();
        assert_eq!(answers[&high]["status"], "ON_SCENE", "{}", answers[&high]);
        let stats = &mock.route_stats()[ROUTE];
        assert_eq!((stats.requests, stats.limited), (5, 0), "merge_writes {merge_writes}: five requests, none over the mock's limit");
        let budget = client.budget(ROUTE).unwrap().unwrap();
        assert_eq!(budget.queued, 0);
    }
}

/// The same through `CallOptions`, seen on the wire (the recorder keeps the requests in the
/// order they came): the high call, with a timeout shorter than the queue, still goes right
/// after the budget frees, since it takes the first waiting call's send time. The last normal
/// call, whose timeout just covered its own turn, is moved past it: refused as pacing refuses
/// (`rate_limited` with `retryAfterMs`), never sent.
#[test]
fn a_high_call_given_as_a_call_option_goes_first_on_the_wire() {
    let server = RecordingServer::start(Canned::json(200, r#"{"updated": 1}"#)).unwrap();
    let mut config = paced(config_for(&server.url()), Duration::from_millis(300));
    config.merge_writes = false;
    let client = Client::new(config).unwrap();
    client.call(ROUTE, &status(1, 2)).unwrap();
    let (tx, rx) = mpsc::channel();
    let normal = CallOptions::default();
    // Turns at about 306, 612 and 918 ms; the last one's timeout leaves it 180 ms.
    let n1 = submit(&client, status(1, 0), &normal, &tx);
    let n2 = submit(&client, status(1, 1), &normal, &tx);
    let n3 = submit(&client, status(1, 3), &normal.clone().with_timeout(Duration::from_millis(1_100)), &tx);
    // Its own turn would be at about 1224 ms, past its timeout: it takes n1's.
    let urgent = CallOptions::default().with_priority(Priority::High).with_timeout(Duration::from_millis(1_000));
    let high = submit(&client, status(1, 4), &urgent, &tx);
    let done: HashMap<RequestId, Result<Response>> = completions(&rx, 4).into_iter().collect();
    for id in [n1, n2, high] {
        assert!(done[&id].is_ok(), "{:?}", done[&id]);
    }
    let refused = done[&n3].as_ref().expect_err("moved past its timeout");
    assert_eq!(refused.kind, ErrorKind::RateLimited, "{refused}");
    assert!(refused.retry_after_ms.is_some_and(|ms| ms > 0), "{refused:?}");
    assert!(refused.message.contains("client-side pacing"), "{refused}");
    let statuses: Vec<Value> = server.requests().iter().map(|r| r.json()["status"].clone()).collect();
    assert_eq!(statuses, [json!(2), json!(4), json!(0), json!(1)], "on the wire: the first, the high one, then the normal ones; n3 never");
    assert!(server.requests().iter().all(|r| r.json().get("priority").is_none()), "the call option is not sent");
}

#[test]
fn a_priority_that_is_neither_high_nor_normal_is_refused_before_sending() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    for params in [
        json!({"identIds": [1], "status": 1, "priority": "urgent"}),
        json!({"identIds": [1], "status": 1, "priority": true}),
        // set_unit_status_v2 has no numeric priority of the API.
        json!({"identIds": [1], "status": 1, "priority": 1}),
    ] {
        refused(&client, ROUTE, params.clone(), "priority");
        let error = client.call(ROUTE, &params).unwrap_err();
        assert!(error.message.contains(r#"must be "high" or "normal""#), "{error}");
    }
    // The C and Lua faces see the same.
    let envelope = call(&client, ROUTE, r#"{"identIds": [1], "status": 1, "priority": "urgent"}"#);
    assert_eq!((&envelope["success"], &envelope["kind"]), (&json!(false), &json!("invalid_argument")), "{envelope}");
    assert!(envelope["reason"].as_str().unwrap().contains("`priority`"), "{envelope}");
    assert!(server.requests().is_empty(), "nothing was sent");
    // "high" and "normal", in any case, are accepted by every operation.
    for priority in ["high", "normal", "HIGH"] {
        client.call("get_units_v2", &json!({"priority": priority})).unwrap();
    }
    assert!(server.requests().iter().all(|r| r.query.as_deref().is_none_or(|q| !q.contains("priority"))));
}

#[test]
fn a_numeric_priority_is_the_dispatch_calls_own_field_and_is_sent() {
    let (server, client) = recorder(Canned::json(200, r#"{"callId": 5}"#));
    let call = json!({"origin": 0, "status": 1, "priority": 1, "title": "Officer down", "communityUserIds": []});
    client.call("create_dispatch_call_v2", &call).unwrap();
    // The Rust option makes it high and leaves the API's priority as it is.
    client.call_with("create_dispatch_call_v2", &call, &CallOptions::default().with_priority(Priority::High)).unwrap();
    client.call("update_dispatch_call_v2", &json!({"callId": 5, "priority": 3})).unwrap();
    let sent: Vec<Value> = server.requests().iter().map(|r| r.json()["priority"].clone()).collect();
    assert_eq!(sent, [json!(1), json!(1), json!(3)]);
    // A number out of the API's range is the API field's mistake, named as such.
    refused(&client, "update_dispatch_call_v2", json!({"callId": 5, "priority": -1}), "priority");
}

/// With latest wins, a high unit write supersedes the older writes for the same units still
/// waiting (they would land after it and undo it); writes for other units keep waiting.
#[test]
fn with_latest_wins_a_high_unit_write_supersedes_the_older_ones_it_covers() {
    let server = RecordingServer::start(Canned::json(200, r#"{"updated": 1}"#)).unwrap();
    let mut config = paced(config_for(&server.url()), Duration::from_millis(300));
    config.latest_wins = true;
    let client = Client::new(config).unwrap();
    client.call(ROUTE, &status(1, 2)).unwrap();
    let (tx, rx) = mpsc::channel();
    let normal = CallOptions::default();
    let older = submit(&client, status(1, 0), &normal, &tx);
    let other = submit(&client, status(12, 3), &normal, &tx);
    let high = submit(&client, status(1, 4), &normal.clone().with_priority(Priority::High), &tx);
    let done = completions(&rx, 3);
    assert_eq!(done[0].0, older, "superseded at once");
    assert_eq!(done[0].1.as_ref().unwrap_err().kind, ErrorKind::Superseded);
    let rest: HashMap<RequestId, &Result<Response>> = done[1..].iter().map(|(id, r)| (*id, r)).collect();
    assert!(rest[&high].is_ok() && rest[&other].is_ok());
    let sent: Vec<(Value, Value)> = server.requests().iter().map(|r| (r.json()["identIds"].clone(), r.json()["status"].clone())).collect();
    assert_eq!(sent, [(json!([1]), json!(2)), (json!([1]), json!(4)), (json!([12]), json!(3))]);
}
