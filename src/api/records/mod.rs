//! Records, lookups and civilian characters (`/v2/general/records`, `/v2/general/lookups`,
//! `/v2/civilian/...`): template-driven records kept whole, lookups by name, plate or a
//! custom field, drafts, templates, characters and their links.
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! for record in client.lookup_by_value_v2("plate", "ABC123", &[])? {
//!     println!("{:?}", record.value("plate"));
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
mod rules;
