//! Spending the budget well, over real HTTP to the mock: identical reads share one request,
//! the opt-in cache answers within its setting and writes drop it, list writes waiting for
//! budget go out merged (latest wins for unit state), and the budget is visible. Every
//! caller completes exactly once, with its own id, timeout and cancel.

mod common;

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::budget::Limit;
use sonoran::config::RateLimits;
use sonoran::{Client, Config, ErrorKind, RequestId, Response, Result};
use sonoran_mock::{Fault, FaultKind, MockOptions, MockServer, BRIAN_UUID};

/// A mock with `extra` generated members (no server-side limit: the client's pacing is what
/// is tested) and a client of it with `edit` applied to its config (pacing on).
fn setup(extra: usize, edit: impl FnOnce(&mut Config)) -> (MockServer, Client) {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: None, extra_accounts: extra, ..MockOptions::default() }).unwrap();
    let mut config = config_for(mock.url());
    config.rate_limits = RateLimits::default();
    edit(&mut config);
    let client = Client::new(config).unwrap();
    (mock, client)
}

fn paced(config: &mut Config, operation: &str, requests: u32, period: Duration) {
    config.rate_limits.overrides.insert(operation.into(), Some(Limit::new(requests, period)));
}

/// Results by request id, and how many times each id completed.
#[derive(Clone, Default)]
struct Completions {
    results: Arc<Mutex<HashMap<RequestId, Vec<Result<Response>>>>>,
    done: Arc<Mutex<Option<mpsc::Sender<RequestId>>>>,
}

impl Completions {
    fn new() -> (Completions, mpsc::Receiver<RequestId>) {
        let (tx, rx) = mpsc::channel();
        (Completions { results: Arc::default(), done: Arc::new(Mutex::new(Some(tx))) }, rx)
    }

    fn submit(&self, client: &Client, operation: &str, params: Value) -> RequestId {
        let me = self.clone();
        client.submit(
            operation,
            &params,
            Box::new(move |id, result| {
                me.results.lock().unwrap().entry(id).or_default().push(result);
                if let Some(tx) = me.done.lock().unwrap().as_ref() {
                    let _ = tx.send(id);
                }
            }),
        )
    }

    /// Waits until every one of `ids` completed, then checks each completed exactly once.
    fn wait_all(&self, rx: &mpsc::Receiver<RequestId>, ids: &[RequestId], within: Duration) -> Vec<Result<Response>> {
        let end = Instant::now() + within;
        while ids.iter().any(|id| !self.results.lock().unwrap().contains_key(id)) {
            let left = end.saturating_duration_since(Instant::now());
            assert!(!left.is_zero(), "not every request completed in {within:?}");
            let _ = rx.recv_timeout(left);
        }
        // Late duplicates would show up here.
        std::thread::sleep(Duration::from_millis(100));
        let results = self.results.lock().unwrap();
        ids.iter()
            .map(|id| {
                let all = &results[id];
                assert_eq!(all.len(), 1, "request {id} completed {} times", all.len());
                all[0].clone()
            })
            .collect()
    }
}

fn data(result: &Result<Response>) -> Value {
    match result {
        Ok(response) => response.body.to_value(),
        Err(e) => panic!("expected a success, got {e}"),
    }
}

/// Generated member `n`'s account UUID and community user id (the mock's seed).
fn member(n: usize) -> (String, String) {
    (format!("{n:08x}-0000-4000-8000-{n:012x}"), format!("license:member{n:04}"))
}

/// Gives members 1..=n one online unit each (through the API, pacing off) and answers
/// their community user ids and the units' ids.
fn online_units(mock: &MockServer, n: usize) -> (Vec<String>, Vec<i64>) {
    let setup = client_for(mock.url());
    let mut users = Vec::new();
    let mut idents = Vec::new();
    for i in 1..=n {
        let (uuid, user) = member(i);
        let created = setup.call("create_identifier_v2", &json!({"accountUuid": uuid, "unitNum": format!("U-{i}"), "status": 2})).unwrap();
        let id = created.body.to_value()["id"]
            .as_i64()
            .or_else(|| created.body.to_value()["identId"].as_i64())
            .expect("the new identifier's id");
        users.push(user);
        idents.push(id);
    }
    (users, idents)
}

