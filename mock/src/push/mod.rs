//! Push events on their way out, as Sonoran CAD sends them: over every authenticated hub
//! session for the target server (`pushEvent`) when there is one, else as an HTTP `POST` to
//! the server's listener (`http://<mapIp>:<listenerPort>/sonorancad/event`), loopback only;
//! `EVENT_FIVEM_CONFIGURATION` over the hub only ([`WEBSOCKET_ONLY`]). This knows the hub's
//! sessions and the listener client, not the server around them: who sends an event names
//! its key and how to find the target server. Nothing is kept for later: an event with no
//! hub session and no listener to take it fails (counted in `/_mock/stats` as `failed`).
//! The order of events is the sender's (`Shared`'s queue per server): one emission here
//! ends when the event was handed to every session's socket task or the listener answered.

pub mod events;
pub mod hub;

use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Value};

use crate::store::accounts::Server;

use self::events::example;
use self::hub::Hub;

/// The event types the CAD sends over the hub only: never to the HTTP listener, and not
/// queued while the server has no hub session (`websocket/push-events.md`).
pub const WEBSOCKET_ONLY: &[&str] = &["EVENT_FIVEM_CONFIGURATION"];

/// Why an emission failed, with the HTTP status the control route answers it with.
#[derive(Debug, Clone)]
pub struct EmitError {
    /// 400 bad request, 403 refused destination, 404 no such server, 409 nowhere to send,
    /// 502 the listener failed.
    pub status: u16,
    /// What failed.
    pub message: String,
}

impl EmitError {
    pub(crate) fn new(status: u16, message: impl Into<String>) -> EmitError {
        EmitError { status, message: message.into() }
    }
}

/// What `/_mock/stats` shows of emissions.
#[derive(Debug, Default)]
struct EventStats {
    sent: u64,
    failed: u64,
    last: Option<Value>,
}

/// How a sender finds a game server of the community by id (the community is locked only
/// when the hub has no session for it).
pub type Servers<'a> = &'a (dyn Fn(u64) -> Option<Server> + Sync);

/// The ways out of push events: the hub's sessions and the listener fallback's HTTP client,
/// and the record of what was sent.
pub struct Push {
    /// The websocket hub's open sessions.
    pub hub: Hub,
    stats: Mutex<EventStats>,
    http: reqwest::Client,
}

impl Push {
    /// No sessions, nothing sent yet.
    pub fn new() -> Push {
        Push { hub: Hub::default(), stats: Mutex::default(), http: http_client() }
    }

    /// `{"sent": n, "failed": n, "last": {...}}`, for `/_mock/stats`.
    pub fn stats(&self) -> Value {
        let stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        json!({"sent": stats.sent, "failed": stats.failed, "last": stats.last})
    }

    /// Sends `event_type` with `data` (its page's example when `None`) to server
    /// `server_id` with `api_key` as the CAD does, and records the outcome for `/_mock/stats`.
    pub async fn emit(
        &self,
        api_key: &str,
        servers: Servers<'_>,
        server_id: u64,
        event_type: &str,
        data: Option<Value>,
    ) -> Result<Value, EmitError> {
        let result = self.deliver(api_key, servers, server_id, event_type, data).await;
        self.record(server_id, event_type, &result);
        result
    }

    /// Sends `payload` as it is (an object, or JSON text) to the hub sessions of server
    /// `server_id` only, as the CAD sends [`WEBSOCKET_ONLY`] events: no HTTP fallback, and
    /// nothing queued when no session is there (409). Records the outcome for `/_mock/stats`.
    pub async fn emit_websocket(&self, server_id: u64, event_type: &str, payload: &Value) -> Result<Value, EmitError> {
        let sessions = self.hub.sent_to(server_id, payload).await;
        let result =
            if sessions > 0 { Ok(json!({"via": "websocket", "sessions": sessions})) } else { Err(no_session(server_id, event_type)) };
        self.record(server_id, event_type, &result);
        result
    }

