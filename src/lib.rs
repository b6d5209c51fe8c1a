//! # sonoran
//!
//! A client of the [Sonoran CAD](https://sonorancad.com) web API: community accounts, unit
//! identifiers and units, over v1 (`POST` with the `{id, key, type, data}` envelope) and
//! v2 (REST with a Bearer key).
//!
//! The core is plain Rust: [`Client`] validates a call against its [`operations::Operation`]
//! declaration, sends it with one pooled blocking HTTP client, and returns a typed answer or an
//! [`Error`] with a stable [`ErrorKind`]. The C ABI and the Lua module are thin faces over
//! [`Client::call`] and the JSON [envelope](envelope).
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

pub mod client;
pub mod config;
pub mod envelope;
pub mod error;
#[cfg(feature = "capi")]
pub mod ffi;
pub mod inbox;
pub mod logging;
pub mod models;
pub mod operations;
pub mod pacing;
mod transport;

pub use client::{Client, OnDone, RequestId};
pub use config::{ApiKey, Config};
pub use envelope::{Body, Response};
pub use error::{Error, ErrorKind, Result};
pub use inbox::{Inbox, Poll};

/// This library's version, e.g. `"0.1.0"`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
