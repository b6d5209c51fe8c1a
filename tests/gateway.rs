//! The gateway over loopback: every page's example request sent through it reaches the
//! server exactly as sent directly, and its answer comes back unchanged; bad requests and a
//! wrong key are refused in the API's shape and not sent; a burst beyond a route's budget
//! reaches the mock within it (no 429) where the same burst sent directly gets 429s; a short
//! wait answers 429 with Retry-After; a flood of 10,000 requests is answered; upstream down is
//! a 502; a slow client is cut off; a stop answers what is in flight.
#![cfg(feature = "gateway")]

mod common;

use std::io::{Read, Write};
use std::time::Duration;

use common::pages;
use serde_json::{json, Value};
use sonoran::gateway::GatewayOptions;
use sonoran::{Client, Config};
use sonoran_mock::recorder::{Canned, RecordingServer};
use sonoran_mock::{MockOptions, MockServer, RateLimit, DEMO_API_KEY, DEMO_COMMUNITY_ID};

/// Gateway options on a free loopback port, with `extra`.
fn options(extra: Value) -> GatewayOptions {
    let mut value = json!({"listen": "127.0.0.1:0"});
    value.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    GatewayOptions::from_value(&value).expect("options")
}

/// A response's body as JSON.
fn json_of(response: reqwest::blocking::Response) -> Value {
    serde_json::from_str(&response.text().unwrap()).expect("a JSON body")
}

/// A plain HTTP client, as an SDK would be.
fn http() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(60)).build().unwrap()
}

/// Sends one request as another client would: method, path and query, JSON body, key.
fn send(gateway: &str, method: &str, path_and_query: &str, body: Option<&Value>, key: &str) -> reqwest::blocking::Response {
    let mut request =
        http().request(method.parse().unwrap(), format!("{gateway}{path_and_query}")).header("authorization", format!("Bearer {key}"));
    if let Some(body) = body {
        request = request.header("content-type", "application/json").body(body.to_string());
    }
    request.send().expect("the gateway answers")
}

