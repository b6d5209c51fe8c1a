//! `sonoran-mock`: runs the mock Sonoran CAD API until interrupted.

use std::net::IpAddr;
use std::time::Duration;

use clap::Parser;
use sonoran_mock::{Fault, MockOptions, MockServer, RateLimit};

/// A mock of the Sonoran CAD web API for offline development and tests.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Keep it on loopback: the mock accepts one demo key and speaks
    /// plain HTTP (add --tls for a self-signed HTTPS listener too).
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Community id the mock accepts.
    #[arg(long, default_value = sonoran_mock::DEMO_COMMUNITY_ID)]
    community_id: String,
    /// API key the mock accepts.
    #[arg(long, default_value = sonoran_mock::DEMO_API_KEY)]
    api_key: String,
    /// v2 requests allowed per minute per key and route: `documented` (each route's own
    /// limit), a number for every route, or 0 to switch the limit off.
    #[arg(long, default_value = "documented", value_parser = parse_rate_limit)]
    rate_limit: RateLimitArg,
    /// The community's plan, as v1 GET_VERSION answers it (0 free ... 4 pro, 6 one).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(0..=6))]
    plan: u8,
    /// Generated active accounts to add to the seed community (for paging).
    #[arg(long, default_value_t = 0)]
    extra_accounts: usize,
    /// Answer get_account_units with `Units` (as its v2 page shows) instead of `units`.
    #[arg(long)]
    pascal_case: bool,
    /// Make an endpoint misbehave: ENDPOINT=KIND[:ARG][,times:N][,retry-after:V][,body:TEXT],
    /// with KIND one of status:CODE, delay:MS, stall:MS, truncate, reset, malformed,
    /// oversized:BYTES; e.g. get_account_units=status:429,retry-after:2,times:1. Repeatable.
    #[arg(long = "fault", value_name = "ENDPOINT=SPEC", value_parser = parse_fault)]
    faults: Vec<(String, Fault)>,
    /// Also listen with TLS, with a self-signed certificate made at start.
    #[arg(long)]
    tls: bool,
    /// With --tls: where to write the certificate clients must trust.
    #[arg(long, default_value = "sonoran-mock-ca.pem")]
    ca_out: std::path::PathBuf,
}

/// `--rate-limit`: `None` when off.
#[derive(Debug, Clone, Copy)]
struct RateLimitArg(Option<RateLimit>);

fn parse_rate_limit(text: &str) -> Result<RateLimitArg, String> {
    match text {
        "documented" => Ok(RateLimitArg(Some(RateLimit::DOCUMENTED))),
        "0" => Ok(RateLimitArg(None)),
        n => n
            .parse()
            .map(|requests| RateLimitArg(Some(RateLimit { requests, window: Duration::from_secs(60) })))
            .map_err(|_| "expected `documented`, 0 or a number of requests per minute".into()),
    }
}

fn parse_fault(text: &str) -> Result<(String, Fault), String> {
    let (endpoint, spec) = text.split_once('=').ok_or("expected ENDPOINT=SPEC")?;
    Ok((endpoint.to_string(), Fault::parse(spec)?))
}

fn main() {
    let args = Args::parse();
    let options = MockOptions {
        host: args.host,
        port: args.port,
        community_id: args.community_id,
        api_key: args.api_key,
        v2_rate_limit: args.rate_limit.0,
        plan: args.plan,
        extra_accounts: args.extra_accounts,
        pascal_case: args.pascal_case,
        tls: args.tls,
        faults: args.faults,
        ..MockOptions::default()
    };
    let mock = match MockServer::start_with(options) {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("sonoran-mock: cannot listen on {}:{}: {e}", args.host, args.port);
            std::process::exit(1);
        }
    };
    let o = mock.options();
    println!("sonoran-mock listening on {}", mock.url());
    println!("  communityId: {}", o.community_id);
    println!("  apiKey:      {}", o.api_key);
    println!("  accounts:    SonoranBrian ({}), JohnDoe ({})", sonoran_mock::BRIAN_UUID, sonoran_mock::JOHN_UUID);
    println!("  servers:     {:?}, plan {}", o.server_ids, o.plan);
    if let (Some(url), Some(pem)) = (mock.tls_url(), mock.ca_cert_pem()) {
        match std::fs::write(&args.ca_out, pem) {
            Ok(()) => println!("  TLS:         {url} (trust {}: caCertPath)", args.ca_out.display()),
            Err(e) => eprintln!("sonoran-mock: cannot write {}: {e}", args.ca_out.display()),
        }
    }
    for (endpoint, fault) in &o.faults {
        println!("  fault:       {endpoint}: {fault:?}");
    }
    println!("  try: SONORAN_API_URL={} SONORAN_COMMUNITY_ID={} SONORAN_API_KEY={} cargo run --example quickstart", mock.url(), o.community_id, o.api_key);
    mock.wait();
}
