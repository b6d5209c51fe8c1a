//! One call on the wire: pacing, attempts, retries, timeouts and reading the answer.
//!
//! The policy, in one place:
//! - every attempt first takes a send time from the endpoint's [`Pacer`]; a call that would
//!   have to wait past its deadline fails at once as `rate_limited` with `retryAfterMs`;
//!   while it waits, a high-priority call of the same route may take its time and give it a
//!   later one (`budget::waiting`), and if that is past its deadline it fails the same way;
//! - a 429 pauses the endpoint's pacer until the server's reset (`Retry-After` in seconds or
//!   as an HTTP date, else `RateLimit-Reset` / `X-RateLimit-Reset`) and is retried no sooner,
//!   unless the wait is longer than `maxRetryWaitMs`: then it is returned as it is;
//! - transient failures (connection refused or reset, 502/503/504, truncated bodies, attempt
//!   timeouts) are retried with exponential backoff and jitter, for reads only; a write is
//!   retried only when it certainly did not reach the server (connect failure, 429);
//! - at most `maxRetries` retries, all within the call's deadline (`timeoutMs`).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::budget::{Limiter, Priority};
use crate::config::Config;
use crate::error::{Error, ErrorKind, Result};
use crate::logging::{self, Level, LogRecord};
use crate::operations::Operation;
use crate::response::{Body, Response};

/// What a client did for one route: the requests it sent, and those it saved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RouteActivity {
    /// Requests sent (each attempt: what the API counts).
    pub sent: u64,
    /// Answers `429 Too Many Requests` from the server.
    pub limited: u64,
    /// Calls answered from the read cache, without a request.
    pub cached: u64,
    /// Calls that joined an identical read in flight.
    pub coalesced: u64,
    /// Calls that joined a merged write waiting for its turn.
    pub merged: u64,
}

impl RouteActivity {
    /// As JSON: `{"sent", "limited", "cached", "coalesced", "merged"}`.
    pub fn to_value(&self) -> Value {
        serde_json::json!({"sent": self.sent, "limited": self.limited, "cached": self.cached, "coalesced": self.coalesced, "merged": self.merged})
    }
}

/// What an attempt needs from its client.
pub(crate) struct Transport {
    pub config: Config,
    pub http: reqwest::Client,
    /// Each route's activity, by operation name.
    activity: std::sync::Mutex<std::collections::HashMap<&'static str, RouteActivity>>,
    /// The key as it appears inside a JSON string, where that differs from the key itself
    /// (made once, not for every answer that is scrubbed).
    escaped_key: Option<String>,
}

/// A failed attempt, and whether the request certainly never reached the server.
struct Failure {
    error: Error,
    not_sent: bool,
}

impl Transport {
    /// The transport of a client with `config`, sending through `http`.
    pub fn new(config: Config, http: reqwest::Client) -> Transport {
        let key = config.api_key.expose();
        let escaped = serde_json::to_string(key).unwrap_or_default();
        let escaped = escaped.trim_matches('"');
        let escaped_key = (escaped != key && !escaped.is_empty()).then(|| escaped.to_string());
        Transport { config, http, escaped_key, activity: Default::default() }
    }

    /// Counts something done for `route`.
    pub(crate) fn count(&self, route: &'static str, f: impl FnOnce(&mut RouteActivity)) {
        f(crate::sync::lock(&self.activity).entry(route).or_default());
    }

    /// What was done for `route` so far.
    pub(crate) fn activity(&self, route: &str) -> RouteActivity {
        crate::sync::lock(&self.activity).get(route).copied().unwrap_or_default()
    }

    /// Reports `message` about `op` if `level` is enabled.
    pub(crate) fn log(
        &self,
        level: Level,
        op: &Operation,
        attempt: u32,
        message: impl Into<String>,
        error: Option<&Error>,
        wait: Option<Duration>,
    ) {
        if level > self.config.log_level {
            return;
        }
        let record = LogRecord {
            level,
            operation: op.name,
            message: message.into(),
            status: error.and_then(|e| e.status),
            attempt,
            wait_ms: wait.map(millis),
            trace_id: error.and_then(|e| e.trace_id.clone()),
        };
        logging::emit(self.config.log_sink.as_ref(), &record);
    }

