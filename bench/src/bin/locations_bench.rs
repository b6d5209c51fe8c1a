//! The unit-location benchmark (`scripts/bench.sh`, section "Unit locations" of BENCHMARKS.md):
//! 64 units moving at 10 Hz, pushed with `Client::push_unit_location` against the in-process
//! mock with every route's documented limit on (12/min for `update_unit_locations_v2`; the
//! hub's `unitLocation`: 25 units, one call per 200 ms per session).
//!
//! `locations_bench SECONDS NAIVE_SECONDS`: runs three scenarios, each on a fresh mock, and
//! prints one JSON line per scenario, then the markdown section (lines not starting with `{`):
//!
//! - `hub`: the default configuration; the client opens its own hub session.
//! - `rest`: `locations_via_hub: false` (REST only, as when no hub session can be had).
//! - `naive`: no queue: one blocking `client.call("update_unit_locations_v2", ...)` per move,
//!   client-side pacing off, for NAIVE_SECONDS.
//!
//! The mock starts with 64 generated accounts (`extra_accounts`); they have no units, so the
//! setup gives each one an online unit through v1 `MODIFY_IDENTIFIER` (v1 routes have no limit
//! on the mock). Unit `i` is pushed as `communityUserId: license:memberNNNN` with
//! `location: "u<i>:<seq>"`, seq the tick number, and the push time of every (unit, seq) is
//! kept. Staleness: every 100 ms a second thread reads the mock's units through v1
//! `GET_ACTIVE_UNITS` (the same in-memory units `get_units_v2` answers from, on a route without
//! a limit, so the sampling takes nothing from the budget being measured) and takes, for each
//! of the 64 units, the time since the game pushed the position the mock shows (a unit the
//! mock has no pushed position of yet counts from its first push). At 10 Hz that age is
//! 0–100 ms even with instant delivery.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sonoran::{Client, Config, ErrorKind};
use sonoran_bench::{mock_with_units, percentile, sorted, thread_cpu_ns, Error};
use sonoran_mock::{DEMO_API_KEY, DEMO_COMMUNITY_ID};

const UNITS: usize = 64;
const HZ: u64 = 10;
const TICK: Duration = Duration::from_millis(1000 / HZ);
const SAMPLE_EVERY: Duration = Duration::from_millis(100);

fn position(unit: usize, seq: u64) -> Value {
    let angle = seq as f64 / 20.0 + unit as f64;
    json!({
        "communityUserId": format!("license:member{:04}", unit + 1),
        "location": format!("u{unit}:{seq}"),
        "coordinates": {"x": 100.0 * angle.cos() + unit as f64, "y": 100.0 * angle.sin(), "z": 30.0, "w": (seq % 360) as f64},
    })
}

/// Push times (ns since the run's start) of every (unit, seq), written by the game thread
/// before the push, read by the sampler.
struct PushTimes {
    ticks: usize,
    ns: Vec<AtomicU64>,
}

impl PushTimes {
    fn new(ticks: usize) -> PushTimes {
        PushTimes { ticks, ns: (0..UNITS * ticks).map(|_| AtomicU64::new(u64::MAX)).collect() }
    }
    fn set(&self, unit: usize, seq: u64, ns: u64) {
        if (seq as usize) < self.ticks {
            self.ns[unit * self.ticks + seq as usize].store(ns, Ordering::Release);
        }
    }
    fn get(&self, unit: usize, seq: u64) -> Option<u64> {
        let v = self.ns.get(unit * self.ticks + seq as usize)?.load(Ordering::Acquire);
        (v != u64::MAX).then_some(v)
    }
}

/// What the sampler thread saw.
#[derive(Default)]
struct Samples {
    /// Staleness of each (sample, unit), ms.
    age_ms: Vec<f64>,
    /// (ms since start, hub + rest calls, sent) from `location_stats` at each sample.
    counters: Vec<(f64, u64, u64)>,
    /// Samples taken, and unit readings that found a pushed position.
    reads: u64,
    shown: u64,
}

