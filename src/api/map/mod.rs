//! The map and a server's emergency configuration (`/v2/emergency/servers/{serverId}/...`):
//! custom blips, the Inferno pager, ERS callouts, station alerts and street signs.
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key").with_default_server_id(1))?;
//! for blip in client.get_blips_v2(None)? {
//!     println!("{:?}", blip.id);
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
