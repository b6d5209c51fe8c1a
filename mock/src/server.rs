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
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::data::{self, Account, Identifier, Server};
use crate::faults::{self, ConnectionKiller, Fault, Faults};

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
}

impl Default for MockOptions {
    fn default() -> Self {
        MockOptions {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            community_id: crate::DEMO_COMMUNITY_ID.into(),
            api_key: crate::DEMO_API_KEY.into(),
            server_ids: vec![1, 2],
            plan: 4,
            v2_rate_limit: Some(RateLimit::DOCUMENTED),
            extra_accounts: 0,
            pascal_case: false,
            api_enabled: true,
            tls: false,
            faults: Vec::new(),
            hub_ping_interval: Duration::from_secs(15),
        }
    }
}

/// What one route answered with the community's key ([`MockServer::route_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RouteStats {
    /// Requests received.
    pub requests: u64,
    /// Of which answered 429 (over the route's limit).
    pub limited: u64,
}

/// What the handlers share.
pub(crate) struct Shared {
    pub options: MockOptions,
    pub community: Mutex<Community>,
    /// Times of recent v2 requests, per key, for the rate limit.
    pub v2_calls: Mutex<HashMap<String, VecDeque<Instant>>>,
    pub requests: AtomicU64,
    /// Requests and 429s per route, of requests made with the community's key (v2's Bearer
    /// key; every v1 request): what the API would count against the key.
    pub routes: Mutex<HashMap<&'static str, RouteStats>>,
    pub connections: AtomicU64,
    pub faults: Arc<Faults>,
    /// The websocket hub's open sessions.
    pub hub: crate::hub::Hub,
    /// Push events sent and failed.
    pub events: Mutex<crate::events::EventStats>,
    /// The client of the push events' HTTP listener fallback.
    pub http: reqwest::Client,
}

/// The mutable community.
pub(crate) struct Community {
    pub accounts: Vec<Account>,
    pub identifiers: Vec<Identifier>,
    pub next_ident_id: i64,
    /// Each account's selected identifier, by account UUID.
    pub selected: HashMap<String, i64>,
    /// The configured game servers, in order.
    pub servers: Vec<Server>,
    /// The plan number `GET_VERSION` answers.
    pub plan: u8,
    /// Dispatch calls, 911 calls and dispatch templates.
    pub calls: crate::calls::Calls,
    /// Blips and map/emergency configuration, per server.
    pub map: crate::map::MapState,
    /// Records, record templates, characters and their links.
    pub records: crate::records::Records,
    /// Penal codes, postals, heartbeats, link codes, uploads (`/v2/general/...`).
    pub general: crate::general::General,
    /// Push events a route caused (server, type, data), sent once the route has answered.
    pub outbox: Vec<(u64, String, serde_json::Value)>,
}

impl Community {
    /// Whether `id` is a configured server.
    pub fn has_server(&self, id: u64) -> bool {
        self.servers.iter().any(|s| s.id == id)
    }

    /// The server an answer names when the request names none: the first configured one.
    pub fn default_server_id(&self) -> u64 {
        self.servers.first().map_or(1, |s| s.id)
    }

