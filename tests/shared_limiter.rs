//! The shared limiter against a real `redis-server` on loopback (installed by
//! `scripts/test.sh`): clients that do not share a process-local pacer share one budget
//! through Redis, a 429 seen by one pauses the route for all, and when Redis goes away the
//! calls go on with local pacing after a single warning, until Redis is back.
//!
//! Two clients stand for two game servers here: their pacers are told apart by a limit one
//! millisecond apart (the process-wide pacer registry keys on the limit), while Redis keys on
//! the route only. The three-process test (C, Lua, Rust) is `tests/shared/run.sh`.

#![cfg(feature = "shared-limiter")]

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use sonoran::budget::Limit;
use sonoran::config::RateLimits;
use sonoran::logging::{LevelFilter, LogRecord};
use sonoran::{Client, Config, ErrorKind};
use sonoran_mock::{Fault, FaultKind, MockOptions, MockServer};

/// A `redis-server` of the test's own on a free loopback port, stopped when dropped.
struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    fn start() -> Redis {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        Redis::on(port)
    }

    fn on(port: u16) -> Redis {
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server is missing: apt-get install -y redis-server (scripts/test.sh installs it)");
        let redis = Redis { child, port };
        let end = Instant::now() + Duration::from_secs(10);
        while redis.query::<String>(&mut redis::cmd("PING")).is_err() {
            assert!(Instant::now() < end, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        redis
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn query<T: redis::FromRedisValue>(&self, cmd: &mut redis::Cmd) -> redis::RedisResult<T> {
        let client = redis::Client::open(self.url())?;
        let mut connection = client.get_connection_with_timeout(Duration::from_millis(500))?;
        cmd.query(&mut connection)
    }

    /// The send times Redis holds for `route`, whatever key and URL hash they are under.
    fn reserved(&self, route: &str) -> usize {
        let keys: Vec<String> = self.query(redis::cmd("KEYS").arg(format!("sonoran:limit:*:{route}"))).unwrap_or_default();
        keys.iter().map(|k| self.query::<usize>(redis::cmd("ZCARD").arg(k)).unwrap_or(0)).sum()
    }

    fn signal(&self, signal: i32) {
        // SAFETY: sends a signal to our own child process.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client of `mock` with the shared limiter at `redis` and `get_units_v2` paced at 3 a
/// minute (+ `skew` ms, so that two clients do not share a local pacer).
fn client(mock: &MockServer, redis: &str, skew: u64, edit: impl FnOnce(&mut Config)) -> Client {
    let mut config = config_for(mock.url());
    config.rate_limits = RateLimits::default();
    config.rate_limits.overrides.insert("get_units_v2".into(), Some(Limit::new(3, Duration::from_millis(60_000 + skew))));
    config.shared_limiter = Some(redis.to_string());
    config.coalesce_reads = false;
    edit(&mut config);
    Client::new(config).unwrap()
}

fn recording(config: &mut Config) -> Arc<Mutex<Vec<LogRecord>>> {
    let records: Arc<Mutex<Vec<LogRecord>>> = Arc::default();
    let sink = records.clone();
    config.log_level = LevelFilter::Debug;
    config.log_sink = Some(Arc::new(move |r: &LogRecord| sink.lock().unwrap().push(r.clone())));
    records
}

/// The mock with every route's documented limit on.
fn documented_mock() -> MockServer {
    MockServer::start_with(MockOptions::default()).unwrap()
}

#[test]
fn two_game_servers_share_one_budget() {
    let redis = Redis::start();
    let mock = documented_mock();
    let a = client(&mock, &redis.url(), 0, |_| {});
    let b = client(&mock, &redis.url(), 1, |_| {});
    a.call("get_units_v2", &json!({"limit": 1})).unwrap();
    a.call("get_units_v2", &json!({"limit": 2})).unwrap();
    b.call("get_units_v2", &json!({"limit": 3})).unwrap();
    // Alone, b would think it had two more; the shared window says none.
    let refused = b.call("get_units_v2", &json!({"limit": 4, "timeoutMs": 2000})).unwrap_err();
    assert_eq!(refused.kind, ErrorKind::RateLimited, "{refused}");
    assert!(refused.message.contains("client-side pacing"), "{refused}");
    assert!(refused.retry_after_ms.unwrap() > 50_000, "{refused:?}");
    let seen = mock.route_stats()["get_units_v2"];
    assert_eq!((seen.requests, seen.limited), (3, 0), "the mock (3 a minute) saw no fourth call, so no 429");
    assert_eq!(redis.reserved("get_units_v2"), 3);
    // The budget view reports the shared window.
    let budget = b.budget("get_units_v2").unwrap().unwrap();
    assert_eq!(budget.remaining, 0, "{budget:?}");
    assert!(budget.reset_in_ms > 50_000, "{budget:?}");
}

#[test]
fn without_it_two_game_servers_bursting_get_the_key_throttled() {
    let mock = documented_mock();
    let unshared = |skew: u64| {
        let mut config = config_for(mock.url());
        config.rate_limits = RateLimits::default();
        config.rate_limits.overrides.insert("get_units_v2".into(), Some(Limit::new(3, Duration::from_millis(60_000 + skew))));
        config.max_retry_wait = Duration::ZERO;
        Client::new(config).unwrap()
    };
    let (a, b) = (unshared(0), unshared(1));
    for n in 0..2 {
        a.call("get_units_v2", &json!({"limit": 1 + n})).unwrap();
    }
    // b bursts: both calls leave before the server's count (X-RateLimit-Remaining-Minute)
    // can tell b that a spent the window.
    let inbox = sonoran::Inbox::new();
    let ids = [inbox.submit(&b, "get_units_v2", &json!({"limit": 3})), inbox.submit(&b, "get_units_v2", &json!({"limit": 4}))];
    let results: Vec<_> = ids.iter().map(|id| inbox.wait(*id, Duration::from_secs(10))).collect();
    let throttled: Vec<_> = results
        .iter()
        .filter_map(|r| match r {
            sonoran::Poll::Done(Err(e)) => Some(e.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(throttled.len(), 1, "{results:?}");
    assert_eq!((throttled[0].kind, throttled[0].status), (ErrorKind::RateLimited, Some(429)), "{}", throttled[0]);
    let seen = mock.route_stats()["get_units_v2"];
    assert_eq!((seen.requests, seen.limited), (4, 1));
    // After that answer b knows the window is spent (the server said so): it sends no more.
    let refused = b.call("get_units_v2", &json!({"limit": 5, "timeoutMs": 1000})).unwrap_err();
    assert_eq!((refused.kind, refused.status), (ErrorKind::RateLimited, None), "{refused}");
    assert_eq!(mock.route_stats()["get_units_v2"].requests, 4);
}

#[test]
fn a_429_seen_by_one_pauses_the_route_for_all() {
    let redis = Redis::start();
    let mock = documented_mock();
    let a = client(&mock, &redis.url(), 0, |c| c.max_retries = 0);
    let b = client(&mock, &redis.url(), 1, |_| {});
    mock.set_fault(
        "get_units_v2",
        Fault::times(
            FaultKind::Status {
                status: 429,
                body: "{\"message\":\"API rate limit exceeded\"}".into(),
                retry_after: Some("2".into()),
                json: true,
            },
            1,
        ),
    );
    let throttled = a.call("get_units_v2", &json!({})).unwrap_err();
    assert_eq!(throttled.kind, ErrorKind::RateLimited);
    std::thread::sleep(Duration::from_millis(200));
    let started = Instant::now();
    b.call("get_units_v2", &json!({"limit": 1})).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500), "b waited for the reset a saw: {:?}", started.elapsed());
}

#[test]
fn without_redis_calls_go_on_locally_with_one_warning_and_share_again_when_it_is_back() {
    let mut redis = Redis::start();
    let port = redis.port;
    let mock = MockServer::start_with(MockOptions { v2_rate_limit: None, ..MockOptions::default() }).unwrap();
    let mut config = config_for(mock.url());
    config.rate_limits = RateLimits::default();
    config.rate_limits.overrides.insert("get_account_v2".into(), Some(Limit::new(100, Duration::from_secs(60))));
    config.shared_limiter = Some(redis.url());
    config.shared_limiter_timeout = Duration::from_millis(250);
    let logs = recording(&mut config);
    let client = Client::new(config).unwrap();
    let account = |n: usize| json!({"username": "SonoranBrian", "timeoutMs": 20_000 + n});
    client.call("get_account_v2", &account(0)).unwrap();
    assert_eq!(redis.reserved("get_account_v2"), 1, "shared while Redis answers");

    // Redis goes away: every call still goes, paced locally, and one warning says so.
    drop(redis);
    let started = Instant::now();
    for n in 1..=5 {
        client.call("get_account_v2", &account(n)).unwrap();
    }
    assert!(started.elapsed() < Duration::from_secs(3), "no call waited on Redis past the bound: {:?}", started.elapsed());
    let warnings = |logs: &Arc<Mutex<Vec<LogRecord>>>| {
        logs.lock().unwrap().iter().filter(|r| r.level == log::Level::Warn && r.message.contains("shared limiter")).count()
    };
    assert_eq!(warnings(&logs), 1, "one warning for the outage: {:?}", logs.lock().unwrap());
    assert!(logs.lock().unwrap().iter().all(|r| !r.message.contains(sonoran_mock::DEMO_API_KEY)));

    // Redis is back: the client reconnects by itself and shares again.
    redis = Redis::on(port);
    let end = Instant::now() + Duration::from_secs(15);
    while !logs.lock().unwrap().iter().any(|r| r.message.contains("pacing shared again")) {
        assert!(Instant::now() < end, "the limiter reconnected");
        std::thread::sleep(Duration::from_millis(50));
    }
    client.call("get_account_v2", &account(6)).unwrap();
    assert_eq!(redis.reserved("get_account_v2"), 1, "shared again: {:?}", logs.lock().unwrap());
    assert_eq!(mock.request_count(), 7, "no call lost");

    // A Redis that hangs (stopped, connection open) costs at most the bound, then local.
    redis.signal(libc::SIGSTOP);
    let started = Instant::now();
    client.call("get_account_v2", &account(7)).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(warnings(&logs), 2, "one more outage, one more warning");
    redis.signal(libc::SIGCONT);
}

#[test]
fn a_bad_shared_limiter_url_is_an_error_naming_it() {
    let mut config = config_for("http://127.0.0.1:9");
    config.shared_limiter = Some("mongodb://nope".into());
    let err = Client::new(config).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("sharedLimiter"), "{err}");
    let err = sonoran::Config::from_json(r#"{"communityId":"c","apiKey":"k","sharedLimiter":5}"#).unwrap_err();
    assert!(err.message.contains("sharedLimiter"), "{err}");
}
