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
