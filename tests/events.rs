//! Push events into a Rust host: over the HTTP listener (Sonoran's fallback) and over the
//! hub (SignalR over WebSocket), against the mock on loopback.

#![cfg(feature = "push")]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};
use sonoran::push::{EventOptions, HubState};
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
    let response =
        reqwest::blocking::Client::new().post(url).header("Content-Type", "application/json").body(body.to_string()).send().unwrap();
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
    slow_body
        .write_all(b"POST /sonorancad/event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"key\"")
        .unwrap();
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
    let got = ReceivedEvent {
        event_type: "EVENT_NOT_YET_INVENTED".into(),
        data: json!({"a": 1}),
        via: Via::Http,
        received_at_ms: 1,
        dropped_before: 0,
    };
    assert!(
        matches!(got.event(), PushEvent::Other { event_type, data } if event_type == "EVENT_NOT_YET_INVENTED" && data == json!({"a": 1}))
    );
    let _ = HubState::Connected;
}

// ---- Over the hub, and everything the mock emits ------------------------------------------

/// Starts a hub session for `server_id` and waits until it is authenticated.
fn hub_session(client: &sonoran::Client, server_id: u64, extra: Value) -> sonoran::push::EventsStatus {
    let mut options = json!({"serverId": server_id, "waitMs": 5000});
    options.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap_or_default());
    let status = client.start_events(&EventOptions::from_value(&options).unwrap()).unwrap();
    let hub = status.hub.clone().unwrap();
    assert_eq!(hub.state, HubState::Connected, "{hub:?}");
    status
}

/// Collects `n` events, waiting up to 10 s in all.
fn collect(client: &sonoran::Client, n: usize) -> Vec<ReceivedEvent> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut got = Vec::new();
    while got.len() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        match client.wait_event(left) {
            Some(event) => got.push(event),
            None => break,
        }
    }
    got
}

/// Every documented type arrived, in the mock's order, by `via`, typed as its own variant.
fn assert_every_type(got: &[ReceivedEvent], via: Via) {
    let types: Vec<&str> = got.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(types, sonoran_mock::events::types());
    assert_eq!(types.len(), sonoran::push::DOCUMENTED_EVENT_TYPES.len());
    for event in got {
        assert_eq!(event.via, via);
        assert!(!event.to_json().to_lowercase().contains(DEMO_API_KEY), "{}", event.to_json());
        let typed = event.event();
        assert!(!matches!(typed, PushEvent::Other { .. }), "{} is typed: {:?}", event.event_type, event.data);
        assert_eq!(typed.event_type(), event.event_type);
    }
}

/// A client whose log lines are kept, to check that none holds the key.
fn logged_client(url: &str, key: &str) -> (sonoran::Client, Arc<Mutex<Vec<String>>>) {
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = lines.clone();
    let config = sonoran::Config::new(sonoran_mock::DEMO_COMMUNITY_ID, key).with_api_url(url).with_log_sink(
        sonoran::logging::LevelFilter::Debug,
        Arc::new(move |r: &sonoran::logging::LogRecord| sink.lock().unwrap().push(r.to_string())),
    );
    (sonoran::Client::new(config).unwrap(), lines)
}

#[test]
fn every_documented_event_arrives_over_the_hub_typed_and_without_the_key() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, lines) = logged_client(mock.url(), DEMO_API_KEY);
    let status = hub_session(&client, 1, json!({}));
    assert_eq!(status.hub.unwrap().url, format!("{}/apiWsHub", mock.url().replace("http://", "ws://")));
    assert_eq!(mock.hub_sessions(), [Some(1)]);
    let outcomes = mock.emit_all(1).unwrap();
    assert!(outcomes.iter().all(|o| o["via"] == "websocket"), "{outcomes:?}");
    let got = collect(&client, sonoran_mock::events::DOCUMENTED.len());
    assert_every_type(&got, Via::WebSocket);
    // Data shown as an array of one object on its page arrives as the object.
    let unit_status = got.iter().find(|e| e.event_type == "EVENT_UNIT_LOGIN").unwrap();
    assert!(unit_status.data.is_object(), "{:?}", unit_status.data);
    // Events for another server do not reach this session (the mock has no listener for it).
    assert!(mock.emit(2, "EVENT_911", None).is_err());
    assert!(client.wait_event(Duration::from_millis(200)).is_none());
    client.stop_events();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !mock.hub_sessions().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(mock.hub_sessions().is_empty(), "stopping closed the session");
    let lines = lines.lock().unwrap();
    assert!(lines.iter().any(|l| l.contains("hub session authenticated for server 1")), "{lines:?}");
    assert!(lines.iter().all(|l| !l.to_lowercase().contains(DEMO_API_KEY)), "{lines:?}");
}

