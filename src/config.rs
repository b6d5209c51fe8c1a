//! Client configuration: credentials, where the API lives, defaults.
//!
//! # Example
//!
//! ```
//! use sonoran::Config;
//!
//! let config = Config::from_json(r#"{"communityId": "c", "apiKey": "k", "apiUrl": "http://127.0.0.1:8080", "timeoutMs": 5000}"#)?;
//! assert_eq!(config.api_url, "http://127.0.0.1:8080");
//! assert_eq!(format!("{}", config.api_key), "***");
//! assert!(Config::from_json(r#"{"communityId": "c", "apiKey": "k", "timeout": 1}"#).is_err());
//! # Ok::<(), sonoran::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::budget::pacing::Limit;
use crate::error::{Error, Result};
use crate::logging::{parse_level, LevelFilter, LogSink};
use crate::operations::Operation;

/// The real Sonoran CAD API, used when no `apiUrl` is given.
pub const DEFAULT_API_URL: &str = "https://api.sonorancad.com";
/// Server id used when a call omits `serverId`, unless the config says otherwise.
pub const DEFAULT_SERVER_ID: u64 = 1;
/// Total time allowed for one call, unless the config says otherwise.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Time allowed to connect, unless the config says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT_MS: u64 = 5_000;
/// Retries after a 429 or a transient failure, unless the config says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The longest wait a retry may need, unless the config says otherwise.
pub const DEFAULT_MAX_RETRY_WAIT_MS: u64 = 10_000;
/// The largest response body accepted, unless the config says otherwise (4 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 << 20;
/// Default `sharedLimiterTimeoutMs`.
pub const DEFAULT_SHARED_LIMITER_TIMEOUT_MS: u64 = 250;

/// The largest `caCertPath` file read (a CA bundle is tens of kilobytes; the system's whole
/// store is about 200 KB).
pub const MAX_CA_FILE_BYTES: u64 = 4 << 20;

/// Reads the PEM file at `path`: a regular file of at most [`MAX_CA_FILE_BYTES`]. A FIFO, a
/// device or a directory is refused without reading (opened non-blocking, so a FIFO with no
/// writer cannot hang the caller).
fn read_ca_file(path: &str) -> Result<String> {
    use std::io::Read;
    let fail = |problem: &dyn fmt::Display| Error::invalid("caCertPath", format_args!("cannot be read ({path}: {problem})"));
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| fail(&e))?;
    let meta = file.metadata().map_err(|e| fail(&e))?;
    if !meta.is_file() {
        return Err(fail(&"not a regular file"));
    }
    if meta.len() > MAX_CA_FILE_BYTES {
        return Err(fail(&format_args!("larger than {MAX_CA_FILE_BYTES} bytes")));
    }
    let mut pem = String::new();
    // `take`: the file may grow between the check and the read.
    file.take(MAX_CA_FILE_BYTES).read_to_string(&mut pem).map_err(|e| fail(&e))?;
    Ok(pem)
}

