//! The API, area by area: each area's folder holds its operations table
//! (`operations.rs`), its models (`models.rs`) and its typed methods on [`crate::Client`]
//! (`methods.rs`).
//!
//! | area | what |
//! |---|---|
//! | [`v1`] | the retired v1 routes of the reference pages (`POST` with `{id, key, type, data}`) |
//! | [`emergency`] | identifiers, units, 911 and dispatch calls (`/v2/emergency/...`) |
//! | [`general`] | accounts, permissions, links, community and server configuration (`/v2/general/...`) |
//! | [`map`] | blips, pager, callouts, stations and street signs (`/v2/emergency/servers/{serverId}/...`) |
//! | [`records`] | records, lookups, templates and civilian characters |
//! | [`permissions`] | granular permissions: the catalog of grant ids, an account's grants |
//! | [`integration_panels`] | CAD panels a game script publishes, and the actions CAD users take on them |
//!
//! [`all`] lists every operation; [`find`] looks one up by the name `Client::call` takes.
//!
//! # Example
//!
//! ```
//! let op = sonoran::api::find("get_units_v2").expect("a known operation");
//! assert_eq!(op.name, "get_units_v2");
//! assert!(sonoran::api::all().count() > 50);
//! ```

mod catalogue;
pub mod emergency;
pub mod general;
pub mod integration_panels;
pub mod map;
pub mod permissions;
pub mod records;
pub mod v1;
pub(crate) mod wire;

pub use catalogue::{all, call_names, find, find_all_pages, is_multipart, sends_key, unknown};
