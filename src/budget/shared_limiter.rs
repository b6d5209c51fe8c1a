//! One budget per key and route shared by every process and machine of the key, kept in
//! Redis (`sharedLimiter` in the config; Cargo feature `shared-limiter`).
//!
//! With Redis, each send time is reserved by one atomic step on the server: a Lua script
//! doing the same sliding window as the local pacer, over a sorted set of send times keyed
//! by a hash of the API key (never the key), a hash of the API URL and the route, with the
//! server's clock. A 429 seen by any process pauses the route for all of them. The answer
//! also carries the window as Redis holds it, which the local pacer mirrors: the budget view
//! shows the shared numbers, and a fallback starts from them.
//!
//! Never worse than local: every exchange with Redis is bounded (`sharedLimiterTimeoutMs`);
//! past it, or when Redis is unreachable, the call is paced locally, one warning is logged
//! for the whole outage, and a background task reconnects. The game thread never talks to
//! Redis: reservations run on the client's I/O thread.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use sha2::{Digest, Sha256};

use super::pacing::{Limit, Reservation};
use crate::error::{Error, Result};
use crate::logging::{self, Level, LevelFilter, LogRecord, LogSink};

/// Reserves the next send time of one route, or (with a negative `max_wait`) only reads the
/// window. KEYS: the route's sorted set of send times (ms, server clock), its pause key.
/// ARGV: limit, period ms, max wait ms, a unique member. Answers
/// `{reserved (0/1), wait ms, pause left ms, {send times relative to now}}`.
const RESERVE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local margin = math.max(math.floor(period / 50), 5)
local count = redis.call('ZCARD', KEYS[1])
if count > limit then
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, count - limit - 1)
  count = limit
end
local at = now
if count >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  at = math.max(at, tonumber(oldest[2]) + period + margin)
end
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > at then at = paused end
local reserved = 0
if at - now <= max_wait then
  redis.call('ZADD', KEYS[1], at, ARGV[4])
  if count + 1 > limit then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, 0) end
  redis.call('PEXPIRE', KEYS[1], period + (at - now) + 1000)
  reserved = 1
end
local slots = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local relative = {}
for i = 2, #slots, 2 do relative[#relative + 1] = tonumber(slots[i]) - now end
return {reserved, at - now, math.max(paused - now, 0), relative}
";

/// Pauses a route until `ARGV[1]` ms from now (server clock), unless already paused longer.
const PAUSE: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ms = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > current then
  redis.call('SET', KEYS[1], until_ms, 'PX', tonumber(ARGV[1]) + 1000)
end
return 1
";

/// The connection to Redis shared by every route of a client.
pub(crate) struct SharedLimiter {
    client: redis::Client,
    /// The server, for log lines: scheme, host, port and database, never a password.
    server: String,
    /// `sonoran:limit:<key hash>:<API URL hash>:`, the route's name follows.
    prefix: String,
    bound: Duration,
    connection: tokio::sync::Mutex<Option<MultiplexedConnection>>,
    /// Set while Redis is unreachable: calls go local at once, a task reconnects.
    down: AtomicBool,
    reconnecting: AtomicBool,
    reserve: redis::Script,
    pause: redis::Script,
    members: AtomicU64,
    log_level: LevelFilter,
    log_sink: Option<LogSink>,
}

