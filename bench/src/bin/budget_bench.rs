//! The budget benchmark (`scripts/bench.sh --budget`, section "Budget: coalescing, caching,
//! merging" of BENCHMARKS.md): what coalescing identical reads, the read cache and merging list
//! writes do for a game that calls the API the way a game does: non-blocking
//! `Client::submit` from the game thread, completions counted on the client's I/O thread.
//!
//! Every run is on a fresh in-process mock with every route's documented limit on (the
//! default `MockOptions`: `get_account_v2` 10, `get_units_v2` 3, `set_unit_status_v2` 30,
//! `get_calls_v2` 5 a minute per key), the library's pacing on (the default) and
//! `timeoutMs` 30000. "off" is `{"coalesceReads": false, "mergeWrites": false}` and no cache;
//! "on" is the default configuration plus the scenario's cache.
//!
//! `budget_bench [SCALE [TIMEOUT_MS]]`: SCALE (1 by default) multiplies every interval of the
//! scenarios (0.1 for `--quick`, which is a smoke test: the per-minute limits are not scaled).
//! Prints one JSON line per run, then the markdown tables (lines not starting with `{`).
//!
//! 1. `joins`: 40 players join, one every 250 ms; each join submits `get_account_v2` for the
//!    player's own account (`communityUserId: license:memberNNNN`, 40 distinct accounts) and
//!    `get_units_v2` (the same parameters for every player). "on" caches
//!    `{"get_units_v2": 60000, "get_account_v2": 120000}`.
//! 2. `status`: 30 online units change status within one second (24 to 3 ENROUTE and 6 to 4
//!    ON_SCENE, interleaved: every fifth unit to 4), one `set_unit_status_v2` by
//!    `communityUserId` each; 10 s after that wave's last submit the same 30 change again, all
//!    to 4. The mock's units are read (v1 `GET_ACTIVE_UNITS`, a route without a limit) just
//!    before the second wave and at the end, to check what each wave left.
//! 3. `poll`: three scripts poll `get_calls_v2` every 5 s for 60 s, at the same tick. Rows:
//!    off; on with coalescing only; on with the cache `{"get_calls_v2": 30000}`.
//!
//! Requests per route: the mock counts every request it receives (`MockServer::request_count`,
//! `/_mock/stats`) but not by route, so each client logs at `debug` into a sink here and every
//! attempt that reached the mock (one record per HTTP answer: `HTTP 200`, or a failure with
//! its status) is counted by operation; the sum is checked against the mock's own count
//! (less the bench's own state reads).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sonoran::logging::{LevelFilter, LogRecord};
use sonoran::{Client, Config, ErrorKind};
use sonoran_bench::{mock_with_units, percentile, sorted, Error};
use sonoran_mock::{MockServer, DEMO_API_KEY, DEMO_COMMUNITY_ID};

/// Generated accounts on the mock (`license:member0001` ...), and how many get an online unit.
const ACCOUNTS: usize = 40;
const UNITS: usize = 30;

fn user(n: usize) -> String {
    format!("license:member{n:04}")
}

/// How one call ended.
#[derive(Debug, Clone)]
enum Outcome {
    Ok {
        cached_age_ms: Option<u64>,
    },
    /// Failed with an HTTP 429 from the mock.
    Http429,
    /// `rate_limited` without an HTTP status: refused by the client's own pacing.
    Refused,
    Other(String),
}

/// One submitted call.
#[derive(Debug, Clone)]
struct Call {
    op: &'static str,
    /// Which wave or tick group it belongs to (scenario 2: the wave).
    group: usize,
    submitted: Instant,
    /// Wall time `submit` took on the game thread, µs.
    submit_us: f64,
    done: Option<(Instant, Outcome)>,
}

/// Every HTTP attempt the client's log reported: when, for which operation, with which status
/// (`None`: the attempt failed below HTTP, e.g. a refused connection).
#[derive(Debug, Clone)]
struct Attempt {
    at: Instant,
    op: &'static str,
    status: Option<u16>,
}

