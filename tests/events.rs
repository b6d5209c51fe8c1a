//! Push events into a Rust host: over the HTTP listener (Sonoran's fallback) and over the
//! hub (SignalR over WebSocket), against the mock on loopback.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::events::{EventOptions, HubState};
use sonoran::{PushEvent, ReceivedEvent, Via};
use sonoran_mock::DEMO_API_KEY;

/// Options for a listener on a free loopback port, no hub.
fn listener_only(extra: Value) -> EventOptions {
    let mut options = json!({"websocket": false, "listen": "127.0.0.1:0"});
    options.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    EventOptions::from_value(&options).unwrap()
}

/// POSTs `body` to `url` and answers (status, body).
fn post(url: &str, body: &str) -> (u16, String) {
    let response = reqwest::blocking::Client::new().post(url).header("Content-Type", "application/json").body(body.to_string()).send().unwrap();
    (response.status().as_u16(), response.text().unwrap())
}

fn listener_url(client: &sonoran::Client) -> String {
    client.events_status().listener.expect("the listener runs")
}

fn event(key: &str, event_type: &str, data: Value) -> String {
    json!({"key": key, "type": event_type, "data": data}).to_string()
}

#[test]
fn the_listener_delivers_a_good_event_without_the_key() {
    let (_mock, client) = mock();
    let status = client.start_events(&listener_only(json!({}))).unwrap();
    assert!(status.hub.is_none());
    let url = status.listener.unwrap();
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with("/sonorancad/event"), "{url}");
    // The key compares case-insensitively, as Sonoran's integration does.
    let (code, body) = post(&url, &event(&DEMO_API_KEY.to_uppercase(), "EVENT_UNIT_PANIC", json!([{"identIds": [1, 2], "isPanic": true}])));
    assert_eq!((code, body.as_str()), (200, r#"{"success":true}"#));
    let got = client.poll_event().expect("the event is queued");
    assert_eq!(got.event_type, "EVENT_UNIT_PANIC");
    assert_eq!(got.via, Via::Http);
    // Shown as an array of one object on its page: the host sees the object.
    assert_eq!(got.data, json!({"identIds": [1, 2], "isPanic": true}));
    assert!(got.received_at_ms > 1_700_000_000_000);
    let text = got.to_json();
    assert!(!text.to_lowercase().contains(DEMO_API_KEY), "{text}");
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["via"], "http");
    assert!(client.poll_event().is_none());
}

#[test]
fn the_listener_refuses_wrong_keys_malformed_and_oversized_bodies() {
    let (_mock, client) = mock();
    client.start_events(&listener_only(json!({"maxBodyBytes": 2048}))).unwrap();
    let url = listener_url(&client);
    let (code, body) = post(&url, &event("not-the-key", "EVENT_911", json!({})));
    assert_eq!(code, 401, "{body}");
    let (code, _) = post(&url, &json!({"type": "EVENT_911", "data": {}}).to_string());
    assert_eq!(code, 401);
    let (code, body) = post(&url, "{\"key\": \"demo-api-key\", \"type\": ");
    assert_eq!(code, 400, "{body}");
    assert!(body.contains("malformed JSON"), "{body}");
    let (code, _) = post(&url, &event(DEMO_API_KEY, "EVENT_911", json!({"description": "x".repeat(4096)})));
    assert_eq!(code, 413);
    // Not the path, not a POST.
    let other = url.replace("/sonorancad/event", "/other");
    assert_eq!(post(&other, &event(DEMO_API_KEY, "EVENT_911", json!({}))).0, 404);
    assert_eq!(reqwest::blocking::get(&url).unwrap().status().as_u16(), 405);
    assert!(client.poll_event().is_none(), "nothing refused is delivered");
    let queue = client.events_status().queue;
    assert_eq!((queue.received, queue.rejected), (0, 4));
}

