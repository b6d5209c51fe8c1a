//! A client used from a program's own async runtime (docs/guides/rust.md, examples/async_call.rs):
//! awaited through a channel, and dropped inside the async context.

use serde_json::json;
use sonoran::{Client, Config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_is_awaited_and_dropped_inside_an_async_runtime() {
    let mock = sonoran_mock::MockServer::start().unwrap();
    let client = Client::new(Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url())).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.submit("get_units_v2", &json!({"serverId": 1}), Box::new(move |_id, result| drop(tx.send(result))));
    let units = rx.await.unwrap().unwrap();
    assert_eq!(units.status, 200);
    drop(client); // must not panic ("Cannot drop a runtime in a context where blocking is not allowed")
}

#[tokio::test(flavor = "current_thread")]
async fn a_client_is_dropped_inside_a_current_thread_runtime() {
    let client = Client::new(Config::new("community", "key").with_api_url("http://127.0.0.1:9")).unwrap();
    drop(client);
}
