//! The live-mirror benchmark (`scripts/bench.sh --mirror`, section "Live mirror" of
//! BENCHMARKS.md): a HUD that reads the unit list every tick at 60 Hz while 64 units change
//! status, once from the mirror and once by polling `get_units_v2` through the read cache.
//!
//! `mirror_bench SECONDS [RATE] [TAIL_SECONDS]` runs both scenarios at the same time, each on
//! its own in-process mock (every route's documented limit on) and its own paced client, and
//! prints one JSON line per scenario, then a Markdown table (the lines starting with `|`).
//!
//! - Both mocks are given 64 units on duty (`POST /_mock/units/seed`). A driver thread per
//!   mock changes a random one of them RATE times a second (2 by default: one at a random
//!   moment of every half second) for SECONDS, through `POST /_mock/units/{identId}/status`;
//!   the same sequence on both mocks. A unit's
//!   status steps through the five named statuses (0 UNAVAILABLE ... 4 ON_SCENE; 100 is a
//!   logout) in turn, so a status comes back to a unit only every fifth change of that unit
//!   and seeing it cannot be mistaken for seeing an older change. The driver notes when it
//!   sent each change.
//! - `mirror`: `Client::start_mirror` with the default options; once it is seeded, the game
//!   thread reads `Mirror::unit_values()` every tick (and, timed apart, `units_since` and
//!   `units_text`, the reads a host and the Lua face make), and drains its push events.
//! - `polling`: the read cache holds `get_units_v2` for 20 s (60 s over its 3 a minute, so the
//!   cache alone keeps polling within the budget); every tick the game thread takes the
//!   answers that came in, turns them into values, and submits `get_units_v2` (`serverId` 1,
//!   `onlyUnits` false) with `Client::submit` unless its last one is still waiting.
//!
//! Staleness of a change: the time of the first tick whose read showed the unit with the
//! change's status, less the time the change was sent; a change is never seen when the unit
//! changed again first, or nothing showed it by the end. Both scenarios tick on for
//! TAIL_SECONDS after the last change (25 s by default: one cache period and a margin).
//! Requests: the mock's own count per route (`/_mock/stats`: requests made with the
//! community's key, as the API counts them), over the run from the client's start.

use std::collections::HashMap;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sonoran::mirror::MirrorOptions;
use sonoran::{Client, Config, Response};
use sonoran_bench::{percentile, sorted, thread_cpu_ns, Error};
use sonoran_mock::{MockOptions, MockServer, RateLimit, DEMO_API_KEY, DEMO_COMMUNITY_ID};

/// Units on duty that change.
const UNITS: usize = 64;
/// The game's tick: 60 a second.
const TICK: Duration = Duration::from_nanos(1_000_000_000 / 60);
/// The named unit statuses a change steps through (0 UNAVAILABLE ... 4 ON_SCENE).
const STATUSES: i64 = 5;
/// What the seeded units start as (AVAILABLE).
const SEEDED_STATUS: i64 = 2;
/// How long the polling client's read cache keeps `get_units_v2`: its 3 a minute, spaced.
const CACHE: Duration = Duration::from_secs(20);

/// A small deterministic generator: both mocks get the same changes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n.max(1)
    }

    /// In [0, 1).
    fn fraction(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

/// One status change the driver made.
struct Change {
    unit: usize,
    status: i64,
    /// Seconds since the scenario's start, taken before the request went.
    at: f64,
}

/// POSTs `body` to the mock's control route `path`: its JSON answer, or why not.
fn control(http: &reqwest::blocking::Client, url: &str, path: &str, body: &Value) -> Result<Value, Error> {
    let answer = http.post(format!("{url}{path}")).header("content-type", "application/json").body(body.to_string()).send()?;
    let status = answer.status();
    let text = answer.text()?;
    if !status.is_success() {
        return Err(format!("{path}: {status} {text}").into());
    }
    Ok(serde_json::from_str(&text)?)
}

/// A mock with the documented limits and 64 units on duty: the mock and their identIds.
fn mock_with_units() -> Result<(MockServer, Vec<i64>), Error> {
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..MockOptions::default() })?;
    let seeded = control(&reqwest::blocking::Client::new(), mock.url(), "/_mock/units/seed", &json!({"count": UNITS}))?;
    let ids: Vec<i64> = seeded["identIds"].as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default();
    if ids.len() != UNITS {
        return Err(format!("the mock seeded {} units, not {UNITS}", ids.len()).into());
    }
    Ok((mock, ids))
}

