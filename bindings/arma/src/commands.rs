//! The extension's functions, `"sonoran" callExtension [function, [args...]]`: each converts
//! its SQF arguments, calls the core and converts the result. None waits for the network.
//!
//! | function | arguments | answer |
//! |---|---|---|
//! | `call` | operation, params JSON (optional) | pending: the id; the result envelope comes as `result` |
//! | `poll` | none | `[parts waiting, requests in flight, events waiting, parts delivered, parts refused]`; delivers what waits |
//! | `events` | options JSON (optional, as `sonoran_events_start`) | envelope of the events' status |
//! | `events_stop`, `events_status` | none | envelope of the events' status |
//! | `locations` | location JSON (as `sonoran_locations_push`) | envelope, data null |
//! | `locations_stats` | none | envelope of the stream's counters |
//! | `mirror` | `"start"` [options JSON], `"stop"`, `"units"`, `"calls"`, `"unit"` who, `"call"` id, `"version"`, `"status"` | envelope as the C `sonoran_mirror_*` |
//! | `cancel` | id | envelope, data `{"cancelled": true}` when it was pending (its result then comes as `cancelled`) |
//! | `budget` | operation | envelope as `sonoran_budget` |
//! | `version` | none | `"0.1.0"` |
//!
//! Parameters are JSON text in an SQF string (`sonoran_fnc_toJson` makes it from a hashmap).
//! Bad arguments (wrong count, not an SQF string, bad JSON) are answered at once with an
//! `invalid_argument` envelope naming them, and nothing is sent. An unknown operation or a
//! parameter the operation refuses gets an id like any call, and its `invalid_argument`
//! envelope comes through the callback: the core checks those.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};
use sonoran_core::faces::{envelope, local_envelope, local_envelope_text, parse_params};
use sonoran_core::mirror::MirrorOptions;
use sonoran_core::{Client, Error, EventOptions, RequestId, Result};

use crate::args::{arity, integer, string};
use crate::{host, outbox};

/// At most this many events move from the core's queue to the engine per `"poll"` (one
/// frame): a burst is spread over frames instead of stalling one; the core's queue holds the
/// rest (and drops its oldest, counted in each event's `dropped`, if it overflows).
const EVENTS_PER_POLL: usize = 32;

/// The core's request id of each call still in flight, by the extension's id (for `cancel`):
/// `None` until `submit` has returned.
static IN_FLIGHT: Mutex<Option<HashMap<u64, Option<RequestId>>>> = Mutex::new(None);

fn in_flight() -> MutexGuard<'static, Option<HashMap<u64, Option<RequestId>>>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a function answers.
pub enum Answer {
    /// The answer (`RC_OK`).
    Done(String),
    /// An error envelope (`RC_ERROR`).
    Failed(String),
    /// An id whose result comes through the callback (`RC_PENDING`).
    Pending(u64),
}

impl From<Result<Value>> for Answer {
    fn from(result: Result<Value>) -> Answer {
        match result {
            Ok(data) => Answer::Done(local_envelope(&data)),
            Err(e) => Answer::Failed(e.envelope()),
        }
    }
}

impl From<Result<String>> for Answer {
    fn from(result: Result<String>) -> Answer {
        match result {
            Ok(text) => Answer::Done(text),
            Err(e) => Answer::Failed(e.envelope()),
        }
    }
}

/// Runs `function` with its engine arguments.
pub fn run(function: &str, args: &[&str]) -> Answer {
    match function {
        "call" => call(args),
        "poll" => arity(function, args, 0, 0, "none").map(|()| poll()).into(),
        "version" => arity(function, args, 0, 0, "none").map(|()| env!("CARGO_PKG_VERSION").to_string()).into(),
        "events" => with_client(function, args, 0, 1, "[options JSON] (optional)", |c| {
            let options = optional_string(args, 0, "options")?;
            Ok(c.start_events(&EventOptions::from_json(&options)?)?.to_value())
        }),
        "events_stop" => with_client(function, args, 0, 0, "none", |c| Ok(c.stop_events().to_value())),
        "events_status" => with_client(function, args, 0, 0, "none", |c| Ok(c.events_status().to_value())),
        "locations" => with_client(function, args, 1, 1, "[location JSON]", |c| {
            let text = string(args[0], "location")?;
            let location = parse_params(&text).map_err(|e| Error::invalid("location", e.message.trim_start_matches("`params` ")))?;
            c.push_unit_location(&location)?;
            Ok(Value::Null)
        }),
        "locations_stats" => with_client(function, args, 0, 0, "none", |c| Ok(c.location_stats().to_value())),
        "cancel" => with_client(function, args, 1, 1, "[id]", |c| {
            let id = integer(args[0], "id")?;
            let core_id = u64::try_from(id).ok().and_then(|id| in_flight().as_ref().and_then(|m| m.get(&id).copied().flatten()));
            Ok(json!({"cancelled": core_id.is_some_and(|core_id| c.cancel(core_id))}))
        }),
        "budget" => with_client(function, args, 1, 1, "[operation]", |c| Ok(json!(c.budget(&string(args[0], "operation")?)?))),
        "mirror" => mirror(args),
        _ => Answer::Failed(
            Error::invalid(
                "function",
                format_args!(
                    "`{function}` is not a function of sonoran (call, poll, events, events_stop, events_status, locations, \
                     locations_stats, mirror, cancel, budget, version)"
                ),
            )
            .envelope(),
        ),
    }
}

