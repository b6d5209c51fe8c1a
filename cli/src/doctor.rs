//! `sonoran doctor`: the questions a community owner asks first, each answered by one check
//! with a ✓ or ✗ line and, when it fails, what to do. Exit code 0 only when no check failed.

use std::net::ToSocketAddrs;
use std::time::Duration;

use clap::Args;
use serde_json::{json, Value};
use sonoran::push::EventOptions;
use sonoran::ErrorKind;

use crate::output::{Out, BAD, DIM, GOOD, NOTE};
use crate::setup::Setup;
use crate::{Failure, Outcome};

/// `sonoran doctor`.
#[derive(Args)]
pub struct DoctorArgs {
    /// Also check that a push event reaches a listener on this address (`127.0.0.1:3232`):
    /// the mock is asked to send one (the real API sends events only for changes in the CAD).
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// Print the checks as one JSON object, for scripts.
    #[arg(long)]
    json: bool,
}

/// How a check came out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Pass,
    Fail,
    /// Not run (an earlier check failed, or it cannot be run here): not a failure.
    Skip,
}

/// One check's line.
struct Check {
    name: &'static str,
    verdict: Verdict,
    detail: String,
    /// What to do when it failed.
    hint: Option<String>,
}

/// The lowest plan with API access, as the API pages say ("requires the Plus version of
/// Sonoran CAD or higher").
const LOWEST_API_PLAN: i64 = 3;

impl Check {
    fn pass(name: &'static str, detail: impl Into<String>) -> Check {
        Check { name, verdict: Verdict::Pass, detail: detail.into(), hint: None }
    }
    fn fail(name: &'static str, detail: impl Into<String>, hint: impl Into<String>) -> Check {
        Check { name, verdict: Verdict::Fail, detail: detail.into(), hint: Some(hint.into()) }
    }
    fn skip(name: &'static str, detail: impl Into<String>) -> Check {
        Check { name, verdict: Verdict::Skip, detail: detail.into(), hint: None }
    }

    fn to_value(&self) -> Value {
        let verdict = match self.verdict {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Skip => "skip",
        };
        json!({"check": self.name, "result": verdict, "detail": self.detail, "hint": self.hint})
    }
}

/// The checks so far, printed as they come (unless `--json`).
struct Report<'a> {
    checks: Vec<Check>,
    out: &'a mut Out,
    json: bool,
}

impl Report<'_> {
    fn add(&mut self, check: Check) {
        if !self.json {
            let (mark, style) = match check.verdict {
                Verdict::Pass => ("✓", GOOD),
                Verdict::Fail => ("✗", BAD),
                Verdict::Skip => ("-", NOTE),
            };
            // Wrapped to 80 columns, continuation lines indented under the text.
            let text = format!("{mark} {}: {}", check.name, check.detail);
            for (i, line) in textwrap::wrap(&text, textwrap::Options::new(80).subsequent_indent("  ")).iter().enumerate() {
                let line = if i == 0 { format!("{}{}", Out::styled(style, mark), &line[mark.len()..]) } else { line.to_string() };
                self.out.line(line);
            }
            if let Some(hint) = &check.hint {
                let hint = format!("→ {hint}");
                for line in textwrap::wrap(&hint, textwrap::Options::new(80).initial_indent("    ").subsequent_indent("      ")) {
                    self.out.line(Out::styled(DIM, line));
                }
            }
        }
        self.checks.push(check);
    }

    fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.verdict == Verdict::Fail)
    }
}

/// Runs `sonoran doctor`.
pub fn run(args: &DoctorArgs, setup: &Setup, out: &mut Out) -> Result<Outcome, Failure> {
    if !args.json {
        let against = if setup.mock.is_some() { " (the embedded mock)" } else { "" };
        out.line(format!(
            "sonoran doctor: community {} at {}{against}, server {}",
            setup.config.community_id, setup.config.api_url, setup.server_id
        ));
    }
    let mut report = Report { checks: Vec::new(), out, json: args.json };
    checks(args, setup, &mut report);
    let ok = !report.failed();
    if args.json {
        let checks: Vec<Value> = report.checks.iter().map(Check::to_value).collect();
        report.out.json(&json!({"ok": ok, "checks": checks}));
    } else if ok {
        report.out.line(Out::styled(GOOD, "every check passed"));
    } else {
        let failed = report.checks.iter().filter(|c| c.verdict == Verdict::Fail).count();
        report.out.line(Out::styled(BAD, format!("{failed} check(s) failed")));
    }
    Ok(if ok { Outcome::Done } else { Outcome::Failed })
}

