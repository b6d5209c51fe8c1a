//! One game server of three sharing a key (`tests/shared/run.sh`), in Rust: bursts
//! `get_units_v2` and `set_unit_status_v2` through the shared limiter without blocking, waits
//! for every result, and prints how many succeeded. Exits 0 when every call succeeded.
//!
//! `cargo run -p sonoran-bench --bin shared_burst -- MOCK_URL REDIS_URL NAME [GETS] [STATUSES] [INTERVAL_MS]`
//!
//! With INTERVAL_MS, the status changes are spread one per interval, so that some are made
//! while Redis is away and some after it is back; the library's log lines (from info) go to
//! standard error.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use sonoran::logging::{LevelFilter, LogRecord};
use sonoran::{Client, Config, Inbox, Poll};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: shared_burst MOCK_URL REDIS_URL NAME [GETS] [STATUSES] [INTERVAL_MS]");
        std::process::exit(2);
    }
    let (url, redis, name) = (&args[1], &args[2], &args[3]);
    let gets: usize = args.get(4).and_then(|n| n.parse().ok()).unwrap_or(2);
    let statuses: usize = args.get(5).and_then(|n| n.parse().ok()).unwrap_or(12);
    let interval = Duration::from_millis(args.get(6).and_then(|n| n.parse().ok()).unwrap_or(0));
    let mut config = Config::new("demo-community", "demo-api-key").with_api_url(url.as_str()).with_timeout(Duration::from_secs(150));
    // "none": each process paces itself (the benchmark's comparison).
    config.shared_limiter = (redis != "none").then(|| redis.clone());
    let level = if interval.is_zero() { LevelFilter::Warn } else { LevelFilter::Info };
    config = config.with_log_sink(level, Arc::new(|record: &LogRecord| eprintln!("{record}")));
    let client = Client::new(config).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let inbox = Inbox::new();
    let mut ids = Vec::new();
    for i in 0..gets {
        ids.push(inbox.submit(&client, "get_units_v2", &json!({"limit": 10 + i})));
    }
    for i in 0..statuses {
        ids.push(inbox.submit(&client, "set_unit_status_v2", &json!({"identIds": [if i % 2 == 1 { 12 } else { 1 }], "status": 2 + i % 2})));
        std::thread::sleep(interval);
    }
    let (mut ok, mut failed) = (0, 0);
    for id in ids {
        match inbox.wait(id, Duration::from_secs(200)) {
            Poll::Done(Ok(_)) => ok += 1,
            Poll::Done(Err(e)) => {
                failed += 1;
                println!("{name} failed: {}", e.envelope());
            }
            Poll::Pending | Poll::Unknown => {
                failed += 1;
                println!("{name} failed: no answer");
            }
        }
    }
    println!("{name}: {ok} ok, {failed} failed");
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
