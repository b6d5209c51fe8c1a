//! # sonoran-mock
//!
//! A mock of the Sonoran CAD web API: a real HTTP server on loopback (optionally with TLS too)
//! with an in-memory community seeded from the API reference pages' examples (`SonoranBrian`,
//! unit `A-10`, game servers 1 and 2, ...). It answers every operation of the library, v1 and
//! v2, in the shapes of the API pages, errors included, plus the v1 `GET_VERSION` and
//! `GET_SERVERS` that Sonoran's own SDKs send at start-up, so the library's tests, examples and
//! users' plugins can run offline. Its routes are one table (`routes.rs`): each API area binds
//! its handlers to the table's operations by name, and the operation names used by faults
//! and the rate limit are read back from it.
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
//! [`MockServer::emit`], `POST /_mock/events/emit` or `sonoran-mock --emit EVENT_911`. The
//! control routes stand in for changes made in the CAD and send their events, with the unit
//! and call objects `get_units_v2` and `get_calls_v2` then show: `POST /_mock/units/seed`
//! (units on duty, no event), `/_mock/units/{identId}/login`, `.../logout`, `.../status`,
//! `.../panic`, `.../group`, `POST /_mock/groups/rename`, `POST /_mock/dispatch` and
//! `/_mock/dispatch/{callId}/edit`, `.../close`, `.../note`, `.../attach`, `.../detach`,
//! `POST /_mock/911`, `/_mock/911/{callId}/remove` and `POST /_mock/links/{code}` (the table
//! is in `control`'s comment and docs/reference/mock.md). Unit writes through the API push their unit
//! events, `create_emergency_call_v2` and `delete_emergency_call_v2` `EVENT_911` and
//! `EVENT_REMOVE_911`; dispatch writes through the API push nothing, as their pages say.
//! Events of one server go out in the order of the changes (one queue and task per server);
//! with no hub session and no listener to take them they fail (counted in `/_mock/stats`),
//! and are not kept. [`MockServer::drop_hub_sessions`] (or `POST /_mock/hub/drop`) cuts every
//! hub connection.
//!
//! ## Integration panels and FiveM configuration
//!
//! The integration panel routes keep definitions, instances and their state with the pages'
//! caps, seeded with the pages' `example.fire-alarms` and the poll page's action.
//! `POST /_mock/panels/actions` (or `sonoran-mock --panel-action '<json>'`) stands in for a
//! CAD user pressing a control: the action is queued for the recovery poll
//! ([`MockOptions::panel_action_lifetime`], 60 s) and pushed as
//! `EVENT_PANEL_<PANEL KEY IN UPPER CASE>` like any push event; `GET /_mock/panels/acks` and
//! `GET /_mock/panels/actions` show what was acknowledged. `POST /_mock/fivem/configuration`
//! saves and applies a server's FiveM configuration: its revision moves on and
//! `EVENT_FIVEM_CONFIGURATION` goes to the server's hub sessions only.
//!
//! [`recorder::RecordingServer`] is a second, dumber server that records every request and
//! answers with a canned response, for checking the client's wire format against the pages.

#![warn(missing_docs)]

// From the bottom up: `store` is what the mock remembers (no HTTP), `routes` the route
// table (data), `push` the way out of push events, `shared` the state every handler shares,
// `http` the request plumbing of every area, `api` the areas (each with its `routes()`),
// `control` the `/_mock` routes, `app` the router they make, `server` what runs it.
mod api;
mod app;
mod control;
pub mod faults;
mod http;
mod options;
mod push;
pub mod recorder;
mod routes;
mod server;
mod shared;
mod store;
mod tls;

pub use faults::{Fault, FaultKind};
pub use options::{MockOptions, RateLimit, DEMO_API_KEY, DEMO_COMMUNITY_ID};
pub use push::events;
pub use routes::documented_limits;
pub use server::MockServer;
pub use shared::RouteStats;
pub use store::accounts::{BRIAN_UUID, JOHN_UUID};
pub use store::general::{BRIAN_SECRET, COMMUNITY_UUID, JOHN_SECRET};