/// Reads the mock's units every 100 ms until `stop`.
fn sample(
    url: String,
    ids: Vec<i64>,
    times: Arc<PushTimes>,
    start: Instant,
    client: Arc<Client>,
    stop: Arc<AtomicBool>,
) -> Result<Samples, String> {
    let http = reqwest::blocking::Client::new();
    let body = json!({"id": DEMO_COMMUNITY_ID, "key": DEMO_API_KEY, "type": "GET_ACTIVE_UNITS",
                      "data": [{"serverId": 1, "onlyUnits": true, "includeOffline": false, "limit": 100}]})
    .to_string();
    let mut samples = Samples::default();
    let mut next = Instant::now();
    while !stop.load(Ordering::Acquire) {
        let units = http
            .post(format!("{url}/emergency/get_active_units"))
            .body(body.clone())
            .send()
            .and_then(|r| r.text())
            .map_err(|e| e.to_string())?;
        let units: Value = serde_json::from_str(&units).map_err(|e| e.to_string())?;
        let now_ns = start.elapsed().as_nanos() as u64;
        let stats = client.location_stats();
        samples.counters.push((now_ns as f64 / 1e6, stats.hub_calls + stats.rest_calls + stats.failed_calls, stats.sent));
        let units = units.as_array().ok_or("GET_ACTIVE_UNITS did not answer an array")?;
        samples.reads += 1;
        for (unit, id) in ids.iter().enumerate() {
            let first = match times.get(unit, 0) {
                Some(first) => first,
                None => continue, // not pushed yet
            };
            let shown = units
                .iter()
                .find(|u| u["id"].as_i64() == Some(*id))
                .and_then(|u| u["location"].as_str())
                .and_then(|l| l.strip_prefix(&format!("u{unit}:")))
                .and_then(|s| s.parse::<u64>().ok());
            let pushed = match shown.and_then(|seq| times.get(unit, seq)) {
                Some(at) => {
                    samples.shown += 1;
                    at
                }
                None => first,
            };
            samples.age_ms.push(now_ns.saturating_sub(pushed) as f64 / 1e6);
        }
        next += SAMPLE_EVERY;
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
    Ok(samples)
}

/// Most calls in any 1 s window, from counters sampled every 100 ms.
fn max_calls_per_second(counters: &[(f64, u64, u64)]) -> u64 {
    let mut best = 0;
    for (i, (t0, c0, _)) in counters.iter().enumerate() {
        for (t1, c1, _) in &counters[i..] {
            if t1 - t0 <= 1000.0 {
                best = best.max(c1 - c0);
            }
        }
    }
    best
}

/// One queued scenario: `via_hub` true (the default) or false (REST only).
fn queued(via_hub: bool, seconds: f64) -> Result<Value, Error> {
    let (mock, ids) = mock_with_units(UNITS, UNITS, "L")?;
    let mut config = Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url());
    config.locations_via_hub = via_hub;
    let client = Arc::new(Client::new(config)?);
    let ticks = (seconds * HZ as f64).round() as usize;
    let times = Arc::new(PushTimes::new(ticks));
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let sampler = std::thread::spawn({
        let (url, times, client, stop) = (mock.url().to_string(), times.clone(), client.clone(), stop.clone());
        move || sample(url, ids, times, start, client, stop)
    });
    let (mut wall_us, mut cpu_us) = (Vec::with_capacity(ticks * UNITS), Vec::with_capacity(ticks * UNITS));
    let (mut first_us, mut other_us) = (Vec::new(), Vec::new());
    let mut push_errors = 0u64;
    let mut late_ticks = 0u64;
    for seq in 0..ticks as u64 {
        late_ticks += u64::from(sleep_until_tick(start, seq));
        for unit in 0..UNITS {
            let location = position(unit, seq);
            times.set(unit, seq, start.elapsed().as_nanos() as u64);
            let (c0, w0) = (thread_cpu_ns(), Instant::now());
            let pushed = client.push_unit_location(&location);
            let wall = w0.elapsed();
            let cpu = thread_cpu_ns() - c0;
            wall_us.push(wall.as_secs_f64() * 1e6);
            if unit == 0 {
                first_us.push(wall.as_secs_f64() * 1e6);
            } else {
                other_us.push(wall.as_secs_f64() * 1e6);
            }
            cpu_us.push(cpu as f64 / 1e3);
            push_errors += u64::from(pushed.is_err());
        }
    }
    // The last tick's positions have had one tick to go.
    std::thread::sleep(TICK.saturating_sub(start.elapsed().saturating_sub(TICK * ticks as u32)).min(TICK));
    let elapsed = start.elapsed().as_secs_f64();
    let stats = client.location_stats();
    stop.store(true, Ordering::Release);
    let samples = sampler.join().map_err(|_| "sampler panicked")??;
    // The v2 view scripts read (`get_units_v2`), read once (its 3/min allows it), to check it agrees.
    let units = client.call("get_units_v2", &json!({"serverId": 1, "includeOffline": true}))?.body.to_value();
    let v2_units_with_pushed = units
        .as_array()
        .map_or(0, |a| a.iter().filter(|u| u["location"].as_str().is_some_and(|l| l.starts_with('u') && l.contains(':'))).count());
    let calls = stats.hub_calls + stats.rest_calls + stats.failed_calls;
    let age = sorted(samples.age_ms);
    let wall = sorted(wall_us);
    let cpu = sorted(cpu_us);
    let (first, other) = (sorted(first_us), sorted(other_us));
    Ok(json!({
        "scenario": if via_hub { "hub" } else { "rest" },
        "seconds": elapsed,
        "units": UNITS,
        "hz": HZ,
        "pushed": stats.pushed,
        "push_errors": push_errors,
        "late_ticks": late_ticks,
        "sent": stats.sent,
        "superseded": stats.superseded,
        "queued_at_end": stats.queued,
        "delivered_per_s": stats.sent as f64 / elapsed,
        "hub_calls": stats.hub_calls,
        "rest_calls": stats.rest_calls,
        "failed_calls": stats.failed_calls,
        "last_error": stats.last_error,
        "transport": stats.transport.as_str(),
        "calls_per_s": calls as f64 / elapsed,
        "max_calls_in_1s": max_calls_per_second(&samples.counters),
        "samples": samples.reads,
        "unit_readings": age.len(),
        "readings_showing_a_pushed_position": samples.shown,
        "stale_ms_p50": percentile(&age, 50.0),
        "stale_ms_p99": percentile(&age, 99.0),
        "stale_ms_max": age.last().copied().unwrap_or(f64::NAN),
        "push_wall_us_p50": percentile(&wall, 50.0),
        "push_wall_us_p99": percentile(&wall, 99.0),
        "push_wall_us_max": wall.last().copied().unwrap_or(f64::NAN),
        "push_wall_us_first_of_tick_p50": percentile(&first, 50.0),
        "push_wall_us_first_of_tick_p99": percentile(&first, 99.0),
        "push_wall_us_rest_of_tick_p50": percentile(&other, 50.0),
        "push_wall_us_rest_of_tick_p99": percentile(&other, 99.0),
        "push_cpu_us_p50": percentile(&cpu, 50.0),
        "push_cpu_us_p99": percentile(&cpu, 99.0),
        "v2_units_showing_pushed_positions": v2_units_with_pushed,
    }))
}