/// The checks, in the order their answers depend on each other.
fn checks(args: &DoctorArgs, setup: &Setup, report: &mut Report<'_>) {
    let client = &setup.client;
    // 1. The URL and its host.
    let url = match reqwest::Url::parse(&setup.config.api_url) {
        Ok(url) => url,
        Err(e) => {
            return report.add(Check::fail(
                "API URL",
                format!("{} is not a URL: {e}", setup.config.api_url),
                "fix apiUrl / SONORAN_API_URL",
            ))
        }
    };
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    match (host.as_str(), port).to_socket_addrs() {
        Ok(mut addrs) => {
            let first = addrs.next().map(|a| a.ip().to_string()).unwrap_or_default();
            report.add(Check::pass("API URL", format!("{host} resolves ({first})")));
        }
        Err(e) => {
            return report.add(Check::fail(
                "API URL",
                format!("{host} does not resolve: {e}"),
                "check apiUrl / SONORAN_API_URL (default https://api.sonorancad.com) and this machine's DNS",
            ))
        }
    }

    // 2. Reach, TLS, key: one cheap authenticated read, which also answers the plan.
    let version = client.call("get_version_v2", &json!({}));
    let tls = if url.scheme() == "https" { "TLS verified" } else { "plain HTTP (loopback)" };
    match &version {
        Err(e) if matches!(e.kind, ErrorKind::Network | ErrorKind::Timeout) => {
            let hint = if e.message.to_lowercase().contains("certificate") || e.message.to_lowercase().contains("tls") {
                "the server's certificate does not verify: a proxy in between? for a private CA set caCertPath in --config"
            } else {
                "is the URL right, and is outbound HTTPS (443) allowed from this machine?"
            };
            return report.add(Check::fail("reach", format!("{}: {}", e.kind.as_str(), e.message), hint));
        }
        _ => report.add(Check::pass("reach", format!("{} answers; {tls}", setup.config.api_url))),
    }
    let plan = match version {
        Ok(answer) => {
            report.add(Check::pass("community and key", format!("accepted (get_version_v2, community {})", setup.config.community_id)));
            answer.body.to_value()
        }
        Err(e) if e.kind == ErrorKind::Unauthorized => {
            return report.add(Check::fail(
                "community and key",
                format!("refused: {}", e.message),
                "copy the community id and API key again from the CAD (Admin > Advanced > API); a key belongs to one community",
            ))
        }
        Err(e) => {
            return report.add(Check::fail(
                "community and key",
                format!("{}: {}", e.kind.as_str(), e.message),
                "see the error kind in docs/troubleshooting.md",
            ))
        }
    };

    // 3. The plan.
    let number = plan["version"].as_i64().unwrap_or(-1);
    let name = plan["name"].as_str().unwrap_or("unknown").to_string();
    if number >= LOWEST_API_PLAN {
        report.add(Check::pass(
            "plan",
            format!("{name} ({number}): the API (every area: accounts, units, calls, map, records, panels) and push events"),
        ));
    } else {
        report.add(Check::fail(
            "plan",
            format!("{name} ({number}): the API needs Plus (3) or higher"),
            "upgrade the community's plan (CAD > Admin > Subscription)",
        ));
    }

    // 4. The server.
    let servers = client.call("get_servers_v2", &json!({}));
    let mut registered_listener = None;
    match servers {
        Ok(answer) => {
            let body = answer.body.to_value();
            let list = body["servers"].as_array().cloned().unwrap_or_default();
            let ids: Vec<String> = list.iter().filter_map(|s| s["id"].as_u64()).map(|id| id.to_string()).collect();
            match list.iter().find(|s| s["id"].as_u64() == Some(setup.server_id)) {
                Some(server) => {
                    let name = server["name"].as_str().unwrap_or("");
                    let ip = server["mapIp"].as_str().unwrap_or("");
                    let port = match &server["listenerPort"] {
                        Value::String(p) => p.clone(),
                        Value::Number(p) => p.to_string(),
                        _ => String::new(),
                    };
                    let listener = if ip.is_empty() || port.is_empty() {
                        "no listener registered (events come over the hub only)".to_string()
                    } else {
                        let url = format!("http://{ip}:{port}/sonorancad/event");
                        registered_listener = Some(url.clone());
                        format!("listener {url}")
                    };
                    report.add(Check::pass("server", format!("{} {name:?} is configured; {listener}", setup.server_id)));
                }
                None => report.add(Check::fail(
                    "server",
                    format!("{} is not among the community's servers ({})", setup.server_id, ids.join(", ")),
                    "use one of them (--server-id, SONORAN_SERVER_ID or defaultServerId), or add it in the CAD (Admin > Advanced > In-Game Integration) or with `sonoran call set_servers_v2`",
                )),
            }
        }
        Err(e) => report.add(Check::fail(
            "server",
            format!("get_servers_v2: {}: {}", e.kind.as_str(), e.message),
            "see the error kind in docs/troubleshooting.md",
        )),
    }

    // 5. The budgets of the routes called, as the server reported them.
    let mut budgets = Vec::new();
    let mut exhausted = Vec::new();
    for route in ["get_version_v2", "get_servers_v2"] {
        if let Ok(Some(b)) = client.budget(route) {
            budgets.push(format!("{route} {}/{} left (window {} s)", b.remaining, b.limit, b.period_ms / 1000));
            if b.remaining == 0 {
                exhausted.push(route);
            }
        }
    }
    match (budgets.is_empty(), exhausted.is_empty()) {
        (true, _) => report.add(Check::skip("budgets", "pacing is off (rateLimits)")),
        (false, true) => report.add(Check::pass("budgets", budgets.join(", "))),
        (false, false) => report.add(Check::fail(
            "budgets",
            budgets.join(", "),
            format!("{} spent: another server or script shares this key; `sonoran budget` shows every route", exhausted.join(", ")),
        )),
    }

    // 6. The hub.
    let spinner = spinner(report.out, "connecting to the hub");
    let hub = EventOptions::from_value(&json!({"serverId": setup.server_id, "waitMs": 10_000})).and_then(|o| client.start_events(&o));
    spinner.finish_and_clear();
    let hub = hub.map(|status| status.hub);
    client.stop_events();
    match hub {
        Ok(Some(hub)) if hub.state.as_str() == "connected" => {
            report.add(Check::pass("hub", format!("a session authenticated for server {} ({})", setup.server_id, hub.url)))
        }
        Ok(Some(hub)) if hub.state.as_str() == "unauthorized" => report.add(Check::fail(
            "hub",
            format!("authenticatev2 refused: {}", hub.error.unwrap_or_default()),
            "the hub takes the same community id, key and serverId: check the server id",
        )),
        Ok(Some(hub)) => report.add(Check::fail(
            "hub",
            format!("not connected within 10 s ({}): {}", hub.state.as_str(), hub.error.unwrap_or_default()),
            "outbound WebSockets to the API blocked? Events then reach only a listener (--listen)",
        )),
        Ok(None) => report.add(Check::skip("hub", "not started")),
        Err(e) => report.add(Check::fail("hub", e.message, "this build has no push events (feature push)")),
    }

    // 7. A listener, when asked.
    if let Some(addr) = &args.listen {
        listener_check(setup, addr, registered_listener, report);
    }
}

