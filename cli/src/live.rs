//! `sonoran units` and `sonoran calls`: the server's units or open calls as a table, read once;
//! with `--watch`, kept current from the live mirror (push events, no polling) and redrawn in
//! place on every change, with the budget spent shown below.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use clap::Args;
use comfy_table::Table;
use serde_json::{json, Value};
use sonoran::mirror::{Mirror, MirrorOptions};
use sonoran::models::UnitStatus;

use crate::output::{Out, DIM};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran units` / `sonoran calls`.
#[derive(Args)]
pub struct LiveArgs {
    /// Keep the table current from the live mirror, redrawn on every change, until Ctrl-C.
    #[arg(long)]
    watch: bool,
    /// Print the list as JSON instead (without --watch).
    #[arg(long, conflicts_with = "watch")]
    json: bool,
}

/// What is shown.
#[derive(Clone, Copy)]
enum Subject {
    Units,
    Calls,
}

/// Runs `sonoran units`.
pub fn units(args: &LiveArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    show(Subject::Units, args, setup, out)
}

/// Runs `sonoran calls`.
pub fn calls(args: &LiveArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    show(Subject::Calls, args, setup, out)
}

fn show(subject: Subject, args: &LiveArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    if args.watch {
        return watch(subject, setup, out);
    }
    let (lists, route) = match subject {
        Subject::Units => {
            let answer = setup.client.call("get_all_units_v2", &json!({"serverId": setup.server_id, "onlyUnits": false}))?.body.to_value();
            let units = answer.as_array().cloned().or_else(|| answer["units"].as_array().cloned()).unwrap_or_default();
            ((units, Vec::new()), "get_units_v2")
        }
        Subject::Calls => {
            let answer = setup.client.call("get_calls_v2", &json!({"serverId": setup.server_id}))?.body.to_value();
            let list = |key: &str| answer[key].as_array().cloned().unwrap_or_default();
            ((list("ActiveCalls"), list("EmergencyCalls")), "get_calls_v2")
        }
    };
    if args.json {
        match subject {
            Subject::Units => out.json(&Value::Array(lists.0)),
            Subject::Calls => out.json(&json!({"calls": lists.0, "emergencyCalls": lists.1})),
        }
        return Ok(Outcome::Done);
    }
    out.line(render(subject, out, &lists).to_string());
    out.line(Out::styled(DIM, budget_line(setup, route)));
    Ok(Outcome::Done)
}

/// The mirror, redrawn on each change (and each second, for the ages) until Ctrl-C.
fn watch(subject: Subject, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    let stop = crate::events::interrupted();
    setup.client.start_mirror(&MirrorOptions::from_value(&json!({"serverId": setup.server_id}))?.unwrap_or_default())?;
    let mirror = setup.client.mirror();
    let spinner = crate::doctor::spinner(out, "reading the units and calls once");
    let started = Instant::now();
    while !mirror.status().seeded && !stop.load(Ordering::SeqCst) {
        if let Some(error) = mirror.status().last_error.filter(|_| started.elapsed() > Duration::from_secs(15)) {
            spinner.finish_and_clear();
            return Err(format!("the first read failed: {error}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    spinner.finish_and_clear();
    let mut drawn = (u64::MAX, Instant::now());
    while !stop.load(Ordering::SeqCst) {
        // Notices and events are not printed here; taking them keeps the queue from filling.
        while setup.client.poll_event().is_some() {}
        let version = mirror.version();
        if version != drawn.0 || drawn.1.elapsed() >= Duration::from_secs(1) {
            draw(subject, setup, &mirror, out);
            drawn = (version, Instant::now());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    setup.client.stop_events();
    out.line(Out::styled(DIM, "stopped"));
    Ok(Outcome::Done)
}

/// One frame: the table, then the mirror's state and the budgets.
fn draw(subject: Subject, setup: &Setup, mirror: &Mirror, out: &mut Out) {
    let lists = match subject {
        Subject::Units => (mirror.unit_values().units.iter().map(|u| Value::clone(u)).collect(), Vec::new()),
        Subject::Calls => {
            let read = mirror.call_values();
            (read.calls.iter().map(|c| Value::clone(c)).collect(), read.emergency_calls.iter().map(|c| Value::clone(c)).collect())
        }
    };
    let status = mirror.status();
    let table = render(subject, out, &lists);
    let state = if status.complete { "complete" } else { "catching up" };
    let footer = format!(
        "mirror v{} {state}; {} events applied, {} reads; {} · {}",
        status.version,
        status.events_applied,
        status.resyncs,
        budget_line(setup, "get_units_v2"),
        budget_line(setup, "get_calls_v2")
    );
    // In place on a terminal; one frame after another otherwise.
    if out.terminal {
        out.clear_screen();
    } else {
        out.line("");
    }
    out.raw(format!("{table}\n{}\n", Out::styled(DIM, footer)));
}

/// The table of units or of calls (dispatch calls, then 911 calls).
fn render(subject: Subject, out: &Out, lists: &(Vec<Value>, Vec<Value>)) -> Table {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match subject {
        Subject::Units => {
            let mut table = out.table(&["id", "unit", "name", "status", "department", "group"]);
            for unit in &lists.0 {
                let status = unit["status"].as_i64().map(status_name).unwrap_or_default();
                let status = if unit["isPanic"] == true { format!("{status} PANIC") } else { status };
                let data = &unit["data"];
                table.add_row(vec![
                    text(&unit["id"]),
                    text(&data["unitNum"]),
                    text(&data["name"]),
                    status,
                    text(&data["department"]),
                    text(&data["group"]),
                ]);
            }
            table
        }
        Subject::Calls => {
            let mut table = out.table(&["call", "kind", "priority", "title", "where", "units"]);
            for call in &lists.0 {
                let place = [text(&call["block"]), text(&call["address"]), text(&call["postal"])]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                let units = call["idents"].as_array().map_or(0, Vec::len);
                table.add_row(vec![
                    text(&call["callId"]),
                    "dispatch".into(),
                    text(&call["priority"]),
                    text(&call["title"]),
                    place,
                    units.to_string(),
                ]);
            }
            for call in &lists.1 {
                table.add_row(vec![
                    text(&call["callId"]),
                    "911".into(),
                    String::new(),
                    text(&call["description"]),
                    text(&call["location"]),
                    text(&call["caller"]),
                ]);
            }
            table
        }
    }
}

/// `UNAVAILABLE` for 0, and so on (the number for one not named).
fn status_name(status: i64) -> String {
    UnitStatus::NAMES.iter().find(|(_, n)| *n == status).map_or(status.to_string(), |(name, _)| name.to_string())
}

/// `get_units_v2 2/3 left` (or that pacing is off for it).
fn budget_line(setup: &Setup, route: &str) -> String {
    match setup.client.budget(route) {
        Ok(Some(b)) => format!("{route} {}/{} left", b.remaining, b.limit),
        _ => format!("{route} not paced"),
    }
}
