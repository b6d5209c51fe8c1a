//! Defects found by fuzzing, sanitizers and a hostile server, each held by a test
//! over real loopback connections: huge reset headers, bodies no face can represent, the key
//! echoed in a success body, a far-future reset pausing a route, endless page walks, and
//! `caCertPath` pointing at something that is not a file.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::budget::Limit;
use sonoran::config::RateLimits;
use sonoran::{Client, Config, ErrorKind, Inbox, Poll};
use sonoran_mock::recorder::Canned;
use sonoran_mock::{MockOptions, BRIAN_UUID, DEMO_API_KEY};
use std::time::{Duration, Instant};

fn units() -> Value {
    json!({"accountUuid": BRIAN_UUID})
}

/// The result of `operation` submitted without blocking, waited for.
fn submitted(client: &Client, operation: &str, params: &Value) -> sonoran::Result<sonoran::Response> {
    let inbox = Inbox::new();
    let id = inbox.submit(client, operation, params);
    match inbox.wait(id, Duration::from_secs(20)) {
        Poll::Done(result) => result,
        other => panic!("request {id} did not complete: {other:?}"),
    }
}

// --- 2: huge Retry-After / RateLimit-Reset / X-RateLimit-Reset -------------------------------

#[test]
fn huge_reset_headers_are_clamped_not_a_panic() {
    let one_day_ms = 24 * 60 * 60 * 1000;
    for (header, value) in [
        ("Retry-After", "1e300"),
        ("Retry-After", "18446744073709551616"),
        ("RateLimit-Reset", "1e30"),
        // A Unix time past what SystemTime can hold.
        ("X-RateLimit-Reset", "1e19"),
        ("X-RateLimit-Reset", "99999999999999999999"),
    ] {
        let (server, client) = recorder(Canned::json(429, r#"{"message":"API rate limit exceeded"}"#).with_header(header, value));
        for (way, result) in
            [("blocking", client.call("get_account_units", &units())), ("submitted", submitted(&client, "get_account_units", &units()))]
        {
            let err = result.unwrap_err();
            assert_eq!(err.kind, ErrorKind::RateLimited, "{header}: {value} ({way}): {err}");
            assert_eq!(err.retry_after_ms, Some(one_day_ms), "{header}: {value} ({way}): clamped to a day");
        }
        assert_eq!(server.requests().len(), 2, "{header}: {value}: one request each, a wait that long is not retried");
    }
}

#[test]
fn a_small_reset_header_is_still_honoured() {
    let (_server, client) = recorder(Canned::json(429, "{}").with_header("RateLimit-Reset", "45.5"));
    let err = client.call("get_account_units", &units()).unwrap_err();
    assert_eq!(err.retry_after_ms, Some(45_500));
}

// --- 6: a far-future reset does not shut a route for the life of the process ----------------

#[test]
fn a_far_future_reset_pauses_the_shared_pacer_for_five_minutes_at_most() {
    // Each server stays up to the end: a second server on the first one's port would share
    // its (paused) pacer, which is keyed by key, URL and route.
    let mut servers = Vec::new();
    for value in ["31536000", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let (server, _) = recorder(Canned::json(429, "{}").with_header("Retry-After", value));
        // Paced, so the route has a shared pacer; its own limit is far from reached.
        let mut config = config_for(&server.url());
        config.rate_limits =
            RateLimits { off: false, overrides: [("v2".to_string(), Some(Limit::new(100, Duration::from_secs(60))))].into() };
        let client = Client::new(config.clone()).unwrap();
        let first = client.call("get_account_units", &units()).unwrap_err();
        assert_eq!(first.kind, ErrorKind::RateLimited, "{value}");
        // A new client of the same key shares the pause: it is refused before sending, and
        // told it may try again within the cap, not in a year.
        let other = Client::new(config).unwrap();
        let mut params = units();
        params["timeoutMs"] = json!(1000);
        let second = other.call("get_account_units", &params).unwrap_err();
        assert_eq!(second.kind, ErrorKind::RateLimited, "{value}: {second}");
        assert!(second.message.contains("client-side pacing"), "{value}: {second}");
        let wait = second.retry_after_ms.unwrap();
        assert!(wait <= 5 * 60 * 1000 && wait > 4 * 60 * 1000, "{value}: paused for {wait} ms");
        assert_eq!(server.requests().len(), 1, "{value}: the second call sent nothing");
        servers.push(server);
    }
}

// --- 4: JSON that passes the syntax check but no face can represent --------------------------

#[test]
fn unrepresentable_json_is_a_decode_failure_on_every_path() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let huge_integer = format!(r#"{{"units":[{}]}}"#, "9".repeat(400));
    for body in [r#"{"units":[1e400]}"#, huge_integer.as_str(), r#"{"units":["\ud800"]}"#, deep.as_str()] {
        let (_server, client) = recorder(Canned::json(200, body));
        for (way, result) in [
            ("blocking", client.call("get_account_units", &units())),
            ("submitted", submitted(&client, "get_account_units", &units())),
            ("all pages", client.call("get_all_account_units", &units())),
        ] {
            let err = result.unwrap_err();
            assert_eq!(err.kind, ErrorKind::Decode, "{way}: {err}");
            assert!(err.message.contains("cannot represent"), "{way}: {err}");
            assert_eq!(err.status, Some(200));
        }
        let envelope: Value = serde_json::from_str(&sonoran::faces::call_json(&client, "get_account_units", &units().to_string())).unwrap();
        assert_eq!(envelope["kind"], "decode");
    }
}

#[test]
fn representable_edge_values_still_arrive() {
    let body = format!(
        r#"{{"big":18446744073709551615,"neg":-9223372036854775808,"f":1e300,"s":"\ud83d\ude00","deep":{}{}}}"#,
        "[".repeat(100),
        "]".repeat(100)
    );
    let (_server, client) = recorder(Canned::json(200, &body));
    let response = client.call("get_account_units", &units()).unwrap();
    let value = response.body.to_value();
    assert_eq!(value["big"], json!(u64::MAX));
    assert_eq!(value["s"], "😀");
}

// --- 5: the key is blanked out of success bodies ----------------------------------------------

#[test]
fn the_key_is_blanked_out_of_an_echoing_success_body() {
    let echo = format!(r#"{{"echo":{{"id":"demo-community","key":"{DEMO_API_KEY}","auth":"Bearer {DEMO_API_KEY}"}}}}"#);
    for canned in [Canned::json(200, &echo), Canned::text(200, &format!("you sent {DEMO_API_KEY}"))] {
        let (_server, client) = recorder(canned);
        let envelope = sonoran::faces::call_json(&client, "get_account", r#"{"username":"x"}"#);
        assert!(!envelope.contains(DEMO_API_KEY), "{envelope}");
        assert!(envelope.contains("***"), "{envelope}");
        let response = submitted(&client, "get_account_units", &units()).unwrap();
        assert!(!format!("{:?}", response.body).contains(DEMO_API_KEY));
    }
}

#[test]
fn a_key_with_json_special_characters_is_blanked_in_its_escaped_form_too() {
    let key = r#"k"ey\with/quotes"#;
    let escaped = r#"k\"ey\\with/quotes"#;
    let server = sonoran_mock::recorder::RecordingServer::start(Canned::json(200, &format!(r#"{{"key":"{escaped}"}}"#))).unwrap();
    let client = Client::new(Config::new("c", key).with_api_url(server.url()).without_rate_limits()).unwrap();
    let envelope = sonoran::faces::call_json(&client, "get_account_units", &units().to_string());
    assert!(!envelope.contains(escaped), "{envelope}");
    assert!(envelope.contains(r#""key":"***""#), "{envelope}");
}

// --- 7: get_all_X is bounded ------------------------------------------------------------------

#[test]
fn a_server_that_ignores_offset_stops_the_walk_after_one_repeated_page() {
    let page: Vec<Value> = (0..100).map(|i| json!({"id": i, "status": 1})).collect();
    let (server, client) = recorder(Canned::json(200, &json!({ "units": page }).to_string()));
    let start = Instant::now();
    let response = client.call("get_all_units_v2", &json!({})).unwrap();
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_eq!(server.requests().len(), 2, "the second page brought nothing new");
    assert_eq!(response.body.to_value()["units"].as_array().unwrap().len(), 100, "no duplicates kept");
    let why = response.incomplete.clone().expect("the answer says it is incomplete");
    assert!(why.contains("all seen before"), "{why}");
    let envelope: Value = serde_json::from_str(&response.envelope()).unwrap();
    assert_eq!(envelope["success"], true);
    assert!(envelope["incomplete"].as_str().unwrap().contains("offset 100"), "{envelope}");
    // The Rust iterator stops too.
    let walked: Vec<_> = client.units_v2(&Default::default()).collect();
    assert_eq!(walked.len(), 100);
    assert!(walked.iter().all(Result::is_ok));
}

#[test]
fn a_walk_stops_at_eight_times_max_response_bytes() {
    let (mock, client) = mock_with(MockOptions { extra_accounts: 298, v2_rate_limit: None, ..Default::default() });
    let page = client.call("get_accounts_v2", &json!({"limit": 5})).unwrap().body.len();
    // Pages of 5 fit; 8 × maxResponseBytes holds about 16 of them, not the 60 there are.
    let mut config = config_for(mock.url());
    config.max_response_bytes = 2 * page;
    let client = Client::new(config).unwrap();
    let before = mock.request_count();
    let all = client.call("get_all_accounts_v2", &json!({"limit": 5})).unwrap();
    let sent = (mock.request_count() - before) as usize;
    let accounts = all.body.to_value()["accounts"].as_array().unwrap().len();
    let why = all.incomplete.clone().expect("incomplete");
    assert!(why.contains(&format!("more than {} bytes", 16 * page)), "{why}");
    assert_eq!(accounts, sent * 5, "every page read is kept");
    assert!((15..=18).contains(&sent), "{sent} pages of about {page} bytes");
}

#[test]
fn a_whole_walk_keeps_one_deadline() {
    // Every page is slow; the walk as a whole must end within timeoutMs, not per page.
    let (mock, client) = mock_with(MockOptions { extra_accounts: 298, v2_rate_limit: None, ..Default::default() });
    mock.set_fault("get_accounts_v2", sonoran_mock::Fault::always(sonoran_mock::FaultKind::Delay(Duration::from_millis(300))));
    let start = Instant::now();
    let err = client.call("get_all_accounts_v2", &json!({"limit": 10, "timeoutMs": 1000})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err}");
    assert!(start.elapsed() < Duration::from_millis(2500), "{:?}", start.elapsed());
}

// --- 8: caCertPath is a regular file of bounded size -----------------------------------------

fn config_with_ca_path(path: &str) -> Result<Config, sonoran::Error> {
    Config::from_json(&json!({"communityId": "c", "apiKey": "k", "caCertPath": path}).to_string())
}

#[test]
fn ca_cert_path_refuses_fifos_devices_directories_and_huge_files() {
    let dir = std::env::temp_dir().join(format!("sonoran-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("fifo.pem");
    let _ = std::fs::remove_file(&fifo);
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let big = dir.join("big.pem");
    std::fs::write(&big, vec![b'A'; (4 << 20) + 1]).unwrap();
    for (path, needle) in [
        (fifo.to_str().unwrap(), "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (dir.to_str().unwrap(), "not a regular file"),
        (big.to_str().unwrap(), "larger than 4194304 bytes"),
        ("/nonexistent/ca.pem", "No such file"),
    ] {
        let path = path.to_string();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || tx.send(config_with_ca_path(&path).map(|_| ())));
        let result = rx.recv_timeout(Duration::from_secs(5)).expect("reading caCertPath does not hang");
        let err = result.unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidArgument);
        assert!(err.message.contains("caCertPath") && err.message.contains(needle), "{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
