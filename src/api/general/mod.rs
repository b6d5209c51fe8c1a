//! General (`/v2/general/...`): accounts and their permissions, community links, bans,
//! the community's plan, info and servers, heartbeats, penal codes, postals, photos, TURN
//! credentials and bodycam uploads.
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let version = client.get_version_v2()?;
//! println!("plan: {:?}", version.plan());
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