    /// A new identifier for `acc_id`, with the next id.
    pub fn new_identifier(&mut self, acc_id: String) -> &mut Identifier {
        let id = self.next_ident_id;
        self.next_ident_id += 1;
        self.identifiers.push(Identifier {
            id,
            acc_id,
            status: 0,
            is_panic: false,
            location: String::new(),
            aop: String::new(),
            coordinates: None,
            data: serde_json::Map::new(),
            is_dispatch: false,
        });
        let last = self.identifiers.len() - 1;
        &mut self.identifiers[last]
    }
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
    tls: Option<(SocketAddr, String)>,
    shared: Arc<Shared>,
    /// The mock's runtime, for [`MockServer::emit`].
    handle: tokio::runtime::Handle,
    shutdown: watch::Sender<bool>,
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
        let faults = Arc::new(Faults::default());
        for (endpoint, fault) in &options.faults {
            faults.set(endpoint, fault.clone());
        }
        let shared = Arc::new(Shared {
            community: Mutex::new(Community {
                accounts,
                identifiers,
                next_ident_id,
                selected: HashMap::new(),
                servers: options.server_ids.iter().copied().map(Server::seeded).collect(),
                plan: options.plan,
                calls: crate::calls::Calls::seeded(),
                map: Default::default(),
                records: crate::records::Records::seeded(),
                general: crate::general::General::seeded(),
                outbox: Vec::new(),
            }),
            v2_calls: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
            routes: Mutex::default(),
            connections: AtomicU64::new(0),
            faults,
            hub: Default::default(),
            events: Default::default(),
            http: crate::events::http_client(),
            options,
        });
        let bind = |port| -> io::Result<std::net::TcpListener> {
            let listener = std::net::TcpListener::bind((shared.options.host, port))?;
            listener.set_nonblocking(true)?;
            Ok(listener)
        };
        let listener = bind(shared.options.port)?;
        let addr = listener.local_addr()?;
        let tls = match shared.options.tls {
            true => {
                let listener = bind(0)?;
                let addr = listener.local_addr()?;
                Some((listener, addr, crate::tls::self_signed()?))
            }
            false => None,
        };
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        let handle = runtime.handle().clone();
        let app = router(shared.clone());
        let (shutdown, stop) = watch::channel(false);
        let tls_addr = tls.as_ref().map(|(_, addr, cert)| (*addr, cert.pem.clone()));
        let thread = std::thread::Builder::new().name("sonoran-mock".into()).spawn({
            let shared = shared.clone();
            move || {
                runtime.block_on(async move {
                    let plain = serve(TcpListener::from_std(listener), None, app.clone(), shared.clone(), stop.clone());
                    match tls {
                        Some((listener, _, cert)) => {
                            let secure = serve(TcpListener::from_std(listener), Some(cert.acceptor), app, shared, stop);
                            tokio::join!(plain, secure);
                        }
                        None => plain.await,
                    }
                });
                // Do not wait for clients that keep idle connections open.
                runtime.shutdown_background();
            }
        })?;
        let url = format!("http://{addr}");
        Ok(MockServer { addr, url, tls: tls_addr, shared, handle, shutdown, thread: Some(thread) })
    }

    /// The base URL to configure clients with (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The TLS listener's URL (`https://localhost:PORT`), when started with `tls: true`.
    pub fn tls_url(&self) -> Option<String> {
        self.tls.as_ref().map(|(addr, _)| format!("https://localhost:{}", addr.port()))
    }

    /// The TLS listener's self-signed certificate (PEM): the CA a client must trust.
    pub fn ca_cert_pem(&self) -> Option<&str> {
        self.tls.as_ref().map(|(_, pem)| pem.as_str())
    }

    /// The options it runs with.
    pub fn options(&self) -> &MockOptions {
        &self.shared.options
    }

    /// How many HTTP requests it has answered.
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Requests and 429s per route (by operation name) made with the community's key, by
    /// every client: what the API would count against the key.
    pub fn route_stats(&self) -> HashMap<&'static str, RouteStats> {
        self.shared.routes.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many TCP connections it has accepted.
    pub fn connection_count(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// Makes `endpoint` (an operation name such as `get_account_units`) misbehave.
    pub fn set_fault(&self, endpoint: &str, fault: Fault) {
        self.shared.faults.set(endpoint, fault);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// The serverId of each authenticated websocket hub session (`None`: authenticated
    /// without one), in the order they connected.
    pub fn hub_sessions(&self) -> Vec<Option<u64>> {
        self.shared.hub.authenticated()
    }

    /// Closes every websocket hub connection abruptly, as a crashed load balancer would: a TCP
    /// reset, no websocket close frame (clients see "connection reset"); answers how many
    /// connections there were (authenticated or not).
    pub fn drop_hub_sessions(&self) -> usize {
        self.shared.hub.drop_all()
    }

    /// Sends push event `event_type` to server `server_id` as Sonoran CAD does: to every
    /// authenticated hub session for that server (`pushEvent`), else as a `POST` to the
    /// server's HTTP listener (`http://<mapIp>:<listenerPort>/sonorancad/event`, loopback
    /// addresses only). `data` `None` sends the page's example ([`crate::events::example`]);
    /// a type the catalog does not know is sent as is when `data` is given. Blocks until
    /// delivered (safe from any thread; do not call it from inside an async task) and answers
    /// `{"via":"websocket","sessions":N}` or `{"via":"http","url":...,"status":200}`, or what
    /// failed.
    pub fn emit(&self, server_id: u64, event_type: &str, data: Option<serde_json::Value>) -> Result<serde_json::Value, String> {
        let (shared, event_type) = (self.shared.clone(), event_type.to_string());
        self.run(async move { crate::events::emit(&shared, server_id, &event_type, data).await.map_err(|e| e.message) })
    }

    /// [`MockServer::emit`] of every catalog type with its example, in catalog order,
    /// stopping at the first failure.
    pub fn emit_all(&self, server_id: u64) -> Result<Vec<serde_json::Value>, String> {
        let shared = self.shared.clone();
        self.run(async move { crate::events::emit_all(&shared, server_id).await.map_err(|e| e.message) })
    }

    /// Runs `task` on the mock's runtime and waits for its answer.
    fn run<T: Send + 'static>(&self, task: impl std::future::Future<Output = Result<T, String>> + Send + 'static) -> Result<T, String> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.handle.spawn(async move {
            let _ = tx.send(task.await);
        });
        rx.recv().unwrap_or_else(|_| Err("the mock has stopped".into()))
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
        let _ = self.shutdown.send(true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Accepts connections until shut down, serving each with `app` (over TLS with `tls`).
/// A hand-written loop rather than `axum::serve`, so that a fault can reset a connection.
async fn serve(
    listener: io::Result<TcpListener>,
    tls: Option<TlsAcceptor>,
    app: Router,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let listener = match listener {
        Ok(listener) => listener,
        Err(e) => return eprintln!("sonoran-mock: {e}"),
    };
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        let Ok((stream, _)) = accepted else { continue };
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let _ = stream.set_nodelay(true);
        let (app, tls) = (app.clone(), tls.clone());
        tokio::spawn(async move {
            // A second handle on the socket: a reset sets SO_LINGER 0 on it before closing.
            let Ok(socket) = socket2::SockRef::from(&stream).try_clone() else { return };
            let (kill, killed) = oneshot::channel();
            let killer = ConnectionKiller(Arc::new(Mutex::new(Some(kill))));
            // A third, for a websocket session that outlives this task: the hub resets it.
            let raw = crate::hub::RawSocket(socket2::SockRef::from(&stream).try_clone().ok().map(Arc::new));
            let app = app.map_request(move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request.extensions_mut().insert(killer.clone());
                request.extensions_mut().insert(raw.clone());
                request
            });
            let service = TowerToHyperService::new(app);
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let connection = async {
                match tls {
                    Some(acceptor) => {
                        // A failed handshake (an untrusting client) just ends the connection.
                        if let Ok(stream) = acceptor.accept(stream).await {
                            drop(builder.serve_connection_with_upgrades(TokioIo::new(stream), service).await);
                        }
                    }
                    None => drop(builder.serve_connection_with_upgrades(TokioIo::new(stream), service).await),
                }
            };
            tokio::select! {
                () = connection => {}
                Ok(()) = killed => {
                    let _ = socket.set_linger(Some(Duration::ZERO));
                }
            }
        });
    }
}