/// The first 16 hex digits of the SHA-256 of `text`: the same in every process and language.
fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl SharedLimiter {
    /// A limiter for `url` (`redis://`, `rediss://`), nothing connected yet. A URL Redis
    /// cannot use is `invalid_argument` naming `sharedLimiter`.
    pub(crate) fn new(
        url: &str,
        api_key: &str,
        api_url: &str,
        bound: Duration,
        log_level: LevelFilter,
        log_sink: Option<LogSink>,
    ) -> Result<SharedLimiter> {
        let client = redis::Client::open(url).map_err(|e| Error::invalid("sharedLimiter", format_args!("is not a Redis URL ({e})")))?;
        let info = client.get_connection_info();
        let server = format!("{} (database {})", info.addr, info.redis.db);
        Ok(SharedLimiter {
            client,
            server,
            prefix: format!("sonoran:limit:{}:{}:", short_hash(api_key), short_hash(api_url)),
            bound,
            connection: tokio::sync::Mutex::new(None),
            down: AtomicBool::new(false),
            reconnecting: AtomicBool::new(false),
            reserve: redis::Script::new(RESERVE),
            pause: redis::Script::new(PAUSE),
            members: AtomicU64::new(0),
            log_level,
            log_sink,
        })
    }

    fn log(&self, level: Level, route: &'static str, message: String) {
        if level <= self.log_level {
            let record = LogRecord { level, operation: route, message, status: None, attempt: 0, wait_ms: None, trace_id: None };
            logging::emit(self.log_sink.as_ref(), &record);
        }
    }

    /// Whether Redis answered the last exchange (or none failed yet).
    pub(crate) fn is_up(&self) -> bool {
        !self.down.load(Ordering::SeqCst)
    }

    /// Runs `script` for `route` within the bound; `None` (and the limiter marked down) when
    /// Redis did not answer in time or failed.
    async fn run<T: redis::FromRedisValue>(self: &Arc<Self>, route: &'static str, invocation: redis::ScriptInvocation<'_>) -> Option<T> {
        if self.down.load(Ordering::SeqCst) {
            return None;
        }
        let exchange = async {
            let mut connection = {
                let mut slot = self.connection.lock().await;
                if slot.is_none() {
                    *slot = Some(self.client.get_multiplexed_async_connection().await?);
                }
                slot.clone().ok_or_else(|| redis::RedisError::from((redis::ErrorKind::IoError, "no connection")))?
            };
            invocation.invoke_async::<T>(&mut connection).await
        };
        match tokio::time::timeout(self.bound, exchange).await {
            Ok(Ok(value)) => Some(value),
            Ok(Err(e)) => {
                self.failed(route, format!("failed ({e})"));
                None
            }
            Err(_) => {
                self.failed(route, format!("gave no answer within {} ms (sharedLimiterTimeoutMs)", self.bound.as_millis()));
                None
            }
        }
    }

    /// Marks the limiter down: one warning for the outage, and a task that reconnects.
    fn failed(self: &Arc<Self>, route: &'static str, why: String) {
        if self.down.swap(true, Ordering::SeqCst) {
            return;
        }
        self.log(Level::Warn, route, format!("shared limiter at {} {why}: pacing locally until it is back", self.server));
        if self.reconnecting.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let mut wait = Duration::from_millis(250);
            loop {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(5));
                let attempt = async {
                    let mut connection = this.client.get_multiplexed_async_connection().await?;
                    redis::cmd("PING").query_async::<String>(&mut connection).await?;
                    Ok::<_, redis::RedisError>(connection)
                };
                if let Ok(Ok(connection)) = tokio::time::timeout(this.bound.max(Duration::from_millis(500)), attempt).await {
                    *this.connection.lock().await = Some(connection);
                    this.reconnecting.store(false, Ordering::SeqCst);
                    this.down.store(false, Ordering::SeqCst);
                    this.log(Level::Info, route, format!("shared limiter at {} is back: pacing shared again", this.server));
                    return;
                }
            }
        });
    }

    /// Reserves a send time for `route` within `limit` (or only reads the window, with a
    /// negative `max_wait_ms`): whether it was reserved, the wait in ms, the pause left in
    /// ms and the window's send times. `None` when Redis did not answer.
    pub(crate) async fn reserve(self: &Arc<Self>, route: &'static str, limit: Limit, max_wait_ms: i64) -> Option<Reservation> {
        let member = format!("{}-{}-{}", std::process::id(), self.members.fetch_add(1, Ordering::Relaxed), fastrand::u64(..));
        let mut invocation = self.reserve.prepare_invoke();
        invocation
            .key(format!("{}{}", self.prefix, route))
            .key(format!("{}{}:paused", self.prefix, route))
            .arg(limit.requests)
            .arg(u64::try_from(limit.period.as_millis()).unwrap_or(u64::MAX))
            .arg(max_wait_ms)
            .arg(member);
        let (reserved, wait, paused, slots): (i64, i64, i64, Vec<i64>) = self.run(route, invocation).await?;
        Some(Reservation { reserved: reserved == 1, wait_ms: wait, paused_ms: paused, slots })
    }

    /// Pauses `route` for `ms` in every process (the longest pause wins).
    pub(crate) async fn pause(self: &Arc<Self>, route: &'static str, ms: u64) {
        let mut invocation = self.pause.prepare_invoke();
        invocation.key(format!("{}{}:paused", self.prefix, route)).arg(ms);
        let _: Option<i64> = self.run(route, invocation).await;
    }
}