/// Checks the arity, gets the client, and answers `body`'s data as a local envelope.
fn with_client(function: &str, args: &[&str], min: usize, max: usize, usage: &str, body: impl FnOnce(&Client) -> Result<Value>) -> Answer {
    arity(function, args, min, max, usage).and_then(|()| host::client()).and_then(|c| body(&c)).into()
}

/// Argument `i` as an SQF string, or empty when not given.
fn optional_string(args: &[&str], i: usize, name: &str) -> Result<String> {
    args.get(i).map_or(Ok(String::new()), |arg| string(arg, name))
}

/// `call`: submits the operation; its result envelope goes to the callback under the id.
fn call(args: &[&str]) -> Answer {
    let checked = arity("call", args, 1, 2, "[operation, params JSON (optional)]").and_then(|()| {
        let operation = string(args[0], "operation")?;
        let params = parse_params(&optional_string(args, 1, "params")?)?;
        Ok((operation, params, host::client()?))
    });
    let (operation, params, client) = match checked {
        Ok(checked) => checked,
        Err(e) => return Answer::Failed(e.envelope()),
    };
    // Our id, not the core's: the result may complete before submit returns, and answers
    // too large for the buffer and events share this sequence.
    let id = outbox::next_id();
    in_flight().get_or_insert_with(HashMap::new).insert(id, None);
    let core_id = client.submit(
        &operation,
        &params,
        Box::new(move |_, result| {
            // On the I/O thread: a panic here must not unwind into the core's runtime.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if let Some(map) = in_flight().as_mut() {
                    map.remove(&id);
                }
                outbox::queue(outbox::RESULT, id, &envelope(&result));
            }));
        }),
    );
    // Unless it completed already (invalid parameters complete before submit returns).
    if let Some(entry) = in_flight().as_mut().and_then(|m| m.get_mut(&id)) {
        *entry = Some(core_id);
    }
    Answer::Pending(id)
}

/// `poll`: delivers the parts that wait, then moves waiting events to the engine.
fn poll() -> String {
    let mut waiting = outbox::flush();
    let client = host::existing_client();
    if let Some(client) = &client {
        // Only while the engine takes everything: refused events wait in the core's queue,
        // which is bounded, rather than in ours, which is not.
        for _ in 0..EVENTS_PER_POLL {
            if waiting > 0 {
                break;
            }
            let Some(event) = client.poll_event() else { break };
            outbox::queue(outbox::EVENT, outbox::next_id(), &event.to_json());
            waiting = outbox::flush();
        }
    }
    let (in_flight, events) = client.map_or((0, 0), |c| (c.in_flight(), c.events_status().queue.waiting));
    let (_, delivered, refused) = outbox::counts();
    // An SQF array of numbers (parseSimpleArray), which is JSON too.
    format!("[{waiting},{in_flight},{events},{delivered},{refused}]")
}

/// `mirror`: the live mirror, as the C `sonoran_mirror_*` functions.
fn mirror(args: &[&str]) -> Answer {
    let usage = "[\"start\", options JSON (optional)], [\"stop\"], [\"units\"], [\"calls\"], [\"unit\", who], [\"call\", callId], \
                 [\"version\"] or [\"status\"]";
    let answer = arity("mirror", args, 1, 2, usage).and_then(|()| string(args[0], "what")).and_then(|what| {
        let client = host::client()?;
        let mirror = client.mirror();
        let second =
            |name: &str| args.get(1).copied().ok_or_else(|| Error::invalid(name, format_args!("is needed by [\"{what}\", {name}]")));
        if args.len() == 2 && !matches!(what.as_str(), "start" | "unit" | "call") {
            return Err(Error::invalid("arguments", format_args!("of \"mirror\" \"{what}\" are 2 given, expected 1")));
        }
        Ok(match what.as_str() {
            "start" => local_envelope(&client.start_mirror(&MirrorOptions::from_json(&optional_string(args, 1, "options")?)?)?.to_value()),
            "stop" => {
                client.stop_mirror();
                local_envelope(&mirror.status().to_value())
            }
            "units" => local_envelope_text(&mirror.units_json()),
            "calls" => local_envelope_text(&mirror.calls_json()),
            "unit" => {
                let who = string(second("who")?, "who")?;
                local_envelope(&mirror.unit_value(&who).map_or(Value::Null, |unit| Value::clone(&unit)))
            }
            "call" => {
                let id = integer(second("callId")?, "callId")?;
                local_envelope(&mirror.call_value(id).map_or(Value::Null, |call| Value::clone(&call)))
            }
            "version" => local_envelope(&json!(mirror.version())),
            "status" => local_envelope(&mirror.status().to_value()),
            other => {
                return Err(Error::invalid(
                    "what",
                    format_args!("`{other}` is not a mirror read (start, stop, units, calls, unit, call, version, status)"),
                ))
            }
        })
    });
    answer.into()
}