/// `GET /_mock/stats`: what the mock has seen, for benchmarks and curious users.
async fn stats(axum::extract::State(shared): axum::extract::State<Arc<Shared>>) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({
        "requests": shared.requests.load(Ordering::SeqCst),
        "routes": serde_json::to_value(&*shared.routes.lock().unwrap_or_else(|e| e.into_inner())).unwrap_or_default(),
        "connections": shared.connections.load(Ordering::SeqCst),
        "general": crate::general::stats(&shared.community()),
        "hubSessions": shared.hub.authenticated(),
        "events": shared.events.lock().unwrap_or_else(|e| e.into_inner()).to_json(),
    }))
}

/// `POST /_mock/fault?endpoint=NAME` with a fault spec as the body (the `--fault` form
/// after `NAME=`) sets a fault at run time, for hosts that cannot reach the mock in-process
/// (the C and Lua tests); `DELETE /_mock/fault` clears every fault.
async fn set_fault(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
    body: String,
) -> Response {
    use axum::response::IntoResponse;
    let Some(endpoint) = query.get("endpoint") else {
        return (axum::http::StatusCode::BAD_REQUEST, "give ?endpoint=<operation name>").into_response();
    };
    match Fault::parse(body.trim()) {
        Ok(fault) => {
            shared.faults.set(endpoint, fault);
            axum::http::StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (axum::http::StatusCode::BAD_REQUEST, e).into_response(),
    }
}

async fn clear_faults(axum::extract::State(shared): axum::extract::State<Arc<Shared>>) -> axum::http::StatusCode {
    shared.faults.clear();
    axum::http::StatusCode::NO_CONTENT
}

async fn count_requests(shared: Arc<Shared>, request: Request, next: Next) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let matched = request.extensions().get::<axum::extract::MatchedPath>();
    let operation = matched.and_then(|m| crate::routes::operation(request.method(), m.as_str()));
    let bearer =
        request.headers().get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let keyed = match bearer {
        Some(key) => key.trim() == shared.options.api_key,
        None => !request.uri().path().starts_with("/v2/"),
    };
    let response = next.run(request).await;
    if let (Some(operation), true) = (operation, keyed) {
        let mut routes = shared.routes.lock().unwrap_or_else(|e| e.into_inner());
        let route = routes.entry(operation).or_default();
        route.requests += 1;
        if response.status() == axum::http::StatusCode::TOO_MANY_REQUESTS {
            route.limited += 1;
        }
    }
    response
}

