//! The v1 operations: `POST` with the `{id, key, type, data}` envelope. Sonoran retired v1
//! in June 2026; they stay because they are the reference pages the library began from, and
//! each has a v2 route in [`crate::api::emergency`] or [`crate::api::general`].
//!
//! ```no_run
//! use sonoran::{Client, Config, models::AccountTarget};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let account = client.get_account(&AccountTarget::Username("SonoranBrian".into()))?;
//! println!("{:?}", account.uuid);
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