    /// Runs `request` for `op` under the retry policy until it succeeds, fails for good, or
    /// `deadline` passes. `reserved`: the caller already holds the first attempt's send time
    /// from `pacer` and it has come. `priority`: the call's rank among the calls of `op`
    /// waiting for their send times.
    pub async fn run(
        self: Arc<Self>,
        op: &'static Operation,
        pacer: Option<Arc<Limiter>>,
        request: reqwest::Request,
        deadline: Instant,
        reserved: bool,
        priority: Priority,
    ) -> Result<Response> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            if let Some(pacer) = &pacer {
                let now = Instant::now();
                match pacer.reserve(now, deadline.saturating_duration_since(now), reserved && attempt == 1, priority).await {
                    Ok(at) if at > now => {
                        self.log(Level::Debug, op, attempt, "queued by client-side pacing", None, Some(at - now));
                        if let Err(wait) = pacer.wait_turn(at, priority, Some(deadline)).await {
                            let error = refused_by_pacing(op, pacer, wait);
                            let message = match priority {
                                Priority::High => "refused by client-side pacing",
                                _ => "refused by client-side pacing: high-priority calls moved its turn past its timeout",
                            };
                            self.log(Level::Warn, op, attempt, message, Some(&error), Some(wait));
                            return Err(error);
                        }
                    }
                    Ok(_) => {}
                    Err(wait) => {
                        let error = refused_by_pacing(op, pacer, wait);
                        self.log(Level::Warn, op, attempt, "refused by client-side pacing", Some(&error), Some(wait));
                        return Err(error);
                    }
                }
            }
            // The body is bytes, so the request can always be cloned for another attempt.
            let Some(this_try) = request.try_clone() else {
                return Err(Error::new(ErrorKind::Internal, "request body cannot be resent"));
            };
            let now = Instant::now();
            let budget = deadline.saturating_duration_since(now);
            let attempt_timeout = self.config.attempt_timeout.map_or(budget, |t| t.min(budget));
            self.count(op.name, |a| a.sent += 1);
            let outcome = match tokio::time::timeout(attempt_timeout, self.attempt(this_try, pacer.as_deref())).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Failure {
                    error: Error::new(ErrorKind::Timeout, format!("no complete answer within {} ms", attempt_timeout.as_millis())),
                    not_sent: false,
                }),
            };
            let failure = match outcome {
                Ok(response) => {
                    self.log(Level::Debug, op, attempt, format!("HTTP {}", response.status), None, None);
                    return Ok(response);
                }
                Err(failure) => failure,
            };
            let mut error = failure.error;
            if error.status == Some(429) {
                self.count(op.name, |a| a.limited += 1);
            }
            let wait = match retry_wait(op, &error, failure.not_sent, attempt) {
                Some(wait) => wait,
                None => {
                    self.log(failure_level(&error), op, attempt, format!("failed: {error}"), Some(&error), None);
                    return Err(error);
                }
            };
            if error.kind == ErrorKind::RateLimited {
                if let Some(pacer) = &pacer {
                    // Capped: the pacer is shared by every client of the key, and one absurd
                    // reset must not shut a route for the life of the process.
                    pacer.pause_until(Instant::now() + wait.min(MAX_PACER_PAUSE));
                }
                error.retry_after_ms = Some(millis(wait));
            }
            let too_long = error.kind == ErrorKind::RateLimited && wait > self.config.max_retry_wait;
            if attempt > self.config.max_retries || too_long || Instant::now() + wait >= deadline {
                self.log(Level::Warn, op, attempt, format!("giving up: {error}"), Some(&error), Some(wait));
                return Err(error);
            }
            self.log(Level::Warn, op, attempt, format!("retrying after {}", error.kind), Some(&error), Some(wait));
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: send, read the answer (at most `maxResponseBytes`), classify it. The
    /// server's count of what is left of the route's budget goes to `pacer`.
    async fn attempt(&self, request: reqwest::Request, pacer: Option<&Limiter>) -> std::result::Result<Response, Failure> {
        let sent_at = Instant::now();
        let mut response = self.http.execute(request).await.map_err(|e| Failure { not_sent: e.is_connect(), error: transport_error(e) })?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        if let (Some(pacer), Some(remaining)) = (pacer, remaining(&headers)) {
            pacer.adopt_remaining(sent_at, remaining);
        }
        let cap = self.config.max_response_bytes;
        let too_large = || Failure {
            error: Error {
                status: Some(status),
                ..Error::new(ErrorKind::Decode, format!("response body is larger than maxResponseBytes ({cap} bytes)"))
            },
            not_sent: false,
        };
        if response.content_length().is_some_and(|len| len > cap as u64) {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| Failure { error: transport_error(e), not_sent: false })? {
            if body.len() + chunk.len() > cap {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        let key = self.config.api_key.expose();
        // The bytes become the text without a copy when they are UTF-8 (as the API sends).
        let text = String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let text = scrub_key(text, key, self.escaped_key.as_deref());
        if !(200..300).contains(&status) {
            return Err(Failure { error: api_error(status, &headers, &text, key), not_sent: false });
        }
        let is_json = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.contains("json"));
        let decode_error =
            |message: String| Failure { error: Error { status: Some(status), ..Error::new(ErrorKind::Decode, message) }, not_sent: false };
        match Body::parse(text) {
            Ok(Body::Text(_)) if is_json => Err(decode_error("the server sent malformed JSON".into())),
            Ok(body) => Ok(Response::new(status, body)),
            Err(unrepresentable) => Err(decode_error(unrepresentable)),
        }
    }
}