    /// Records an emission's outcome for `/_mock/stats`.
    fn record(&self, server_id: u64, event_type: &str, result: &Result<Value, EmitError>) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        let last = match &result {
            Ok(outcome) => {
                stats.sent += 1;
                json!({"serverId": server_id, "type": event_type, "outcome": outcome})
            }
            Err(e) => {
                stats.failed += 1;
                json!({"serverId": server_id, "type": event_type, "error": e.message})
            }
        };
        stats.last = Some(last);
    }

    async fn deliver(
        &self,
        api_key: &str,
        servers: Servers<'_>,
        server_id: u64,
        event_type: &str,
        data: Option<Value>,
    ) -> Result<Value, EmitError> {
        let data = match data {
            Some(data) => data,
            None => example(event_type).ok_or_else(|| {
                EmitError::new(400, format!("Unknown event type '{event_type}': give its data (see /_mock/events/types)."))
            })?,
        };
        let payload = json!({"key": api_key, "type": event_type, "data": data});
        // The hub first: every authenticated session for this server.
        let sessions = self.hub.sent_to(server_id, &payload).await;
        if sessions > 0 {
            return Ok(json!({"via": "websocket", "sessions": sessions}));
        }
        if WEBSOCKET_ONLY.contains(&event_type) {
            return Err(no_session(server_id, event_type));
        }
        // Else the server's HTTP listener.
        let Some(server) = servers(server_id) else {
            return Err(EmitError::new(404, format!("No hub session for server {server_id}, and server {server_id} is not configured.")));
        };
        if server.map_ip.trim().is_empty() || server.listener_port.trim().is_empty() {
            return Err(EmitError::new(
                409,
                format!(
                    "No hub session for server {server_id}, and no HTTP listener is configured for it (mapIp and listenerPort are needed)."
                ),
            ));
        }
        let Some(ip) = loopback(&server.map_ip) else {
            return Err(EmitError::new(
                403,
                format!(
                    "No hub session for server {server_id}, and its mapIp '{}' is not a loopback address: the mock only sends push events to 127.0.0.0/8, ::1 or localhost.",
                    server.map_ip
                ),
            ));
        };
        let Ok(port) = server.listener_port.trim().parse::<u16>() else {
            return Err(EmitError::new(409, format!("Server {server_id}'s listenerPort '{}' is not a port.", server.listener_port)));
        };
        let url = format!("http://{}/sonorancad/event", std::net::SocketAddr::new(ip, port));
        let sent = self.http.post(&url).header(reqwest::header::CONTENT_TYPE, "application/json").body(payload.to_string()).send().await;
        match sent {
            Ok(response) if response.status().is_success() => Ok(json!({"via": "http", "url": url, "status": response.status().as_u16()})),
            Ok(response) => Err(EmitError::new(
                502,
                format!("No hub session for server {server_id}; the HTTP listener at {url} answered {}.", response.status()),
            )),
            Err(e) => {
                let what = if e.is_timeout() {
                    "did not answer in time".to_string()
                } else if e.is_connect() {
                    "refused the connection".to_string()
                } else {
                    format!("failed: {e}")
                };
                Err(EmitError::new(502, format!("No hub session for server {server_id}; the HTTP listener at {url} {what}.")))
            }
        }
    }
}

/// The refusal of a [`WEBSOCKET_ONLY`] event with no hub session for its server.
fn no_session(server_id: u64, event_type: &str) -> EmitError {
    EmitError::new(
        409,
        format!("No hub session for server {server_id}: {event_type} goes over the websocket only (no HTTP fallback) and is not queued."),
    )
}

/// The address to send to for `map_ip`, when it is a loopback one (`localhost` is sent to
/// `127.0.0.1`): the mock never sends anywhere else.
fn loopback(map_ip: &str) -> Option<std::net::IpAddr> {
    let ip = map_ip.trim().trim_start_matches('[').trim_end_matches(']');
    if ip.eq_ignore_ascii_case("localhost") {
        return Some(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    }
    let ip: std::net::IpAddr = ip.parse().ok()?;
    ip.to_canonical().is_loopback().then_some(ip)
}

/// The HTTP client of the listener fallback: 5 s timeout, no redirects, no proxies.
fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("a plain HTTP client builds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_destinations() {
        for ok in ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost", "LOCALHOST", "::ffff:127.0.0.1"] {
            assert!(loopback(ok).is_some(), "{ok}");
        }
        for refused in ["10.0.0.1", "192.168.1.1", "8.8.8.8", "example.com", "", "0.0.0.0", "::"] {
            assert!(loopback(refused).is_none(), "{refused}");
        }
    }
}
