//! # sonoran-mock
//!
//! A mock of the Sonoran CAD web API: a real HTTP server on loopback (optionally with TLS too)
//! with an in-memory community seeded from the API reference pages' examples (`SonoranBrian`,
//! unit `A-10`, game servers 1 and 2, ...). It answers every operation of the library, v1 and
//! v2, in the shapes of the API pages, errors included, plus the v1 `GET_VERSION` and
//! `GET_SERVERS` that Sonoran's own SDKs send at start-up, so the library's tests, examples and
//! users' plugins can run offline. Its routes are one table (`routes.rs`), from which both the
//! router and the operation names used by faults and the rate limit come.
//!
//! ```no_run
//! let mock = sonoran_mock::MockServer::start().unwrap();
//! println!("{} {} {}", mock.url(), sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY);
//! ```
//!
//! ## Push events and the websocket hub
//!
//! `GET /apiWsHub` is the API's websocket hub (SignalR's JSON hub protocol: handshake
//! `{"protocol":"json","version":1}` + 0x1E, then invocations): `authenticatev2` (alias
//! `authenticate`) with `[communityId, apiKey, serverId?]`, and `unitLocation`. The mock sends
//! push events as Sonoran CAD does ([`events`]): `pushEvent` to every session authenticated
//! for the target server, else a `POST` to the server's listener
//! (`http://<mapIp>:<listenerPort>/sonorancad/event`, loopback addresses only). Send one with
//! [`MockServer::emit`], `POST /_mock/events/emit` or `sonoran-mock --emit EVENT_911`; the
//! control routes `POST /_mock/units/{identId}/status`, `POST /_mock/911`,
//! `POST /_mock/911/{callId}/remove` and `POST /_mock/links/{code}` stand in for changes made
//! in the CAD and send their events; `create_emergency_call_v2` sends `EVENT_911` too.
//! [`MockServer::drop_hub_sessions`] (or `POST /_mock/hub/drop`) cuts every hub connection.
//!
//! [`recorder::RecordingServer`] is a second, dumber server that records every request and
//! answers with a canned response, for checking the client's wire format against the pages.

// Handlers answer `Result<_, Response>`: the early return of a ready answer (a 404, a 422)
// is the plumbing's idiom, and the mock's few requests never notice the size of the error.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

mod calls;
mod civilian;
mod data;
pub mod events;
pub mod faults;
mod general;
mod hub;
mod map;
pub mod recorder;
mod records;
mod routes;
mod server;
mod tls;
mod triggers;
mod units;
mod v1;
mod v2;

pub use data::{BRIAN_UUID, JOHN_UUID};
pub use faults::{Fault, FaultKind};
pub use general::{BRIAN_SECRET, COMMUNITY_UUID, JOHN_SECRET};
pub use routes::documented_limits;
pub use server::{MockOptions, MockServer, RateLimit, RouteStats};

/// Community id the mock accepts unless told otherwise.
pub const DEMO_COMMUNITY_ID: &str = "demo-community";
/// API key the mock accepts unless told otherwise.
pub const DEMO_API_KEY: &str = "demo-api-key";
