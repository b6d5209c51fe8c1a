//! Pacing, 429 handling, retries, timeouts, TLS, transport safety, secrets and logging,
//! against the mock's fault injection over real loopback connections. Timing checks assert
//! lower bounds (never too early) and only generous upper bounds.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::budget::Limit;
use sonoran::config::RateLimits;
use sonoran::logging::{LevelFilter, LogRecord};
use sonoran::{Client, Config, ErrorKind, Inbox, Poll};
use sonoran_mock::recorder::{Canned, RecordingServer};
use sonoran_mock::{Fault, FaultKind, MockOptions, MockServer, RateLimit, BRIAN_UUID, JOHN_UUID};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn units() -> Value {
    json!({"accountUuid": BRIAN_UUID})
}

fn status(code: u16, retry_after: Option<&str>) -> FaultKind {
    FaultKind::Status { status: code, body: format!("status {code} on purpose"), retry_after: retry_after.map(str::to_string), json: false }
}

/// A client of `mock` with `edit` applied to its (unpaced) config.
fn client_with(url: &str, edit: impl FnOnce(&mut Config)) -> Client {
    let mut config = config_for(url);
    edit(&mut config);
    Client::new(config).unwrap()
}

fn paced(limits: &[(&str, Limit)]) -> RateLimits {
    RateLimits { off: false, overrides: limits.iter().map(|(name, limit)| (name.to_string(), Some(*limit))).collect() }
}

/// Every log record a client emits, at every level.
fn recording_logs(config: &mut Config) -> Arc<Mutex<Vec<LogRecord>>> {
    let records: Arc<Mutex<Vec<LogRecord>>> = Arc::default();
    let sink = records.clone();
    config.log_level = LevelFilter::Trace;
    config.log_sink = Some(Arc::new(move |r: &LogRecord| sink.lock().unwrap().push(r.clone())));
    records
}

#[test]
fn a_burst_of_30_v2_calls_is_paced_to_zero_429s() {
    // The mock allows 10 per second (the API's 10 a minute, scaled down); so does the client.
    let window = Duration::from_secs(1);
    let mock =
        MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit { requests: 10, window }), ..Default::default() }).unwrap();
    // Thirty different calls' worth of pacing: identical reads would share one request.
    let client = client_with(mock.url(), |c| {
        c.rate_limits = paced(&[("v2", Limit::new(10, window))]);
        c.coalesce_reads = false;
    });
    let inbox = Inbox::new();
    let start = Instant::now();
    let ids: Vec<u64> = (0..30).map(|_| inbox.submit(&client, "get_account_units", &units())).collect();
    assert!(start.elapsed() < Duration::from_millis(500), "submitting never waits for the pacer");
    let results: Vec<_> = ids.iter().map(|id| inbox.wait(*id, Duration::from_secs(30))).collect();
    let elapsed = start.elapsed();
    for result in results {
        match result {
            Poll::Done(Ok(response)) => assert_eq!(response.status, 200),
            other => panic!("expected success, got {other:?}"),
        }
    }
    assert_eq!(mock.request_count(), 30, "no retries were needed: zero 429s");
    assert!(elapsed >= 2 * window, "30 calls at 10 a window need two more windows: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(15), "{elapsed:?}");
}

#[test]
fn a_blocking_call_past_its_budget_returns_rate_limited_without_sending() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| c.rate_limits = paced(&[("get_account_units", Limit::new(1, Duration::from_secs(60)))]));
    assert!(client.call("get_account_units", &units()).is_ok());
    let start = Instant::now();
    let mut params = units();
    params["timeoutMs"] = json!(500);
    let err = client.call("get_account_units", &params).unwrap_err();
    assert!(start.elapsed() < Duration::from_millis(400), "it did not wait for nothing");
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert!(err.message.contains("client-side pacing"), "{err}");
    let wait = err.retry_after_ms.unwrap();
    assert!((55_000..=62_000).contains(&wait), "{wait}");
    assert_eq!(mock.request_count(), 1, "the refused call was never sent");
    // Other endpoints have budgets of their own.
    assert!(client.call("get_accounts", &json!({})).is_ok());
}