/// Each unit's status by id, read through the API (pacing off).
fn statuses(mock: &MockServer) -> HashMap<i64, i64> {
    let units = client_for(mock.url()).call("get_units_v2", &json!({"includeOffline": true})).unwrap().body.to_value();
    let list = units.as_array().cloned().or_else(|| units["units"].as_array().cloned()).unwrap_or_default();
    list.iter().filter_map(|u| Some((u["id"].as_i64()?, u["status"].as_i64()?))).collect()
}

#[test]
fn identical_reads_in_flight_share_one_request_and_each_caller_completes_once() {
    let (mock, client) = setup(0, |_| {});
    mock.set_fault("get_units_v2", Fault::always(FaultKind::Delay(Duration::from_millis(300))));
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> = (0..8).map(|_| completions.submit(&client, "get_units_v2", json!({}))).collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(unique.len(), 8, "every caller has its own id");
    let results = completions.wait_all(&rx, &ids, Duration::from_secs(10));
    assert_eq!(mock.request_count() - before, 1, "eight identical reads, one request");
    let first = data(&results[0]);
    assert!(first.as_array().is_some_and(|u| !u.is_empty()) || first["units"].is_array(), "{first}");
    for result in &results {
        assert_eq!(data(result), first, "every caller gets the shared answer");
    }
    // Different parameters are a different read.
    let before = mock.request_count();
    let a = completions.submit(&client, "get_units_v2", json!({}));
    let b = completions.submit(&client, "get_units_v2", json!({"includeOffline": true}));
    completions.wait_all(&rx, &[a, b], Duration::from_secs(10));
    assert_eq!(mock.request_count() - before, 2);
}

#[test]
fn coalescing_off_sends_each_read() {
    let (mock, client) = setup(0, |c| c.coalesce_reads = false);
    mock.set_fault("get_units_v2", Fault::always(FaultKind::Delay(Duration::from_millis(200))));
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> = (0..3).map(|_| completions.submit(&client, "get_units_v2", json!({}))).collect();
    completions.wait_all(&rx, &ids, Duration::from_secs(10));
    assert_eq!(mock.request_count() - before, 3);
}

#[test]
fn a_shared_read_keeps_each_callers_cancel_and_timeout() {
    let (mock, client) = setup(0, |_| {});
    mock.set_fault("get_units_v2", Fault::always(FaultKind::Delay(Duration::from_millis(800))));
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let started = Instant::now();
    let cancelled = completions.submit(&client, "get_units_v2", json!({}));
    let hasty = completions.submit(&client, "get_units_v2", json!({"timeoutMs": 200}));
    let patient = completions.submit(&client, "get_units_v2", json!({}));
    std::thread::sleep(Duration::from_millis(50));
    assert!(client.cancel(cancelled), "it was pending");
    assert!(!client.cancel(cancelled), "only once");
    let results = completions.wait_all(&rx, &[cancelled, hasty, patient], Duration::from_secs(10));
    assert_eq!(results[0].as_ref().unwrap_err().kind, ErrorKind::Cancelled);
    let timeout = results[1].as_ref().unwrap_err();
    assert_eq!(timeout.kind, ErrorKind::Timeout, "{timeout}");
    assert!(data(&results[2]).is_array() || data(&results[2]).is_object());
    assert!(started.elapsed() >= Duration::from_millis(800), "the patient one waited for the answer");
    assert_eq!(mock.request_count() - before, 1, "the cancel and the timeout left the others their request");

    // Every caller cancelled: each completes as cancelled, exactly once.
    let ids: Vec<RequestId> = (0..3).map(|_| completions.submit(&client, "get_units_v2", json!({"limit": 5}))).collect();
    std::thread::sleep(Duration::from_millis(50));
    for id in &ids {
        assert!(client.cancel(*id));
    }
    for result in completions.wait_all(&rx, &ids, Duration::from_secs(10)) {
        assert_eq!(result.unwrap_err().kind, ErrorKind::Cancelled);
    }
}

