//! Calls from async code and from a game loop, against the mock started in-process:
//! `cargo run --example async_call`. The guide for Rust programs (docs/guides/rust.md) shows
//! these lines.

use serde_json::json;
use sonoran::{CallOptions, Client, Config, Inbox, Poll, Priority};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mock = sonoran_mock::MockServer::start()?;
    let client = Client::new(Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url()))?;

    // Async: the completion callback feeds a oneshot channel, and the task awaits it; the
    // call runs on the client's own I/O thread, never on the async runtime's.
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.submit("get_units_v2", &json!({"serverId": 1}), Box::new(move |_id, result| drop(tx.send(result))));
    let units = rx.await??;
    println!("{}", units.envelope());

    // A game loop: submit, then look once per tick; the tick never waits.
    let inbox = Inbox::new();
    let id = inbox.submit(&client, "get_calls_v2", &json!({}));
    loop {
        if let Poll::Done(result) = inbox.poll(id) {
            println!("calls: {}", result.is_ok());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(16)).await; // the rest of the tick
    }

    // An urgent write goes ahead of the calls of its route waiting for budget.
    let urgent = CallOptions::default().with_priority(Priority::High);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let status = json!({"identIds": [12], "status": 1});
    client.submit_with("set_unit_status_v2", &status, &urgent, Box::new(move |_id, result| drop(tx.send(result))));
    println!("{}", rx.await??.envelope());
    Ok(())
}
