//! Helpers shared by the integration tests: every test talks real HTTP over loopback.
#![allow(dead_code)]

pub mod pages;

use serde_json::Value;
use sonoran::{Client, Config, ErrorKind};
use sonoran_mock::recorder::{Canned, RecordingServer};
use sonoran_mock::{MockOptions, MockServer};

/// The mock's demo credentials for `url`, with client-side pacing off (the tests that
/// test pacing turn it on).
pub fn config_for(url: &str) -> Config {
    Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(url).without_rate_limits()
}

/// A client of `url` with the mock's demo credentials and no pacing.
pub fn client_for(url: &str) -> Client {
    Client::new(config_for(url)).expect("valid config")
}

/// A mock with default options (v2 limit off, so tests do not pace each other) and its client.
pub fn mock() -> (MockServer, Client) {
    mock_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() })
}

/// A mock with `options` and its client.
pub fn mock_with(options: MockOptions) -> (MockServer, Client) {
    let mock = MockServer::start_with(options).expect("mock starts");
    let client = client_for(mock.url());
    (mock, client)
}

/// A recorder answering `canned`, and a client of it.
pub fn recorder(canned: Canned) -> (RecordingServer, Client) {
    let server = RecordingServer::start(canned).expect("recorder starts");
    let client = client_for(&server.url());
    (server, client)
}

/// Parses an envelope.
pub fn parse(envelope: &str) -> Value {
    serde_json::from_str(envelope).expect("the envelope is JSON")
}

/// Calls `operation` with `params` (JSON text) and returns the parsed envelope.
pub fn call(client: &Client, operation: &str, params: &str) -> Value {
    parse(&sonoran::faces::call_json(client, operation, params))
}

/// The body of `op`'s answer to `params`, as JSON; panics naming `op` when the call fails.
pub fn data(client: &Client, op: &str, params: Value) -> Value {
    client.call(op, &params).unwrap_or_else(|e| panic!("{op}: {e}")).body.to_value()
}

/// `params` is refused before sending, with an `invalid_argument` naming `field`.
pub fn refused(client: &Client, op: &str, params: Value, field: &str) {
    let err = client.call(op, &params).expect_err(op);
    assert_eq!(err.kind, ErrorKind::InvalidArgument, "{op}: {err}");
    assert!(err.message.contains(field), "{op}: `{}` should name {field}", err.message);
}

/// One reference page's example: the operation and its parameters, then the request the page
/// documents (method, path, query, JSON body or none).
pub type PageCase<P> = (&'static str, Value, &'static str, P, Option<&'static str>, Option<Value>);

/// Sends each page example in turn to a recorder and checks that the request is exactly what
/// the page documents: method, path, query, the key as a bearer token (none for the public
/// login page), and the JSON body or no body. `operations` is how many operations the cases
/// must cover (every one of the area). Answers the recorder, for checks of its own.
pub fn assert_sent_as_documented<P: AsRef<str>>(cases: &[PageCase<P>], operations: usize) -> RecordingServer {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let covered: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    assert_eq!(covered.len(), operations, "every operation of the area has its page's example");
    for (i, (op, params, method, path, query, body)) in cases.iter().enumerate() {
        client.call(op, params).unwrap_or_else(|e| panic!("{op}: {e}"));
        let request = &server.requests()[i];
        assert_eq!(request.method, *method, "{op}");
        assert_eq!(request.path, path.as_ref(), "{op}");
        assert_eq!(request.query.as_deref(), *query, "{op}");
        if *op == "get_login_page_v2" {
            assert_eq!(request.header("authorization"), None, "the login page is sent without the key");
            assert!(!format!("{request:?}").contains(sonoran_mock::DEMO_API_KEY));
        } else {
            assert_eq!(request.header("authorization"), Some("Bearer demo-api-key"), "{op}");
        }
        match body {
            Some(body) => {
                assert_eq!(request.header("content-type"), Some("application/json"), "{op}");
                assert_eq!(&request.json(), body, "{op}");
            }
            None => assert!(request.body.is_empty(), "{op} sends no body: {}", request.body),
        }
    }
    server
}

/// Checks each operation's pacing against its page: `(operation, requests a minute, whether it
/// is a read that may be retried)`; the mock's route table enforces the same limit.
pub fn assert_paced_as_documented(pages: &[(&'static str, u32, bool)]) {
    let mock_limits = sonoran_mock::documented_limits();
    for &(name, per_minute, idempotent) in pages {
        let op = sonoran::api::find(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(op.limit.requests, per_minute, "{name}");
        assert_eq!(op.limit.period, std::time::Duration::from_secs(60), "{name}");
        assert_eq!(op.idempotent, idempotent, "{name}");
        assert!(mock_limits.contains(&(name, per_minute as usize)), "the mock paces {name} at {per_minute} a minute");
    }
}
