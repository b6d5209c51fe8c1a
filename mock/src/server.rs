//! Starting and stopping the mock, and the state its handlers share.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use tokio::sync::oneshot;

use crate::data::{self, Account, Identifier};

/// A v2 rate limit: at most `requests` per `window`, per API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: usize,
    /// The window.
    pub window: Duration,
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
    /// Configured server ids; others are 404 on v2.
    pub server_ids: Vec<u64>,
    /// v2 rate limit per key (the API's 10 a minute by default); `None` switches it off.
    pub v2_rate_limit: Option<RateLimit>,
    /// Generated active accounts added to the seed, for paging.
    pub extra_accounts: usize,
    /// Answer v2 with PascalCase top-level keys (`Units`), as some v2 routes do.
    pub pascal_case: bool,
    /// When false, v1 answers `API IS NOT ENABLED FOR THIS COMMUNITY`.
    pub api_enabled: bool,
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            community_id: crate::DEMO_COMMUNITY_ID.into(),
            api_key: crate::DEMO_API_KEY.into(),
            server_ids: vec![1, 2],
            v2_rate_limit: Some(RateLimit { requests: 10, window: Duration::from_secs(60) }),
            extra_accounts: 0,
            pascal_case: false,
            api_enabled: true,
        }
    }
}

/// What the handlers share.
pub(crate) struct Shared {
    pub options: MockOptions,
    pub community: Mutex<Community>,
    /// Times of recent v2 requests, per key, for the rate limit.
    pub v2_calls: Mutex<HashMap<String, VecDeque<Instant>>>,
    pub requests: AtomicU64,
}

/// The mutable community.
pub(crate) struct Community {
    pub accounts: Vec<Account>,
    pub identifiers: Vec<Identifier>,
    pub next_ident_id: i64,
}

impl Shared {
    /// The community, also after a handler panicked while holding it.
    pub fn community(&self) -> MutexGuard<'_, Community> {
        self.community.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A running mock. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a mock with the default options on a free loopback port.
    pub fn start() -> io::Result<MockServer> {
        MockServer::start_with(MockOptions::default())
    }

    /// Starts a mock with `options`, serving on a thread of its own until dropped.
    pub fn start_with(options: MockOptions) -> io::Result<MockServer> {
        let (accounts, identifiers) = data::seed(options.extra_accounts);
        let next_ident_id = identifiers.iter().map(|i| i.id).max().unwrap_or(0).max(99) + 1;
        let shared = Arc::new(Shared {
            community: Mutex::new(Community { accounts, identifiers, next_ident_id }),
            v2_calls: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            options,
        });
        let listener = std::net::TcpListener::bind((shared.options.host, shared.options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        let app = router(shared.clone());
        let (shutdown, stop) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new().name("sonoran-mock".into()).spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(listener) => listener,
                    Err(e) => return eprintln!("sonoran-mock: {e}"),
                };
                let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                    let _ = stop.await;
                });
                if let Err(e) = serve.await {
                    eprintln!("sonoran-mock: {e}");
                }
            });
            // Do not wait for clients that keep idle connections open.
            runtime.shutdown_background();
        })?;
        let url = format!("http://{addr}");
        Ok(MockServer { addr, url, shared, shutdown: Some(shutdown), thread: Some(thread) })
    }

    /// The base URL to configure clients with (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The options it runs with.
    pub fn options(&self) -> &MockOptions {
        &self.shared.options
    }

    /// How many HTTP requests it has answered.
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Blocks until the server stops (for the binary).
    pub fn wait(mut self) {
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn count_requests(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    next.run(request).await
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/emergency/get_account_identifiers", post(crate::v1::get_account_identifiers))
        .route("/general/get_account", post(crate::v1::get_account))
        .route("/general/get_accounts", post(crate::v1::get_accounts))
        .route("/emergency/modify_identifier", post(crate::v1::modify_identifier))
        .route("/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units", get(crate::v2::get_account_units))
        .fallback(crate::v2::not_found)
        .layer(middleware::from_fn({
            let shared = shared.clone();
            move |request, next| count_requests(shared.clone(), request, next)
        }))
        .with_state(shared)
}
