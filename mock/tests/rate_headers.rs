//! The v2 rate limit announced over real HTTP: `X-RateLimit-Limit-Minute` and
//! `X-RateLimit-Remaining-Minute` count down with each request of a key on a route, read 0
//! on the 429, and appear only where the limit counted the request.

use std::time::Duration;

use sonoran_mock::{MockOptions, MockServer, RateLimit, DEMO_API_KEY};

/// `GET path` with `key`: the status and the two headers (None when absent).
async fn get(mock: &MockServer, path: &str, key: &str) -> (u16, Option<String>, Option<String>) {
    let response = reqwest::Client::new().get(format!("{}{path}", mock.url())).bearer_auth(key).send().await.unwrap();
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
    (response.status().as_u16(), header("x-ratelimit-limit-minute"), header("x-ratelimit-remaining-minute"))
}

fn counted(status: u16, limit: usize, remaining: usize) -> (u16, Option<String>, Option<String>) {
    (status, Some(limit.to_string()), Some(remaining.to_string()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_count_down_per_route_and_read_zero_on_the_429() {
    // The documented limits: get_units_v2 allows 3 a minute, get_accounts_v2 10.
    let mock = MockServer::start_with(MockOptions::default()).unwrap();
    let units = "/v2/emergency/servers/1/units";
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(200, 3, 2));
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(200, 3, 1));
    // Another route has a window of its own.
    assert_eq!(get(&mock, "/v2/general/accounts", DEMO_API_KEY).await, counted(200, 10, 9));
    // An answer that is not a success still counts, and says so (server 9 is not configured).
    assert_eq!(get(&mock, "/v2/emergency/servers/9/units", DEMO_API_KEY).await, counted(404, 3, 0));
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(429, 3, 0));
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(429, 3, 0));
    // A request without a valid key is refused before the limit counts it: no headers.
    assert_eq!(get(&mock, units, "wrong-key").await, (401, None, None));
    assert_eq!(get(&mock, "/v2/general/accounts", DEMO_API_KEY).await, counted(200, 10, 8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_limit_for_every_route_and_the_window_sliding() {
    let limit = RateLimit { requests: 2, window: Duration::from_millis(600) };
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(limit), ..MockOptions::default() }).unwrap();
    let units = "/v2/emergency/servers/1/units";
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(200, 2, 1));
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(200, 2, 0));
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(429, 2, 0));
    // Once the window has slid past both, the count starts again.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(get(&mock, units, DEMO_API_KEY).await, counted(200, 2, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_headers_without_a_limit_or_on_v1() {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() }).unwrap();
    assert_eq!(get(&mock, "/v2/emergency/servers/1/units", DEMO_API_KEY).await, (200, None, None));
    // v1 has no rate limit, whatever the options say.
    let limited = MockServer::start_with(MockOptions::default()).unwrap();
    let response = reqwest::Client::new()
        .post(format!("{}/general/get_version", limited.url()))
        .body(format!(r#"{{"id":"{}","key":"{DEMO_API_KEY}","type":"GET_VERSION","data":[]}}"#, sonoran_mock::DEMO_COMMUNITY_ID))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers().get("x-ratelimit-remaining-minute").is_none());
}
