//! Locks that keep working after a panic elsewhere: the library catches panics at every
//! entry point, and a mutex poisoned by one must not turn every later call into a second
//! panic. The data behind these locks stays consistent at every await and unlock point, so
//! the guard is taken as it is.

use std::sync::{Condvar, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

/// Locks `mutex`, poisoned or not.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Waits on `ready`, poisoned or not.
pub(crate) fn wait<'a, T>(ready: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    ready.wait(guard).unwrap_or_else(|e| e.into_inner())
}

/// Waits on `ready` for at most `timeout`, poisoned or not.
pub(crate) fn wait_timeout<'a, T>(ready: &Condvar, guard: MutexGuard<'a, T>, timeout: Duration) -> MutexGuard<'a, T> {
    ready.wait_timeout(guard, timeout).unwrap_or_else(|e| e.into_inner()).0
}

/// Reads `lock`, poisoned or not.
pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

/// Writes `lock`, poisoned or not.
pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}