/// One run: a fresh mock with the accounts and units, and a client configured for the mode.
struct Run {
    mock: MockServer,
    client: Client,
    ids: Vec<i64>,
    calls: Arc<Mutex<Vec<Call>>>,
    completed: Arc<AtomicUsize>,
    attempts: Arc<Mutex<Vec<Attempt>>>,
    /// The mock's request count when the client was made, and requests the bench itself sent since.
    mock_base: u64,
    own_requests: u64,
    http: reqwest::blocking::Client,
    timeout: Duration,
}

impl Run {
    fn new(extra_config: Value, timeout_ms: u64) -> Result<Run, Error> {
        let (mock, ids) = mock_with_units(ACCOUNTS, UNITS, "S")?;
        let http = reqwest::blocking::Client::new();
        let mut config = json!({
            "communityId": DEMO_COMMUNITY_ID, "apiKey": DEMO_API_KEY, "apiUrl": mock.url(), "timeoutMs": timeout_ms,
        });
        if let (Some(config), Some(extra)) = (config.as_object_mut(), extra_config.as_object()) {
            config.extend(extra.clone());
        }
        let attempts: Arc<Mutex<Vec<Attempt>>> = Arc::default();
        let sink = {
            let attempts = attempts.clone();
            Arc::new(move |record: &LogRecord| {
                let m = record.message.as_str();
                let status = if let Some(code) = m.strip_prefix("HTTP ") {
                    code.trim().parse().ok()
                } else if m.starts_with("failed: ") || m.starts_with("giving up: ") || m.starts_with("retrying after ") {
                    record.status
                } else {
                    return; // queued or refused by pacing, or not about a request
                };
                attempts.lock().unwrap().push(Attempt { at: Instant::now(), op: record.operation, status });
            })
        };
        let config = Config::from_value(&config)?.with_log_sink(LevelFilter::Debug, sink);
        let client = Client::new(config)?;
        let mock_base = mock.request_count();
        Ok(Run {
            mock,
            client,
            ids,
            calls: Arc::default(),
            completed: Arc::default(),
            attempts,
            mock_base,
            own_requests: 0,
            http,
            timeout: Duration::from_millis(timeout_ms),
        })
    }

    /// Submits `op` with `params` as the game thread does, and records its completion.
    fn submit(&self, op: &'static str, group: usize, params: &Value) {
        let index = {
            let mut calls = self.calls.lock().unwrap();
            calls.push(Call { op, group, submitted: Instant::now(), submit_us: 0.0, done: None });
            calls.len() - 1
        };
        let (calls, completed) = (self.calls.clone(), self.completed.clone());
        let t = Instant::now();
        self.client.submit(
            op,
            params,
            Box::new(move |_, result| {
                let now = Instant::now();
                let outcome = match result {
                    Ok(response) => Outcome::Ok { cached_age_ms: response.cached_age_ms },
                    Err(e) if e.kind == ErrorKind::RateLimited && e.status == Some(429) => Outcome::Http429,
                    Err(e) if e.kind == ErrorKind::RateLimited && e.status.is_none() => Outcome::Refused,
                    Err(e) => Outcome::Other(e.kind.as_str().to_string()),
                };
                calls.lock().unwrap()[index].done = Some((now, outcome));
                completed.fetch_add(1, Ordering::Release);
            }),
        );
        let took = t.elapsed().as_secs_f64() * 1e6;
        let mut calls = self.calls.lock().unwrap();
        calls[index].submitted = t;
        calls[index].submit_us = took;
    }