/// One example as sent: operation, method, path, query, body.
type Sent = (&'static str, String, String, Option<String>, Option<Value>);

#[test]
fn every_pages_example_reaches_the_server_through_the_gateway_exactly_as_sent_and_comes_back_unchanged() {
    let server = RecordingServer::start(Canned::json(200, r#"{"ok":true,"n":[1,2]}"#).with_header("x-trace", "t")).unwrap();
    let client = common::client_for(&server.url());
    let gateway = client.start_gateway(&options(json!({}))).unwrap();
    let mut cases: Vec<Sent> = Vec::new();
    for set in [pages::emergency(), pages::records(), pages::newer(), pages::units_and_accounts()] {
        cases.extend(
            set.into_iter().map(|(op, _, method, path, query, body)| (op, method.to_string(), path, query.map(str::to_string), body)),
        );
    }
    cases.extend(
        pages::general()
            .into_iter()
            .map(|(op, _, method, path, query, body)| (op, method.to_string(), path.to_string(), query.map(str::to_string), body)),
    );
    let mut seen = std::collections::BTreeSet::new();
    for (i, (op, method, path, query, body)) in cases.iter().enumerate() {
        let path_and_query = match query {
            Some(q) => format!("{path}?{q}"),
            None => path.clone(),
        };
        let response = send(gateway.url(), method, &path_and_query, body.as_ref(), DEMO_API_KEY);
        assert_eq!(response.status(), 200, "{op}");
        assert_eq!(response.headers()["content-type"], "application/json", "{op}");
        assert_eq!(response.text().unwrap(), r#"{"ok":true,"n":[1,2]}"#, "{op}: the answer comes back unchanged");
        let requests = server.requests();
        assert_eq!(requests.len(), i + 1, "{op}: one request upstream");
        let sent = &requests[i];
        assert_eq!(sent.method, *method, "{op}");
        assert_eq!(sent.path, *path, "{op}");
        assert_eq!(sent.query, *query, "{op}");
        if *op == "get_login_page_v2" {
            assert_eq!(sent.header("authorization"), None, "{op}: the public page goes without the key");
        } else {
            assert_eq!(sent.header("authorization"), Some("Bearer demo-api-key"), "{op}");
        }
        match body {
            Some(body) => assert_eq!(&sent.json(), body, "{op}"),
            None => assert!(sent.body.is_empty(), "{op}: {}", sent.body),
        }
        seen.insert(*op);
    }
    assert!(seen.len() >= 70, "the pages' examples cover the table: {}", seen.len());
    let status = gateway.status();
    assert_eq!(status["routes"]["get_units_v2"]["received"], 1, "{status}");
    assert_eq!(status["routes"]["get_units_v2"]["sent"], 1, "{status}");
}

#[test]
fn a_wrong_key_and_a_bad_request_are_refused_in_the_apis_shape_and_never_sent() {
    let server = RecordingServer::start(Canned::json(200, "{}")).unwrap();
    let client = common::client_for(&server.url());
    let gateway = client.start_gateway(&options(json!({"token": "local-gateway-token-1234"}))).unwrap();
    let response = send(gateway.url(), "GET", "/v2/general/version", None, "not-the-key");
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let problem = json_of(response);
    assert_eq!((problem["status"].clone(), problem["detail"].clone()), (json!(401), json!("A valid API key is required.")));
    // v1: the key in the body.
    let v1 = http()
        .post(format!("{}/general/get_account", gateway.url()))
        .body(json!({"id": DEMO_COMMUNITY_ID, "key": "wrong", "type": "GET_ACCOUNT", "data": [{"apiId": "x"}]}).to_string())
        .send()
        .unwrap();
    assert_eq!(v1.status(), 401);
    let bad =
        send(gateway.url(), "PATCH", "/v2/emergency/servers/1/units/status", Some(&json!({"identIds": ["x"], "status": 2})), DEMO_API_KEY);
    assert_eq!(bad.status(), 400);
    let problem = json_of(bad);
    assert!(problem["detail"].as_str().unwrap().contains("identIds"), "{problem}");
    let missing = send(gateway.url(), "PATCH", "/v2/emergency/servers/1/units/status", Some(&json!({"identIds": [1]})), DEMO_API_KEY);
    assert_eq!(missing.status(), 400);
    assert!(missing.text().unwrap().contains("status"));
    assert!(server.requests().is_empty(), "nothing was sent");
    // The gateway's own token is taken instead of the key; the key goes upstream.
    let by_token = send(gateway.url(), "GET", "/v2/general/version", None, "local-gateway-token-1234");
    assert_eq!(by_token.status(), 200);
    assert_eq!(server.requests()[0].header("authorization"), Some("Bearer demo-api-key"));
    let status = gateway.status();
    assert_eq!(status["routes"]["set_unit_status_v2"]["bad"], 2, "{status}");
}

/// A mock allowing 5 requests per 2 s on every route, and a client paced at 5 per 3 s (a
/// margin for the time between a request's send time and its arrival, which a window of
/// seconds feels and the API's minute does not).
fn tight() -> (MockServer, Client) {
    let mock = MockServer::start_with(MockOptions {
        v2_rate_limit: Some(RateLimit { requests: 5, window: Duration::from_secs(2) }),
        ..MockOptions::default()
    })
    .unwrap();
    let config = Config::from_value(&json!({
        "communityId": DEMO_COMMUNITY_ID, "apiKey": DEMO_API_KEY, "apiUrl": mock.url(),
        "rateLimits": {"v2": {"requests": 5, "periodMs": 3000}}
    }))
    .unwrap();
    (mock, Client::new(config).unwrap())
}

/// `count` GETs of `/v2/general/version` at once from as many threads; answers their statuses.
fn burst(base: &str, count: usize) -> Vec<u16> {
    let threads: Vec<_> = (0..count)
        .map(|_| {
            let base = base.to_string();
            std::thread::spawn(move || send(&base, "GET", "/v2/general/version", None, DEMO_API_KEY).status().as_u16())
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn a_burst_beyond_the_budget_reaches_the_mock_within_it_where_sent_directly_it_gets_429s() {
    let (mock, client) = tight();
    let gateway = client.start_gateway(&options(json!({}))).unwrap();
    let through = burst(gateway.url(), 15);
    assert!(through.iter().all(|s| *s == 200), "every call through the gateway succeeds: {through:?}");
    let stats = mock.route_stats()["get_version_v2"];
    assert_eq!(stats.limited, 0, "the mock answered none 429");
    // Identical reads in flight share one request: each call was sent or joined one.
    let route = &gateway.status()["routes"]["get_version_v2"];
    assert_eq!(route["sent"], stats.requests, "{route}");
    assert_eq!(stats.requests + route["coalesced"].as_u64().unwrap(), 15, "{route}");
    std::thread::sleep(Duration::from_millis(3100));
    let direct = burst(mock.url(), 15);
    let limited = direct.iter().filter(|s| **s == 429).count();
    assert!(limited >= 9, "straight at the mock, the burst gets 429s: {direct:?}");
    println!("15 calls at 5 per 2 s: through the gateway 0 × 429 ({} requests); straight at the mock {limited} × 429", stats.requests);
}

#[test]
fn a_request_that_cannot_go_within_its_wait_is_answered_429_with_retry_after_and_not_sent() {
    let (mock, client) = tight();
    let gateway = client.start_gateway(&options(json!({"waitMs": 300}))).unwrap();
    let statuses: Vec<(u16, Option<String>)> = (0..8)
        .map(|_| {
            let response = send(gateway.url(), "GET", "/v2/general/version", None, DEMO_API_KEY);
            (response.status().as_u16(), response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string()))
        })
        .collect();
    assert_eq!(statuses.iter().filter(|(s, _)| *s == 200).count(), 5, "{statuses:?}");
    for (status, retry_after) in statuses.iter().filter(|(s, _)| *s == 429) {
        let seconds: u64 = retry_after.as_deref().expect("Retry-After").parse().unwrap();
        assert!((1..=3).contains(&seconds), "{status}: Retry-After {seconds} s (the window is 3 s)");
    }
    assert_eq!(mock.route_stats()["get_version_v2"].requests, 5, "the refused ones were not sent");
    assert_eq!(gateway.status()["routes"]["get_version_v2"]["refused"], 3);
}

#[test]
fn a_flood_of_10000_requests_is_answered_and_only_the_budget_reaches_the_mock() {
    let (mock, client) = tight();
    let gateway = client.start_gateway(&options(json!({"waitMs": 200, "maxInFlight": 64}))).unwrap();
    let url = gateway.url().to_string();
    let threads: Vec<_> = (0..50)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let http = http();
                // 200, 429 (its wait would pass 200 ms), 504 (the shared read it joined was
                // on the wire past its wait: two cores serve 50 clients here).
                let mut answered = [0u32; 3];
                for _ in 0..200 {
                    let status =
                        http.get(format!("{url}/v2/general/version")).bearer_auth(DEMO_API_KEY).send().map(|r| r.status().as_u16());
                    match status {
                        Ok(200) => answered[0] += 1,
                        Ok(429) => answered[1] += 1,
                        Ok(504) => answered[2] += 1,
                        other => panic!("every request is answered 200, 429 or 504: {other:?}"),
                    }
                }
                answered
            })
        })
        .collect();
    let totals = threads.into_iter().map(|t| t.join().unwrap()).fold([0, 0, 0], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
    assert_eq!(totals.iter().sum::<u32>(), 10_000);
    let stats = mock.route_stats()["get_version_v2"];
    assert_eq!(stats.limited, 0, "no 429 from the mock");
    assert!(stats.requests <= u64::from(totals[0]), "only answered calls were sent ({} requests)", stats.requests);
    println!(
        "10,000 requests: {} answered 200 ({} requests upstream), {} answered 429 by the gateway, {} 504",
        totals[0], stats.requests, totals[1], totals[2]
    );
}

#[test]
fn upstream_down_is_a_502_and_a_slow_client_is_cut_off() {
    let down = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::new(
        Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(&down).without_rate_limits().with_timeout(Duration::from_secs(3)),
    )
    .unwrap();
    let gateway = client.start_gateway(&options(json!({"readTimeoutMs": 500}))).unwrap();
    let response = send(gateway.url(), "GET", "/v2/general/version", None, DEMO_API_KEY);
    assert_eq!(response.status(), 502);
    let problem = json_of(response);
    assert!(problem["detail"].as_str().unwrap().contains("Connection refused"), "{problem}");
    // Headers and half a body, then nothing: 408 once the read timeout passes.
    let addr = gateway.url().trim_start_matches("http://").to_string();
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    slow.write_all(b"POST /v2/general/servers/1/heartbeat HTTP/1.1\r\nhost: x\r\nauthorization: Bearer demo-api-key\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"play").unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[test]
fn a_stop_answers_the_request_in_flight_then_takes_no_more() {
    let (mock, client) = tight();
    let gateway = client.start_gateway(&options(json!({}))).unwrap();
    let url = gateway.url().to_string();
    // Five go at once; the sixth waits for the window.
    assert!(burst(&url, 5).iter().all(|s| *s == 200));
    let waiting = {
        let url = url.clone();
        std::thread::spawn(move || send(&url, "GET", "/v2/general/version", None, DEMO_API_KEY).status().as_u16())
    };
    std::thread::sleep(Duration::from_millis(300));
    gateway.stop(Duration::from_secs(5));
    assert_eq!(waiting.join().unwrap(), 200, "the request in flight was answered");
    assert!(http().get(format!("{url}/v2/general/version")).send().is_err(), "no new connection is taken");
    assert_eq!(mock.route_stats()["get_version_v2"].limited, 0);
}

#[test]
fn unknown_routes_and_unknown_fields_go_as_they_came_with_the_communitys_key() {
    let server = RecordingServer::start(Canned::json(200, r#"{"new":true}"#)).unwrap();
    let client = common::client_for(&server.url());
    let gateway = client.start_gateway(&options(json!({"token": "local-gateway-token-1234"}))).unwrap();
    let body = json!({"anything": [1, 2], "nested": {"a": "b"}});
    let response = send(gateway.url(), "POST", "/v2/general/brand-new-route/42?x=1&y=two", Some(&body), "local-gateway-token-1234");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().unwrap(), r#"{"new":true}"#);
    let unknown_field = send(gateway.url(), "GET", "/v2/general/version?newField=1", None, DEMO_API_KEY);
    assert_eq!(unknown_field.status(), 200);
    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str(), requests[0].query.as_deref()),
        ("POST", "/v2/general/brand-new-route/42", Some("x=1&y=two"))
    );
    assert_eq!(requests[0].json(), body);
    assert_eq!(requests[0].header("authorization"), Some("Bearer demo-api-key"), "the community's key goes, not the token");
    assert_eq!((requests[1].path.as_str(), requests[1].query.as_deref()), ("/v2/general/version", Some("newField=1")));
    let status = gateway.status();
    let route = &status["routes"]["unknown POST /v2/general/brand-new-route/{}"];
    assert_eq!((route["received"].clone(), route["limit"].clone()), (json!(1), json!(10)), "{status}");
}