/// The community's API key. Its `Debug` and `Display` print `"***"`, so it cannot reach a
/// log line or an error message by accident; [`ApiKey::expose`] is the one way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the request that must carry it and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How to reach the API and as whom.
///
/// Built with [`Config::new`] and its `with_*` methods (or by setting its public fields),
/// from a JSON object with the camelCase keys listed in docs/reference/configuration.md
/// ([`Config::from_json`], the form the C and Lua faces use), or from the environment
/// ([`Config::from_env`]).
#[derive(Clone)]
pub struct Config {
    /// The community's id (v1 `id`).
    pub community_id: String,
    /// The community's API key (v1 `key`, v2 `Authorization: Bearer`).
    pub api_key: ApiKey,
    /// Base URL of the API, without a trailing slash.
    pub api_url: String,
    /// `serverId` used when a call does not give one.
    pub default_server_id: u64,
    /// Total time allowed for one call: queueing for the pacer, every attempt and every
    /// wait between attempts.
    pub timeout: Duration,
    /// Time allowed to open a connection (TCP and TLS), per attempt.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt; `None` gives each attempt what is left of `timeout`.
    /// With a value, a read whose attempt times out is retried while time remains.
    pub attempt_timeout: Option<Duration>,
    /// Retries after a 429 or a transient failure (reads; writes only when they certainly
    /// did not reach the server).
    pub max_retries: u32,
    /// The longest wait a retry may need; a 429 asking for longer is returned at once as
    /// `rate_limited` with `retryAfterMs`.
    pub max_retry_wait: Duration,
    /// The largest response body accepted; a larger one is a `decode` error.
    pub max_response_bytes: usize,
    /// Client-side pacing per endpoint.
    pub rate_limits: RateLimits,
    /// Extra trusted CA certificates (PEM), added to the system's, for private deployments.
    pub ca_cert_pem: Option<String>,
    /// Allow `http://` to hosts other than loopback (the key then crosses the network in
    /// clear text). Off by default.
    pub allow_insecure_http: bool,
    /// The least serious records reported.
    pub log_level: LevelFilter,
    /// Where records go; the `log` crate when `None`.
    pub log_sink: Option<LogSink>,
    /// Send pushed unit locations over the hub while a session is up (the default); `false`
    /// sends them over REST only (`update_unit_locations_v2`).
    pub locations_via_hub: bool,
    /// A read (an operation that only reads) equal to one already waiting or in flight, same
    /// operation and parameters, shares its request; each caller still gets its own
    /// completion, timeout and cancel. On by default.
    pub coalesce_reads: bool,
    /// Calls of a write that takes lists (see [`crate::operations::Merge`]) that wait for
    /// budget go out as one request; each caller's completion carries the shared result.
    /// On by default.
    pub merge_writes: bool,
    /// A newer `set_unit_status_v2` / `set_unit_panic_v2` for the same target replaces an
    /// older one still waiting for budget, which completes at once as `superseded`. Off by
    /// default (the older caller is told `superseded` instead of a success).
    pub latest_wins: bool,
    /// The read cache, by operation name: how long an answer stays fresh. Empty (no cache)
    /// by default; only reads may be cached.
    pub cache: HashMap<String, Duration>,
    /// A Redis server (`redis://host:6379/0`, `rediss://` for TLS) holding one rate-limit
    /// budget per key and route for every process and machine of the key. `None`: each
    /// process paces itself.
    pub shared_limiter: Option<String>,
    /// The longest one exchange with the shared limiter may take before the call is paced
    /// locally instead (and the limiter marked down until it reconnects).
    pub shared_limiter_timeout: Duration,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("community_id", &self.community_id)
            .field("api_key", &self.api_key)
            .field("api_url", &self.api_url)
            .field("default_server_id", &self.default_server_id)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_retry_wait", &self.max_retry_wait)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("rate_limits", &self.rate_limits)
            .field("ca_cert_pem", &self.ca_cert_pem.as_ref().map(|_| "..."))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("log_level", &self.log_level)
            .field("locations_via_hub", &self.locations_via_hub)
            .field("coalesce_reads", &self.coalesce_reads)
            .field("merge_writes", &self.merge_writes)
            .field("latest_wins", &self.latest_wins)
            .field("cache", &self.cache)
            .field("shared_limiter", &self.shared_limiter.as_ref().map(|_| "..."))
            .field("shared_limiter_timeout", &self.shared_limiter_timeout)
            .finish_non_exhaustive()
    }
}

/// Client-side pacing: on by default with the documented limits of each endpoint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimits {
    /// Switches pacing off for every endpoint (e.g. against the mock).
    pub off: bool,
    /// Limits by operation name (`"get_account_units"`) or class (`"v1"`, `"v2"`); `None`
    /// switches that one off.
    pub overrides: HashMap<String, Option<Limit>>,
}

impl RateLimits {
    /// The limit `op` is paced by, if any.
    pub fn limit_for(&self, op: &Operation) -> Option<Limit> {
        if self.off {
            return None;
        }
        match self.overrides.get(op.name).or_else(|| self.overrides.get(op.api())) {
            Some(limit) => *limit,
            None => Some(op.limit),
        }
    }
}

