//! A server that closes the connection while the library is still writing the request body
//! (an early 413 or 401, a proxy's size limit, a crash) must not kill the host with SIGPIPE.
//!
//! Rust ignores SIGPIPE only in a Rust `main`; a C or Lua host keeps the default disposition,
//! which kills the process. This test binary puts the default back, as such a host has it,
//! so that a SIGPIPE raised on one of the library's threads would end this process (and the
//! test) with status 141. Its own binary: the disposition is process-wide.

use serde_json::json;
use sonoran::{Client, Config, ErrorKind};

#[test]
fn the_mock_closing_on_its_body_limit_is_an_error_not_a_dead_host() {
    // SAFETY: restores the default disposition for SIGPIPE, as a C host has it.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    let mock = sonoran_mock::MockServer::start_with(sonoran_mock::MockOptions { v2_rate_limit: None, ..Default::default() }).unwrap();
    let client = Client::new(
        Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url()).without_rate_limits(),
    )
    .unwrap();
    // About 8 MB of body; the mock's body limit (2 MB) answers 413 and closes the
    // connection while the client is still writing. Without the fix this binary died with
    // SIGPIPE within ten calls.
    let ident_ids: Vec<u64> = (1_000_000..2_000_000).collect();
    for _ in 0..10 {
        let err = client.call("idents_to_group", &json!({"identIds": ident_ids, "groupName": "A"})).unwrap_err();
        // Still alive. The write fails (network), or the 413 is read first (bad_request).
        assert!(matches!(err.kind, ErrorKind::Network | ErrorKind::BadRequest), "{err}");
    }
}