#[test]
fn a_429_with_retry_after_2_is_retried_no_sooner_than_2_seconds() {
    let (mock, client) = mock();
    mock.set_fault("get_account_units", Fault::times(status(429, Some("2")), 1));
    let start = Instant::now();
    let response = client.call("get_account_units", &units()).unwrap();
    let elapsed = start.elapsed();
    assert_eq!(response.status, 200);
    assert!(elapsed >= Duration::from_secs(2), "retried too early: {elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(mock.request_count(), 2);
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let (mock, client) = mock();
    let at = std::time::SystemTime::now() + Duration::from_secs(3);
    mock.set_fault("get_accounts", Fault::times(status(429, Some(&httpdate::fmt_http_date(at))), 1));
    let start = Instant::now();
    client.call("get_accounts", &json!({})).unwrap();
    // HTTP dates have whole seconds: at least 2 s of the 3 remain after rounding down.
    assert!(start.elapsed() >= Duration::from_secs(2), "{:?}", start.elapsed());
    assert_eq!(mock.request_count(), 2);
}

#[test]
fn a_429_asking_for_more_than_the_cap_is_returned_without_retry() {
    let (mock, client) = mock();
    mock.set_fault("get_account_units", Fault::always(status(429, Some("30"))));
    let start = Instant::now();
    let err = client.call("get_account_units", &units()).unwrap_err();
    assert!(start.elapsed() < Duration::from_secs(2), "it did not wait");
    assert_eq!(err.kind, ErrorKind::RateLimited);
    assert_eq!(err.retry_after_ms, Some(30_000));
    assert_eq!(err.status, Some(429));
    assert_eq!(mock.request_count(), 1, "no retry");
}

#[test]
fn a_429_pauses_the_endpoint_for_queued_calls() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| {
        c.max_retries = 0;
        c.rate_limits = paced(&[("get_account_units", Limit::new(100, Duration::from_secs(1)))]);
    });
    mock.set_fault("get_account_units", Fault::times(status(429, Some("2")), 1));
    let start = Instant::now();
    let err = client.call("get_account_units", &units()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited);
    // The next call on that endpoint waits for the reset instead of hitting it again.
    client.call("get_account_units", &units()).unwrap();
    assert!(start.elapsed() >= Duration::from_secs(2), "{:?}", start.elapsed());
    assert_eq!(mock.request_count(), 2);
}

#[test]
fn ratelimit_reset_headers_are_read_when_retry_after_is_absent() {
    let server = RecordingServer::start(Canned::json(429, "{}").with_header("RateLimit-Reset", "4")).unwrap();
    let client = client_with(&server.url(), |c| c.max_retries = 0);
    assert_eq!(client.call("get_accounts", &json!({})).unwrap_err().retry_after_ms, Some(4000));
    let in_an_hour = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 3600;
    server.set_response(Canned::json(429, "{}").with_header("X-RateLimit-Reset", &in_an_hour.to_string()));
    let wait = client.call("get_accounts", &json!({})).unwrap_err().retry_after_ms.unwrap();
    assert!((3_590_000..=3_600_000).contains(&wait), "a Unix time: {wait}");
    server.set_response(Canned::json(429, "{}").with_header("X-RateLimit-Reset", "7"));
    assert_eq!(client.call("get_accounts", &json!({})).unwrap_err().retry_after_ms, Some(7000));
}

#[test]
fn reads_are_retried_on_502_503_504_with_backoff() {
    let (mock, client) = mock();
    for code in [502, 503, 504] {
        mock.set_fault("get_account", Fault::times(status(code, None), 2));
        let before = mock.request_count();
        let response = client.call("get_account", &json!({"username": "SonoranBrian"})).unwrap();
        assert_eq!(response.status, 200, "{code}");
        assert_eq!(mock.request_count() - before, 3, "{code}: two retries");
    }
    mock.set_fault("get_account", Fault::always(status(503, None)));
    let err = client.call("get_account", &json!({"username": "SonoranBrian"})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Server, Some(503)));
}

#[test]
fn a_500_is_not_retried() {
    let (mock, client) = mock();
    mock.set_fault("get_accounts", Fault::always(status(500, None)));
    let err = client.call("get_accounts", &json!({})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Server, Some(500)));
    assert_eq!(err.message, "status 500 on purpose");
    assert_eq!(mock.request_count(), 1);
}