/// The error of a call the pacer refused: it would have to wait `wait` for its turn, past
/// its deadline. Nothing was sent.
pub(crate) fn refused_by_pacing(op: &Operation, pacer: &Limiter, wait: Duration) -> Error {
    let limit = pacer.limit();
    let mut error = Error::new(
        ErrorKind::RateLimited,
        format!(
            "client-side pacing: {} allows {} requests per {} ms, and this call would have to wait {} ms, past its timeout",
            op.name,
            limit.requests,
            limit.period.as_millis(),
            wait.as_millis()
        ),
    );
    error.retry_after_ms = Some(millis(wait));
    error
}

/// The longest a 429 pauses a route's shared pacer, whatever reset the server names: the
/// API's windows are a minute long, so a longer reset is a server's mistake or a proxy's.
pub(crate) const MAX_PACER_PAUSE: Duration = Duration::from_secs(5 * 60);

/// The longest reset the client believes (a day): larger values, absurd or overflowing
/// (`Retry-After: 1e300`), are read as this.
const MAX_RESET: Duration = Duration::from_secs(24 * 60 * 60);

/// `d` in whole milliseconds, saturating.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// `text` with every occurrence of the API key (as is, or as `escaped`, its JSON-escaped
/// form where that differs) replaced by `***`, in case a server or proxy echoed the request.
/// Costs one search when the key is absent.
fn scrub_key(text: String, key: &str, escaped: Option<&str>) -> String {
    if key.is_empty() {
        return text;
    }
    let mut text = if text.contains(key) { text.replace(key, "***") } else { text };
    if let Some(escaped) = escaped.filter(|e| text.contains(*e)) {
        text = text.replace(escaped, "***");
    }
    text
}

/// `seconds` as a duration, clamped to [`MAX_RESET`]; `None` for negative or NaN values.
fn clamped_seconds(seconds: f64) -> Option<Duration> {
    if seconds.is_nan() || seconds < 0.0 {
        return None;
    }
    Some(Duration::try_from_secs_f64(seconds).unwrap_or(MAX_RESET).min(MAX_RESET))
}

/// The time from now until `at`, zero when it has passed, at most [`MAX_RESET`].
fn until(at: SystemTime) -> Duration {
    at.duration_since(SystemTime::now()).unwrap_or_default().min(MAX_RESET)
}

