//! A build without the optional parts (`cargo test --no-default-features`): what they would
//! do is refused with an error naming the feature, before anything is sent, and the REST
//! calls, pacing and budget work as ever.

mod common;

#[allow(unused_imports)] // each test uses some, as the features it runs under allow
use serde_json::json;
#[allow(unused_imports)]
use sonoran::{Client, Config, ErrorKind};

#[cfg(not(feature = "push"))]
#[test]
fn without_push_a_hub_session_or_a_listener_is_refused_naming_the_feature() {
    let (_mock, client) = common::mock();
    for options in [json!({}), json!({"websocket": false, "listen": "127.0.0.1:0"})] {
        let options = sonoran::EventOptions::from_value(&options).unwrap();
        let error = client.start_events(&options).unwrap_err();
        assert_eq!(error.kind, ErrorKind::InvalidArgument);
        assert!(error.message.contains("feature `push`"), "{error}");
    }
    // REST calls go on as ever.
    let answer = client.call("get_units_v2", &json!({})).unwrap();
    assert_eq!(answer.status, 200);
}

#[cfg(not(feature = "shared-limiter"))]
#[test]
fn without_the_shared_limiter_a_redis_url_is_refused_naming_the_feature() {
    let config = Config::from_json(r#"{"communityId": "c", "apiKey": "k", "sharedLimiter": "redis://127.0.0.1:6379/0"}"#).unwrap();
    let error = Client::new(config).unwrap_err();
    assert_eq!(error.kind, ErrorKind::InvalidArgument);
    assert!(error.message.contains("sharedLimiter") && error.message.contains("feature `shared-limiter`"), "{error}");
}

/// With every feature on (the default), both parts are there: the same calls are accepted.
#[cfg(all(feature = "push", feature = "shared-limiter"))]
#[test]
fn with_the_default_features_events_start() {
    let (_mock, client) = common::mock();
    let options = sonoran::EventOptions::from_value(&json!({"websocket": false, "listen": "127.0.0.1:0"})).unwrap();
    let status = client.start_events(&options).unwrap();
    assert!(status.listener.is_some());
}
