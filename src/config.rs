//! Client configuration: credentials, where the API lives, defaults.

use std::fmt;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The real Sonoran CAD API, used when no `apiUrl` is given.
pub const DEFAULT_API_URL: &str = "https://api.sonorancad.com";
/// Server id used when a call omits `serverId`, unless the config says otherwise.
pub const DEFAULT_SERVER_ID: u64 = 1;
/// Total time allowed for one call, unless the config says otherwise.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

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
/// Built with [`Config::new`] and its `with_*` methods, from a JSON object with the
/// camelCase keys `communityId`, `apiKey`, `apiUrl`, `defaultServerId`, `timeoutMs`
/// ([`Config::from_json`], the form the C and Lua faces use), or from the environment
/// ([`Config::from_env`]).
#[derive(Clone, Debug)]
pub struct Config {
    /// The community's id (v1 `id`).
    pub community_id: String,
    /// The community's API key (v1 `key`, v2 `Authorization: Bearer`).
    pub api_key: ApiKey,
    /// Base URL of the API, without a trailing slash.
    pub api_url: String,
    /// `serverId` used when a call does not give one.
    pub default_server_id: u64,
    /// Total time allowed for one call.
    pub timeout: Duration,
}

/// The keys [`Config::from_json`] accepts, for error messages.
const CONFIG_KEYS: &str = "communityId, apiKey, apiUrl, defaultServerId, timeoutMs";

impl Config {
    /// A configuration for the real API with the given credentials and default settings.
    pub fn new(community_id: impl Into<String>, api_key: impl Into<String>) -> Self {
        Config {
            community_id: community_id.into(),
            api_key: ApiKey::new(api_key),
            api_url: DEFAULT_API_URL.to_string(),
            default_server_id: DEFAULT_SERVER_ID,
            timeout: Duration::from_millis(DEFAULT_TIMEOUT_MS),
        }
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

    /// Parses a JSON object with exactly the keys `communityId`, `apiKey` (both required),
    /// `apiUrl`, `defaultServerId` and `timeoutMs`. Unknown keys are an error.
    pub fn from_json(json: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| Error::invalid("config", format_args!("is not valid JSON ({})", position(&e))))?;
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
        let url = reqwest::Url::parse(&self.api_url)
            .map_err(|e| Error::invalid("apiUrl", format_args!("is not a URL ({e})")))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(Error::invalid("apiUrl", "must be an http:// or https:// URL"));
        }
        if self.default_server_id == 0 {
            return Err(Error::invalid("defaultServerId", "must be a positive integer"));
        }
        if self.timeout.is_zero() {
            return Err(Error::invalid("timeoutMs", "must be a positive integer"));
        }
        Ok(())
    }
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

fn positive_integer(key: &str, value: &Value) -> Result<u64> {
    value.as_u64().filter(|n| *n > 0).ok_or_else(|| Error::invalid(key, "must be a positive integer"))
}

/// Where a JSON syntax error is, without quoting the text (which may hold the key).
pub(crate) fn position(e: &serde_json::Error) -> String {
    format!("line {} column {}", e.line(), e.column())
}