/// The keys [`Config::from_json`] accepts, for error messages.
const CONFIG_KEYS: &str = "communityId, apiKey, apiUrl, defaultServerId, timeoutMs, connectTimeoutMs, \
attemptTimeoutMs, maxRetries, maxRetryWaitMs, maxResponseBytes, rateLimits, caCertPem, caCertPath, \
allowInsecureHttp, logLevel, locationsViaHub, coalesceReads, mergeWrites, latestWins, cache, sharedLimiter, sharedLimiterTimeoutMs";

impl Config {
    /// A configuration for the real API with the given credentials and default settings.
    pub fn new(community_id: impl Into<String>, api_key: impl Into<String>) -> Self {
        Config {
            community_id: community_id.into(),
            api_key: ApiKey::new(api_key),
            api_url: DEFAULT_API_URL.to_string(),
            default_server_id: DEFAULT_SERVER_ID,
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
            connect_timeout: Duration::from_millis(DEFAULT_CONNECT_TIMEOUT_MS),
            attempt_timeout: None,
            max_retries: DEFAULT_MAX_RETRIES,
            max_retry_wait: Duration::from_millis(DEFAULT_MAX_RETRY_WAIT_MS),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            rate_limits: RateLimits::default(),
            ca_cert_pem: None,
            allow_insecure_http: false,
            log_level: LevelFilter::Warn,
            log_sink: None,
            locations_via_hub: true,
            coalesce_reads: true,
            merge_writes: true,
            latest_wins: false,
            cache: HashMap::new(),
            shared_limiter: None,
            shared_limiter_timeout: Duration::from_millis(DEFAULT_SHARED_LIMITER_TIMEOUT_MS),
        }
    }

    /// Switches client-side pacing off (e.g. against the mock with its limit off).
    pub fn without_rate_limits(mut self) -> Self {
        self.rate_limits.off = true;
        self
    }

    /// Sends the client's log records to `sink`, from `level` up.
    pub fn with_log_sink(mut self, level: LevelFilter, sink: LogSink) -> Self {
        self.log_level = level;
        self.log_sink = Some(sink);
        self
    }

    /// Points the client at another base URL (the mock server, a private deployment).
    pub fn with_api_url(mut self, api_url: impl Into<String>) -> Self {
        self.api_url = api_url.into();
        self
    }

    /// Sets the `serverId` used when a call omits it.
    pub fn with_default_server_id(mut self, server_id: u64) -> Self {
        self.default_server_id = server_id;
        self
    }

