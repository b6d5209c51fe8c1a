//! `sonoran budget`: each route's limit, what is left of it and when it resets, as this
//! process's pacer sees it (with the server's own counts taken in after each answer; with a
//! `sharedLimiter` in the config, the window is the one every process of the key shares).

use clap::Args;
use serde_json::{json, Value};
use sonoran::api;

use crate::output::{Out, DIM};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran budget`.
#[derive(Args)]
pub struct BudgetArgs {
    /// Only routes whose operation name holds this.
    filter: Option<String>,
    /// Print them as JSON.
    #[arg(long)]
    json: bool,
    /// Read a running gateway's budgets and counts instead (`http://127.0.0.1:8800`).
    #[arg(long, value_name = "URL")]
    gateway: Option<String>,
}

/// Runs `sonoran budget`.
pub fn run(args: &BudgetArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    let filter = args.filter.as_deref().unwrap_or("");
    let mut rows = Vec::new();
    for op in api::all().filter(|op| op.name.contains(filter)) {
        if let Some(b) = setup.client.budget(op.name)? {
            rows.push((op.name, b));
        }
    }
    if rows.is_empty() {
        return Err(if filter.is_empty() {
            "pacing is off (rateLimits): no budgets".to_string()
        } else {
            format!("no paced route matches {filter:?}")
        }
        .into());
    }
    if args.json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(name, b)| json!({"operation": name, "limit": b.limit, "periodMs": b.period_ms, "remaining": b.remaining, "resetInMs": b.reset_in_ms, "queued": b.queued}))
            .collect();
        out.json(&Value::Array(list));
        return Ok(Outcome::Done);
    }
    let mut table = out.table(&["operation", "limit", "left", "resets in", "queued"]);
    for (name, b) in &rows {
        let window = if b.period_ms == 60_000 { "min".to_string() } else { format!("{} s", b.period_ms as f64 / 1000.0) };
        let reset = if b.reset_in_ms == 0 { "-".to_string() } else { format!("{:.1} s", b.reset_in_ms as f64 / 1000.0) };
        table.add_row(vec![name.to_string(), format!("{}/{window}", b.limit), b.remaining.to_string(), reset, b.queued.to_string()]);
    }
    out.line(table.to_string());
    let scope = if setup.config.shared_limiter.is_some() {
        "shared by every process of this key (sharedLimiter)"
    } else {
        "this process's pacer, per key and route"
    };
    out.line(Out::styled(DIM, format!("{} routes; {scope}", rows.len())));
    Ok(Outcome::Done)
}

impl BudgetArgs {
    /// Whether it reads a gateway (which needs no credentials of its own).
    pub fn reads_gateway(&self) -> bool {
        self.gateway.is_some()
    }
}

/// Runs `sonoran budget --gateway URL`.
pub fn run_gateway(args: &BudgetArgs, out: &mut Out) -> Result<Outcome, Failure> {
    gateway(args, args.gateway.as_deref().unwrap_or_default(), out)
}

/// `sonoran budget --gateway URL`: the gateway's `/_gateway/status`, one row per route.
fn gateway(args: &BudgetArgs, url: &str, out: &mut Out) -> Result<Outcome, Failure> {
    let status_url = format!("{}/_gateway/status", url.trim_end_matches('/'));
    let text = reqwest::blocking::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .and_then(|c| c.get(&status_url).send())
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.text())
        .map_err(|e| format!("cannot read {status_url}: {e}"))?;
    let status: Value = serde_json::from_str(&text).map_err(|e| format!("{status_url} is not a gateway's status: {e}"))?;
    if args.json {
        out.json(&status);
        return Ok(Outcome::Done);
    }
    let filter = args.filter.as_deref().unwrap_or("");
    let mut table = out.table(&["route", "left", "waiting", "sent", "saved", "429 here", "429 up"]);
    let mut rows = 0;
    for (name, route) in status["routes"].as_object().into_iter().flatten().filter(|(name, _)| name.contains(filter)) {
        let n = |key: &str| route[key].as_u64().unwrap_or(0);
        let left = match route.get("limit") {
            Some(limit) => format!("{}/{limit}", n("remaining")),
            None => "-".into(),
        };
        let saved = n("cached") + n("coalesced") + n("merged");
        table.add_row(vec![
            name.clone(),
            left,
            n("waiting").to_string(),
            n("sent").to_string(),
            saved.to_string(),
            n("refused").to_string(),
            n("limited").to_string(),
        ]);
        rows += 1;
    }
    out.line(table.to_string());
    out.line(Out::styled(DIM, format!("{rows} routes through {url}; saved: answered by the cache, a shared read or a merged write")));
    Ok(Outcome::Done)
}
