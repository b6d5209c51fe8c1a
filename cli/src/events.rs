//! `sonoran events listen`: push events as they arrive, one line each (or whole, with
//! `--json`), over the hub and/or a listener; Ctrl-C closes both cleanly.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};
use serde_json::{json, Value};
use sonoran::push::EventOptions;
use sonoran::ReceivedEvent;

use crate::output::{Out, BOLD, DIM};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran events ...`.
#[derive(Subcommand)]
pub enum EventsCommand {
    /// Prints push events as they arrive, until Ctrl-C.
    Listen(ListenArgs),
}

/// `sonoran events listen`.
#[derive(Args)]
pub struct ListenArgs {
    /// Only these types (`EVENT_911,EVENT_UNIT_STATUS`).
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    types: Vec<String>,
    /// Also run the HTTP listener on this address (`0.0.0.0:3232`), the server's registered
    /// listenerPort.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// Receive over the hub (the default).
    #[arg(long, overrides_with = "no_hub")]
    hub: bool,
    /// Do not open a hub session (the listener only).
    #[arg(long)]
    no_hub: bool,
    /// Print each whole event as one line of JSON (the key is never in it).
    #[arg(long)]
    json: bool,
    /// Stop after this many events (for scripts and tests).
    #[arg(long, value_name = "N")]
    count: Option<u64>,
}

/// Runs `sonoran events ...`.
pub fn run(command: &EventsCommand, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    match command {
        EventsCommand::Listen(args) => listen(args, setup, out),
    }
}

/// Set by Ctrl-C: the loops that wait check it.
pub fn interrupted() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    // A second handler cannot be set (one per process): the first command's is kept.
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    stop
}

fn listen(args: &ListenArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    let hub = !args.no_hub;
    if !hub && args.listen.is_none() {
        return Err("--no-hub needs --listen ADDR: nothing would receive events".to_string().into());
    }
    let mut options = json!({"serverId": setup.server_id, "websocket": hub, "waitMs": if hub { 10_000 } else { 0 }});
    if let Some(addr) = &args.listen {
        options["listen"] = addr.clone().into();
    }
    let stop = interrupted();
    let spinner = crate::doctor::spinner(out, "connecting");
    let status = EventOptions::from_value(&options).and_then(|o| setup.client.start_events(&o));
    spinner.finish_and_clear();
    let status = status?;
    let mut receiving = Vec::new();
    if let Some(h) = &status.hub {
        receiving.push(format!("hub {} ({}) for server {}", h.url, h.state.as_str(), h.server_id));
    }
    if let Some(url) = &status.listener {
        receiving.push(format!("listener {url}"));
    }
    if !args.json {
        out.line(Out::styled(DIM, format!("listening: {}; Ctrl-C stops", receiving.join(", "))));
    }
    let mut seen = 0u64;
    while !stop.load(Ordering::SeqCst) && args.count.is_none_or(|n| seen < n) {
        let Some(event) = setup.client.wait_event(Duration::from_millis(200)) else { continue };
        if !args.types.is_empty() && !args.types.iter().any(|t| t.eq_ignore_ascii_case(&event.event_type)) {
            continue;
        }
        seen += 1;
        if args.json {
            out.line(event.to_value().to_string());
        } else {
            out.line(line(&event));
        }
    }
    let stopped = setup.client.stop_events();
    if !args.json {
        let hub = stopped.hub.map(|h| h.state.as_str()).unwrap_or("none");
        out.line(Out::styled(DIM, format!("stopped after {seen} event(s); hub {hub}, listener closed")));
    }
    Ok(Outcome::Done)
}

/// An event in one line of 80 columns: time, type (without `EVENT_`), transport, summary.
fn line(event: &ReceivedEvent) -> String {
    let seconds = event.received_at_ms / 1000;
    let time = format!("{:02}:{:02}:{:02}", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60);
    let name = event.event_type.strip_prefix("EVENT_").unwrap_or(&event.event_type);
    let via = match event.via.as_str() {
        "websocket" => "hub",
        other => other,
    };
    let dropped = if event.dropped_before > 0 { format!(" ({} dropped before)", event.dropped_before) } else { String::new() };
    let head = format!("{time} {name:<22} {via:<4} ");
    let room = 80usize.saturating_sub(head.chars().count()).max(24);
    let head = format!("{time} {} {via:<4} ", Out::styled(BOLD, format!("{name:<22}")));
    format!("{head}{}{dropped}", summary(&event.data, room))
}

/// The data in a few words: the fields people look for first, else compact JSON, cut to
/// `room` characters.
fn summary(data: &Value, room: usize) -> String {
    let call = &data["call"];
    let text = if call.is_object() {
        format!(
            "{} at {}: {}",
            call["caller"].as_str().unwrap_or("?"),
            call["location"].as_str().unwrap_or("?"),
            call["description"].as_str().unwrap_or("")
        )
    } else if let Some(ids) = data.get("identIds").or_else(|| data.get("identId")) {
        let rest: Vec<String> = data
            .as_object()
            .map(|m| m.iter().filter(|(k, _)| !k.starts_with("ident")).map(|(k, v)| format!("{k}={}", compact(v))).collect())
            .unwrap_or_default();
        format!("units {} {}", compact(ids), rest.join(" "))
    } else if let Some(dispatch) = data.get("dispatch") {
        format!("call {} {}", compact(&dispatch["callId"]), dispatch["title"].as_str().unwrap_or(""))
    } else {
        compact(data)
    };
    if text.chars().count() <= room {
        return text;
    }
    let mut cut: String = text.chars().take(room - 1).collect();
    cut.push('…');
    cut
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