/// The driver: `rate` changes a second from `start` for `seconds`; answers what it changed.
fn drive(url: String, ids: Vec<i64>, rate: f64, seconds: f64, start: Instant) -> Result<Vec<Change>, String> {
    let http = reqwest::blocking::Client::new();
    let mut rng = Lcg(2026);
    let mut statuses = vec![SEEDED_STATUS; UNITS];
    let mut changes = Vec::new();
    // Change n at a random moment of the nth step (from the second: both scenarios' first
    // read sees the seeded picture), so that changes do not keep in step with the ticks.
    for n in 1..=(seconds * rate).floor() as u64 {
        let due = start + Duration::from_secs_f64((n as f64 + rng.fraction()) / rate);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let unit = rng.below(UNITS);
        let status = (statuses[unit] + 1) % STATUSES;
        let at = start.elapsed().as_secs_f64();
        control(&http, &url, &format!("/_mock/units/{}/status", ids[unit]), &json!({"status": status})).map_err(|e| e.to_string())?;
        statuses[unit] = status;
        changes.push(Change { unit, status, at });
    }
    Ok(changes)
}

/// What the game thread saw of each unit: the times its shown status changed.
struct Seen {
    index: HashMap<i64, usize>,
    shown: Vec<Vec<(f64, i64)>>,
}

impl Seen {
    fn new(ids: &[i64]) -> Seen {
        Seen { index: ids.iter().enumerate().map(|(i, id)| (*id, i)).collect(), shown: vec![vec![(0.0, SEEDED_STATUS)]; UNITS] }
    }

    /// Notes the units of one read (values as `get_units_v2` lists them) shown at `at`.
    fn note<'a>(&mut self, units: impl IntoIterator<Item = &'a Value>, at: f64) {
        for unit in units {
            let (Some(id), Some(status)) = (unit["id"].as_i64(), unit["status"].as_i64()) else { continue };
            if let Some(&i) = self.index.get(&id) {
                if self.shown[i].last().map(|s| s.1) != Some(status) {
                    self.shown[i].push((at, status));
                }
            }
        }
    }
}

/// Staleness of every change seen (ms), and the changes never seen: superseded by the unit's
/// next change first, or not shown by the end.
struct Staleness {
    ms: Vec<f64>,
    superseded: usize,
    unseen_at_end: usize,
    /// Shown before it was made (an older change of the same status still shown): never
    /// expected, as statuses step through all five in turn.
    ambiguous: usize,
}

/// Matches each change with the first read that showed it.
fn staleness(changes: &[Change], seen: &Seen) -> Staleness {
    let mut out = Staleness { ms: Vec::new(), superseded: 0, unseen_at_end: 0, ambiguous: 0 };
    for (i, change) in changes.iter().enumerate() {
        let next = changes[i + 1..].iter().find(|c| c.unit == change.unit).map(|c| c.at);
        let shown = &seen.shown[change.unit];
        let from = shown.partition_point(|(at, _)| *at < change.at);
        if from > 0 && shown[from - 1].1 == change.status {
            out.ambiguous += 1;
            continue;
        }
        let first = shown[from..].iter().take_while(|(at, _)| next.is_none_or(|n| *at < n)).find(|(_, s)| *s == change.status);
        match (first, next) {
            (Some((at, _)), _) => out.ms.push((at - change.at) * 1000.0),
            (None, Some(_)) => out.superseded += 1,
            (None, None) => out.unseen_at_end += 1,
        }
    }
    out
}

/// Requests and 429s per route on the mock, with the community's key.
fn route_stats(url: &str) -> Result<Value, Error> {
    let text = reqwest::blocking::get(format!("{url}/_mock/stats"))?.text()?;
    let stats: Value = serde_json::from_str(&text)?;
    Ok(stats["routes"].clone())
}

/// Sleeps until tick `n` of a run that started at `start`; `true` when it was already late
/// by more than a tick.
fn sleep_until_tick(start: Instant, n: u64) -> bool {
    let due = start + TICK * n as u32;
    match due.checked_duration_since(Instant::now()) {
        Some(wait) => {
            std::thread::sleep(wait);
            false
        }
        None => Instant::now().duration_since(due) > TICK,
    }
}

