//! The `sonoran` binary end to end against the mock, over loopback: `doctor` passing and
//! failing with the right line and exit code, `call` refusing bad parameters before sending,
//! `ops`, `events listen` over the hub and over HTTP (and SIGINT), `units --watch` redrawn in
//! a pseudo-terminal after a CAD-side change, `budget`; and the API key in no output at all.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{json, Value};
use sonoran_mock::{MockOptions, MockServer};

/// The key every test's mock takes: distinctive, so that the scan below cannot miss it.
const KEY: &str = "cli-test-key-7f3a9c";
const COMMUNITY: &str = "cli-community";

/// How many outputs were scanned for the key (each test's own scan asserts on its own).
static SCANNED: Mutex<usize> = Mutex::new(0);

fn mock_with(options: MockOptions) -> MockServer {
    MockServer::start_with(MockOptions { api_key: KEY.into(), community_id: COMMUNITY.into(), ..options }).expect("mock")
}

fn mock() -> MockServer {
    mock_with(MockOptions::default())
}

/// The binary, configured for `mock` through the environment (as a user would).
fn sonoran(mock: &MockServer) -> Command {
    let mut command = Command::cargo_bin("sonoran").expect("binary");
    command
        .env("SONORAN_COMMUNITY_ID", COMMUNITY)
        .env("SONORAN_API_KEY", KEY)
        .env("SONORAN_API_URL", mock.url())
        .env_remove("SONORAN_SERVER_ID")
        .env("NO_COLOR", "1");
    command
}

/// Runs it; answers (exit code, stdout, stderr), keeping both for the scan.
fn run(command: &mut Command) -> (i32, String, String) {
    let output = command.output().expect("run");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout).to_string(), String::from_utf8_lossy(&output.stderr).to_string());
    scan(&stdout);
    scan(&stderr);
    (output.status.code().unwrap_or(-1), stdout, stderr)
}

fn scan(text: &str) {
    assert!(!text.contains(KEY), "the API key was printed:\n{text}");
    *SCANNED.lock().unwrap() += 1;
}

fn post(mock: &MockServer, path: &str, body: Value) {
    let response = reqwest::blocking::Client::new()
        .post(format!("{}{path}", mock.url()))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .expect("control route");
    assert!(response.status().is_success(), "{path}: {}", response.status());
}

#[test]
fn doctor_passes_against_a_good_mock_and_with_the_embedded_one() {
    let mock = mock();
    let (code, out, _) = run(sonoran(&mock).args(["doctor", "--listen", "127.0.0.1:0"]));
    assert_eq!(code, 0, "{out}");
    for check in ["API URL", "reach", "community and key", "plan", "server", "budgets", "hub", "listener"] {
        assert!(out.contains(&format!("✓ {check}: ")), "no passing {check} line:\n{out}");
    }
    assert!(out.contains("plan: PRO (4)") && out.contains("every check passed"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "80 columns:\n{out}");

    let mut embedded = Command::cargo_bin("sonoran").unwrap();
    embedded.args(["doctor", "--mock", "--json"]).env_remove("SONORAN_API_KEY").env_remove("SONORAN_COMMUNITY_ID");
    let (code, out, _) = run(&mut embedded);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).expect("--json is JSON");
    assert_eq!(report["ok"], true);
    assert_eq!(report["checks"].as_array().unwrap().len(), 7, "{report}");
    assert!(report["checks"].as_array().unwrap().iter().all(|c| c["result"] == "pass"), "{report}");
}

