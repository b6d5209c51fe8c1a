//! Granular permissions (`/v2/general/permissions/...`): the community's catalog of grant ids
//! and each account's explicit grant list, read and replaced whole. They supersede the legacy
//! `set_account_permissions_v2` (PATCH `/v2/general/accounts/permissions`), which still works.
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let account = "00000000-0000-0000-0000-000000000000";
//! let mut grants = client.get_account_permissions_v2(account)?.permissions.grants;
//! grants.push("global.police".into());
//! client.replace_account_permissions_v2(account, &grants)?;
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
