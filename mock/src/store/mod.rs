//! What the mock remembers, without HTTP: the community (accounts, identifiers, servers) and
//! each area's state beside it, all under one lock ([`Community`]). The handlers read and
//! write it; nothing here knows of requests or answers.

pub mod accounts;
pub mod calls;
pub mod clock;
pub mod community;
pub mod fivem;
pub mod general;
pub mod map;
pub mod panels;
pub mod permissions;
pub mod records;
pub mod units;

pub use community::Community;
