//! # sonoran-mock
//!
//! A mock of the Sonoran CAD web API: a real HTTP server on loopback with an in-memory
//! community seeded from the API reference pages' examples (`SonoranBrian`, unit `A-10`, ...).
//! It answers the five reference endpoints as the real API does, errors included, so the
//! library's tests, examples and users' plugins can run offline.
//!
//! ```no_run
//! let mock = sonoran_mock::MockServer::start().unwrap();
//! println!("{} {} {}", mock.url(), sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY);
//! ```
//!
//! [`recorder::RecordingServer`] is a second, dumber server that records every request and
//! answers with a canned response, for checking the client's wire format against the pages.

#![warn(missing_docs)]

mod data;
pub mod faults;
pub mod recorder;
mod server;
mod tls;
mod v1;
mod v2;

pub use data::{BRIAN_UUID, JOHN_UUID};
pub use faults::{Fault, FaultKind};
pub use server::{MockOptions, MockServer, RateLimit};

/// Community id the mock accepts unless told otherwise.
pub const DEMO_COMMUNITY_ID: &str = "demo-community";
/// API key the mock accepts unless told otherwise.
pub const DEMO_API_KEY: &str = "demo-api-key";