#[test]
fn a_write_is_never_retried_once_it_may_have_reached_the_server() {
    let (mock, client) = mock();
    let add = json!({"account": JOHN_UUID, "action": 0, "identifier": {"data": {"unitNum": "W-1"}}});
    for kind in [status(500, None), status(503, None), FaultKind::Reset, FaultKind::Truncate] {
        mock.set_fault("modify_identifier", Fault::always(kind.clone()));
        let before = mock.request_count();
        let err = client.call("modify_identifier", &add).unwrap_err();
        assert_eq!(mock.request_count() - before, 1, "{kind:?} was not retried: {err}");
    }
    // A 429 means the server refused it: that write may go again (once the wait is over).
    mock.set_fault("modify_identifier", Fault::times(status(429, Some("1")), 1));
    let before = mock.request_count();
    assert!(client.call("modify_identifier", &add).is_ok());
    assert_eq!(mock.request_count() - before, 2);
}

#[test]
fn a_write_is_retried_when_the_connection_was_refused() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut config = config_for(&format!("http://127.0.0.1:{port}"));
    let logs = recording_logs(&mut config);
    let client = Client::new(config).unwrap();
    let err = client.call("modify_identifier", &json!({"apiId": "x", "action": 2, "identId": 1})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    let retries = logs.lock().unwrap().iter().filter(|r| r.message.starts_with("retrying")).count();
    assert_eq!(retries, 2, "connect failures: the request certainly did not reach the server");
}

#[test]
fn a_stalled_or_slow_server_ends_in_timeout_never_a_hang() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| c.timeout = Duration::from_millis(700));
    for kind in [FaultKind::Delay(Duration::from_secs(20)), FaultKind::Stall(Duration::from_secs(20))] {
        mock.set_fault("get_accounts", Fault::always(kind.clone()));
        let start = Instant::now();
        let err = client.call("get_accounts", &json!({})).unwrap_err();
        let elapsed = start.elapsed();
        assert_eq!(err.kind, ErrorKind::Timeout, "{kind:?}: {err}");
        assert!(elapsed >= Duration::from_millis(650) && elapsed < Duration::from_secs(5), "{kind:?}: {elapsed:?}");
    }
    // A per-call timeout overrides the config's.
    mock.set_fault("get_accounts", Fault::always(FaultKind::Delay(Duration::from_secs(20))));
    let start = Instant::now();
    let err = client.call("get_accounts", &json!({"timeoutMs": 200})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout);
    assert!(start.elapsed() < Duration::from_millis(600), "{:?}", start.elapsed());
}

#[test]
fn a_read_whose_attempt_timed_out_is_retried() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| c.attempt_timeout = Some(Duration::from_millis(300)));
    mock.set_fault("get_accounts", Fault::times(FaultKind::Delay(Duration::from_secs(20)), 1));
    let response = client.call("get_accounts", &json!({})).unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(mock.request_count(), 2);
}

#[test]
fn truncated_reset_and_malformed_answers() {
    let (mock, _) = mock();
    let once = client_with(mock.url(), |c| c.max_retries = 0);
    for (kind, expected) in
        [(FaultKind::Truncate, ErrorKind::Network), (FaultKind::Reset, ErrorKind::Network), (FaultKind::MalformedJson, ErrorKind::Decode)]
    {
        mock.set_fault("get_account_units", Fault::always(kind.clone()));
        let envelope = call(&once, "get_account_units", &units().to_string());
        assert_eq!(envelope["success"], false, "{kind:?}");
        assert_eq!(envelope["kind"], expected.as_str(), "{kind:?}: {envelope}");
    }
    // Reads recover from one broken answer by retrying.
    let (mock, client) = common::mock();
    for kind in [FaultKind::Truncate, FaultKind::Reset] {
        mock.set_fault("get_account_units", Fault::times(kind.clone(), 1));
        assert!(client.call("get_account_units", &units()).is_ok(), "{kind:?}");
    }
}

#[test]
fn oversized_bodies_are_refused_not_buffered() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| c.max_response_bytes = 64 * 1024);
    mock.set_fault("get_accounts", Fault::always(FaultKind::Oversized(1 << 20)));
    let err = client.call("get_accounts", &json!({})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert!(err.message.contains("maxResponseBytes (65536 bytes)"), "{err}");
    mock.set_fault("get_accounts", Fault::always(FaultKind::Oversized(32 * 1024)));
    assert!(client.call("get_accounts", &json!({})).is_ok(), "under the cap is fine");
}

