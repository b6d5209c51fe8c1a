//! How the mock behaves: the community and key it accepts, its servers and plan, the v2 rate
//! limit, faults to start with, TLS, the hub's pings, the lifetime of panel actions.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use crate::faults::Fault;

/// Community id the mock accepts unless told otherwise.
pub const DEMO_COMMUNITY_ID: &str = "demo-community";
/// API key the mock accepts unless told otherwise.
pub const DEMO_API_KEY: &str = "demo-api-key";

/// A v2 rate limit: at most `requests` per `window`, per API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: usize,
    /// The window.
    pub window: Duration,
}

impl RateLimit {
    /// Each route's documented limit per minute (its `per_minute` in the route table), per
    /// key: the default.
    pub const DOCUMENTED: RateLimit = RateLimit { requests: 0, window: Duration::from_secs(60) };
}

/// How the mock behaves.
#[derive(Debug, Clone)]
pub struct MockOptions {
    /// Address to listen on; loopback unless told otherwise.
    pub host: IpAddr,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// The community id it accepts.
    pub community_id: String,
    /// The API key it accepts.
    pub api_key: String,
    /// The game servers the community starts with (see `GET_SERVERS`); requests naming
    /// another server are refused (`INVALID SERVER ID` on v1, 404 on v2).
    pub server_ids: Vec<u64>,
    /// The community's plan, as v1 `GET_VERSION` answers it: 0 free, 1 starter, 2 standard,
    /// 3 plus, 4 pro, 6 one (the numbering of Sonoran's own SDKs).
    pub plan: u8,
    /// v2 rate limit per key and route: [`RateLimit::DOCUMENTED`] (each route's documented
    /// limit, the default), one limit for every route, or `None` for none.
    pub v2_rate_limit: Option<RateLimit>,
    /// Generated active accounts added to the seed, for paging.
    pub extra_accounts: usize,
    /// Answer `get_account_units` with `{"Units": [...]}`, as its v2 page shows, instead of
    /// the reference page's `{"units": [...]}`.
    pub pascal_case: bool,
    /// When false, v1 answers `API IS NOT ENABLED FOR THIS COMMUNITY`.
    pub api_enabled: bool,
    /// Also listen with TLS (a self-signed certificate for `localhost` and `127.0.0.1`,
    /// made at start; see [`MockServer::tls_url`] and [`MockServer::ca_cert_pem`]).
    pub tls: bool,
    /// Faults to start with, by endpoint (operation name).
    pub faults: Vec<(String, Fault)>,
    /// How often the websocket hub (`/apiWsHub`) sends each handshaken session a SignalR
    /// ping (`{"type":6}`); 15 s by default, as SignalR servers do.
    pub hub_ping_interval: Duration,
    /// How long an integration panel action waits for its acknowledgement (polls answer it,
    /// acknowledgements are taken) after a CAD user pressed it: 60 s, as the pages say.
    pub panel_action_lifetime: Duration,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            community_id: DEMO_COMMUNITY_ID.into(),
            api_key: DEMO_API_KEY.into(),
            server_ids: vec![1, 2],
            plan: 4,
            v2_rate_limit: Some(RateLimit::DOCUMENTED),
            extra_accounts: 0,
            pascal_case: false,
            api_enabled: true,
            tls: false,
            faults: Vec::new(),
            hub_ping_interval: Duration::from_secs(15),
            panel_action_lifetime: Duration::from_secs(60),
        }
    }
}
