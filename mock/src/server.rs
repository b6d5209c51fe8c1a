//! Starting and stopping the mock.

use std::collections::HashMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use crate::api::hub::RawSocket;
use crate::faults::Fault;
use crate::http::faults::ConnectionKiller;
use crate::options::MockOptions;
use crate::shared::{RouteStats, Shared};

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
        let shared = Shared::new(options);
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
        let app = crate::app::router(shared.clone());
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
        self.shared.push.hub.authenticated()
    }

    /// Closes every websocket hub connection abruptly, as a crashed load balancer would: a TCP
    /// reset, no websocket close frame (clients see "connection reset"); answers how many
    /// connections there were (authenticated or not).
    pub fn drop_hub_sessions(&self) -> usize {
        self.shared.push.hub.drop_all()
    }

    /// Sends push event `event_type` to server `server_id` as Sonoran CAD does: to every
    /// authenticated hub session for that server (`pushEvent`), else as a `POST` to the
    /// server's HTTP listener (`http://<mapIp>:<listenerPort>/sonorancad/event`, loopback
    /// addresses only). `data` `None` sends the page's example ([`crate::events::example`]);
    /// a type the catalog does not know is sent as is when `data` is given. It goes out
    /// behind the events queued for the server before (events keep their order). Blocks until
    /// delivered (safe from any thread; do not call it from inside an async task) and answers
    /// `{"via":"websocket","sessions":N}` or `{"via":"http","url":...,"status":200}`, or what
    /// failed.
    pub fn emit(&self, server_id: u64, event_type: &str, data: Option<serde_json::Value>) -> Result<serde_json::Value, String> {
        let (shared, event_type) = (self.shared.clone(), event_type.to_string());
        self.run(async move { shared.emit(server_id, &event_type, data).await.map_err(|e| e.message) })
    }

    /// [`MockServer::emit`] of every catalog type with its example, in catalog order,
    /// stopping at the first failure.
    pub fn emit_all(&self, server_id: u64) -> Result<Vec<serde_json::Value>, String> {
        let shared = self.shared.clone();
        self.run(async move { shared.emit_all(server_id).await.map_err(|e| e.message) })
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
            let raw = RawSocket(socket2::SockRef::from(&stream).try_clone().ok().map(Arc::new));
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