    /// Waits until every call submitted so far has completed (at most the timeout and 10 s more).
    fn wait_all(&self) -> bool {
        let until = Instant::now() + self.timeout + Duration::from_secs(10);
        loop {
            let submitted = self.calls.lock().unwrap().len();
            if self.completed.load(Ordering::Acquire) >= submitted {
                return true;
            }
            if Instant::now() > until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The status of each of the run's units as the mock holds it (v1, no limit).
    fn unit_statuses(&mut self) -> Result<Vec<Option<i64>>, Error> {
        let body = json!({"id": DEMO_COMMUNITY_ID, "key": DEMO_API_KEY, "type": "GET_ACTIVE_UNITS",
                          "data": [{"serverId": 1, "onlyUnits": true, "includeOffline": true, "limit": 100}]});
        let before = self.mock.request_count();
        let units = self.http.post(format!("{}/emergency/get_active_units", self.mock.url())).body(body.to_string()).send()?.text()?;
        self.own_requests += self.mock.request_count() - before;
        let units: Value = serde_json::from_str(&units)?;
        let units = units.as_array().ok_or("GET_ACTIVE_UNITS did not answer an array")?;
        Ok(self.ids.iter().map(|id| units.iter().find(|u| u["id"].as_i64() == Some(*id)).and_then(|u| u["status"].as_i64())).collect())
    }

    /// Requests the mock received from the client since it was made.
    fn mock_requests(&self) -> u64 {
        self.mock.request_count() - self.mock_base - self.own_requests
    }

    fn budgets(&self, ops: &[&str]) -> Value {
        let mut out = serde_json::Map::new();
        for op in ops {
            let budget = match self.client.budget(op) {
                Ok(Some(b)) => {
                    json!({"limit": b.limit, "periodMs": b.period_ms, "remaining": b.remaining, "resetInMs": b.reset_in_ms, "queued": b.queued})
                }
                Ok(None) => Value::Null,
                Err(e) => json!(e.to_string()),
            };
            out.insert(op.to_string(), budget);
        }
        Value::Object(out)
    }
}

/// Sleeps until `at`.
fn sleep_until(at: Instant) {
    if let Some(wait) = at.checked_duration_since(Instant::now()) {
        std::thread::sleep(wait);
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Counts and times of `calls` (completed ones; an uncompleted call counts as `other`).
fn summary(calls: &[&Call], attempts: &[&Attempt]) -> Value {
    let (mut ok, mut cached, mut http429, mut refused) = (0u64, 0u64, 0u64, 0u64);
    let mut other: BTreeMap<String, u64> = BTreeMap::new();
    let (mut all_ms, mut ok_ms, mut submit_us) = (Vec::new(), Vec::new(), Vec::new());
    let mut last_ok: Option<Instant> = None;
    for call in calls {
        submit_us.push(call.submit_us);
        let Some((at, outcome)) = &call.done else {
            *other.entry("not completed".into()).or_default() += 1;
            continue;
        };
        let took = ms(at.duration_since(call.submitted));
        all_ms.push(took);
        match outcome {
            Outcome::Ok { cached_age_ms } => {
                ok += 1;
                cached += u64::from(cached_age_ms.is_some());
                ok_ms.push(took);
                last_ok = Some(last_ok.map_or(*at, |l| l.max(*at)));
            }
            Outcome::Http429 => http429 += 1,
            Outcome::Refused => refused += 1,
            Outcome::Other(kind) => *other.entry(kind.clone()).or_default() += 1,
        }
    }
    let requests = attempts.iter().filter(|a| a.status.is_some()).count();
    let answers_429 = attempts.iter().filter(|a| a.status == Some(429)).count();
    let below_http = attempts.iter().filter(|a| a.status.is_none()).count();
    let (all_ms, ok_ms, submit_us) = (sorted(all_ms), sorted(ok_ms), sorted(submit_us));
    let first_submit = calls.iter().map(|c| c.submitted).min();
    // When each answer came, in seconds from the group's first submit (429s marked).
    let answered_s: Vec<String> = match first_submit {
        Some(first) => attempts
            .iter()
            .filter(|a| a.status.is_some())
            .map(|a| format!("{:.2}{}", a.at.saturating_duration_since(first).as_secs_f64(), if a.status == Some(429) { "!" } else { "" }))
            .collect(),
        None => Vec::new(),
    };
    json!({
        "calls": calls.len(),
        "requests": requests,
        "answers_429": answers_429,
        "attempts_below_http": below_http,
        "ok": ok,
        "ok_cached": cached,
        "failed_429": http429,
        "refused": refused,
        "other": other.values().sum::<u64>(),
        "other_kinds": other,
        "all_ms_p50": percentile(&all_ms, 50.0),
        "all_ms_p99": percentile(&all_ms, 99.0),
        "ok_ms_p50": percentile(&ok_ms, 50.0),
        "ok_ms_p99": percentile(&ok_ms, 99.0),
        "submit_us_p50": percentile(&submit_us, 50.0),
        "submit_us_p99": percentile(&submit_us, 99.0),
        "answered_s": answered_s,
        "last_ok_after_ms": match (first_submit, last_ok) { (Some(f), Some(l)) => json!(ms(l.duration_since(f))), _ => Value::Null },
    })
}

/// Per-operation summaries of a whole run, and the totals checked against the mock.
fn by_operation(run: &Run, ops: &[&'static str]) -> (Value, Value) {
    let calls = run.calls.lock().unwrap();
    let attempts = run.attempts.lock().unwrap();
    let mut out = serde_json::Map::new();
    for op in ops {
        let c: Vec<&Call> = calls.iter().filter(|c| c.op == *op).collect();
        let a: Vec<&Attempt> = attempts.iter().filter(|a| a.op == *op).collect();
        out.insert(op.to_string(), summary(&c, &a));
    }
    let logged = attempts.iter().filter(|a| a.status.is_some()).count() as u64;
    let check = json!({"mock_requests": run.mock_requests(), "logged_requests": logged, "agree": run.mock_requests() == logged});
    (Value::Object(out), check)
}

const JOIN_OPS: [&str; 2] = ["get_account_v2", "get_units_v2"];

fn joins(mode: &str, extra: Value, scale: f64, timeout_ms: u64) -> Result<Value, Error> {
    let run = Run::new(extra.clone(), timeout_ms)?;
    let every = Duration::from_secs_f64(0.25 * scale);
    let start = Instant::now();
    for i in 0..ACCOUNTS {
        sleep_until(start + every * i as u32);
        run.submit("get_account_v2", 0, &json!({"communityUserId": user(i + 1)}));
        run.submit("get_units_v2", 0, &json!({"serverId": 1}));
    }
    let all_done = run.wait_all();
    let seconds = start.elapsed().as_secs_f64();
    let (ops, check) = by_operation(&run, &JOIN_OPS);
    Ok(json!({
        "scenario": "joins", "mode": mode, "config": extra, "seconds": seconds, "all_completed": all_done,
        "ops": ops, "check": check, "budget": run.budgets(&JOIN_OPS),
    }))
}

fn status(mode: &str, extra: Value, scale: f64, timeout_ms: u64) -> Result<Value, Error> {
    let mut run = Run::new(extra.clone(), timeout_ms)?;
    let spacing = Duration::from_secs_f64(scale / UNITS as f64);
    let gap = Duration::from_secs_f64(10.0 * scale);
    let wave1_status = |i: usize| if i % 5 == 4 { 4 } else { 3 };
    let mut waves = Vec::new();
    let mut wave_start = Instant::now();
    let mut states = Vec::new();
    let mut wave_budgets = Vec::new();
    for wave in 0..2 {
        if wave == 1 {
            sleep_until(wave_start + spacing * (UNITS as u32 - 1) + gap);
            // What the first wave left, read just before the second starts.
            states.push(run.unit_statuses()?);
        }
        let start = Instant::now();
        for i in 0..UNITS {
            sleep_until(start + spacing * i as u32);
            let status = if wave == 0 { wave1_status(i) } else { 4 };
            run.submit("set_unit_status_v2", wave, &json!({"serverId": 1, "communityUserId": user(i + 1), "status": status}));
        }
        waves.push(start);
        wave_start = start;
        // The budget as the game would see it right after the wave's last submit.
        wave_budgets.push(run.budgets(&["set_unit_status_v2"]));
    }
    let all_done = run.wait_all();
    let seconds = waves[0].elapsed().as_secs_f64();
    states.push(run.unit_statuses()?);
    let calls = run.calls.lock().unwrap().clone();
    let attempts = run.attempts.lock().unwrap().clone();
    let mut out = Vec::new();
    for wave in 0..2 {
        let c: Vec<&Call> = calls.iter().filter(|c| c.group == wave).collect();
        // Requests are given to the wave whose time they fall in.
        let a: Vec<&Attempt> = attempts.iter().filter(|a| a.at >= waves[wave] && (wave == 1 || a.at < waves[1])).collect();
        let mut s = summary(&c, &a);
        let expected = |i: usize| if wave == 0 { wave1_status(i) } else { 4 };
        let showing = states[wave].iter().enumerate().filter(|(i, st)| **st == Some(expected(*i))).count();
        s["units_showing_wave_status"] = json!(showing);
        s["budget_after_submits"] = wave_budgets[wave].clone();
        s["last_ok_after_wave_start_ms"] = match s["last_ok_after_ms"].as_f64() {
            Some(_) => {
                let last = c.iter().filter_map(|c| match &c.done {
                    Some((at, Outcome::Ok { .. })) => Some(*at),
                    _ => None,
                });
                json!(last.max().map(|l| ms(l.duration_since(waves[wave]))))
            }
            None => Value::Null,
        };
        out.push(s);
    }
    let (_, check) = by_operation(&run, &["set_unit_status_v2"]);
    Ok(json!({
        "scenario": "status", "mode": mode, "config": extra, "seconds": seconds, "all_completed": all_done,
        "waves": out, "check": check, "budget": run.budgets(&["set_unit_status_v2"]),
    }))
}

fn poll(mode: &str, extra: Value, scale: f64, timeout_ms: u64) -> Result<Value, Error> {
    let run = Run::new(extra.clone(), timeout_ms)?;
    let every = Duration::from_secs_f64(5.0 * scale);
    let ticks = 12; // 0, 5, ..., 55 s: 60 s of polling
    let start = Instant::now();
    for tick in 0..ticks {
        sleep_until(start + every * tick);
        for _script in 0..3 {
            run.submit("get_calls_v2", tick as usize, &json!({"serverId": 1}));
        }
    }
    sleep_until(start + every * ticks);
    let polled_s = start.elapsed().as_secs_f64();
    let all_done = run.wait_all();
    let seconds = start.elapsed().as_secs_f64();
    let (ops, check) = by_operation(&run, &["get_calls_v2"]);
    let requests = ops["get_calls_v2"]["requests"].as_f64().unwrap_or(0.0);
    let last_answer_s =
        run.attempts.lock().unwrap().iter().map(|a| a.at.saturating_duration_since(start).as_secs_f64()).fold(0.0, f64::max);
    let span_s = polled_s.max(last_answer_s);
    Ok(json!({
        "scenario": "poll", "mode": mode, "config": extra, "seconds": seconds, "polled_s": polled_s, "all_completed": all_done,
        "span_s": span_s,
        "requests_per_minute": requests / span_s * 60.0,
        "ops": ops, "check": check, "budget": run.budgets(&["get_calls_v2"]),
    }))
}

// --- The markdown ---------------------------------------------------------------------------

fn f(v: &Value, k: &str) -> f64 {
    v[k].as_f64().unwrap_or(f64::NAN)
}

fn u(v: &Value, k: &str) -> u64 {
    v[k].as_u64().unwrap_or(0)
}

/// A time in ms: one decimal below 10 ms, whole ms above; "—" when there is none.
fn t(x: f64) -> String {
    if x.is_nan() {
        "—".into()
    } else if x < 10.0 {
        format!("{x:.1}")
    } else {
        let whole = x.round() as u64;
        if whole >= 1000 {
            format!("{},{:03}", whole / 1000, whole % 1000)
        } else {
            whole.to_string()
        }
    }
}

fn others(s: &Value) -> String {
    let n = u(s, "other");
    if n == 0 {
        return "0".into();
    }
    let kinds: Vec<String> = s["other_kinds"].as_object().map(|m| m.iter().map(|(k, v)| format!("{v} {k}")).collect()).unwrap_or_default();
    format!("{n} ({})", kinds.join(", "))
}

fn ok_cell(s: &Value) -> String {
    match u(s, "ok_cached") {
        0 => format!("{}", u(s, "ok")),
        c => format!("{} ({c} cached)", u(s, "ok")),
    }
}

fn requests_cell(s: &Value) -> String {
    match u(s, "attempts_below_http") {
        0 => u(s, "requests").to_string(),
        n => format!("{} (+{n} failed below HTTP)", u(s, "requests")),
    }
}

fn check_note(run: &Value) -> String {
    let c = &run["check"];
    if c["agree"].as_bool() == Some(true) {
        format!("mock: {}", u(c, "mock_requests"))
    } else {
        format!("mock: {} (**the log counted {}**)", u(c, "mock_requests"), u(c, "logged_requests"))
    }
}

fn budget_line(run: &Value) -> String {
    let parts: Vec<String> = run["budget"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(op, b)| match b.as_object() {
                    Some(_) => format!(
                        "`{op}` {}/{} left, resets in {} ms, {} queued",
                        u(b, "remaining"),
                        u(b, "limit"),
                        u(b, "resetInMs"),
                        u(b, "queued")
                    ),
                    None => format!("`{op}` {b}"),
                })
                .collect()
        })
        .unwrap_or_default();
    format!("{} {}: {}", run["scenario"].as_str().unwrap_or("?"), run["mode"].as_str().unwrap_or("?"), parts.join("; "))
}

fn ratio(off: f64, on: f64) -> String {
    if on > 0.0 {
        format!("{:.1}× fewer", off / on)
    } else {
        "none on".into()
    }
}

fn tables(joins: &[Value], status: &[Value], poll: &[Value]) -> String {
    let mut out = String::new();
    out.push_str("**1. 40 players join within 10 s** (one every 250 ms; each: `get_account_v2` of its own account, `get_units_v2` the same for all)\n\n");
    out.push_str("| mode | route | calls | requests the mock received | 429s seen | answered OK | refused by client pacing | other errors | answer ms, all calls p50 / p99 | OK calls p50 / p99 |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for run in joins {
        for op in JOIN_OPS {
            let s = &run["ops"][op];
            out.push_str(&format!(
                "| {} ({}) | `{op}` | {} | {} | {} | {} | {} | {} | {} / {} | {} / {} |\n",
                run["mode"].as_str().unwrap_or("?"),
                check_note(run),
                u(s, "calls"),
                requests_cell(s),
                u(s, "answers_429"),
                ok_cell(s),
                u(s, "refused"),
                others(s),
                t(f(s, "all_ms_p50")),
                t(f(s, "all_ms_p99")),
                t(f(s, "ok_ms_p50")),
                t(f(s, "ok_ms_p99")),
            ));
        }
    }
    out.push_str("\n**2. 30 units change status within 1 s, and again 10 s later** (`set_unit_status_v2` by `communityUserId`; wave 1: 24 to 3, 6 to 4; wave 2: all 30 to 4)\n\n");
    out.push_str("| mode | wave | calls | requests the mock received | 429s seen | answered OK | refused by client pacing | other errors | last change applied after, ms | answer ms, all p50 / p99 | OK p50 / p99 | units showing the wave's status afterwards |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for run in status {
        for (w, s) in run["waves"].as_array().into_iter().flatten().enumerate() {
            out.push_str(&format!(
                "| {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} | {} / {} | {} of {UNITS} |\n",
                run["mode"].as_str().unwrap_or("?"),
                check_note(run),
                w + 1,
                u(s, "calls"),
                requests_cell(s),
                u(s, "answers_429"),
                ok_cell(s),
                u(s, "refused"),
                others(s),
                t(f(s, "last_ok_after_wave_start_ms")),
                t(f(s, "all_ms_p50")),
                t(f(s, "all_ms_p99")),
                t(f(s, "ok_ms_p50")),
                t(f(s, "ok_ms_p99")),
                u(s, "units_showing_wave_status"),
            ));
        }
    }
    out.push_str("\n**3. Three scripts poll `get_calls_v2` every 5 s for 60 s** (the three at the same tick)\n\n");
    out.push_str("| mode | calls | requests the mock received (per minute, over the 60 s of polling or until the last answer) | 429s seen | answered OK | refused by client pacing | other errors | answer ms, all p50 / p99 | OK p50 / p99 |\n|---|---|---|---|---|---|---|---|---|\n");
    for run in poll {
        let s = &run["ops"]["get_calls_v2"];
        out.push_str(&format!(
            "| {} ({}) | {} | {} in {:.0} s: {:.1}/min | {} | {} | {} | {} | {} / {} | {} / {} |\n",
            run["mode"].as_str().unwrap_or("?"),
            check_note(run),
            u(s, "calls"),
            requests_cell(s),
            f(run, "span_s"),
            f(run, "requests_per_minute"),
            u(s, "answers_429"),
            ok_cell(s),
            u(s, "refused"),
            others(s),
            t(f(s, "all_ms_p50")),
            t(f(s, "all_ms_p99")),
            t(f(s, "ok_ms_p50")),
            t(f(s, "ok_ms_p99")),
        ));
    }
    // Off against on, per scenario, against the goal: zero 429s, several times fewer requests, faster answers.
    out.push_str("\n**Off against on** (the issue's goal: zero 429s, several times fewer requests, faster answers)\n\n");
    out.push_str("| scenario | requests, off → on | 429s seen, off / on | answered OK, off → on | answer ms of all calls p50 / p99, off → on | game thread per `submit`, µs p99 off / on |\n|---|---|---|---|---|---|\n");
    let totals = |runs: &[&Value]| {
        // Sums over the run's groups (routes or waves); the times are shown group by group.
        let mut requests = 0u64;
        let mut answers_429 = 0u64;
        let mut ok = 0u64;
        let mut calls = 0u64;
        let mut times = Vec::new();
        let mut submit = 0f64;
        for run in runs {
            let groups: Vec<&Value> = match run["ops"].as_object() {
                Some(m) => m.values().collect(),
                None => run["waves"].as_array().map(|a| a.iter().collect()).unwrap_or_default(),
            };
            for s in groups {
                requests += u(s, "requests");
                answers_429 += u(s, "answers_429");
                ok += u(s, "ok");
                calls += u(s, "calls");
                times.push(format!("{} / {}", t(f(s, "all_ms_p50")), t(f(s, "all_ms_p99"))));
                submit = submit.max(f(s, "submit_us_p99"));
            }
        }
        (requests, answers_429, ok, calls, times.join("; "), submit)
    };
    let row = |name: &str, off: &Value, on: &Value| {
        let (r0, e0, ok0, c0, t0, s0) = totals(&[off]);
        let (r1, e1, ok1, c1, t1, s1) = totals(&[on]);
        format!(
            "| {name} | {r0} → {r1} ({}) | {e0} / {e1} | {ok0} of {c0} → {ok1} of {c1} | {t0} → {t1} | {s0:.1} / {s1:.1} |\n",
            ratio(r0 as f64, r1 as f64)
        )
    };
    if let [off, on] = joins {
        out.push_str(&row("1. joins (`get_account_v2`; `get_units_v2`)", off, on));
    }
    if let [off, on] = status {
        out.push_str(&row("2. status waves (wave 1; wave 2)", off, on));
    }
    if let [off, coalesce, cache] = poll {
        out.push_str(&row("3. polling, coalescing only", off, coalesce));
        out.push_str(&row("3. polling, cache 30 s", off, cache));
    }
    out.push_str("\nBudget left at the end of each run (`Client::budget`):\n\n");
    for run in joins.iter().chain(status).chain(poll) {
        out.push_str(&format!("- {}\n", budget_line(run)));
    }
    out.push_str("\nBudget right after each status wave's last submit:\n\n");
    for run in status {
        for (w, s) in run["waves"].as_array().into_iter().flatten().enumerate() {
            let wave = json!({"scenario": format!("status wave {}", w + 1), "mode": run["mode"], "budget": s["budget_after_submits"]});
            out.push_str(&format!("- {}\n", budget_line(&wave)));
        }
    }
    out
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    let scale: f64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1.0);
    let timeout_ms: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(30_000);
    let off = json!({"coalesceReads": false, "mergeWrites": false});
    let mut j = Vec::new();
    for (mode, extra) in [("off", off.clone()), ("on", json!({"cache": {"get_units_v2": 60000, "get_account_v2": 120000}}))] {
        let run = joins(mode, extra, scale, timeout_ms)?;
        println!("{run}");
        j.push(run);
    }
    let mut s = Vec::new();
    for (mode, extra) in [("off", off.clone()), ("on", json!({}))] {
        let run = status(mode, extra, scale, timeout_ms)?;
        println!("{run}");
        s.push(run);
    }
    let mut p = Vec::new();
    for (mode, extra) in
        [("off", off.clone()), ("on, coalescing only", json!({})), ("on, cache 30 s", json!({"cache": {"get_calls_v2": 30000}}))]
    {
        let run = poll(mode, extra, scale, timeout_ms)?;
        println!("{run}");
        p.push(run);
    }
    print!("{}", tables(&j, &s, &p));
    Ok(())
}
