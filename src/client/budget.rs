//! The budget of each route, as a caller sees it: `Client::budget`.

use super::Client;
use crate::budget::Budget;
use crate::error::Result;
use crate::transport::millis;

impl Client {
    /// The budget of `operation` (an operation name, or `get_all_X` for the `get_X` it walks)
    /// right now; `None` when pacing is off for it. An unknown name is `invalid_argument`.
    pub fn budget(&self, operation: &str) -> Result<Option<Budget>> {
        let op =
            crate::api::find(operation).or_else(|| crate::api::find_all_pages(operation)).ok_or_else(|| crate::api::unknown(operation))?;
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

    /// What this client did for `operation` so far: requests sent (every attempt, as the API
    /// counts them), 429s received, and the calls the read cache, shared reads and merged
    /// writes answered without a request of their own. An unknown name is `invalid_argument`.
    pub fn activity(&self, operation: &str) -> Result<crate::transport::RouteActivity> {
        let op =
            crate::api::find(operation).or_else(|| crate::api::find_all_pages(operation)).ok_or_else(|| crate::api::unknown(operation))?;
        Ok(self.shared.transport.activity(op.name))
    }
}
