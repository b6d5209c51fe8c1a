//! The panel helper at tick cadence: a presser thread stands in for CAD users pressing
//! controls (`POST /_mock/panels/actions`) while the game thread, at 60 ticks a second, runs
//! `Panel::handle` once a tick; the hub delivers every action by push. Measures the actions
//! handled and acknowledged per second (first press to last acknowledgement), the game
//! thread's CPU time per action (`CLOCK_THREAD_CPUTIME_ID` around each `handle`, divided by
//! the actions it ran) and per tick, the latency from press to handler, and the recovery polls
//! sent. Usage: panel_bench ACTIONS RATE_PER_SECOND. Prints a Markdown table.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sonoran::api::integration_panels::PanelOptions;
use sonoran::models::ActionResult;
use sonoran::{Client, Config};
use sonoran_bench::{percentile, sorted, thread_cpu_ns};
use sonoran_mock::{MockOptions, MockServer};

fn main() {
    let mut args = std::env::args().skip(1);
    let actions: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let rate: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200.0);
    // Limits off on the mock and the client: 2000 acknowledgements at the route's 240 a
    // minute would take eight minutes; this measures the helper, not the budget.
    let options = MockOptions { v2_rate_limit: None, panel_action_lifetime: Duration::from_secs(600), ..MockOptions::default() };
    let mock = MockServer::start_with(options).expect("the mock starts");
    let config = Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url()).without_rate_limits();
    let client = Client::new(config).expect("a client");
    let mut options = PanelOptions::new("doors");
    options.definition =
        Some(json!({"schemaVersion": 1, "key": "doors", "name": "Door Locks", "body": [{"type": "text", "text": "Doors"}]}));
    let panel = client.panel(options).expect("the panel opens");
    let settle = Instant::now();
    while !(panel.status().polls == 1
        && client.events_status().hub.is_some_and(|h| h.sessions == 1)
        && panel.status().definition == "published")
    {
        assert!(settle.elapsed() < Duration::from_secs(20), "the panel did not start: {:?}", panel.status());
        std::thread::sleep(Duration::from_millis(5));
    }
    let url = mock.url().to_string();
    let started = Instant::now();
    let presser = std::thread::spawn(move || {
        let http = reqwest::blocking::Client::new();
        let mut pressed_at = Vec::with_capacity(actions);
        for n in 0..actions {
            let due = started + Duration::from_secs_f64(n as f64 / rate);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let body =
                json!({"serverId": 1, "panelKey": "doors", "instanceKey": "default", "actionId": "door.set-locked", "values": {"n": n}});
            pressed_at.push(Instant::now());
            let sent = http.post(format!("{url}/_mock/panels/actions")).header("content-type", "application/json").body(body.to_string());
            let answer = sent.send().expect("pressed");
            assert!(answer.status().is_success());
        }
        pressed_at
    });
    let tick = Duration::from_secs_f64(1.0 / 60.0);
    let mut handled_at = vec![None; actions];
    let (mut cpu_ns, mut ticks, mut busy_ticks, mut per_tick) = (0u64, 0u64, 0u64, Vec::new());
    let mut next = Instant::now();
    loop {
        let c0 = thread_cpu_ns();
        let ran = panel.handle(|action| {
            if let Some(n) = action.values["n"].as_u64() {
                handled_at[n as usize] = Some(Instant::now());
            }
            ActionResult { success: true, message: Some("Locked".into()), result: None }
        });
        let spent = thread_cpu_ns() - c0;
        cpu_ns += spent;
        ticks += 1;
        if ran > 0 {
            busy_ticks += 1;
            per_tick.push(spent as f64 / 1000.0);
        }
        if panel.status().acked as usize >= actions {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "not done: {:?}", panel.status());
        next += tick;
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
    }
    let elapsed = started.elapsed();
    let pressed_at = presser.join().expect("the presser");
    let status = panel.status();
    let latency = sorted(
        pressed_at.iter().zip(&handled_at).filter_map(|(p, h)| h.map(|h| h.duration_since(*p).as_secs_f64() * 1000.0)).collect::<Vec<_>>(),
    );
    let acks =
        reqwest::blocking::get(format!("{}/_mock/panels/acks?panelKey=doors", mock.url())).and_then(|r| r.text()).unwrap_or_default();
    let acks: Value = serde_json::from_str(&acks).unwrap_or(Value::Null);
    let acked_once = acks["acks"].as_array().map_or(0, |a| a.iter().filter(|a| a["count"] == 1).count());
    let per_tick = sorted(per_tick);
    println!("| measure | value |");
    println!("|---|---|");
    println!("| actions pressed ({rate:.0} a second, hub up) | {actions} |");
    println!("| handled once / acknowledged once (mock) | {} / {acked_once} |", status.handled);
    println!("| actions handled and acknowledged per second (first press to last ack) | {:.0} |", actions as f64 / elapsed.as_secs_f64());
    println!("| game thread CPU per action (µs, `handle` incl. the result handed back) | {:.1} |", cpu_ns as f64 / 1000.0 / actions as f64);
    println!(
        "| game thread CPU per tick with actions, p50 / p99 (µs) | {:.1} / {:.1} |",
        percentile(&per_tick, 50.0),
        percentile(&per_tick, 99.0)
    );
    println!("| game thread CPU per tick, all {ticks} ticks (µs) | {:.1} |", cpu_ns as f64 / 1000.0 / ticks as f64);
    println!("| ticks with actions | {busy_ticks} |");
    println!(
        "| press to handler, p50 / p99 (ms; ticks are 16.7 ms) | {:.1} / {:.1} |",
        percentile(&latency, 50.0),
        percentile(&latency, 99.0)
    );
    println!("| recovery polls (start only) / duplicates / expired | {} / {} / {} |", status.polls, status.duplicates, status.expired);
}
