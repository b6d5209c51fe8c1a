//! Non-blocking calls: submit returns at once, every request completes exactly once
//! (success, error, cancelled), from many threads, and also when the client goes away.

mod common;

use common::*;
use serde_json::json;
use sonoran::{Client, Config, ErrorKind, Inbox, Poll};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A server that accepts connections (through the kernel backlog) and never answers.
fn silent_server() -> (std::net::TcpListener, String) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (listener, url)
}

fn wait_done(inbox: &Inbox, id: u64) -> sonoran::Result<sonoran::Response> {
    match inbox.wait(id, Duration::from_secs(10)) {
        Poll::Done(result) => result,
        other => panic!("request {id} did not complete: {other:?}"),
    }
}

#[test]
fn submit_then_poll_gets_the_result_once() {
    let (_mock, client) = mock();
    let inbox = Inbox::new();
    let id = inbox.submit(&client, "get_account", &json!({"username": "SonoranBrian"}));
    assert!(id > 0);
    let result = loop {
        match inbox.poll(id) {
            Poll::Pending => std::thread::sleep(Duration::from_millis(1)),
            Poll::Done(result) => break result,
            Poll::Unknown => panic!("lost request {id}"),
        }
    };
    assert_eq!(result.unwrap().body.to_value()["username"], "SonoranBrian");
    assert!(matches!(inbox.poll(id), Poll::Unknown), "handed out once");
    assert!(inbox.is_empty());
}

#[test]
fn invalid_params_complete_at_once_without_a_request() {
    let (mock, client) = mock();
    let inbox = Inbox::new();
    let id = inbox.submit(&client, "get_accounts", &json!({"limit": 0}));
    match inbox.poll(id) {
        Poll::Done(Err(e)) => assert_eq!(e.kind, ErrorKind::InvalidArgument),
        other => panic!("{other:?}"),
    }
    let unknown = inbox.submit(&client, "no_such_operation", &json!({}));
    assert!(matches!(inbox.poll(unknown), Poll::Done(Err(ref e)) if e.kind == ErrorKind::InvalidArgument));
    assert_eq!(mock.request_count(), 0);
}

#[test]
fn drain_returns_every_finished_request_in_order() {
    let (_mock, client) = mock();
    let inbox = Inbox::new();
    let ids: Vec<u64> = (0..5).map(|_| inbox.submit(&client, "get_accounts", &json!({"limit": 1}))).collect();
    let mut got = Vec::new();
    while got.len() < ids.len() {
        got.extend(inbox.drain().into_iter().map(|(id, r)| (id, r.is_ok())));
        std::thread::sleep(Duration::from_millis(1));
    }
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(sorted, ids.iter().map(|id| (*id, true)).collect::<Vec<_>>());
}

#[test]
fn cancel_completes_a_pending_request_as_cancelled() {
    let (_listener, url) = silent_server();
    let client = client_for(&url);
    let inbox = Inbox::new();
    let id = inbox.submit(&client, "get_accounts", &json!({}));
    std::thread::sleep(Duration::from_millis(50));
    assert!(matches!(inbox.poll(id), Poll::Pending));
    assert!(client.cancel(id));
    let err = wait_done(&inbox, id).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert!(!client.cancel(id), "a completed request cannot be cancelled");
    assert!(!client.cancel(987_654), "unknown ids are refused");
    assert_eq!(client.in_flight(), 0);
}

#[test]
fn eight_threads_times_two_hundred_each_complete_exactly_once() {
    let (_mock, client) = mock();
    let completions: Arc<Mutex<HashMap<u64, u32>>> = Arc::default();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let client = client.clone();
            let completions = completions.clone();
            std::thread::spawn(move || {
                (0..200)
                    .map(|i| {
                        let completions = completions.clone();
                        // Some invalid on purpose: they complete inside submit.
                        let params = if i % 10 == 0 { json!({"limit": 0}) } else { json!({"limit": 1 + (t + i) % 100}) };
                        client.submit(
                            "get_accounts",
                            &params,
                            Box::new(move |id, _| {
                                *completions.lock().unwrap().entry(id).or_default() += 1;
                            }),
                        )
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let ids: Vec<u64> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while completions.lock().unwrap().len() < ids.len() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    let completions = completions.lock().unwrap();
    assert_eq!(ids.len(), 1600);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 1600, "ids are unique");
    for id in &ids {
        assert_eq!(completions.get(id), Some(&1), "request {id} completed {:?} times", completions.get(id));
    }
    assert_eq!(completions.len(), 1600);
}

#[test]
fn dropping_the_client_completes_in_flight_requests_as_cancelled() {
    let (_listener, url) = silent_server();
    let client = client_for(&url);
    let results: Arc<Mutex<Vec<ErrorKind>>> = Arc::default();
    for _ in 0..20 {
        let results = results.clone();
        client.submit("get_accounts", &json!({}), Box::new(move |_, r| results.lock().unwrap().push(r.unwrap_err().kind)));
    }
    std::thread::sleep(Duration::from_millis(50));
    drop(client);
    // No callback may run after the drop returned: all 20 are in already.
    let results = results.lock().unwrap();
    assert_eq!(results.len(), 20);
    assert!(results.iter().all(|k| *k == ErrorKind::Cancelled), "{results:?}");
}

#[test]
fn blocking_from_a_callback_is_refused_not_deadlocked() {
    let (_mock, client) = mock();
    let inner = client.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    client.submit(
        "get_accounts",
        &json!({"limit": 1}),
        Box::new(move |_, _| {
            let _ = tx.send(inner.call("get_accounts", &json!({})));
        }),
    );
    let nested = rx.recv_timeout(Duration::from_secs(10)).expect("the callback ran");
    let err = nested.unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("submit it instead"), "{err}");
}

#[test]
fn a_panicking_callback_does_not_stop_the_client() {
    let (_mock, client) = mock();
    let (tx, rx) = std::sync::mpsc::channel();
    client.submit("get_accounts", &json!({}), Box::new(|_, _| panic!("user callback failed")));
    client.submit(
        "get_accounts",
        &json!({}),
        Box::new(move |_, r| {
            let _ = tx.send(r.is_ok());
        }),
    );
    assert!(rx.recv_timeout(Duration::from_secs(10)).unwrap());
    assert!(client.call("get_accounts", &json!({})).is_ok());
}

#[test]
fn a_client_in_an_async_program_still_works() {
    // Blocking calls from inside someone else's tokio runtime must not panic.
    let (_mock, client) = mock();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let ok = runtime.block_on(async { client.call("get_accounts", &json!({})).is_ok() });
    assert!(ok);
    let _ = Client::new(Config::new("c", "k")).unwrap();
}
