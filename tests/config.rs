//! Configuration: the JSON form the C and Lua faces pass, the environment, and the key's secrecy.

use sonoran::{Client, Config, ErrorKind};
use std::time::Duration;

const KEY: &str = "sk-live-5ecret-key-0042";

#[test]
fn from_json_reads_every_key_and_applies_defaults() {
    let config = Config::from_json(&format!(
        r#"{{"communityId":"c1","apiKey":"{KEY}","apiUrl":"http://127.0.0.1:9","defaultServerId":2,"timeoutMs":1500}}"#
    ))
    .unwrap();
    assert_eq!(config.community_id, "c1");
    assert_eq!(config.api_key.expose(), KEY);
    assert_eq!(config.api_url, "http://127.0.0.1:9");
    assert_eq!(config.default_server_id, 2);
    assert_eq!(config.timeout, Duration::from_millis(1500));

    let defaults = Config::from_json(&format!(r#"{{"communityId":"c1","apiKey":"{KEY}"}}"#)).unwrap();
    assert_eq!(defaults.api_url, "https://api.sonorancad.com");
    assert_eq!(defaults.default_server_id, 1);
    assert_eq!(defaults.timeout, Duration::from_secs(30));
}

#[test]
fn from_json_names_the_bad_key_and_never_echoes_the_key() {
    let cases = [
        (r#"{"apiKey":"K"}"#.to_string(), "`communityId` is required"),
        (r#"{"communityId":"c"}"#.to_string(), "`apiKey` is required"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}","apiURL":"x"}}"#), "`apiURL` is not a config key"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}","apiUrl":"ftp://x"}}"#), "`apiUrl` must be an http:// or https:// URL"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}","apiUrl":"not a url"}}"#), "`apiUrl` is not a URL"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}","defaultServerId":0}}"#), "`defaultServerId` must be a positive integer"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}","timeoutMs":-5}}"#), "`timeoutMs` must be a positive integer"),
        (r#"{"communityId":"c","apiKey":""}"#.to_string(), "`apiKey` must not be empty"),
        (r#"{"communityId":"c","apiKey":12345678}"#.to_string(), "`apiKey` must be a string"),
        (format!(r#"{{"communityId":"c","apiKey":"{KEY}""#), "`config` is not valid JSON"),
        ("[]".to_string(), "`config` must be a JSON object"),
    ];
    for (json, expected) in cases {
        let err = Config::from_json(&json).unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidArgument, "{json}");
        assert!(err.message.contains(expected), "{json}: {}", err.message);
        assert!(!err.to_string().contains(KEY) && !err.message.contains("12345678"), "the key leaked: {err}");
    }
}

#[test]
fn debug_never_prints_the_key() {
    let config = Config::new("c1", KEY);
    let client = Client::new(config.clone()).unwrap();
    for text in [format!("{config:?}"), format!("{client:?}"), format!("{:?}", config.api_key), config.api_key.to_string()] {
        assert!(!text.contains(KEY), "{text}");
    }
    assert!(format!("{config:?}").contains("***"));
}

#[test]
fn from_env_reads_the_three_variables() {
    // The only test touching these variables, so no other test races it.
    std::env::remove_var("SONORAN_COMMUNITY_ID");
    std::env::remove_var("SONORAN_API_KEY");
    std::env::remove_var("SONORAN_API_URL");
    let err = Config::from_env().unwrap_err();
    assert!(err.message.contains("SONORAN_COMMUNITY_ID"), "{err}");
    std::env::set_var("SONORAN_COMMUNITY_ID", "env-community");
    assert!(Config::from_env().unwrap_err().message.contains("SONORAN_API_KEY"));
    std::env::set_var("SONORAN_API_KEY", KEY);
    let config = Config::from_env().unwrap();
    assert_eq!((config.community_id.as_str(), config.api_key.expose()), ("env-community", KEY));
    assert_eq!(config.api_url, "https://api.sonorancad.com");
    std::env::set_var("SONORAN_API_URL", "http://127.0.0.1:8080");
    assert_eq!(Config::from_env().unwrap().api_url, "http://127.0.0.1:8080");
}
