//! The gateway's own cost: requests per second through it on loopback with pacing off, and
//! straight to the mock, from `CLIENTS` keep-alive clients at once for `SECONDS` each; then
//! the latency of one request at a time (p50/p99), through the gateway and straight, whose
//! difference is what the gateway adds. Reads are neither shared nor cached here
//! (`coalesceReads: false`, no cache), so every request through the gateway is one upstream:
//! this measures the gateway, not what it saves. Usage: gateway_bench SECONDS CLIENTS.
//! Prints Markdown table rows.

use std::time::{Duration, Instant};

use serde_json::json;
use sonoran::gateway::GatewayOptions;
use sonoran::{Client, Config};
use sonoran_bench::{percentile, sorted};
use sonoran_mock::{MockOptions, MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};

/// Requests per second from `clients` threads for `seconds` against `base`.
fn throughput(base: &str, clients: usize, seconds: f64) -> (f64, u64) {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let url = format!("{base}/v2/general/version");
            std::thread::spawn(move || {
                let http = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
                let mut done = 0u64;
                while Instant::now() < until {
                    let answer = http.get(&url).bearer_auth(DEMO_API_KEY).send().expect("an answer");
                    assert_eq!(answer.status(), 200);
                    let _ = answer.bytes();
                    done += 1;
                }
                done
            })
        })
        .collect();
    let total: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    (total as f64 / started.elapsed().as_secs_f64(), total)
}

/// Milliseconds of `count` requests one at a time on one connection, sorted.
fn latencies(base: &str, count: usize) -> Vec<f64> {
    let http = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    let url = format!("{base}/v2/general/version");
    let _ = http.get(&url).bearer_auth(DEMO_API_KEY).send().unwrap().bytes();
    sorted(
        (0..count)
            .map(|_| {
                let t = Instant::now();
                let answer = http.get(&url).bearer_auth(DEMO_API_KEY).send().unwrap();
                let _ = answer.bytes();
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10.0);
    let clients: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(16);
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() }).expect("the mock starts");
    let config = Config::from_value(&json!({
        "communityId": DEMO_COMMUNITY_ID, "apiKey": DEMO_API_KEY, "apiUrl": mock.url(),
        "rateLimits": "off", "coalesceReads": false, "logLevel": "warn"
    }))
    .expect("config");
    let client = Client::new(config).expect("a client");
    let gateway =
        client.start_gateway(&GatewayOptions::from_value(&json!({"listen": "127.0.0.1:0"})).unwrap()).expect("the gateway starts");
    let (direct_rps, direct_n) = throughput(mock.url(), clients, seconds);
    let (through_rps, through_n) = throughput(gateway.url(), clients, seconds);
    let sent = gateway.status()["routes"]["get_version_v2"]["sent"].as_u64().unwrap_or(0);
    let count = (seconds * 200.0) as usize;
    let direct = latencies(mock.url(), count);
    let through = latencies(gateway.url(), count);
    println!("| `GET /v2/general/version`, pacing off | straight to the mock | through the gateway |");
    println!("|---|---|---|");
    println!("| requests per second, {clients} clients for {seconds} s | {direct_rps:.0} ({direct_n} requests) | {through_rps:.0} ({through_n} requests; {sent} sent upstream) |");
    println!(
        "| latency of one request at a time, p50 / p99 (ms; {count} requests) | {:.3} / {:.3} | {:.3} / {:.3} |",
        percentile(&direct, 50.0),
        percentile(&direct, 99.0),
        percentile(&through, 50.0),
        percentile(&through, 99.0)
    );
    println!(
        "| added by the gateway, p50 / p99 (ms) | | {:.3} / {:.3} |",
        percentile(&through, 50.0) - percentile(&direct, 50.0),
        percentile(&through, 99.0) - percentile(&direct, 99.0)
    );
}
