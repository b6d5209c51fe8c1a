//! Helpers of the benchmark (`scripts/bench.sh`), printing JSON lines for bench/run.py:
//!
//! - `bench_core reqwest URL N R`: the floor for this library: R runs of N sequential calls
//!   of the benchmark path with a bare reqwest blocking client on one keep-alive connection.
//! - `bench_core envelope R`: the in-process cost of turning a 100-account `get_accounts`
//!   page into the envelope C and Lua get, and of decoding it into typed models and back.

use std::time::Instant;

use sonoran::models::AccountPage;
use sonoran::{Body, Response};

const PATH: &str = "/v2/emergency/servers/1/accounts/00000000-0000-0000-0000-000000000000/units";

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn reqwest_loop(url: &str, n: usize, repeats: usize) -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::blocking::Client::new();
    let url = format!("{url}{PATH}");
    let call = || -> Result<(), Box<dyn std::error::Error>> {
        let response = http.get(&url).bearer_auth("demo-api-key").header("accept", "application/json").send()?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()).into());
        }
        response.text()?;
        Ok(())
    };
    for _ in 0..50 {
        call()?;
    }
    for _ in 0..repeats {
        let start = Instant::now();
        for _ in 0..n {
            call()?;
        }
        println!("{{\"reqwest_calls_per_s\": {:.1}}}", n as f64 / start.elapsed().as_secs_f64());
    }
    Ok(())
}

fn client_loop(url: &str, n: usize, repeats: usize) -> Result<(), Box<dyn std::error::Error>> {
    let config = sonoran::Config::new("demo-community", "demo-api-key").with_api_url(url).without_rate_limits();
    let client = sonoran::Client::new(config)?;
    let params = serde_json::json!({"accountUuid": "00000000-0000-0000-0000-000000000000"});
    for _ in 0..50 {
        client.call("get_account_units", &params)?;
    }
    for _ in 0..repeats {
        let start = Instant::now();
        for _ in 0..n {
            client.call("get_account_units", &params)?;
        }
        println!("{{\"client_calls_per_s\": {:.1}}}", n as f64 / start.elapsed().as_secs_f64());
    }
    Ok(())
}

fn envelope_cost(repeats: usize) -> Result<(), Box<dyn std::error::Error>> {
    // A real page of 100 accounts, as the mock answers it.
    let mock = sonoran_mock::MockServer::start_with(sonoran_mock::MockOptions { extra_accounts: 98, ..Default::default() })?;
    let body = serde_json::json!({"id": "demo-community", "key": "demo-api-key", "type": "GET_ACCOUNTS", "data": [{"limit": 100}]});
    let page =
        reqwest::blocking::Client::new().post(format!("{}/general/get_accounts", mock.url())).body(body.to_string()).send()?.text()?;
    let accounts = serde_json::from_str::<AccountPage>(&page)?.accounts.len();
    assert_eq!(accounts, 100);
    let iterations = 200;
    let (mut envelope_us, mut typed_us) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let start = Instant::now();
        for _ in 0..iterations {
            let response = Response::new(200, Body::parse(page.clone())?);
            std::hint::black_box(response.envelope());
        }
        envelope_us.push(start.elapsed().as_secs_f64() * 1e6 / iterations as f64);
        let start = Instant::now();
        for _ in 0..iterations {
            let typed: AccountPage = serde_json::from_str(&page)?;
            std::hint::black_box(serde_json::to_string(&typed)?);
        }
        typed_us.push(start.elapsed().as_secs_f64() * 1e6 / iterations as f64);
    }
    println!(
        "{{\"envelope_us\": {:.1}, \"typed_roundtrip_us\": {:.1}, \"page_bytes\": {}, \"envelope_us_all\": {:?}, \"typed_us_all\": {:?}}}",
        median(envelope_us.clone()),
        median(typed_us.clone()),
        page.len(),
        envelope_us,
        typed_us
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.get(1).map(String::as_str) {
        Some("reqwest") => reqwest_loop(&args[2], number(3, 1000), number(4, 5)),
        Some("envelope") => envelope_cost(number(2, 5)),
        Some("client") => client_loop(&args[2], number(3, 1000), number(4, 5)),
        _ => Err("usage: bench_core reqwest URL N R | bench_core envelope R".into()),
    }
}
