//! Bookkeeping: the runtime a client owns, its threads, and the exactly-once completion of
//! every request (by its result, by `cancel`, or by the client shutting down).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, MutexGuard};
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::task::AbortHandle;

use super::{OnDone, RequestId, Shared};
use crate::error::{Error, ErrorKind, Result};
use crate::response::Response;
use crate::sync::lock;

/// Sets up each of the client's threads (its I/O thread and the short-lived DNS helpers).
///
/// - SIGPIPE is blocked on the thread. A write to a connection the server has closed raises
///   SIGPIPE at the writing thread (std's vectored socket writes use `writev`, which has no
///   `MSG_NOSIGNAL`); Rust ignores SIGPIPE only in a Rust `main`, so in a C or Lua host the
///   default disposition would kill the whole process. Blocked here, the write fails with
///   `EPIPE` and the call with a `network` error; the host's own disposition is untouched.
/// - The thread is background work for the scheduler (Linux `SCHED_BATCH`): waking the I/O
///   thread then never preempts the host's thread that submitted the request (its game
///   thread), which cut the p99 of `sonoran_submit` + `sonoran_poll` from about 55 µs to
///   about 20 µs in the benchmark, with no loss of throughput. Best effort: a failure leaves
///   the default policy.
pub(super) fn library_thread_setup() {
    #[cfg(unix)]
    // SAFETY: `set` is a local sigset_t initialised by sigemptyset before use; the calls
    // change only the calling thread's mask.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: sets the calling thread's policy; `param` is valid for the call.
        unsafe { libc::sched_setscheduler(0, libc::SCHED_BATCH, &param) };
    }
}

pub(super) struct RuntimeOwner {
    /// Taken only by `drop`.
    runtime: Option<Runtime>,
    handle: tokio::runtime::Handle,
}

impl RuntimeOwner {
    pub(super) fn new(runtime: Runtime) -> RuntimeOwner {
        RuntimeOwner { handle: runtime.handle().clone(), runtime: Some(runtime) }
    }

    pub(super) fn handle(&self) -> &tokio::runtime::Handle {
        &self.handle
    }

    /// Whether the current thread is one of this runtime's (a completion callback).
    pub(super) fn is_current(&self) -> bool {
        tokio::runtime::Handle::try_current().is_ok_and(|h| h.id() == self.handle.id())
    }
}

impl Drop for RuntimeOwner {
    fn drop(&mut self) {
        let Some(runtime) = self.runtime.take() else { return };
        if self.is_current() {
            // Dropped from one of our own callbacks: we cannot wait for ourselves.
            runtime.shutdown_background();
        } else if tokio::runtime::Handle::try_current().is_ok() {
            // Dropped inside another runtime's async context (a program's own `#[tokio::main]`),
            // where tokio forbids dropping a runtime: wait for ours on a plain thread instead.
            std::thread::scope(|scope| {
                scope.spawn(move || runtime.shutdown_timeout(Duration::from_secs(5)));
            });
        } else {
            // Tasks still in flight are dropped, which completes each as `cancelled`; waiting
            // here means no callback runs after the client is gone.
            runtime.shutdown_timeout(Duration::from_secs(5));
        }
    }
}

impl Shared {
    pub(super) fn in_flight(&self) -> MutexGuard<'_, HashMap<RequestId, Option<AbortHandle>>> {
        lock(&self.in_flight)
    }
}

/// Completes one request exactly once: with its result, or with `cancelled` when it was
/// cancelled, or when its task was dropped (client shut down) before it finished.
pub(super) struct Completion {
    pub(super) id: RequestId,
    pub(super) shared: Arc<Shared>,
    pub(super) on_done: Option<OnDone>,
}

impl Completion {
    pub(super) fn finish(mut self, result: Result<Response>) {
        self.fire(result);
    }

    fn fire(&mut self, result: Result<Response>) {
        let Some(on_done) = self.on_done.take() else { return };
        // Whoever removes the entry first decides: `cancel` removes it before aborting.
        let result = match self.shared.in_flight().remove(&self.id) {
            Some(_) => result,
            None => Err(Error::new(ErrorKind::Cancelled, "the request was cancelled")),
        };
        let id = self.id;
        // A panicking callback must not take the runtime thread down with it.
        let _ = catch_unwind(AssertUnwindSafe(move || on_done(id, result)));
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        self.fire(Err(Error::new(ErrorKind::Cancelled, "the request was cancelled: the client was shut down")));
    }
}