/// How long to wait before retrying `error`, or `None` when it must not be retried.
fn retry_wait(op: &Operation, error: &Error, not_sent: bool, attempt: u32) -> Option<Duration> {
    let transient_read = op.idempotent
        && match error.kind {
            ErrorKind::Network | ErrorKind::Timeout => true,
            ErrorKind::Server => matches!(error.status, Some(502..=504)),
            _ => false,
        };
    match error.kind {
        // The server refused it, so even a write can go again, but never early.
        ErrorKind::RateLimited => Some(error.retry_after_ms.map_or_else(|| backoff(attempt), Duration::from_millis)),
        _ if not_sent || transient_read => Some(backoff(attempt)),
        _ => None,
    }
}

/// Exponential backoff with jitter: 250 ms, 500 ms, 1 s, ... each scaled by 0.5–1.0.
fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(250).saturating_mul(1 << attempt.saturating_sub(1).min(10));
    base.mul_f64(0.5 + fastrand::f64() / 2.0)
}

fn failure_level(error: &Error) -> Level {
    match error.kind {
        ErrorKind::InvalidArgument | ErrorKind::NotFound | ErrorKind::Cancelled => Level::Debug,
        ErrorKind::Server | ErrorKind::Timeout | ErrorKind::Network | ErrorKind::Decode | ErrorKind::Internal => Level::Warn,
        _ => Level::Info,
    }
}

/// A failure below HTTP. reqwest's messages name the URL, which never holds the key.
pub(crate) fn transport_error(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Network };
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::new(kind, message)
}

/// The error for a non-2xx answer: v1 sends plain text, v2 a problem document
/// (`{type,title,status,detail,instance,traceId}`) or `{"message": ...}`. The key is
/// blanked out of whatever the server wrote, in case it echoed the request.
fn api_error(status: u16, headers: &HeaderMap, text: &str, api_key: &str) -> Error {
    let problem: Option<Map<String, Value>> = serde_json::from_str(text).ok();
    let field = |name: &str| problem.as_ref().and_then(|p| p.get(name)).and_then(Value::as_str).map(str::to_string);
    let message = field("detail")
        .or_else(|| field("title"))
        .or_else(|| field("message"))
        .or_else(|| field("error"))
        // A JSON body without a message says nothing; Error::from_status then names the status.
        .unwrap_or_else(|| if problem.is_some() { String::new() } else { text.trim().trim_matches('"').to_string() });
    let scrub = |s: String| if api_key.is_empty() { s } else { s.replace(api_key, "***") };
    let mut error = Error::from_status(status, scrub(message));
    error.trace_id = field("traceId").map(scrub);
    error.retry_after_ms = reset_after(headers).map(millis);
    error
}

/// What the server says is left of the route's budget in its window:
/// `X-RateLimit-Remaining-Minute` (the API's gateway), else `RateLimit-Remaining`, else
/// `X-RateLimit-Remaining`.
fn remaining(headers: &HeaderMap) -> Option<u32> {
    ["x-ratelimit-remaining-minute", "ratelimit-remaining", "x-ratelimit-remaining"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok()?.trim().parse::<u64>().ok())
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// When the server says we may try again: `Retry-After` (seconds or an HTTP date), else
/// `RateLimit-Reset` (seconds), else `X-RateLimit-Reset` (seconds, or a Unix time).
fn reset_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let seconds = |v: &str| v.parse::<f64>().ok();
    if let Some(value) = header(RETRY_AFTER.as_str()) {
        if let Some(wait) = seconds(value).and_then(clamped_seconds) {
            return Some(wait);
        }
        if let Ok(at) = httpdate::parse_http_date(value) {
            return Some(until(at));
        }
    }
    if let Some(wait) = header("ratelimit-reset").and_then(seconds).and_then(clamped_seconds) {
        return Some(wait);
    }
    let s = header("x-ratelimit-reset").and_then(seconds).filter(|s| *s >= 0.0)?;
    // Large values are Unix times (GitHub style), small ones a number of seconds.
    if s > 1e9 {
        let at = Duration::try_from_secs_f64(s).ok().and_then(|since_epoch| SystemTime::UNIX_EPOCH.checked_add(since_epoch));
        return Some(at.map_or(MAX_RESET, until));
    }
    clamped_seconds(s)
}
