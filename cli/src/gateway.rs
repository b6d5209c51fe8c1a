//! `sonoran gateway`: the Sonoran API on a local port, every request sent on through the
//! library (pacing, shared reads, cache, merged writes, the shared limiter), for the clients
//! that cannot load it: FiveM resources, the official SDKs. Ctrl-C or SIGTERM stops it
//! cleanly: no new connection, the requests being served answered (within 10 s, then 503).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde_json::json;
use sonoran::gateway::GatewayOptions;
use sonoran::logging::LogRecord;
use sonoran::Client;

use crate::output::{Out, BOLD, DIM};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran gateway`.
#[derive(Args)]
pub struct GatewayArgs {
    /// Where to listen (loopback unless you mean it: it sends with the community's key).
    #[arg(long, default_value = "127.0.0.1:8800", value_name = "ADDR")]
    listen: String,
    /// How long a request may wait for its turn before it is answered 429 (default: the
    /// client's timeoutMs).
    #[arg(long, value_name = "MS")]
    wait_ms: Option<u64>,
    /// Log each request (one line at info) on standard error.
    #[arg(long)]
    quiet: bool,
}

/// How long requests being served may take to finish when the gateway stops.
const GRACE: Duration = Duration::from_secs(10);

/// Runs `sonoran gateway`.
pub fn run(args: &GatewayArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    let stop = crate::events::interrupted();
    let mut options = json!({"listen": args.listen});
    if let Some(ms) = args.wait_ms {
        options["waitMs"] = ms.into();
    }
    // A token for local scripts, so that they need not hold the community's key.
    if let Some(token) = std::env::var("SONORAN_GATEWAY_TOKEN").ok().filter(|t| !t.is_empty()) {
        out.redact(&token);
        options["token"] = token.into();
    }
    let options = GatewayOptions::from_value(&options)?;
    let level = if args.quiet { sonoran::logging::LevelFilter::Warn } else { sonoran::logging::LevelFilter::Info };
    let secret = setup.config.api_key.expose().to_string();
    let sink = Arc::new(move |record: &LogRecord| {
        // The library never logs the key; blanked anyway, as every line of this tool is.
        let line = match record.operation {
            "gateway" => format!("sonoran {} gateway: {}", record.level, record.message),
            _ => record.to_string(),
        };
        eprintln!("{}", line.replace(secret.as_str(), "***"));
    });
    let client = Client::new(setup.config.clone().with_log_sink(level, sink))?;
    let gateway = client.start_gateway(&options)?;
    let token = if options.token.is_some() { " or SONORAN_GATEWAY_TOKEN" } else { "" };
    out.line(format!("{} {} → {}", Out::styled(BOLD, "gateway listening on"), gateway.url(), setup.config.api_url));
    out.line(Out::styled(
        DIM,
        format!("  clients send the community's key{token}; status: {}/_gateway/status; Ctrl-C stops", gateway.url()),
    ));
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(100));
    }
    out.line(Out::styled(DIM, "stopping: answering the requests being served"));
    gateway.stop(GRACE);
    out.line(Out::styled(DIM, "stopped"));
    Ok(Outcome::Done)
}
