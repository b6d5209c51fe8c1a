//! Helpers shared by the integration tests: every test talks real HTTP over loopback.
#![allow(dead_code)]

use serde_json::Value;
use sonoran::{Client, Config};
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