#[test]
fn doctor_fails_with_the_right_line_for_a_wrong_key_a_server_a_low_plan_and_a_mock_down() {
    let mock = mock();
    let (code, out, _) = run(sonoran(&mock).env("SONORAN_API_KEY", "not-the-key").arg("doctor"));
    assert_eq!(code, 1);
    assert!(out.contains("✗ community and key: refused") && out.contains("1 check(s) failed"), "{out}");
    assert!(!out.contains("not-the-key"), "a wrong key is not printed either:\n{out}");

    let (code, out, _) = run(sonoran(&mock).args(["--server-id", "9", "doctor"]));
    assert_eq!(code, 1);
    assert!(out.contains("✗ server: 9 is not among the community's servers (1, 2)"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "hints wrap at 80 columns:\n{out}");

    let low = mock_with(MockOptions { plan: 1, ..MockOptions::default() });
    let (code, out, _) = run(sonoran(&low).arg("doctor"));
    assert_eq!(code, 1);
    assert!(out.contains("✗ plan: STARTER (1): the API needs Plus (3) or higher"), "{out}");
    assert!(out.contains("✓ server:") && out.contains("✓ hub:"), "the other checks still run:\n{out}");

    let down = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let (code, out, _) = run(sonoran(&mock).env("SONORAN_API_URL", &down).arg("doctor"));
    assert_eq!(code, 1);
    assert!(out.contains("✗ reach: network:") && out.contains("Connection refused"), "{out}");

    // Nothing to connect as: one line naming what to set.
    let mut bare = Command::cargo_bin("sonoran").unwrap();
    bare.arg("doctor").env_remove("SONORAN_API_KEY").env_remove("SONORAN_COMMUNITY_ID");
    let (code, _, err) = run(&mut bare);
    assert_eq!(code, 1);
    assert!(err.contains("no communityId: set SONORAN_COMMUNITY_ID") && err.lines().count() == 1, "{err}");
}

#[test]
fn call_checks_parameters_before_sending_and_prints_the_envelope() {
    let mock = mock();
    let before = mock.request_count();
    let (code, out, err) = run(sonoran(&mock).args(["call", "set_unit_status_v2", "identIds=abc", "status=2"]));
    assert_eq!(code, 1);
    let envelope: Value = serde_json::from_str(&out).expect("an envelope");
    assert_eq!(envelope["kind"], "invalid_argument");
    assert!(err.contains("`identIds` must be a list of integers (invalid_argument)"), "{err}");
    let (code, _, err) = run(sonoran(&mock).args(["call", "set_unit_status_v2", "identIds=[1]"]));
    assert_eq!(code, 1);
    assert!(err.contains("status"), "the missing field is named: {err}");
    assert_eq!(mock.request_count(), before, "nothing was sent");

    let (code, out, _) = run(sonoran(&mock).args(["call", "set_unit_status_v2", "identIds=[1]", "status=3"]));
    assert_eq!(code, 0, "{out}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["success"], true);
    // The Lua name and --json work too; text parameters stay text.
    let (code, out, _) = run(sonoran(&mock).args(["call", "getUnitsV2", "--raw", "--json", r#"{"onlyUnits": false}"#]));
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "--raw is one line");
    let units: Value = serde_json::from_str(&out).unwrap();
    assert!(units["data"].as_array().unwrap().iter().any(|u| u["id"] == 1 && u["status"] == 3), "{units}");
    let (code, _, err) = run(sonoran(&mock).args(["call", "get_unit_v9"]));
    assert_eq!(code, 1);
    assert!(err.contains("no operation \"get_unit_v9\""), "{err}");
}

#[test]
fn ops_lists_every_operation_and_details_one() {
    let (code, out, _) = run(Command::cargo_bin("sonoran").unwrap().arg("ops"));
    assert_eq!(code, 0);
    assert!(out.contains(&format!("{} operations", sonoran::api::all().count())), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "80 columns:\n{out}");
    let (code, out, _) = run(Command::cargo_bin("sonoran").unwrap().args(["ops", "set_unit_status_v2"]));
    assert_eq!(code, 0);
    assert!(out.contains("PATCH /v2/emergency/servers/{serverId}/units/status") && out.contains("30 requests per minute"), "{out}");
    assert!(out.contains("status                 required: one of 0, 1, 2, 3, 4, 100"), "{out}");
}

/// A running `sonoran events listen`, its lines read on a thread.
struct Listening {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Listening {
    fn start(command: &mut Command) -> Listening {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                scan(&line);
                let _ = tx.send(line);
            }
        });
        Listening { child, lines }
    }

    /// The next line holding `needle`, within 20 s.
    fn until(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            if line.contains(needle) {
                return line;
            }
        }
        panic!("no line with {needle:?}");
    }

    /// SIGINT, as Ctrl-C sends it; answers the exit code.
    fn interrupt(self) -> i32 {
        self.signal(libc::SIGINT)
    }

    /// Sends `signal`; answers the exit code.
    fn signal(mut self, signal: i32) -> i32 {
        // SAFETY: a plain kill(2) of our own child.
        unsafe { libc::kill(self.child.id() as i32, signal) };
        let status = self.child.wait().expect("wait");
        let mut err = String::new();
        std::io::Read::read_to_string(&mut self.child.stderr.take().unwrap(), &mut err).unwrap();
        scan(&err);
        status.code().unwrap_or(-1)
    }
}

#[test]
fn events_listen_prints_what_the_mock_sends_over_the_hub_and_http_and_stops_on_sigint() {
    let mock = mock();
    let listening = Listening::start(sonoran(&mock).args(["events", "listen"]));
    listening.until("listening: hub ws://");
    mock.emit(1, "EVENT_911", None).expect("emitted");
    let line = listening.until("911");
    assert!(line.contains(" hub ") && line.contains("John Doe at 1234 E Hawick Ave: This is a"), "{line}");
    assert!(line.chars().count() <= 80, "{line}");
    mock.emit(1, "EVENT_UNIT_STATUS", None).expect("emitted");
    listening.until("UNIT_STATUS");
    assert_eq!(listening.interrupt(), 0, "Ctrl-C is a clean stop");
    assert!(mock.hub_sessions().is_empty() || wait_until(|| mock.hub_sessions().is_empty()), "the hub session was closed");

    // Over HTTP: the listener registered as the server's listenerPort.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let config = sonoran::Config::new(COMMUNITY, KEY).with_api_url(mock.url());
    let client = sonoran::Client::new(config).unwrap();
    client
        .call("set_servers_v2", &json!({"servers": [{"id": 1, "name": "Main", "mapIp": "127.0.0.1", "listenerPort": port.to_string()}, {"id": 2, "name": "Second"}]}))
        .expect("servers set");
    let addr = format!("127.0.0.1:{port}");
    let listening =
        Listening::start(sonoran(&mock).args(["events", "listen", "--no-hub", "--listen", &addr, "--types", "EVENT_911", "--json"]));
    std::thread::sleep(Duration::from_millis(500));
    mock.emit(1, "EVENT_UNIT_PANIC", None).expect("emitted (filtered out)");
    mock.emit(1, "EVENT_911", None).expect("emitted over http");
    let line = listening.until("EVENT_911");
    let event: Value = serde_json::from_str(&line).expect("--json is one JSON line");
    assert_eq!(event["via"], "http");
    assert!(event.get("key").is_none() && event["data"].get("key").is_none());
    assert_eq!(listening.interrupt(), 0);
    assert!(std::net::TcpStream::connect(&addr).is_err(), "the listener is closed");
}

fn wait_until(cond: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if cond() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[test]
fn units_watch_redraws_in_a_terminal_after_a_cad_side_change() {
    let mock = mock();
    let binary = assert_cmd::cargo::cargo_bin("sonoran");
    let command = format!(
        "env NO_COLOR=1 SONORAN_COMMUNITY_ID={COMMUNITY} SONORAN_API_KEY={KEY} SONORAN_API_URL={} {} units --watch",
        mock.url(),
        binary.display()
    );
    let mut session = rexpect::spawn(&command, Some(30_000)).expect("a pseudo-terminal");
    let (before, _) = session.exp_regex("mirror v[0-9]+ complete").expect("the first frame");
    assert!(before.contains("A-10") && before.contains("Brian Sosnowski") && before.contains("AVAILABLE"), "{before}");
    assert!(before.contains("\x1b[H\x1b[2J"), "redrawn in place on a terminal");
    post(&mock, "/_mock/units/1/status", json!({"status": 4}));
    let frame = session.exp_string("ON_SCENE").expect("the change is drawn");
    assert!(!frame.contains(KEY));
    session.send_control('c').unwrap();
    session.exp_string("stopped").expect("Ctrl-C stops");
    scan(&before);
    scan(&frame);
    // Only the first read went to the API: the change came by push event.
    assert_eq!(mock.route_stats().get("get_units_v2").map(|s| s.requests), Some(1));
}

#[test]
fn units_calls_and_budget_print_tables_within_80_columns() {
    let mock = mock();
    let (code, units, _) = run(sonoran(&mock).arg("units"));
    assert_eq!(code, 0);
    assert!(units.contains("DISP-1") && units.contains("get_units_v2 2/3 left"), "{units}");
    let (code, calls, _) = run(sonoran(&mock).arg("calls"));
    assert_eq!(code, 0);
    assert!(calls.contains("Armed Robbery") && calls.contains("911"), "{calls}");
    let (code, budget, _) = run(sonoran(&mock).args(["budget", "units_v2"]));
    assert_eq!(code, 0);
    assert!(budget.contains("get_units_v2") && budget.contains("3/min"), "{budget}");
    for text in [units, calls, budget] {
        assert!(text.lines().all(|l| l.chars().count() <= 80), "wider than 80 columns:\n{text}");
    }
}

#[test]
fn a_key_on_the_command_line_is_taken_with_a_warning_and_never_printed() {
    let mock = mock();
    let (code, out, err) = run(sonoran(&mock).env_remove("SONORAN_API_KEY").args(["--api-key", KEY, "call", "get_version_v2"]));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("--api-key is visible to every user of this machine in the process list"), "{err}");
    assert!(out.contains("\"PRO\""), "{out}");
    // A config file works as sonoran_client_new's JSON.
    let dir = std::env::temp_dir().join(format!("sonoran-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sonoran.json");
    std::fs::write(&file, json!({"communityId": COMMUNITY, "apiKey": KEY, "apiUrl": mock.url(), "defaultServerId": 2}).to_string())
        .unwrap();
    let mut from_file = Command::cargo_bin("sonoran").unwrap();
    from_file
        .args(["--config", file.to_str().unwrap(), "doctor"])
        .env_remove("SONORAN_API_KEY")
        .env_remove("SONORAN_COMMUNITY_ID")
        .env_remove("SONORAN_API_URL");
    let (code, out, _) = run(&mut from_file);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("server 2"), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_gateway_serves_the_api_with_the_budget_and_stops_on_sigterm() {
    let mock = mock();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let gateway = Listening::start(sonoran(&mock).args(["gateway", "--listen", &addr]));
    let line = gateway.until("gateway listening on");
    assert!(line.contains(&format!("http://{addr}")), "{line}");
    let answer = reqwest::blocking::Client::new()
        .get(format!("http://{addr}/v2/general/version"))
        .header("authorization", format!("Bearer {KEY}"))
        .send()
        .expect("through the gateway");
    assert_eq!(answer.status(), 200);
    assert!(answer.text().unwrap().contains("PRO"));
    let wrong = reqwest::blocking::Client::new()
        .get(format!("http://{addr}/v2/general/version"))
        .header("authorization", "Bearer nope")
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let mut budget = Command::cargo_bin("sonoran").unwrap();
    budget.args(["budget", "--gateway", &format!("http://{addr}")]).env("NO_COLOR", "1").env_remove("SONORAN_API_KEY");
    let (code, out, _) = run(&mut budget);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("get_version_v2") && out.contains("9/10"), "{out}");
    assert_eq!(gateway.signal(libc::SIGTERM), 0, "SIGTERM is a clean stop");
    assert!(std::net::TcpStream::connect(&addr).is_err(), "the port is closed");
    assert_eq!(mock.route_stats().get("get_version_v2").map(|s| s.requests), Some(1));
}
