//! # sonoran
//!
//! A client of the [Sonoran CAD](https://sonorancad.com) web API: community accounts, unit
//! identifiers and units, over v1 (`POST` with the `{id, key, type, data}` envelope) and
//! v2 (REST with a Bearer key).
//!
//! The core is plain Rust and knows no C and no Lua: [`Client`] validates a call against its
//! [`operations::Operation`] declaration, runs it as a task on an I/O thread the client owns
//! (paced, retried, bounded by its deadline), and returns a typed answer or an [`Error`] with
//! a stable [`ErrorKind`]. The C ABI (`bindings/c`) and the Lua module (`bindings/lua`) are
//! thin skins over [`Client::call`] / [`Client::submit`] and the JSON envelope of [`faces`].
//!
//! ```no_run
//! use sonoran::{Client, Config, models::GetAccountUnits};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let units = client.get_account_units(&GetAccountUnits {
//!     account_uuid: "91de0ce8-c571-11e9-9714-5600023b2434".into(),
//!     ..Default::default()
//! })?;
//! println!("{} units", units.units.len());
//! # Ok::<(), sonoran::Error>(())
//! ```

#![warn(missing_docs)]

pub mod api;
pub mod budget;
pub mod client;
pub mod config;
pub mod error;
pub mod faces;
#[cfg(feature = "gateway")]
pub mod gateway;
pub mod logging;
pub mod mirror;
pub mod operations;
pub mod push;
pub mod response;
mod sync;
mod tls;
mod transport;
pub mod upload;

/// Every area's models in one place, for `use sonoran::models::*`: each is defined in its
/// area's folder ([`api::v1::models`], [`api::emergency::models`], [`api::general::models`],
/// [`api::map::models`], [`api::records::models`], [`api::permissions::models`],
/// [`api::integration_panels::models`]).
pub mod models {
    pub use crate::api::emergency::models::*;
    pub use crate::api::general::models::*;
    pub use crate::api::integration_panels::models::*;
    pub use crate::api::map::models::*;
    pub use crate::api::permissions::models::*;
    pub use crate::api::records::models::*;
    pub use crate::api::v1::models::*;
}

pub use budget::Budget;
pub use client::{CallOptions, Client, OnDone, Priority, RequestId};
pub use config::{ApiKey, Config};
pub use error::{Error, ErrorKind, Result};
pub use faces::{Inbox, Poll};
pub use push::{EventOptions, PushEvent, ReceivedEvent, Via};
pub use response::{Body, Response};
pub use transport::RouteActivity;

/// This library's version, e.g. `"0.1.0"`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