    /// Sets the total time allowed for one call.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Parses a JSON object with the keys listed in docs/reference/configuration.md
    /// (`communityId` and `apiKey` required). Unknown keys are an error naming the key.
    pub fn from_json(json: &str) -> Result<Self> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| Error::invalid("config", format_args!("is not valid JSON ({})", position(&e))))?;
        Self::from_value(&value)
    }

    /// Like [`Config::from_json`], from an already parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Self> {
        let Some(map) = value.as_object() else {
            return Err(Error::invalid("config", "must be a JSON object"));
        };
        if let Some(unknown) = map.keys().find(|k| !CONFIG_KEYS.split(", ").any(|known| known == k.as_str())) {
            return Err(Error::invalid(unknown, format_args!("is not a config key (expected one of {CONFIG_KEYS})")));
        }
        let mut config = Config::new(required_string(map, "communityId")?, required_string(map, "apiKey")?);
        if let Some(url) = optional(map, "apiUrl") {
            config.api_url = url.as_str().ok_or_else(|| Error::invalid("apiUrl", "must be a string"))?.to_string();
        }
        if let Some(id) = optional(map, "defaultServerId") {
            config.default_server_id = positive_integer("defaultServerId", id)?;
        }
        if let Some(ms) = optional(map, "timeoutMs") {
            config.timeout = Duration::from_millis(positive_integer("timeoutMs", ms)?);
        }
        if let Some(ms) = optional(map, "connectTimeoutMs") {
            config.connect_timeout = Duration::from_millis(positive_integer("connectTimeoutMs", ms)?);
        }
        if let Some(ms) = optional(map, "attemptTimeoutMs") {
            config.attempt_timeout = Some(Duration::from_millis(positive_integer("attemptTimeoutMs", ms)?));
        }
        if let Some(n) = optional(map, "maxRetries") {
            config.max_retries = u32::try_from(integer("maxRetries", n)?).unwrap_or(u32::MAX);
        }
        if let Some(ms) = optional(map, "maxRetryWaitMs") {
            config.max_retry_wait = Duration::from_millis(integer("maxRetryWaitMs", ms)?);
        }
        if let Some(n) = optional(map, "maxResponseBytes") {
            config.max_response_bytes = usize::try_from(positive_integer("maxResponseBytes", n)?).unwrap_or(usize::MAX);
        }
        if let Some(limits) = optional(map, "rateLimits") {
            config.rate_limits = parse_rate_limits(limits)?;
        }
        match (optional(map, "caCertPem"), optional(map, "caCertPath")) {
            (Some(_), Some(_)) => return Err(Error::invalid("caCertPem", "and `caCertPath` cannot both be given")),
            (Some(pem), None) => {
                config.ca_cert_pem = Some(pem.as_str().ok_or_else(|| Error::invalid("caCertPem", "must be a string"))?.into());
            }
            (None, Some(path)) => {
                let path = path.as_str().ok_or_else(|| Error::invalid("caCertPath", "must be a string"))?;
                config.ca_cert_pem = Some(read_ca_file(path)?);
            }
            (None, None) => {}
        }
        if let Some(allow) = optional(map, "allowInsecureHttp") {
            config.allow_insecure_http = allow.as_bool().ok_or_else(|| Error::invalid("allowInsecureHttp", "must be true or false"))?;
        }
        if let Some(level) = optional(map, "logLevel") {
            config.log_level = level
                .as_str()
                .and_then(parse_level)
                .ok_or_else(|| Error::invalid("logLevel", "must be one of off, error, warn, info, debug, trace"))?;
        }
        if let Some(hub) = optional(map, "locationsViaHub") {
            config.locations_via_hub = hub.as_bool().ok_or_else(|| Error::invalid("locationsViaHub", "must be true or false"))?;
        }
        for (key, flag) in [
            ("coalesceReads", &mut config.coalesce_reads),
            ("mergeWrites", &mut config.merge_writes),
            ("latestWins", &mut config.latest_wins),
        ] {
            if let Some(value) = optional(map, key) {
                *flag = value.as_bool().ok_or_else(|| Error::invalid(key, "must be true or false"))?;
            }
        }
        if let Some(cache) = optional(map, "cache") {
            let cache = cache.as_object().ok_or_else(|| Error::invalid("cache", "must be an object of milliseconds by operation name"))?;
            for (name, ms) in cache {
                config.cache.insert(name.clone(), Duration::from_millis(positive_integer(&format!("cache.{name}"), ms)?));
            }
        }
        if let Some(url) = optional(map, "sharedLimiter") {
            config.shared_limiter =
                Some(url.as_str().ok_or_else(|| Error::invalid("sharedLimiter", "must be a string (redis://host:6379/0)"))?.to_string());
        }
        if let Some(ms) = optional(map, "sharedLimiterTimeoutMs") {
            config.shared_limiter_timeout = Duration::from_millis(positive_integer("sharedLimiterTimeoutMs", ms)?);
        }
        config.validate()?;
        Ok(config)
    }

    /// Reads `SONORAN_COMMUNITY_ID` and `SONORAN_API_KEY` (required) and `SONORAN_API_URL`
    /// (optional) from the environment.
    pub fn from_env() -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let community_id = var("SONORAN_COMMUNITY_ID").ok_or_else(|| Error::invalid("SONORAN_COMMUNITY_ID", "is not set"))?;
        let api_key = var("SONORAN_API_KEY").ok_or_else(|| Error::invalid("SONORAN_API_KEY", "is not set"))?;
        let mut config = Config::new(community_id, api_key);
        if let Some(url) = var("SONORAN_API_URL") {
            config.api_url = url;
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks the values a builder may have set; called by [`crate::Client::new`].
    pub fn validate(&self) -> Result<()> {
        if self.community_id.trim().is_empty() {
            return Err(Error::invalid("communityId", "must not be empty"));
        }
        if self.api_key.expose().trim().is_empty() {
            return Err(Error::invalid("apiKey", "must not be empty"));
        }
        let url = reqwest::Url::parse(&self.api_url).map_err(|e| Error::invalid("apiUrl", format_args!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(Error::invalid("apiUrl", "must be an http:// or https:// URL"));
        }
        if url.scheme() == "http" && !self.allow_insecure_http && !is_loopback(&url) {
            return Err(Error::invalid(
                "apiUrl",
                "uses plain http:// to a host that is not loopback, which would send the API key in clear text: \
                 use https://, or set allowInsecureHttp to true if you really mean it",
            ));
        }
        if self.default_server_id == 0 {
            return Err(Error::invalid("defaultServerId", "must be a positive integer"));
        }
        if self.timeout.is_zero() {
            return Err(Error::invalid("timeoutMs", "must be a positive integer"));
        }
        for (name, fresh) in &self.cache {
            let field = format!("cache.{name}");
            match crate::api::find(name) {
                None => return Err(Error::invalid(&field, "is not an operation name")),
                Some(op) if !op.idempotent => return Err(Error::invalid(&field, "is a write; only reads can be cached")),
                Some(_) if fresh.is_zero() => return Err(Error::invalid(&field, "must be a positive number of milliseconds")),
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// Whether the URL's host is this machine (127.0.0.0/8, ::1, localhost).
fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

/// `"off"`, or an object from operation names and `"v1"`/`"v2"` to `"off"` or
/// `{"requests": N, "periodMs": M}`.
fn parse_rate_limits(value: &Value) -> Result<RateLimits> {
    const SHAPE: &str =
        "must be \"off\" or an object of {\"requests\": N, \"periodMs\": M} (or \"off\") by operation name, \"v1\" or \"v2\"";
    if value.as_str() == Some("off") || value.as_bool() == Some(false) {
        return Ok(RateLimits { off: true, ..RateLimits::default() });
    }
    let map = value.as_object().ok_or_else(|| Error::invalid("rateLimits", SHAPE))?;
    let mut limits = RateLimits::default();
    for (name, limit) in map {
        let known = name == "v1" || name == "v2" || crate::api::find(name).is_some();
        if !known {
            return Err(Error::invalid(&format!("rateLimits.{name}"), "is not an operation name, \"v1\" or \"v2\""));
        }
        let field = format!("rateLimits.{name}");
        let parsed = if limit.as_str() == Some("off") || limit.as_bool() == Some(false) {
            None
        } else {
            let object = limit.as_object().ok_or_else(|| Error::invalid(&field, SHAPE))?;
            if let Some(unknown) = object.keys().find(|k| *k != "requests" && *k != "periodMs") {
                return Err(Error::invalid(&format!("{field}.{unknown}"), "is not a limit key (expected requests, periodMs)"));
            }
            let requests = object.get("requests").ok_or_else(|| Error::invalid(&format!("{field}.requests"), "is required"))?;
            let period = object.get("periodMs").ok_or_else(|| Error::invalid(&format!("{field}.periodMs"), "is required"))?;
            let requests = u32::try_from(positive_integer(&format!("{field}.requests"), requests)?).unwrap_or(u32::MAX);
            let period = Duration::from_millis(positive_integer(&format!("{field}.periodMs"), period)?);
            Some(Limit::new(requests, period))
        };
        limits.overrides.insert(name.clone(), parsed);
    }
    Ok(limits)
}

/// A key that is present and not `null`.
fn optional<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn required_string(map: &Map<String, Value>, key: &str) -> Result<String> {
    match optional(map, key) {
        None => Err(Error::invalid(key, "is required")),
        // The value is never echoed: for `apiKey` that would leak the key.
        Some(v) => v.as_str().map(str::to_string).ok_or_else(|| Error::invalid(key, "must be a string")),
    }
}

fn integer(key: &str, value: &Value) -> Result<u64> {
    value.as_u64().ok_or_else(|| Error::invalid(key, "must be a non-negative integer"))
}

fn positive_integer(key: &str, value: &Value) -> Result<u64> {
    value.as_u64().filter(|n| *n > 0).ok_or_else(|| Error::invalid(key, "must be a positive integer"))
}

/// Where a JSON syntax error is, without quoting the text (which may hold the key).
pub(crate) fn position(e: &serde_json::Error) -> String {
    format!("line {} column {}", e.line(), e.column())
}
