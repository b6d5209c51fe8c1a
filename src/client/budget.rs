//! The budget of each route, as a caller sees it: `Client::budget`.

use serde::Serialize;

use super::Client;
use crate::error::Result;
use crate::transport::millis;

/// What is left of one operation's rate-limit budget, shared by every client of the key in
/// this process (and lowered by what the server says others used).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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

impl Client {
    /// The budget of `operation` (an operation name, or `get_all_X` for the `get_X` it walks)
    /// right now; `None` when pacing is off for it. An unknown name is `invalid_argument`.
    pub fn budget(&self, operation: &str) -> Result<Option<Budget>> {
        let op = crate::api::find(operation).or_else(|| crate::api::find_all_pages(operation)).ok_or_else(|| crate::api::unknown(operation))?;
        let Some(pacer) = self.shared.pacers.get(op.name) else { return Ok(None) };
        let budget = pacer.budget(tokio::time::Instant::now(), self.runtime.handle());
        Ok(Some(Budget {
            limit: budget.limit.requests,
            period_ms: millis(budget.limit.period),
            remaining: budget.remaining,
            reset_in_ms: millis(budget.reset_in),
            queued: budget.queued,
        }))
    }
}