/// Nanoseconds as microseconds.
fn micros(ns: u64) -> f64 {
    ns as f64 / 1000.0
}

/// Count, p50, p99 and max of `values`.
fn summary(values: Vec<f64>) -> Value {
    let values = sorted(values);
    json!({"n": values.len(), "p50": percentile(&values, 50.0), "p99": percentile(&values, 99.0), "max": values.last().copied().unwrap_or(f64::NAN)})
}

/// The common end of a scenario: staleness, requests, as JSON.
fn report(scenario: &str, changes: &[Change], seen: &Seen, routes: Value, elapsed: f64, late_ticks: u64, ticks: u64) -> Value {
    let stale = staleness(changes, seen);
    let minutes = elapsed / 60.0;
    let per_route = |route: &str| {
        let requests = routes[route]["requests"].as_u64().unwrap_or(0);
        json!({"requests": requests, "limited": routes[route]["limited"].as_u64().unwrap_or(0), "per_minute": requests as f64 / minutes})
    };
    let all: u64 = routes.as_object().map_or(0, |r| r.values().filter_map(|r| r["requests"].as_u64()).sum());
    let limited: u64 = routes.as_object().map_or(0, |r| r.values().filter_map(|r| r["limited"].as_u64()).sum());
    json!({
        "scenario": scenario,
        "seconds": elapsed,
        "ticks": ticks,
        "late_ticks": late_ticks,
        "changes": changes.len(),
        "seen": stale.ms.len(),
        "superseded": stale.superseded,
        "unseen_at_end": stale.unseen_at_end,
        "ambiguous": stale.ambiguous,
        "stale_ms": summary(stale.ms),
        "get_units_v2": per_route("get_units_v2"),
        "get_calls_v2": per_route("get_calls_v2"),
        "requests": all,
        "requests_per_minute": all as f64 / minutes,
        "limited": limited,
        "routes": routes,
    })
}