#[test]
fn tls_verification_fails_without_the_ca_and_passes_with_it() {
    let mock = MockServer::start_with(MockOptions { tls: true, v2_rate_limit: None, ..Default::default() }).unwrap();
    let url = mock.tls_url().unwrap();
    let pem = mock.ca_cert_pem().unwrap().to_string();

    let untrusted = client_with(&url, |_| {});
    let err = untrusted.call("get_accounts", &json!({})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network);
    assert!(err.message.to_lowercase().contains("certificate"), "{err}");
    assert_eq!(mock.request_count(), 0, "no request crossed an unverified connection");

    let trusted = client_with(&url, |c| c.ca_cert_pem = Some(pem.clone()));
    assert_eq!(trusted.call("get_accounts", &json!({})).unwrap().status, 200);

    let path = std::env::temp_dir().join(format!("sonoran-test-ca-{}.pem", std::process::id()));
    std::fs::write(&path, &pem).unwrap();
    let json = json!({"communityId": "demo-community", "apiKey": "demo-api-key", "apiUrl": url,
                      "caCertPath": path.to_str().unwrap(), "rateLimits": "off"});
    let from_path = Client::new(Config::from_value(&json).unwrap()).unwrap();
    assert_eq!(from_path.call("get_account_units", &units()).unwrap().status, 200);
    std::fs::remove_file(path).ok();

    let bad = Config::from_value(&json!({"communityId": "c", "apiKey": "k", "caCertPem": "not a certificate"})).unwrap();
    assert_eq!(Client::new(bad).unwrap_err().kind, ErrorKind::InvalidArgument);
}

#[test]
fn plain_http_is_refused_off_loopback() {
    for url in ["http://api.sonorancad.com", "http://10.0.0.5:8080", "http://[fe80::1]/"] {
        let err = Client::new(Config::new("c", "k").with_api_url(url)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidArgument, "{url}");
        assert!(err.message.contains("allowInsecureHttp"), "{err}");
    }
    for url in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1", "https://api.sonorancad.com"] {
        assert!(Client::new(Config::new("c", "k").with_api_url(url)).is_ok(), "{url}");
    }
    let insecure = Config { allow_insecure_http: true, ..Config::new("c", "k").with_api_url("http://10.0.0.5:8080") };
    assert!(Client::new(insecure).is_ok(), "explicitly allowed (nothing is sent here)");
}

#[test]
fn redirects_are_never_followed() {
    let target = RecordingServer::start(Canned::json(200, "{}")).unwrap();
    let location = format!("{}/elsewhere", target.url().replace("127.0.0.1", "localhost"));
    let (server, client) = recorder(Canned::json(307, "{}").with_header("location", &location));
    let err = client.call("get_account_units", &units()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.status, Some(307));
    assert_eq!(server.requests().len(), 1);
    assert!(target.requests().is_empty(), "neither the Bearer key nor the v1 body went to the other host");
}

#[test]
fn logs_carry_operation_status_attempt_wait_and_trace_id() {
    let (mock, _) = mock();
    let mut config = config_for(mock.url());
    let logs = recording_logs(&mut config);
    let client = Client::new(config).unwrap();
    mock.set_fault("get_account_units", Fault::times(status(503, None), 1));
    client.call("get_account_units", &units()).unwrap();
    client.call("get_account_units", &json!({"accountUuid": BRIAN_UUID, "serverId": 9})).unwrap_err();
    let logs = logs.lock().unwrap();
    let retry = logs.iter().find(|r| r.message.starts_with("retrying")).expect("a retry was logged");
    assert_eq!((retry.operation, retry.status, retry.attempt), ("get_account_units", Some(503), 1));
    assert!(retry.wait_ms.is_some_and(|w| w > 0));
    assert!(retry.to_string().contains("get_account_units") && retry.to_string().contains("HTTP 503"), "{retry}");
    let not_found = logs.iter().find(|r| r.status == Some(404)).expect("the 404 was logged");
    assert!(not_found.trace_id.as_deref().is_some_and(|t| t.starts_with("00-")), "{not_found:?}");
}

#[test]
fn the_default_log_level_is_warnings_and_errors() {
    let config = Config::new("c", "k");
    assert_eq!(config.log_level, LevelFilter::Warn);
    let from_json = Config::from_value(&json!({"communityId": "c", "apiKey": "k", "logLevel": "debug"})).unwrap();
    assert_eq!(from_json.log_level, LevelFilter::Debug);
    assert!(Config::from_value(&json!({"communityId": "c", "apiKey": "k", "logLevel": "loud"})).is_err());
}

