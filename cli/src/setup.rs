//! The client a command uses: its settings from flags, then the environment, then the config
//! file; or the embedded mock's with `--mock`.

use serde_json::{Map, Value};
use sonoran::{Client, Config};
use sonoran_mock::{MockOptions, MockServer};

use crate::output::Out;
use crate::{Connection, Failure};

/// A command's client, and the mock it talks to when it runs one.
pub struct Setup {
    /// The settings (the key inside stays unprinted: see [`Out::redact`]).
    pub config: Config,
    /// The client.
    pub client: Client,
    /// The game server the command is about.
    pub server_id: u64,
    /// The embedded mock, when `--mock` started one (kept alive as long as the setup).
    pub mock: Option<MockServer>,
}

/// The environment variable of each setting.
const ENVIRONMENT: &[(&str, &str)] = &[
    ("communityId", "SONORAN_COMMUNITY_ID"),
    ("apiKey", "SONORAN_API_KEY"),
    ("apiUrl", "SONORAN_API_URL"),
    ("defaultServerId", "SONORAN_SERVER_ID"),
];

impl Setup {
    /// Reads the settings and makes the client; with `--mock`, starts the mock first.
    pub fn new(connection: &Connection, out: &mut Out) -> Result<Setup, Failure> {
        let mock = match connection.mock {
            true => Some(start_mock(MockOptions::default())?),
            false => None,
        };
        let mut settings = settings(connection, out)?;
        if let Some(mock) = &mock {
            settings.insert("communityId".into(), mock.options().community_id.clone().into());
            settings.insert("apiKey".into(), mock.options().api_key.clone().into());
            settings.insert("apiUrl".into(), mock.url().into());
        }
        for (key, variable) in [("communityId", "SONORAN_COMMUNITY_ID"), ("apiKey", "SONORAN_API_KEY")] {
            if !settings.contains_key(key) {
                let flag = if key == "apiKey" { "--api-key" } else { "--community-id" };
                return Err(format!(
                    "no {key}: set {variable}, put \"{key}\" in --config FILE, or give {flag} (or try --mock, the embedded mock)"
                )
                .into());
            }
        }
        let config = Config::from_value(&Value::Object(settings))?;
        let server_id = config.default_server_id;
        let client = Client::new(config.clone())?;
        Ok(Setup { config, client, server_id, mock })
    }

    /// Whether the API is this project's mock (embedded, or one on loopback answering its
    /// control routes): only a mock can be asked to send a test event.
    pub fn mock_url(&self) -> Option<String> {
        if let Some(mock) = &self.mock {
            return Some(mock.url().to_string());
        }
        let url = self.config.api_url.trim_end_matches('/').to_string();
        let loopback = url.starts_with("http://127.0.0.1") || url.starts_with("http://localhost") || url.starts_with("http://[::1]");
        let answers = loopback
            && reqwest::blocking::Client::builder()
                .no_proxy()
                .timeout(std::time::Duration::from_secs(5))
                .build()
                .ok()
                .and_then(|c| c.get(format!("{url}/_mock/stats")).send().ok())
                .is_some_and(|r| r.status().is_success());
        answers.then_some(url)
    }
}

/// The mock, started on a free loopback port.
pub fn start_mock(options: MockOptions) -> Result<MockServer, Failure> {
    MockServer::start_with(options).map_err(|e| Failure::from(format!("the mock cannot start: {e}")))
}

/// The settings as the client's JSON config: the file's, then the environment over it, then
/// the flags over both.
fn settings(connection: &Connection, out: &mut Out) -> Result<Map<String, Value>, Failure> {
    let mut settings = match &connection.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("--config {}: {e}", path.display()))?;
            match serde_json::from_str(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(format!("--config {}: must be a JSON object of client settings", path.display()).into()),
                Err(e) => return Err(format!("--config {}: not JSON ({e})", path.display()).into()),
            }
        }
        None => Map::new(),
    };
    for (key, variable) in ENVIRONMENT {
        if let Some(value) = std::env::var(variable).ok().filter(|v| !v.trim().is_empty()) {
            let value = match *key {
                "defaultServerId" => {
                    Value::from(value.trim().parse::<u64>().map_err(|_| format!("{variable} must be a positive integer, not {value:?}"))?)
                }
                _ => Value::from(value),
            };
            settings.insert(key.to_string(), value);
        }
    }
    if let Some(id) = &connection.community_id {
        settings.insert("communityId".into(), id.clone().into());
    }
    if let Some(key) = &connection.api_key {
        out.redact(key);
        out.warn("--api-key is visible to every user of this machine in the process list; prefer SONORAN_API_KEY or --config");
        settings.insert("apiKey".into(), key.clone().into());
    }
    if let Some(url) = &connection.api_url {
        settings.insert("apiUrl".into(), url.clone().into());
    }
    if let Some(id) = connection.server_id {
        settings.insert("defaultServerId".into(), id.into());
    }
    if let Some(Value::String(key)) = settings.get("apiKey") {
        out.redact(key);
    }
    Ok(settings)
}