#[test]
fn every_documented_event_arrives_over_http_where_set_servers_points() {
    let (mock, client) = mock();
    let url = client.start_events(&listener_only(json!({}))).unwrap().listener.unwrap();
    let port = url.trim_start_matches("http://127.0.0.1:").split('/').next().unwrap();
    // As the CAD does: events go to the mapIp/listenerPort of the server's configuration.
    let servers = json!({"servers": [{"id": 1, "name": "Main", "mapIp": "127.0.0.1", "listenerPort": port}, {"id": 2, "name": "Second"}]});
    client.call("set_servers_v2", &servers).unwrap();
    let outcomes = mock.emit_all(1).unwrap();
    assert!(outcomes.iter().all(|o| o["via"] == "http" && o["status"] == 200), "{outcomes:?}");
    assert_every_type(&collect(&client, sonoran_mock::events::DOCUMENTED.len()), Via::Http);
    assert_eq!(client.events_status().queue.rejected, 0);
}

#[test]
fn a_wrong_key_is_a_clear_hub_error_and_not_retried() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, lines) = logged_client(mock.url(), "wrong-key-0123");
    let status = client.start_events(&EventOptions::from_value(&json!({"serverId": 1, "waitMs": 5000})).unwrap()).unwrap();
    let hub = status.hub.unwrap();
    assert_eq!(hub.state, HubState::Unauthorized);
    assert_eq!(hub.error.as_deref(), Some("Invalid community ID or API key."));
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(client.events_status().hub.unwrap().state, HubState::Unauthorized, "not retried");
    // An unknown server is refused too.
    let (client2, _) = logged_client(mock.url(), DEMO_API_KEY);
    let status = client2.start_events(&EventOptions::from_value(&json!({"serverId": 99, "waitMs": 5000})).unwrap()).unwrap();
    assert_eq!(status.hub.unwrap().error.as_deref(), Some("Invalid server ID."));
    let lines = lines.lock().unwrap();
    assert!(lines.iter().any(|l| l.contains("refused authenticatev2")), "{lines:?}");
    assert!(lines.iter().all(|l| !l.contains("wrong-key-0123")), "{lines:?}");
}

#[test]
fn a_dropped_hub_connection_reconnects_reauthenticates_and_events_keep_coming() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, _) = logged_client(mock.url(), DEMO_API_KEY);
    hub_session(&client, 1, json!({}));
    mock.emit(1, "EVENT_TONE", None).unwrap();
    assert_eq!(collect(&client, 1)[0].event_type, "EVENT_TONE");
    for round in 2..=3 {
        assert_eq!(mock.drop_hub_sessions(), 1);
        let deadline = Instant::now() + Duration::from_secs(10);
        while client.events_status().hub.unwrap().sessions < round && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let hub = client.events_status().hub.unwrap();
        assert_eq!((hub.state, hub.sessions), (HubState::Connected, round), "{hub:?}");
        assert_eq!(mock.hub_sessions(), [Some(1)]);
        mock.emit(1, "EVENT_UNIT_PANIC", None).unwrap();
        assert_eq!(collect(&client, 1)[0].event_type, "EVENT_UNIT_PANIC");
    }
}