#[test]
fn every_request_completes_exactly_once_whatever_the_fault() {
    let (mock, _) = mock();
    let client = client_with(mock.url(), |c| {
        c.timeout = Duration::from_secs(2);
        c.max_retries = 1;
        c.max_response_bytes = 4096;
    });
    let faults = [
        status(500, None),
        status(503, None),
        status(429, Some("60")),
        FaultKind::Delay(Duration::from_secs(30)),
        FaultKind::Stall(Duration::from_secs(30)),
        FaultKind::Truncate,
        FaultKind::Reset,
        FaultKind::MalformedJson,
        FaultKind::Oversized(1 << 20),
    ];
    let counts: Arc<Mutex<Vec<(u64, String)>>> = Arc::default();
    let mut ids = Vec::new();
    for kind in &faults {
        mock.set_fault("get_accounts", Fault::times(kind.clone(), 2));
        let counts = counts.clone();
        ids.push(client.submit(
            "get_accounts",
            &json!({}),
            Box::new(move |id, r| {
                counts.lock().unwrap().push((id, r.map(|_| "ok".to_string()).unwrap_or_else(|e| e.kind.to_string())));
            }),
        ));
        // Let this request take its faulty answers before the next fault is set.
        std::thread::sleep(Duration::from_millis(150));
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while counts.lock().unwrap().len() < ids.len() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let counts = counts.lock().unwrap();
    for id in &ids {
        assert_eq!(counts.iter().filter(|(i, _)| i == id).count(), 1, "request {id}: {counts:?}");
    }
}

#[test]
fn the_key_never_appears_in_any_output() {
    const KEY: &str = "sk-live-DO-NOT-LEAK-7f3a9c";
    let mock = MockServer::start_with(MockOptions { api_key: KEY.into(), v2_rate_limit: None, ..Default::default() }).unwrap();
    let mut config = Config::new(sonoran_mock::DEMO_COMMUNITY_ID, KEY).with_api_url(mock.url());
    config.max_retries = 1;
    config.timeout = Duration::from_secs(2);
    config.rate_limits = paced(&[("get_account", Limit::new(1, Duration::from_secs(60)))]);
    let logs = recording_logs(&mut config);
    let mut collected = vec![format!("{config:?}")];
    let client = Client::new(config).unwrap();
    collected.push(format!("{client:?}"));
    let mut run = |operation: &str, params: Value| {
        let result = client.call(operation, &params);
        collected.push(sonoran::faces::envelope(&result));
        if let Err(e) = &result {
            collected.push(format!("{e} {e:?}"));
        }
    };
    run("get_account_units", units());
    run("get_account", json!({"username": "SonoranBrian"}));
    run("get_account", json!({"username": "SonoranBrian"})); // refused by pacing
    run("get_accounts", json!({"limit": 0}));
    for kind in
        [status(500, None), status(503, None), status(429, Some("1")), FaultKind::Reset, FaultKind::Truncate, FaultKind::MalformedJson]
    {
        mock.set_fault("get_accounts", Fault::times(kind, 1));
        run("get_accounts", json!({}));
    }
    // A server that echoes the key back in its error.
    let (echo, _) = recorder(Canned::text(400, &format!("INVALID API KEY {KEY}")));
    let echoing = Client::new(Config::new("demo-community", KEY).with_api_url(echo.url()).without_rate_limits()).unwrap();
    let echoed = echoing.call("get_accounts", &json!({})).unwrap_err();
    collected.push(echoed.envelope());
    assert!(echo.requests()[0].body.contains(KEY), "the key was sent, as v1 requires");
    // A bad config.
    let bad = Config::from_json(&format!(r#"{{"communityId":"c","apiKey":"{KEY}","timeoutMs":"soon"}}"#)).unwrap_err();
    collected.push(format!("{bad} {bad:?}"));
    collected.extend(logs.lock().unwrap().iter().map(|r| format!("{r} {r:?}")));

    assert!(collected.len() > 20, "{}", collected.len());
    for text in &collected {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
    assert!(collected.iter().any(|t| t.contains("INVALID API KEY ***")), "the echoed key was blanked");
}
