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
    /// With a number for --rate-limit: the window it counts in, in milliseconds (default a
    /// minute), to try a client's pacing in seconds rather than minutes.
    #[arg(long, value_name = "MS")]
    rate_window_ms: Option<u64>,
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
    /// Instead of running a mock: make a running mock send push event TYPE (e.g. EVENT_911,
    /// or `all` for every documented type) through its POST /_mock/events/emit, print the
    /// outcome and exit (0 when delivered, 1 otherwise).
    #[arg(long, value_name = "TYPE")]
    emit: Option<String>,
    /// With --emit: the game server to send it to.
    #[arg(long, default_value_t = 1)]
    server_id: u64,
    /// With --emit: the event's data as JSON (default: the page's example); with --control,
    /// the body.
    #[arg(long, value_name = "JSON")]
    data: Option<String>,
    /// Instead of running a mock: press a control of an integration panel on a running mock,
    /// as a CAD user would, through its POST /_mock/panels/actions, e.g.
    /// '{"serverId":1,"panelKey":"doors","instanceKey":"mission-row","actionId":"lock","values":{"doorId":"d1"}}'.
    /// The mock queues the action and pushes EVENT_PANEL_<KEY> to the server. Prints the
    /// queued action and the push's outcome; exits 0 when the action was queued, 1 otherwise.
    #[arg(long, value_name = "JSON", conflicts_with = "emit")]
    panel_action: Option<String>,
    /// Instead of running a mock: POST --data (default `{}`) to the control route PATH of a
    /// running mock, as a CAD user's change (e.g. `/_mock/units/7/status` with
    /// `--data '{"status":3}'`, `/_mock/dispatch`, `/_mock/hub/drop`; docs/reference/mock.md), or
    /// GET it with `GET PATH` (`'GET /_mock/stats'`). Prints the answer; exits 0 on a 2xx, 1
    /// otherwise.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["emit", "panel_action"])]
    control: Option<String>,
    /// With --emit, --panel-action or --control: the running mock's URL (default: http://HOST:PORT of
    /// --host and --port).
    #[arg(long)]
    url: Option<String>,
}

/// `--emit`: asks the mock at `url` to send the event; prints the outcome.
fn emit(url: &str, event_type: &str, server_id: u64, data: Option<&str>) -> Result<String, String> {
    let mut body = serde_json::json!({"serverId": server_id});
    if event_type.eq_ignore_ascii_case("all") {
        body["all"] = true.into();
    } else {
        body["type"] = event_type.into();
    }
    if let Some(data) = data {
        body["data"] = serde_json::from_str(data).map_err(|e| format!("--data is not JSON: {e}"))?;
    }
    post(url, "/_mock/events/emit", &body)
}

/// `--panel-action`: asks the mock at `url` to queue and push the action; prints the answer.
fn panel_action(url: &str, action: &str) -> Result<String, String> {
    let body: serde_json::Value = serde_json::from_str(action).map_err(|e| format!("--panel-action is not JSON: {e}"))?;
    post(url, "/_mock/panels/actions", &body)
}

/// `--control`: POSTs `data` (none is `{}`) to the control route `path`: JSON as JSON, other
/// text as it is (`/_mock/fault?endpoint=NAME` takes a fault spec).
fn control(url: &str, path: &str, data: Option<&str>) -> Result<String, String> {
    let (get, path) = match path.strip_prefix("GET ") {
        Some(path) => (true, path.trim()),
        None => (false, path.strip_prefix("POST ").unwrap_or(path).trim()),
    };
    if !path.starts_with("/_mock/") {
        return Err(format!("--control takes a control route, /_mock/..., not {path}"));
    }
    let data = data.unwrap_or("{}");
    let kind = if serde_json::from_str::<serde_json::Value>(data).is_ok() { "application/json" } else { "text/plain" };
    if get {
        return send(url, path, None, kind);
    }
    send(url, path, Some(data.to_string()), kind)
}

/// POSTs `body` to the control route `path` of the mock at `url`: its answer, pretty, or the
/// status and the error (a control route's `error`, a problem document's `detail`).
fn post(url: &str, path: &str, body: &serde_json::Value) -> Result<String, String> {
    send(url, path, Some(body.to_string()), "application/json")
}

/// POSTs `body` of `content_type` to `path` of the mock at `url` (GETs it without a body),
/// as [`post`].
fn send(url: &str, path: &str, body: Option<String>, content_type: &str) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let endpoint = format!("{}{path}", url.trim_end_matches('/'));
    runtime.block_on(async {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).no_proxy().build().map_err(|e| e.to_string())?;
        let request = match body {
            Some(body) => client.post(&endpoint).header(reqwest::header::CONTENT_TYPE, content_type).body(body),
            None => client.get(&endpoint),
        };
        let response = request.send().await.map_err(|e| format!("cannot reach the mock at {endpoint}: {e}"))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| e.to_string())?;
        let pretty = serde_json::from_str::<serde_json::Value>(&text).ok();
        if status.is_success() && text.is_empty() {
            Ok(status.to_string())
        } else if status.is_success() {
            Ok(pretty.map_or(text, |v| serde_json::to_string_pretty(&v).unwrap_or_default()))
        } else {
            let message = pretty.as_ref().and_then(|v| v["error"].as_str().or(v["detail"].as_str())).map_or(text.clone(), str::to_string);
            Err(format!("{status}: {message}"))
        }
    })
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
    let url = args.url.clone().unwrap_or_else(|| format!("http://{}", std::net::SocketAddr::new(args.host, args.port)));
    let client = match (&args.emit, &args.panel_action, &args.control) {
        (Some(event_type), _, _) => Some(emit(&url, event_type, args.server_id, args.data.as_deref())),
        (None, Some(action), _) => Some(panel_action(&url, action)),
        (None, None, Some(path)) => Some(control(&url, path, args.data.as_deref())),
        (None, None, None) => None,
    };
    if let Some(result) = client {
        match result {
            Ok(outcome) => println!("{outcome}"),
            Err(e) => {
                eprintln!("sonoran-mock: {e}");
                std::process::exit(1);
            }
        }
        return;
    }
    let options = MockOptions {
        host: args.host,
        port: args.port,
        community_id: args.community_id,
        api_key: args.api_key,
        v2_rate_limit: match (args.rate_limit.0, args.rate_window_ms) {
            (Some(limit), Some(ms)) if limit != RateLimit::DOCUMENTED => {
                Some(RateLimit { window: Duration::from_millis(ms.max(1)), ..limit })
            }
            (limit, _) => limit,
        },
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
    println!("  hub:         ws://{}/apiWsHub (authenticatev2, unitLocation; pushEvent)", mock.addr());
    println!("  panels:      example.fire-alarms; press a control with: sonoran-mock --url {} --panel-action '<json>'", mock.url());
    if let (Some(url), Some(pem)) = (mock.tls_url(), mock.ca_cert_pem()) {
        match std::fs::write(&args.ca_out, pem) {
            Ok(()) => println!("  TLS:         {url} (trust {}: caCertPath)", args.ca_out.display()),
            Err(e) => eprintln!("sonoran-mock: cannot write {}: {e}", args.ca_out.display()),
        }
    }
    for (endpoint, fault) in &o.faults {
        println!("  fault:       {endpoint}: {fault:?}");
    }
    println!(
        "  try: SONORAN_API_URL={} SONORAN_COMMUNITY_ID={} SONORAN_API_KEY={} cargo run --example quickstart",
        mock.url(),
        o.community_id,
        o.api_key
    );
    mock.wait();
}
