//! Each route's limiter: the process's [`Pacer`], and optionally the budget shared by every
//! process of the key ([`SharedLimiter`], Redis).

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::pacing::{Limit, Pacer, Window};
use super::{Priority, SharedLimiter};

/// The limiter of one route for one client: the process's pacer, and Redis when configured.
pub(crate) struct Limiter {
    /// The process's pacer of the key, API URL and route (the mirror of Redis's window
    /// while the shared limiter is up).
    pub(crate) local: Arc<Pacer>,
    shared: Option<Arc<SharedLimiter>>,
    route: &'static str,
}

impl Limiter {
    pub(crate) fn new(local: Arc<Pacer>, shared: Option<Arc<SharedLimiter>>, route: &'static str) -> Limiter {
        Limiter { local, shared, route }
    }

    /// The limit kept.
    pub(crate) fn limit(&self) -> Limit {
        self.local.limit()
    }

    /// The budget: Redis's window as last seen (refreshed in the background when shared).
    pub(crate) fn budget(self: &Arc<Self>, now: Instant, runtime: &tokio::runtime::Handle) -> Window {
        if let Some(shared) = self.shared.as_ref().filter(|s| s.is_up()) {
            let (this, shared) = (self.clone(), shared.clone());
            runtime.spawn(async move {
                let _ = this.exchange(&shared, -1).await;
            });
        }
        self.local.budget(now)
    }

    /// Reserves the earliest send time that keeps the limit (the shared one while Redis
    /// answers, else the local one), unless it is more than `max_wait` away: then the wait.
    /// `locally_reserved`: the local pacer already gave this request its time (a merged
    /// write), so only the shared limiter is asked.
    ///
    /// A high request reserves past `max_wait` when a normal one waits whose time comes
    /// within it: it will take that time in [`Limiter::wait_turn`], and the normal request
    /// moved last takes the one reserved here.
    pub(crate) async fn reserve(
        &self,
        now: Instant,
        max_wait: Duration,
        locally_reserved: bool,
        priority: Priority,
    ) -> std::result::Result<Instant, Duration> {
        let takes_a_normal_time = priority == Priority::High
            && self.local.room().earliest_normal(now).is_some_and(|t| t.saturating_duration_since(now) <= max_wait);
        let max_wait = if takes_a_normal_time { Duration::MAX } else { max_wait };
        if let Some(shared) = &self.shared {
            let max_wait_ms = i64::try_from(max_wait.as_millis()).unwrap_or(i64::MAX);
            if let Some((reserved, wait)) = self.exchange(shared, max_wait_ms).await {
                let wait = Duration::from_millis(u64::try_from(wait).unwrap_or(0));
                return if reserved { Ok(Instant::now() + wait) } else { Err(wait) };
            }
        }
        if locally_reserved {
            return Ok(now);
        }
        self.local.reserve(now, max_wait)
    }

    /// One exchange with Redis: reserve (or only read, with a negative `max_wait_ms`) and
    /// mirror the window locally. `None` when Redis did not answer.
    async fn exchange(&self, shared: &Arc<SharedLimiter>, max_wait_ms: i64) -> Option<(bool, i64)> {
        let answer = shared.reserve(self.route, self.local.limit(), max_wait_ms).await?;
        self.local.mirror(Instant::now(), &answer.slots, Duration::from_millis(u64::try_from(answer.paused_ms).unwrap_or(0)));
        Some((answer.reserved, answer.wait_ms))
    }

    /// Waits for send time `at` among the route's waiting requests: see [`Pacer::wait_turn`].
    pub(crate) async fn wait_turn(&self, at: Instant, priority: Priority, deadline: Option<Instant>) -> std::result::Result<(), Duration> {
        self.local.wait_turn(at, priority, deadline).await
    }

    /// Sends nothing more before `until`, here and (when shared) in every process.
    pub(crate) fn pause_until(&self, until: Instant) {
        self.local.pause_until(until);
        if let Some(shared) = self.shared.as_ref().filter(|s| s.is_up()) {
            let shared = shared.clone();
            let route = self.route;
            let ms = u64::try_from(until.saturating_duration_since(Instant::now()).as_millis()).unwrap_or(u64::MAX);
            tokio::spawn(async move { shared.pause(route, ms).await });
        }
    }

    /// See [`Pacer::adopt_remaining`] (the local view; Redis holds what its clients sent).
    pub(crate) fn adopt_remaining(&self, sent_at: Instant, remaining: u32) {
        self.local.adopt_remaining(sent_at, remaining);
    }
}