/// The mock's router: the API routes of [`crate::routes::ROUTES`], the `/_mock` routes, and
/// a problem-document 404 for anything else.
fn router(shared: Arc<Shared>) -> Router {
    let faults = shared.faults.clone();
    crate::routes::add_all(Router::new())
        .route("/_mock/stats", get(stats))
        .route("/_mock/fault", post(set_fault).delete(clear_faults))
        .route("/_mock/servers/{serverId}/configuration", get(crate::map::stored))
        .route("/_mock/links/{code}", post(crate::general::complete_link))
        .route("/apiWsHub", get(crate::hub::upgrade))
        .route("/apiWsHub/negotiate", post(crate::hub::negotiate))
        .route("/_mock/hub/drop", post(crate::triggers::drop_hub))
        .route("/_mock/events/emit", post(crate::triggers::emit))
        .route("/_mock/events/types", get(crate::triggers::types))
        .route("/_mock/units/{identId}/status", post(crate::triggers::unit_status))
        .route("/_mock/911", post(crate::triggers::call_911))
        .route("/_mock/911/{callId}/remove", post(crate::triggers::remove_911))
        .fallback(crate::v2::not_found)
        .layer(middleware::from_fn(crate::v2::rate_headers))
        .layer(middleware::from_fn(move |request, next| faults::inject(faults.clone(), request, next)))
        // Outside the fault layer, so that faults see the operation name.
        .layer(middleware::from_fn(crate::routes::tag))
        .layer(middleware::from_fn({
            let shared = shared.clone();
            move |request, next| count_requests(shared.clone(), request, next)
        }))
        .with_state(shared)
}
