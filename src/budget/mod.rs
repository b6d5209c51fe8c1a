//! The budget layer: client-side pacing per key and route ([`pacing`]), each route's
//! limiter (the process's pacer and, with the `shared-limiter` feature, one budget across
//! processes in Redis), the order of the requests waiting for their send times
//! ([`Priority`]), and the [`Budget`] a caller reads. Shared reads, the read cache and
//! merged writes build on it in the client's sending path (`client/sharing.rs`).
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! if let Some(budget) = client.budget("get_units_v2")? {
//!     println!("{} of {} left, reset in {} ms", budget.remaining, budget.limit, budget.reset_in_ms);
//! }
//! # Ok::<(), sonoran::Error>(())
//! ```

use serde::Serialize;

mod limiter;
pub mod pacing;
#[cfg(feature = "shared-limiter")]
mod shared_limiter;
mod waiting;

pub(crate) use limiter::Limiter;
pub use pacing::Limit;
#[cfg(feature = "shared-limiter")]
pub(crate) use shared_limiter::SharedLimiter;
pub use waiting::Priority;
#[cfg(not(feature = "shared-limiter"))]
pub(crate) use without_shared_limiter::SharedLimiter;

/// What is left of one operation's rate-limit budget, shared by every client of the key in
/// this process (and lowered by what the server says others used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Budget {
    /// Requests allowed in one window.
    pub limit: u32,
    /// The window, in milliseconds.
    pub period_ms: u64,
    /// Requests that could go at once now.
    pub remaining: u32,
    /// Milliseconds until `remaining` grows again (the oldest request counted leaves the
    /// window, or a 429's pause ends); 0 when nothing is counted.
    pub reset_in_ms: u64,
    /// Requests waiting for their turn (a merged or shared request counts once).
    pub queued: usize,
}

/// A build without the `shared-limiter` feature: a `sharedLimiter` in the config is refused
/// when the client is made, so no limiter value ever exists.
#[cfg(not(feature = "shared-limiter"))]
mod without_shared_limiter {
    use std::sync::Arc;
    use std::time::Duration;

    use super::pacing::{Limit, Reservation};
    use crate::error::{Error, Result};
    use crate::logging::{LevelFilter, LogSink};

    /// Uninhabited: no value exists, so every method is unreachable by type.
    pub(crate) enum SharedLimiter {}

    impl SharedLimiter {
        /// Refuses: this build has no Redis client.
        pub(crate) fn new(
            _url: &str,
            _api_key: &str,
            _api_url: &str,
            _bound: Duration,
            _level: LevelFilter,
            _sink: Option<LogSink>,
        ) -> Result<SharedLimiter> {
            Err(Error::invalid(
                "sharedLimiter",
                "needs the shared limiter, which this build of the library leaves out (Cargo feature `shared-limiter`)",
            ))
        }

        /// Never runs.
        pub(crate) fn is_up(&self) -> bool {
            match *self {}
        }

        /// Never runs.
        pub(crate) async fn reserve(self: &Arc<Self>, _route: &'static str, _limit: Limit, _max_wait_ms: i64) -> Option<Reservation> {
            match **self {}
        }

        /// Never runs.
        pub(crate) async fn pause(self: &Arc<Self>, _route: &'static str, _ms: u64) {
            match **self {}
        }
    }
}