/// The mirror scenario.
fn mirror(seconds: f64, rate: f64, tail: f64) -> Result<Value, Error> {
    let (mock, ids) = mock_with_units()?;
    let client = Client::new(Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url()))?;
    let begun = Instant::now();
    client.start_mirror(&MirrorOptions::default())?;
    let mirror = client.mirror();
    while !(mirror.status().seeded && mirror.status().complete) {
        if begun.elapsed() > Duration::from_secs(60) {
            return Err(format!("the mirror was not seeded in 60 s: {:?}", mirror.status()).into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let seeded_after = begun.elapsed().as_secs_f64();
    let start = Instant::now();
    let driver = std::thread::spawn({
        let (url, ids) = (mock.url().to_string(), ids.clone());
        move || drive(url, ids, rate, seconds, start)
    });
    let mut seen = Seen::new(&ids);
    let (mut values_us, mut since_us, mut text_same_us, mut text_changed_us, mut empty_us) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut version, mut text_changed, mut events, mut late_ticks) = (0u64, 0u64, 0u64, 0u64);
    let end = seconds + tail;
    let mut tick = 0u64;
    while start.elapsed().as_secs_f64() < end {
        late_ticks += u64::from(sleep_until_tick(start, tick));
        tick += 1;
        // A game drains its events every tick (the mirror is applied before they queue).
        while client.poll_event().is_some() {
            events += 1;
        }
        // The clock read itself, to set the figures below against.
        let c0 = thread_cpu_ns();
        empty_us.push(micros(thread_cpu_ns() - c0));
        let c0 = thread_cpu_ns();
        let since = mirror.units_since(version);
        since_us.push(micros(thread_cpu_ns() - c0));
        if let Some(since) = since {
            version = since.version;
        }
        let c0 = thread_cpu_ns();
        let read = mirror.unit_values();
        values_us.push(micros(thread_cpu_ns() - c0));
        let at = start.elapsed().as_secs_f64();
        seen.note(read.units.iter().map(|u| &**u), at);
        let c0 = thread_cpu_ns();
        let text = mirror.units_text();
        let spent = micros(thread_cpu_ns() - c0);
        if text.changed != text_changed {
            text_changed = text.changed;
            text_changed_us.push(spent);
        } else {
            text_same_us.push(spent);
        }
    }
    let elapsed = begun.elapsed().as_secs_f64();
    let changes = driver.join().map_err(|_| "the driver panicked")??;
    let status = mirror.status();
    let mut out = report("mirror", &changes, &seen, route_stats(mock.url())?, elapsed, late_ticks, tick);
    out["seeded_after_s"] = json!(seeded_after);
    out["events_polled"] = json!(events);
    out["cpu_us"] = json!({
        "clock_read": summary(empty_us),
        "units_since": summary(since_us),
        "unit_values": summary(values_us),
        "units_text_unchanged": summary(text_same_us),
        "units_text_changed": summary(text_changed_us),
    });
    out["mirror"] = json!(status.to_value());
    Ok(out)
}

/// The polling scenario.
fn polling(seconds: f64, rate: f64, tail: f64) -> Result<Value, Error> {
    let (mock, ids) = mock_with_units()?;
    let mut config = Config::new(DEMO_COMMUNITY_ID, DEMO_API_KEY).with_api_url(mock.url());
    config.cache.insert("get_units_v2".into(), CACHE);
    let client = Client::new(config)?;
    let begun = Instant::now();
    let start = Instant::now();
    let driver = std::thread::spawn({
        let (url, ids) = (mock.url().to_string(), ids.clone());
        move || drive(url, ids, rate, seconds, start)
    });
    let (tx, rx) = mpsc::channel::<sonoran::Result<Response>>();
    let params = json!({"serverId": 1, "onlyUnits": false});
    let mut seen = Seen::new(&ids);
    let (mut tick_us, mut take_us, mut submit_us) = (Vec::new(), Vec::new(), Vec::new());
    let (mut waiting, mut submits, mut answers, mut cached, mut late_ticks) = (false, 0u64, 0u64, 0u64, 0u64);
    let mut errors: HashMap<String, u64> = HashMap::new();
    let end = seconds + tail;
    let mut tick = 0u64;
    while start.elapsed().as_secs_f64() < end {
        late_ticks += u64::from(sleep_until_tick(start, tick));
        tick += 1;
        let c0 = thread_cpu_ns();
        let mut latest = None;
        let mut took = false;
        while let Ok(result) = rx.try_recv() {
            took = true;
            waiting = false;
            match result {
                Ok(response) => {
                    answers += 1;
                    cached += u64::from(response.cached_age_ms.is_some());
                    latest = Some(response.body.to_value());
                }
                Err(e) => *errors.entry(e.kind.as_str().to_string()).or_default() += 1,
            }
        }
        if took {
            take_us.push(micros(thread_cpu_ns() - c0));
        }
        if !waiting {
            let tx = tx.clone();
            let c0 = thread_cpu_ns();
            client.submit("get_units_v2", &params, Box::new(move |_, result| drop(tx.send(result))));
            submit_us.push(micros(thread_cpu_ns() - c0));
            waiting = true;
            submits += 1;
        }
        tick_us.push(micros(thread_cpu_ns() - c0));
        let at = start.elapsed().as_secs_f64();
        if let Some(answer) = latest {
            // The route answers a bare array; some faces wrap it.
            let units = answer.get("units").unwrap_or(&answer).as_array().cloned().unwrap_or_default();
            seen.note(units.iter(), at);
        }
    }
    let elapsed = begun.elapsed().as_secs_f64();
    let changes = driver.join().map_err(|_| "the driver panicked")??;
    let mut out = report("polling", &changes, &seen, route_stats(mock.url())?, elapsed, late_ticks, tick);
    out["cache_ms"] = json!(CACHE.as_millis() as u64);
    out["submits"] = json!(submits);
    out["answers"] = json!(answers);
    out["cached"] = json!(cached);
    out["errors"] = json!(errors);
    out["cpu_us"] = json!({"tick": summary(tick_us), "take": summary(take_us), "submit": summary(submit_us)});
    Ok(out)
}

/// `n` with thousands separated by commas.
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

/// Prints the Markdown table: the mirror's run `m` beside the polling run `p`.
fn table(m: &Value, p: &Value) {
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    let u = |v: &Value| v.as_u64().unwrap_or(0);
    let route = |v: &Value, r: &str| {
        let r = &v[r];
        format!("{} ({:.2} a minute), {} 429", u(&r["requests"]), f(&r["per_minute"]), u(&r["limited"]))
    };
    let stale = |v: &Value| {
        let s = &v["stale_ms"];
        let ms = |x: &Value| thousands(f(x).round() as u64);
        format!("{} / {} / {}", ms(&s["p50"]), ms(&s["p99"]), ms(&s["max"]))
    };
    let seen = |v: &Value| {
        format!(
            "{} of {} ({} superseded first, {} not shown by the end{})",
            thousands(u(&v["seen"])),
            thousands(u(&v["changes"])),
            u(&v["superseded"]),
            u(&v["unseen_at_end"]),
            if u(&v["ambiguous"]) > 0 { format!(", {} ambiguous", u(&v["ambiguous"])) } else { String::new() }
        )
    };
    let us = |s: &Value| format!("{:.1} / {:.1}", f(&s["p50"]), f(&s["p99"]));
    let cpu = &m["cpu_us"];
    let status = &m["mirror"];
    let reasons = status["lastResyncReasons"].as_array().map(|r| r.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "));
    let errors = p["errors"].as_object().map(|e| e.iter().map(|(k, v)| format!("{} {k}", u(v))).collect::<Vec<_>>().join(", "));
    println!("| 64 units, HUD read every tick at 60 Hz | mirror | polling `get_units_v2` (read cache {} s) |", u(&p["cache_ms"]) / 1000);
    println!("|---|---|---|");
    println!(
        "| run (changes, then the tail), ticks | {:.0} s, {} ticks ({} late) | {:.0} s, {} ticks ({} late) |",
        f(&m["seconds"]),
        thousands(u(&m["ticks"])),
        u(&m["late_ticks"]),
        f(&p["seconds"]),
        thousands(u(&p["ticks"])),
        u(&p["late_ticks"])
    );
    println!("| `get_units_v2` requests (per minute), 429s | {} | {} |", route(m, "get_units_v2"), route(p, "get_units_v2"));
    println!("| `get_calls_v2` requests (per minute), 429s | {} | {} |", route(m, "get_calls_v2"), route(p, "get_calls_v2"));
    println!(
        "| every API request (per minute) | {} ({:.2}) | {} ({:.2}) |",
        u(&m["requests"]),
        f(&m["requests_per_minute"]),
        u(&p["requests"]),
        f(&p["requests_per_minute"])
    );
    println!("| status changes seen by the HUD | {} | {} |", seen(m), seen(p));
    println!("| staleness of a change, p50 / p99 / max (ms; a tick is 16.7 ms) | {} | {} |", stale(m), stale(p));
    println!(
        "| game thread CPU per tick's read, p50 / p99 (µs) | `unit_values()` {}; `units_since(v)` {} | the tick {}: `submit` {}, the answer taken as values (`Body::to_value`) {} |",
        us(&cpu["unit_values"]),
        us(&cpu["units_since"]),
        us(&p["cpu_us"]["tick"]),
        us(&p["cpu_us"]["submit"]),
        us(&p["cpu_us"]["take"])
    );
    println!(
        "| `units_text()` per read, p50 / p99 (µs): unchanged / first after a change | {} ({} reads) / {} ({} reads) | — |",
        us(&cpu["units_text_unchanged"]),
        thousands(u(&cpu["units_text_unchanged"]["n"])),
        us(&cpu["units_text_changed"]),
        thousands(u(&cpu["units_text_changed"]["n"]))
    );
    println!(
        "| reads of the list | {} resyncs (last: {}), {} events applied, complete: {}, {} gaps | {} submits: {} answered ({} from the cache){} |",
        u(&status["resyncs"]),
        reasons.unwrap_or_default(),
        thousands(u(&status["eventsApplied"])),
        status["complete"],
        u(&status["gaps"]),
        thousands(u(&p["submits"])),
        thousands(u(&p["answers"])),
        thousands(u(&p["cached"])),
        errors.filter(|e| !e.is_empty()).map(|e| format!(", failed: {e}")).unwrap_or_default()
    );
    println!("| the thread CPU clock read alone, p50 / p99 (µs; in the figures above) | {} | — |", us(&cpu["clock_read"]));
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let number = |i: usize, default: f64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (seconds, rate, tail) = (number(1, 600.0), number(2, 2.0), number(3, 25.0));
    // Both at once, each on its own mock: the game threads sleep most of a tick.
    let polled = std::thread::spawn(move || polling(seconds, rate, tail).map_err(|e| e.to_string()));
    let mirrored = mirror(seconds, rate, tail)?;
    let polled = polled.join().map_err(|_| "the polling scenario panicked")??;
    println!("{mirrored}");
    println!("{polled}");
    table(&mirrored, &polled);
    Ok(())
}