#[test]
fn a_caller_that_joins_later_gets_its_own_deadline() {
    let (mock, client) = setup(0, |_| {});
    mock.set_fault("get_units_v2", Fault::always(FaultKind::Delay(Duration::from_millis(600))));
    let (completions, rx) = Completions::new();
    let first = completions.submit(&client, "get_units_v2", json!({"timeoutMs": 300}));
    std::thread::sleep(Duration::from_millis(50));
    let second = completions.submit(&client, "get_units_v2", json!({"timeoutMs": 5000}));
    let results = completions.wait_all(&rx, &[first, second], Duration::from_secs(10));
    assert_eq!(results[0].as_ref().unwrap_err().kind, ErrorKind::Timeout);
    assert!(results[1].is_ok(), "the later caller still had time: {:?}", results[1]);
}

#[test]
fn the_cache_answers_within_its_setting_and_says_so() {
    let fresh = Duration::from_millis(400);
    let (mock, client) = setup(0, |c| {
        c.cache.insert("get_units_v2".into(), fresh);
        paced(c, "get_units_v2", 100, Duration::from_secs(1));
    });
    let before = mock.request_count();
    let first = client.call("get_units_v2", &json!({})).unwrap();
    assert_eq!(first.cached_age_ms, None, "the first answer is the server's");
    let end = Instant::now() + Duration::from_millis(1500);
    let mut cached = 0;
    let mut sent = 1;
    let mut last_fetch = Instant::now();
    while Instant::now() < end {
        let started = Instant::now();
        let answer = client.call("get_units_v2", &json!({})).unwrap();
        match answer.cached_age_ms {
            Some(age) => {
                cached += 1;
                assert!(age < fresh.as_millis() as u64, "never older than its setting: {age} ms");
                assert!(started.duration_since(last_fetch) < fresh + Duration::from_millis(50));
                let envelope = parse(&answer.envelope());
                assert_eq!(envelope["cached"], true);
                assert_eq!(envelope["ageMs"], age);
                assert_eq!(answer.body.to_value(), first.body.to_value());
            }
            None => {
                sent += 1;
                last_fetch = started;
                assert!(parse(&answer.envelope()).get("cached").is_none());
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(cached > 20, "most reads came from the cache ({cached})");
    assert!((3..=6).contains(&sent), "one request per {fresh:?} or so: {sent}");
    assert_eq!(mock.request_count() - before, sent);
    // Other parameters and other operations are not cached.
    let other = client.call("get_units_v2", &json!({"includeOffline": true})).unwrap();
    assert_eq!(other.cached_age_ms, None);
    let calls = client.call("get_calls_v2", &json!({})).unwrap();
    let again = client.call("get_calls_v2", &json!({})).unwrap();
    assert_eq!((calls.cached_age_ms, again.cached_age_ms), (None, None));
}

#[test]
fn a_write_drops_the_cached_answers_it_changes() {
    let (mock, client) = setup(1, |c| {
        c.cache.insert("get_units_v2".into(), Duration::from_secs(60));
        c.cache.insert("get_calls_v2".into(), Duration::from_secs(60));
    });
    let (users, idents) = online_units(&mock, 1);
    let read = |client: &Client| client.call("get_units_v2", &json!({})).unwrap();
    let unit_status = |response: &Response| {
        let body = response.body.to_value();
        let list = body.as_array().cloned().or_else(|| body["units"].as_array().cloned()).unwrap();
        list.iter().find(|u| u["id"] == idents[0]).map(|u| u["status"].clone()).unwrap()
    };
    assert_eq!(unit_status(&read(&client)), 2);
    let cached = read(&client);
    assert!(cached.cached_age_ms.is_some());
    let calls = client.call("get_calls_v2", &json!({})).unwrap();
    assert!(client.call("get_calls_v2", &json!({})).unwrap().cached_age_ms.is_some());
    // A status change drops the cached units, not the cached calls.
    client.call("set_unit_status_v2", &json!({"communityUserId": users[0], "status": 4})).unwrap();
    let after = read(&client);
    assert_eq!(after.cached_age_ms, None, "the status change dropped the cached units");
    assert_eq!(unit_status(&after), 4);
    assert!(client.call("get_calls_v2", &json!({})).unwrap().cached_age_ms.is_some());
    // A new call drops the cached calls.
    client
        .call("create_emergency_call_v2", &json!({"isEmergency": true, "caller": "Test", "location": "Here", "description": "Help"}))
        .unwrap();
    let fresh_calls = client.call("get_calls_v2", &json!({})).unwrap();
    assert_eq!(fresh_calls.cached_age_ms, None);
    assert_ne!(fresh_calls.body.to_value(), calls.body.to_value());
}

#[test]
fn status_changes_waiting_for_budget_go_out_merged() {
    // 4 per 2 s: two go at once (while more than half is left), the rest wait and merge.
    let (mock, client) = setup(10, |c| paced(c, "set_unit_status_v2", 4, Duration::from_secs(2)));
    let (users, idents) = online_units(&mock, 10);
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> = users
        .iter()
        .enumerate()
        .map(|(i, user)| {
            completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": user, "status": if i % 3 == 2 { 4 } else { 3 }}))
        })
        .collect();
    let results = completions.wait_all(&rx, &ids, Duration::from_secs(15));
    let sent = mock.request_count() - before;
    assert!(sent <= 4, "10 status changes, {sent} requests");
    for (i, result) in results.iter().enumerate() {
        let answer = data(result);
        assert_eq!(answer["status"], if i % 3 == 2 { "ON_SCENE" } else { "ENROUTE" }, "{answer}");
        assert!(answer["updated"].as_i64().unwrap() >= 1);
    }
    let now = statuses(&mock);
    for (i, id) in idents.iter().enumerate() {
        assert_eq!(now[id], if i % 3 == 2 { 4 } else { 3 }, "unit {id} shows its change");
    }
}

#[test]
fn merging_off_sends_each_write() {
    let (mock, client) = setup(6, |c| {
        paced(c, "set_unit_status_v2", 20, Duration::from_secs(2));
        c.merge_writes = false;
    });
    let (users, _) = online_units(&mock, 6);
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> =
        users.iter().map(|u| completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": u, "status": 1}))).collect();
    for result in completions.wait_all(&rx, &ids, Duration::from_secs(10)) {
        assert_eq!(data(&result)["updated"], 1);
    }
    assert_eq!(mock.request_count() - before, 6);
}

#[test]
fn latest_wins_for_a_unit_waiting_for_budget() {
    for merge in [true, false] {
        latest_wins(merge);
    }
}

fn latest_wins(merge: bool) {
    let (mock, client) = setup(3, |c| {
        paced(c, "set_unit_status_v2", 2, Duration::from_secs(2));
        c.latest_wins = true;
        c.merge_writes = merge;
    });
    let (users, idents) = online_units(&mock, 3);
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    // The first goes at once; the rest wait for budget.
    let a = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[2], "status": 1}));
    let older = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[0], "status": 3}));
    let other = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[1], "status": 3}));
    let newer = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[0], "status": 4}));
    let results = completions.wait_all(&rx, &[a, older, other, newer], Duration::from_secs(15));
    assert!(results[0].is_ok());
    let superseded = results[1].as_ref().unwrap_err();
    assert_eq!(superseded.kind, ErrorKind::Superseded, "{superseded}");
    assert!(superseded.message.contains("newer set_unit_status_v2"), "{superseded}");
    assert_eq!(data(&results[2])["status"], "ENROUTE");
    assert_eq!(data(&results[3])["status"], "ON_SCENE");
    assert_eq!(mock.request_count() - before, 3, "the superseded change was never sent");
    let now = statuses(&mock);
    assert_eq!((now[&idents[0]], now[&idents[1]], now[&idents[2]]), (4, 3, 1));
}