#[test]
fn a_flood_of_ten_thousand_events_keeps_the_queue_bounded_and_counts_every_drop() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, _) = logged_client(mock.url(), DEMO_API_KEY);
    hub_session(&client, 1, json!({"queueCapacity": 100}));
    for n in 0..10_000 {
        mock.emit(1, "EVENT_UNIT_STATUS", Some(json!({"identIds": [n], "status": 2}))).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.events_status().queue.received < 10_000 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let queue = client.events_status().queue;
    assert_eq!((queue.received, queue.waiting, queue.dropped), (10_000, 100, 9_900));
    let got: Vec<ReceivedEvent> = std::iter::from_fn(|| client.poll_event()).collect();
    assert_eq!(got.len(), 100);
    assert_eq!(got[0].dropped_before, 9_900);
    assert!(got[1..].iter().all(|e| e.dropped_before == 0));
    // The newest 100 are kept, in order.
    let ids: Vec<i64> = got.iter().map(|e| e.data["identIds"][0].as_i64().unwrap()).collect();
    assert_eq!(ids, (9_900..10_000).collect::<Vec<i64>>());
}

#[test]
fn changes_made_in_the_cad_and_911_calls_placed_through_the_api_push_events() {
    let mock = sonoran_mock::MockServer::start_with(sonoran_mock::MockOptions { v2_rate_limit: None, ..Default::default() }).unwrap();
    let (client, _) = logged_client(mock.url(), DEMO_API_KEY);
    hub_session(&client, 1, json!({}));
    let http = reqwest::blocking::Client::new();
    // A unit's status changed in the CAD's web UI (the mock's control route stands in for it).
    let ident = client.call("get_units_v2", &json!({"serverId": 1})).unwrap().body.to_value()[0]["id"].as_i64().unwrap();
    let answer = http.post(format!("{}/_mock/units/{ident}/status", mock.url())).body(r#"{"status":3}"#).send().unwrap();
    assert!(answer.status().is_success(), "{}", answer.text().unwrap());
    let got = collect(&client, 1);
    assert_eq!(got[0].event_type, "EVENT_UNIT_STATUS");
    assert_eq!(got[0].data, json!({"identIds": [ident], "status": 3}));
    // A 911 call placed through the API is pushed too (its page says so).
    let placed = client
        .call(
            "create_emergency_call_v2",
            &json!({"serverId": 1, "isEmergency": true, "caller": "Jane", "location": "Route 68", "description": "Smoke"}),
        )
        .unwrap()
        .body
        .to_value();
    let got = collect(&client, 1);
    assert_eq!(got[0].event_type, "EVENT_911");
    let PushEvent::Event911(call) = got[0].event() else { panic!("{:?}", got[0]) };
    let call = call.call.unwrap();
    assert_eq!((call.caller.as_deref(), call.call_id), (Some("Jane"), placed["callId"].as_i64()));
}

#[test]
fn the_async_stream_yields_events_and_ends_when_stopped() {
    use futures_util::StreamExt;
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, _) = logged_client(mock.url(), DEMO_API_KEY);
    hub_session(&client, 1, json!({}));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut stream = client.event_stream();
    let emitter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        mock.emit(1, "EVENT_PAGER_REBORN", None).unwrap();
        mock
    });
    let first = runtime.block_on(async { tokio::time::timeout(Duration::from_secs(5), stream.next()).await }).unwrap().unwrap();
    assert_eq!(first.event_type, "EVENT_PAGER_REBORN");
    let PushEvent::PagerReborn(page) = first.event() else { panic!("{first:?}") };
    assert_eq!(page.nature.as_deref(), Some("Administrative"));
    let _mock = emitter.join().unwrap();
    client.stop_events();
    assert!(runtime.block_on(stream.next()).is_none());
}

#[test]
fn a_client_dropped_with_a_live_session_closes_it() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let (client, _) = logged_client(mock.url(), DEMO_API_KEY);
    hub_session(&client, 2, json!({"listen": "127.0.0.1:0"}));
    client.set_event_callback(Some(Arc::new(|_: &ReceivedEvent| {})));
    assert_eq!(mock.hub_sessions(), [Some(2)]);
    drop(client);
    let deadline = Instant::now() + Duration::from_secs(5);
    while !mock.hub_sessions().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(mock.hub_sessions().is_empty());
}