#[test]
fn a_slow_sender_is_cut_off_and_holds_up_nobody() {
    let (_mock, client) = mock();
    client.start_events(&listener_only(json!({"readTimeoutMs": 300}))).unwrap();
    let url = listener_url(&client);
    let address = url.trim_start_matches("http://").split('/').next().unwrap().to_string();
    // Headers that never finish, and a body that never comes.
    let mut slow_headers = TcpStream::connect(&address).unwrap();
    slow_headers.write_all(b"POST /sonorancad/event HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut slow_body = TcpStream::connect(&address).unwrap();
    slow_body.write_all(b"POST /sonorancad/event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"key\"").unwrap();
    // Meanwhile a good event goes through.
    assert_eq!(post(&url, &event(DEMO_API_KEY, "EVENT_TONE", json!({"url": "u"}))).0, 200);
    let mut answer = String::new();
    slow_body.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = slow_body.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    slow_headers.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut rest = Vec::new();
    // The connection is closed by the listener (EOF, perhaps after a 408), not left open.
    let closed = slow_headers.read_to_end(&mut rest).is_ok();
    assert!(closed, "the slow connection was closed");
    assert_eq!(client.poll_event().map(|e| e.event_type).as_deref(), Some("EVENT_TONE"));
    assert!(client.poll_event().is_none());
}

#[test]
fn a_bad_listen_address_is_an_error_naming_it() {
    let (_mock, client) = mock();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = taken.local_addr().unwrap().to_string();
    let error = client.start_events(&listener_only(json!({"listen": busy}))).unwrap_err();
    assert_eq!(error.kind, sonoran::ErrorKind::InvalidArgument);
    assert!(error.message.contains("listen"), "{}", error.message);
    let error = client.start_events(&listener_only(json!({"listen": "nowhere"}))).unwrap_err();
    assert!(error.message.contains("listen"), "{}", error.message);
}

#[test]
fn a_full_queue_drops_the_oldest_and_counts_them_exactly() {
    let (_mock, client) = mock();
    client.start_events(&listener_only(json!({"queueCapacity": 3}))).unwrap();
    let url = listener_url(&client);
    let http = reqwest::blocking::Client::new();
    for n in 0..10 {
        let body = event(DEMO_API_KEY, "EVENT_UNIT_STATUS", json!({"identIds": [n], "status": 1}));
        assert_eq!(http.post(&url).body(body).send().unwrap().status().as_u16(), 200);
    }
    let first = client.poll_event().unwrap();
    assert_eq!((first.data["identIds"][0].as_i64(), first.dropped_before), (Some(7), 7));
    let rest: Vec<ReceivedEvent> = std::iter::from_fn(|| client.poll_event()).collect();
    assert_eq!(rest.iter().map(|e| (e.data["identIds"][0].as_i64().unwrap(), e.dropped_before)).collect::<Vec<_>>(), [(8, 0), (9, 0)]);
    let queue = client.events_status().queue;
    assert_eq!((queue.received, queue.dropped, queue.delivered, queue.waiting), (10, 7, 3, 0));
}

#[test]
fn a_callback_receives_events_on_a_library_thread_then_polling_resumes() {
    let (_mock, client) = mock();
    client.start_events(&listener_only(json!({}))).unwrap();
    let url = listener_url(&client);
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let sink = seen.clone();
    let test_thread = std::thread::current().id();
    client.set_event_callback(Some(Arc::new(move |e: &ReceivedEvent| {
        assert_ne!(std::thread::current().id(), test_thread);
        sink.lock().unwrap().push((e.event_type.clone(), std::thread::current().name().unwrap_or("").to_string()));
    })));
    assert_eq!(post(&url, &event(DEMO_API_KEY, "EVENT_TONE", json!({}))).0, 200);
    let deadline = Instant::now() + Duration::from_secs(5);
    while seen.lock().unwrap().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(seen.lock().unwrap().as_slice(), [("EVENT_TONE".to_string(), "sonoran-events".to_string())]);
    assert!(client.poll_event().is_none(), "the callback took it");
    client.set_event_callback(None);
    assert_eq!(post(&url, &event(DEMO_API_KEY, "EVENT_911", json!({}))).0, 200);
    assert_eq!(client.wait_event(Duration::from_secs(5)).map(|e| e.event_type).as_deref(), Some("EVENT_911"));
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn the_blocking_iterator_ends_when_events_stop() {
    let (_mock, client) = mock();
    client.start_events(&listener_only(json!({}))).unwrap();
    let url = listener_url(&client);
    let reader = {
        let client = client.clone();
        std::thread::spawn(move || client.events().map(|e| e.event_type).collect::<Vec<_>>())
    };
    for t in ["EVENT_TONE", "EVENT_911"] {
        assert_eq!(post(&url, &event(DEMO_API_KEY, t, json!({}))).0, 200);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while client.events_status().queue.delivered < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    client.stop_events();
    assert_eq!(reader.join().unwrap(), ["EVENT_TONE", "EVENT_911"]);
}

#[test]
fn typed_events_keep_unknown_types() {
    let got = ReceivedEvent { event_type: "EVENT_NOT_YET_INVENTED".into(), data: json!({"a": 1}), via: Via::Http, received_at_ms: 1, dropped_before: 0 };
    assert!(matches!(got.event(), PushEvent::Other { event_type, data } if event_type == "EVENT_NOT_YET_INVENTED" && data == json!({"a": 1})));
    let _ = HubState::Connected;
}