#[test]
fn kicks_waiting_for_budget_go_as_one_array_and_each_caller_gets_its_own() {
    let (mock, client) = setup(4, |c| paced(c, "kick_unit_v2", 2, Duration::from_secs(2)));
    let (users, idents) = online_units(&mock, 4);
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> = users
        .iter()
        .map(|u| completions.submit(&client, "kick_unit_v2", json!({"communityUserId": u, "reason": format!("bye {u}")})))
        .collect();
    let results = completions.wait_all(&rx, &ids, Duration::from_secs(15));
    assert!(mock.request_count() - before <= 2, "4 kicks in at most 2 requests");
    for (i, result) in results.iter().enumerate() {
        let answer = data(result);
        assert_eq!(answer["identId"], idents[i], "{answer}");
        assert_eq!(answer["reason"], format!("bye {}", users[i]));
    }
    let now = statuses(&mock);
    assert!(idents.iter().all(|id| now[id] == 100), "every unit is offline");
}

#[test]
fn a_merged_write_that_fails_for_one_caller_is_sent_again_call_by_call() {
    let (mock, client) = setup(3, |c| paced(c, "kick_unit_v2", 2, Duration::from_secs(2)));
    let (users, idents) = online_units(&mock, 2);
    let (completions, rx) = Completions::new();
    let first = completions.submit(&client, "kick_unit_v2", json!({"communityUserId": users[0]}));
    // Member 3 has no unit: its kick fails, and must not fail the kick waiting with it.
    let (_, no_unit) = member(3);
    let bad = completions.submit(&client, "kick_unit_v2", json!({"communityUserId": no_unit}));
    let good = completions.submit(&client, "kick_unit_v2", json!({"communityUserId": users[1]}));
    let results = completions.wait_all(&rx, &[first, bad, good], Duration::from_secs(20));
    assert_eq!(data(&results[0])["identId"], idents[0]);
    assert_eq!(results[1].as_ref().unwrap_err().kind, ErrorKind::NotFound);
    assert_eq!(data(&results[2])["identId"], idents[1]);
}