/// Starts a listener on `addr`, has the mock send it an event, and waits for it.
fn listener_check(setup: &Setup, addr: &str, registered: Option<String>, report: &mut Report<'_>) {
    let client = &setup.client;
    let started = EventOptions::from_value(&json!({"serverId": setup.server_id, "websocket": false, "listen": addr}))
        .and_then(|o| client.start_events(&o));
    let url = match started {
        Ok(status) => status.listener.unwrap_or_default(),
        Err(e) => return report.add(Check::fail("listener", e.message, "is the address free, and is it host:port?")),
    };
    let Some(mock) = setup.mock_url() else {
        client.stop_events();
        let registered = registered.unwrap_or_else(|| "none".into());
        return report.add(Check::skip(
            "listener",
            format!("listening on {url}; only the mock can be asked for a test event (registered: {registered}); run `sonoran events listen --listen {addr}` and change something in the CAD"),
        ));
    };
    // The mock sends to the listener registered for the server: register this one there.
    let port = url.rsplit(':').next().and_then(|rest| rest.split('/').next()).unwrap_or_default().to_string();
    let servers = client.call("get_servers_v2", &json!({})).map(|a| a.body.to_value());
    let mut list = servers.ok().and_then(|v| v["servers"].as_array().cloned()).unwrap_or_default();
    for server in &mut list {
        if server["id"].as_u64() == Some(setup.server_id) {
            server["mapIp"] = "127.0.0.1".into();
            server["listenerPort"] = port.clone().into();
        }
    }
    if let Err(e) = client.call("set_servers_v2", &json!({"servers": list})) {
        client.stop_events();
        return report.add(Check::fail(
            "listener",
            format!("cannot register {url} on the mock: {}", e.message),
            "is the server configured?",
        ));
    }
    let emitted =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(15)).build().map_err(|e| e.to_string()).and_then(|c| {
            c.post(format!("{mock}/_mock/events/emit"))
                .header("content-type", "application/json")
                .body(json!({"serverId": setup.server_id, "type": "EVENT_911"}).to_string())
                .send()
                .map_err(|e| e.to_string())
        });
    if let Err(e) = emitted {
        client.stop_events();
        return report.add(Check::fail("listener", format!("the mock did not send the event: {e}"), "is the mock running?"));
    }
    let event = client.wait_event(Duration::from_secs(10));
    client.stop_events();
    match event {
        Some(event) if event.via.as_str() == "http" => {
            report.add(Check::pass("listener", format!("{} from the mock reached {url}", event.event_type)))
        }
        Some(event) => report.add(Check::fail(
            "listener",
            format!("{} came over {}, not the listener", event.event_type, event.via.as_str()),
            "another hub session for this server is up",
        )),
        None => report.add(Check::fail(
            "listener",
            format!("no event reached {url} within 10 s"),
            "is a firewall in the way, and is the registered listenerPort this port?",
        )),
    }
}

/// A spinner on standard error while something waits (drawn only on a terminal).
pub fn spinner(out: &Out, what: &str) -> indicatif::ProgressBar {
    let spinner = if out.terminal { indicatif::ProgressBar::new_spinner() } else { indicatif::ProgressBar::hidden() };
    spinner.set_message(what.to_string());
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}
