//! Emergency (`/v2/emergency/...`): unit identifiers, the units on duty with their status,
//! panic and locations, 911 calls and dispatch calls with their notes, postals and units.
//!
//! ```no_run
//! use sonoran::{Client, Config, models::{GroupTarget, UnitStatus}};
//!
//! let client = Client::new(Config::new("community-id", "api-key").with_default_server_id(1))?;
//! let target = GroupTarget::CommunityUserId("1234".into());
//! let updated = client.set_unit_status_v2(None, &target, UnitStatus::OnScene)?;
//! println!("{} units updated", updated.updated);
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