#[test]
fn list_writes_waiting_for_budget_join_their_lists() {
    let (mock, client) = setup(0, |c| {
        paced(c, "delete_blips_v2", 2, Duration::from_secs(2));
        paced(c, "close_dispatch_calls_v2", 2, Duration::from_secs(2));
    });
    let setup_client = client_for(mock.url());
    let blips: Vec<i64> = (0..5)
        .map(|i| {
            let created = setup_client
                .call("create_blip_v2", &json!({"coordinates": {"x": i, "y": i}, "icon": "x", "color": "#fff", "tooltip": "t"}))
                .unwrap();
            created.body.to_value()["id"].as_i64().expect("blip id")
        })
        .collect();
    let (completions, rx) = Completions::new();
    let before = mock.request_count();
    let ids: Vec<RequestId> = blips.iter().map(|b| completions.submit(&client, "delete_blips_v2", json!({"ids": [b]}))).collect();
    let results = completions.wait_all(&rx, &ids, Duration::from_secs(15));
    assert!(mock.request_count() - before <= 3, "5 deletes in at most 3 requests");
    let mut deleted: Vec<i64> = Vec::new();
    for (result, blip) in results.iter().zip(&blips) {
        let ids: Vec<i64> = data(result)["ids"].as_array().unwrap().iter().filter_map(Value::as_i64).collect();
        assert!(ids.contains(blip), "each caller's answer names its blip");
        deleted.extend(ids);
    }
    let left = setup_client.call("get_blips_v2", &json!({})).unwrap().body.to_value().to_string();
    for blip in &blips {
        assert!(deleted.contains(blip));
        assert!(!left.contains(&format!("\"id\":{blip},")), "blip {blip} is gone: {left}");
    }
}