/// One blocking REST call per move, pacing off.
fn naive(seconds: f64) -> Result<Value, Error> {
    let (mock, _ids) = mock_with_units(UNITS, UNITS, "L")?;
    let client = Client::new(Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url()).without_rate_limits())?;
    let ticks = (seconds * HZ as f64).round() as usize;
    let requests_before = mock.request_count();
    let start = Instant::now();
    let (mut ok, mut limited, mut other) = (0u64, 0u64, 0u64);
    let mut other_error = None;
    let mut call_ms = Vec::new();
    let mut late_ticks = 0u64;
    for seq in 0..ticks as u64 {
        late_ticks += u64::from(sleep_until_tick(start, seq));
        for unit in 0..UNITS {
            let params = json!({"serverId": 1, "updates": [position(unit, seq)]});
            let t = Instant::now();
            match client.call("update_unit_locations_v2", &params) {
                Ok(_) => ok += 1,
                Err(e) if e.kind == ErrorKind::RateLimited => limited += 1,
                Err(e) => {
                    other += 1;
                    other_error = Some(e.message);
                }
            }
            call_ms.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let requests = mock.request_count() - requests_before;
    let call_ms = sorted(call_ms);
    Ok(json!({
        "scenario": "naive",
        "seconds": elapsed,
        "units": UNITS,
        "hz": HZ,
        "calls": ok + limited + other,
        "calls_ok": ok,
        "calls_rate_limited": limited,
        "calls_other_error": other,
        "other_error": other_error,
        "http_requests": requests,
        "http_429": requests.saturating_sub(ok + other),
        "late_ticks": late_ticks,
        "calls_per_s": requests as f64 / elapsed,
        "call_ms_p50": percentile(&call_ms, 50.0),
        "call_ms_p99": percentile(&call_ms, 99.0),
        "call_ms_max": call_ms.last().copied().unwrap_or(f64::NAN),
    }))
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Sleeps until tick `seq` of a run that started at `start`; `true` when it was already late.
fn sleep_until_tick(start: Instant, seq: u64) -> bool {
    match (start + TICK * seq as u32).checked_duration_since(Instant::now()) {
        Some(wait) => {
            std::thread::sleep(wait);
            false
        }
        None => seq > 0,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "**met**"
    } else {
        "**missed**"
    }
}

/// The game's tick and the sampler's step: a position is up to this old even when delivered at once.
const SAMPLE_MS: f64 = 100.0;

fn table(hub: &Value, rest: &Value, naive: &Value) -> String {
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let u = |v: &Value, k: &str| v[k].as_u64().unwrap_or(0);
    let errors = |v: &Value| match v["last_error"].as_str() {
        Some(e) => format!("{} failed calls (last: {e})", u(v, "failed_calls")),
        None => format!("{} failed calls", u(v, "failed_calls")),
    };
    let mut rows = Vec::new();
    for (name, v, target_stale) in [("hub up", hub, None), ("REST only (`locationsViaHub: false`)", rest, Some(5000.0 + SAMPLE_MS))] {
        let calls = if u(v, "hub_calls") > 0 && u(v, "rest_calls") == 0 {
            format!("{} hub", u(v, "hub_calls"))
        } else if u(v, "hub_calls") == 0 {
            format!("{} REST", u(v, "rest_calls"))
        } else {
            format!("{} hub + {} REST", u(v, "hub_calls"), u(v, "rest_calls"))
        };
        let stale_ok = target_stale.is_none_or(|t| f(v, "stale_ms_p99") <= t);
        let calls_ok = u(v, "max_calls_in_1s") <= 4;
        let errors_ok = u(v, "failed_calls") == 0;
        let result = match target_stale {
            None => format!("calls ≤ 4/s: {}; zero limit errors: {}", verdict(calls_ok), verdict(errors_ok)),
            // 12/min is one call every 5 s; the 10 Hz sampling adds up to one tick (see the notes).
            Some(_) => {
                format!("staleness within 5 s (+ the {SAMPLE_MS:.0} ms tick): {}; zero 429s: {}", verdict(stale_ok), verdict(errors_ok))
            }
        };
        rows.push(format!(
            "| {name} | {:.0} s | {} | {:.1} | {} / {} (max {}) | {:.2} ({calls}); most in any 1 s: {} | {:.1} / {:.1} (thread CPU {:.1} / {:.1}); the first push of a tick p50 {:.1}, the other 63 p99 {:.1} | {} | {result} |",
            f(v, "seconds"),
            thousands(u(v, "pushed")),
            f(v, "delivered_per_s"),
            thousands(f(v, "stale_ms_p50").round() as u64),
            thousands(f(v, "stale_ms_p99").round() as u64),
            thousands(f(v, "stale_ms_max").round() as u64),
            f(v, "calls_per_s"),
            u(v, "max_calls_in_1s"),
            f(v, "push_wall_us_p50"),
            f(v, "push_wall_us_p99"),
            f(v, "push_cpu_us_p50"),
            f(v, "push_cpu_us_p99"),
            f(v, "push_wall_us_first_of_tick_p50"),
            f(v, "push_wall_us_rest_of_tick_p99"),
            errors(v),
        ));
    }
    rows.push(format!(
        "| naive: one blocking `update_unit_locations_v2` call per move, pacing off | {:.0} s | {} calls | {:.1} | — | {:.0} HTTP requests/s | {:.2} / {:.2} ms per call (max {:.0} ms) | {} calls refused `rate_limited`, {} HTTP 429 answers | {} of {} calls accepted |",
        f(naive, "seconds"),
        thousands(u(naive, "calls")),
        u(naive, "calls_ok") as f64 / f(naive, "seconds"),
        f(naive, "calls_per_s"),
        f(naive, "call_ms_p50"),
        f(naive, "call_ms_p99"),
        f(naive, "call_ms_max"),
        thousands(u(naive, "calls_rate_limited")),
        thousands(u(naive, "http_429")),
        thousands(u(naive, "calls_ok")),
        thousands(u(naive, "calls")),
    ));
    format!(
        "| 64 units at 10 Hz | run | positions pushed | delivered /s | staleness of the mock's view, ms p50 / p99 | calls /s | game thread per push, µs p50 / p99 | limit errors | result |\n|---|---|---|---|---|---|---|---|---|\n{}",
        rows.join("\n")
    )
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize, default: f64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (seconds, naive_seconds) = (number(1, 60.0), number(2, 10.0));
    let hub = queued(true, seconds)?;
    println!("{hub}");
    let rest = queued(false, seconds)?;
    println!("{rest}");
    let naive = naive(naive_seconds)?;
    println!("{naive}");
    println!("{}", table(&hub, &rest, &naive));
    Ok(())
}