#[test]
fn a_write_that_times_out_while_waiting_is_never_sent() {
    let (mock, client) = setup(3, |c| paced(c, "set_unit_status_v2", 2, Duration::from_secs(3)));
    let (users, idents) = online_units(&mock, 3);
    let (completions, rx) = Completions::new();
    let first = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[0], "status": 1}));
    // Waits for the next slot, 1.5 s away, with 3 s of timeout: the batch opens; the second
    // joins it with only 300 ms and gives up before it goes.
    let opener = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[1], "status": 0}));
    let hasty = completions.submit(&client, "set_unit_status_v2", json!({"communityUserId": users[2], "status": 0, "timeoutMs": 300}));
    let results = completions.wait_all(&rx, &[first, opener, hasty], Duration::from_secs(15));
    assert!(results[0].is_ok() && results[1].is_ok());
    let gave_up = results[2].as_ref().unwrap_err();
    assert_eq!(gave_up.kind, ErrorKind::RateLimited, "{gave_up}");
    assert!(gave_up.message.contains("not sent"), "{gave_up}");
    let now = statuses(&mock);
    assert_eq!((now[&idents[0]], now[&idents[1]], now[&idents[2]]), (1, 0, 2), "the hasty change never reached the CAD");
}

#[test]
fn the_budget_shows_what_is_left_and_what_waits() {
    let (mock, client) = setup(0, |c| paced(c, "get_units_v2", 3, Duration::from_secs(60)));
    let fresh = client.budget("get_units_v2").unwrap().unwrap();
    assert_eq!((fresh.limit, fresh.period_ms, fresh.remaining, fresh.reset_in_ms, fresh.queued), (3, 60_000, 3, 0, 0));
    client.call("get_units_v2", &json!({})).unwrap();
    let after = client.budget("get_all_units_v2").unwrap().unwrap();
    assert_eq!(after.remaining, 2);
    assert!((58_000..=60_000).contains(&after.reset_in_ms), "{after:?}");
    // Spend the rest, then one waits in line (its timeout is long enough).
    client.call("get_units_v2", &json!({"limit": 1})).unwrap();
    client.call("get_units_v2", &json!({"limit": 2})).unwrap();
    let (completions, _rx) = Completions::new();
    let waiting = completions.submit(&client, "get_units_v2", json!({"limit": 3, "timeoutMs": 120000}));
    std::thread::sleep(Duration::from_millis(100));
    let full = client.budget("get_units_v2").unwrap().unwrap();
    assert_eq!((full.remaining, full.queued), (0, 1), "{full:?}");
    assert!(client.cancel(waiting));
    // Unknown names are an error naming the argument; no pacing is `None`.
    let err = client.budget("no_such_operation").unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("no_such_operation"));
    let unpaced = client_for(mock.url());
    assert_eq!(unpaced.budget("get_units_v2").unwrap(), None);
    let _ = BRIAN_UUID;
}

#[test]
fn the_pacer_adopts_the_servers_count_of_what_is_left() {
    use sonoran_mock::recorder::{Canned, RecordingServer};
    for header in ["X-RateLimit-Remaining-Minute", "RateLimit-Remaining"] {
        // Another process of the key has spent most of the route's budget: the server says so.
        let server = RecordingServer::start(Canned::json(200, "[]").with_header(header, "1")).unwrap();
        let mut config = config_for(&server.url());
        config.rate_limits = RateLimits::default();
        let client = Client::new(config).unwrap();
        client.call("get_units_v2", &json!({})).unwrap();
        let budget = client.budget("get_units_v2").unwrap().unwrap();
        assert_eq!((budget.limit, budget.remaining), (3, 1), "{header}: {budget:?}");
        client.call("get_units_v2", &json!({"limit": 1})).unwrap();
        // Our own count alone would let a third through; the server's does not.
        let refused = client.call("get_units_v2", &json!({"limit": 2, "timeoutMs": 1000})).unwrap_err();
        assert_eq!(refused.kind, ErrorKind::RateLimited, "{header}: {refused}");
        assert!(refused.message.contains("client-side pacing"));
        assert_eq!(server.requests().len(), 2, "{header}: nothing was sent for the refused call");
    }
}
