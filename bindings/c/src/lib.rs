//! The C ABI: `libsonoran.so` / `libsonoran.a`, declared in `include/sonoran.h`.
//!
//! Each export converts its arguments, calls the core and converts the result; nothing else.
//! Every export catches panics, checks its pointers and UTF-8, and reports every failure as
//! the JSON error envelope (or NULL plus `sonoran_last_error` for `sonoran_client_new`).
//!
//! The per-operation exports (`sonoran_<operation>`) live in `operations.rs`, generated from
//! the core's operation tables with their doc comments; cbindgen reads both files. Regenerate
//! everything generated (that file, `include/sonoran.h`, docs/reference/operations.md) with
//! `cargo run -p xtask -- regenerate`; the tests fail when a committed file is out of date.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod boundary;
pub mod events;
pub mod locations;
pub mod mirror;
pub mod panels;
// Generated as it is to be committed (`cargo run -p xtask -- regenerate`), not formatted.
#[rustfmt::skip]
pub mod operations;

use std::ffi::{c_char, c_int, c_void, CString};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde_json::Value;

use boundary::*;
use sonoran_core::faces::{envelope, parse_params, Inbox, Poll};
use sonoran_core::logging::{Level, LevelFilter, LogRecord};
use sonoran_core::{Client, Config, Error, RequestId, Result};

/// A client of one community's Sonoran CAD API.
///
/// Opaque. Create with `sonoran_client_new`, release with `sonoran_client_free`. Thread-safe:
/// one client may be shared by every thread of the host, and it reuses its connections.
pub struct SonoranClient {
    client: Client,
    /// Where results of `sonoran_submit` wait for `sonoran_poll` / `sonoran_wait`, as the
    /// finished envelope: made on the I/O thread, so collecting it costs the game thread
    /// only handing over a pointer.
    inbox: Arc<Inbox<CString>>,
}

/// The envelope of a result, ready to hand to C.
fn envelope_c_string(result: Result<sonoran_core::Response>) -> CString {
    c_string(envelope(&result))
}

/// Called once when a request submitted with `sonoran_submit_with_callback` completes.
///
/// `request_id` is the id `sonoran_submit_with_callback` returned; `envelope_json` is the
/// result envelope, owned by the library and valid only during the call (copy it to keep
/// it; never free it); `user_data` is the pointer given at submission.
#[allow(non_camel_case_types)] // the C name, as C users expect it
pub type sonoran_callback = Option<unsafe extern "C" fn(request_id: u64, envelope_json: *const c_char, user_data: *mut c_void)>;

/// The client behind a pointer, or an error for NULL.
///
/// # Safety
/// `client` is NULL or a live pointer from `sonoran_client_new`.
pub(crate) unsafe fn client_ref<'a>(client: *const SonoranClient) -> Result<&'a SonoranClient> {
    // SAFETY: the caller promises NULL or a live client.
    unsafe { client.as_ref() }.ok_or_else(|| Error::invalid("client", "is NULL"))
}

/// Something the library answers itself, from the client, as a success envelope (NULL
/// client, or an error of `answer`: the error envelope): what `sonoran_events_stop`,
/// `sonoran_events_status`, `sonoran_locations_stats` and `sonoran_budget` do.
///
/// # Safety
/// `client` is NULL or a live pointer from `sonoran_client_new`.
pub(crate) unsafe fn local_answer(client: *const SonoranClient, answer: impl FnOnce(&SonoranClient) -> Result<Value>) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        match unsafe { client_ref(client) }.and_then(answer) {
            Ok(data) => sonoran_core::faces::local_envelope(&data),
            Err(e) => e.envelope(),
        }
    })
}

/// The operation name and parameters of a call, checked.
///
/// # Safety
/// Both pointers are NULL or NUL-terminated strings.
unsafe fn call_args<'a>(operation: *const c_char, params_json: *const c_char) -> (&'a str, Result<Value>) {
    // SAFETY: forwarded from the caller.
    let operation = unsafe { required_str(operation, "operation") };
    // SAFETY: forwarded from the caller.
    let params = unsafe { optional_str(params_json, "params_json") }.and_then(|p| parse_params(p.unwrap_or("")));
    match operation {
        Ok(name) => (name, params),
        Err(e) => ("", Err(e)),
    }
}

/// A blocking call, as an envelope: what `sonoran_call` does.
///
/// # Safety
/// Pointers as for `sonoran_call`.
pub(crate) unsafe fn blocking(client: *const SonoranClient, operation: *const c_char, params_json: *const c_char) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let result = unsafe { client_ref(client) }.and_then(|c| {
            // SAFETY: forwarded from the caller.
            let (name, params) = unsafe { call_args(operation, params_json) };
            c.client.call(name, &params?)
        });
        envelope(&result)
    })
}

/// The blocking call of one generated `sonoran_<operation>`: the operation's name comes from
/// the table as Rust text, so only the client and the parameters cross from C.
///
/// # Safety
/// `client` and `params_json` as for `sonoran_call`.
pub(crate) unsafe fn blocking_operation(client: *const SonoranClient, operation: &'static str, params_json: *const c_char) -> *mut c_char {
    envelope_guard(|| {
        // SAFETY: forwarded from the caller.
        let result = unsafe { client_ref(client) }.and_then(|c| {
            // SAFETY: forwarded from the caller.
            let params = unsafe { optional_str(params_json, "params_json") }.and_then(|p| parse_params(p.unwrap_or("")));
            c.client.call(operation, &params?)
        });
        envelope(&result)
    })
}

/// Creates a client from a JSON configuration object:
/// `{"communityId": "...", "apiKey": "...", "apiUrl": "https://api.sonorancad.com",
///   "defaultServerId": 1, "timeoutMs": 30000}` (`communityId` and `apiKey` required; the
/// docs/reference/configuration.md lists the other keys: retries, pacing `rateLimits`, TLS `caCertPem`/`caCertPath`, ...).
/// Its log records go where `sonoran_set_log_callback` says.
///
/// Returns NULL when the configuration is invalid; `sonoran_last_error()` then says why.
/// The caller owns the client and releases it with `sonoran_client_free`.
///
/// # Safety
/// `config_json` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_client_new(config_json: *const c_char) -> *mut SonoranClient {
    guard(
        || {
            set_last_error(&internal_error().to_string());
            ptr::null_mut()
        },
        || {
            // SAFETY: forwarded from the caller.
            let created = unsafe { required_str(config_json, "config_json") }
                .and_then(Config::from_json)
                .map(|mut config| {
                    // Every record reaches the process-wide C log target, which filters.
                    config.log_level = LevelFilter::Trace;
                    config.log_sink = Some(Arc::new(log_to_host));
                    config
                })
                .and_then(Client::new);
            match created {
                Ok(client) => {
                    set_last_error("");
                    Box::into_raw(Box::new(SonoranClient { client, inbox: Inbox::converting(envelope_c_string) }))
                }
                Err(e) => {
                    set_last_error(&e.to_string());
                    ptr::null_mut()
                }
            }
        },
    )
}

/// Releases a client. NULL is accepted and ignored.
///
/// Requests still in flight are cancelled: callbacks of `sonoran_submit_with_callback` run
/// with kind `"cancelled"` before this function returns, and never after; results not yet
/// polled are discarded. Do not use the client, or ids from it, afterwards.
///
/// # Safety
/// `client` is NULL or a pointer from `sonoran_client_new` not yet freed, and no other
/// thread is using it.
#[no_mangle]
pub unsafe extern "C" fn sonoran_client_free(client: *mut SonoranClient) {
    guard(
        || (),
        || {
            if !client.is_null() {
                // SAFETY: the caller gives up a live client made by Box::into_raw.
                drop(unsafe { Box::from_raw(client) });
            }
        },
    )
}

/// The reason the last failed `sonoran_client_new` on this thread failed; `""` when it
/// succeeded or was never called.
///
/// The string is owned by the library (do not free it) and stays valid until the next
/// `sonoran_client_new` on the same thread. It never contains the API key.
#[no_mangle]
pub extern "C" fn sonoran_last_error() -> *const c_char {
    guard(|| c"".as_ptr(), last_error_ptr)
}

/// The library's version, e.g. `"0.1.0"`: a static string, never to be freed.
#[no_mangle]
pub extern "C" fn sonoran_version() -> *const c_char {
    static VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    VERSION.as_ptr().cast()
}

/// Frees a string this library returned (an envelope). NULL is accepted and ignored.
///
/// Use it for every `char *` the library returns, and never `free()`: the library's
/// allocator is not necessarily the host's.
///
/// # Safety
/// `s` is NULL or a string returned by this library and not yet freed.
#[no_mangle]
pub unsafe extern "C" fn sonoran_string_free(s: *mut c_char) {
    guard(
        || (),
        || {
            if !s.is_null() {
                // SAFETY: the caller gives back a string made by CString::into_raw.
                drop(unsafe { CString::from_raw(s) });
            }
        },
    )
}

/// Calls an operation by name and waits for the result.
///
/// `operation` is the name of any operation (`"get_account_units"`, `"get_account"`, ...:
/// the `sonoran_<operation>` functions, without `sonoran_`), or `"get_all_X"` for a paged
/// `get_X` (their docs say "Paged"), which walks every page from `offset` and answers them
/// as one envelope, within one `timeoutMs` for the whole walk (a walk that stopped early
/// says why in `"incomplete"`). `params_json` is a JSON object with the API's camelCase
/// parameter names (plus `timeoutMs` to override the call's timeout); NULL or `"{}"` where
/// every parameter is optional.
///
/// Returns the result envelope, `{"success":true,"status":200,"data":...}` or
/// `{"success":false,"kind":"...","reason":"...","status":...}`; never NULL unless out of
/// memory. The caller owns it and frees it with `sonoran_string_free`. Misuse (NULL client,
/// invalid UTF-8 or JSON, unknown operation, a bad parameter) gives kind `"invalid_argument"`
/// with a message naming the problem, and sends nothing.
///
/// Blocks the calling thread until the API answers or `timeoutMs` passes: call it from a
/// worker thread, or use `sonoran_submit` from a game thread.
///
/// # Safety
/// `client` is NULL or a live client; `operation` and `params_json` are NULL or
/// NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn sonoran_call(client: *const SonoranClient, operation: *const c_char, params_json: *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { blocking(client, operation, params_json) }
}

/// Starts an operation and returns at once with its request id (> 0); never waits for the
/// network. Collect the result with `sonoran_poll` (once a tick) or `sonoran_wait`.
///
/// Returns 0 only for a NULL client. Every other problem (bad operation, bad parameters)
/// still gets an id, whose result is the `"invalid_argument"` envelope.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_submit(client: *const SonoranClient, operation: *const c_char, params_json: *const c_char) -> u64 {
    guard(
        || 0,
        || {
            // SAFETY: forwarded from the caller.
            let Ok(c) = (unsafe { client_ref(client) }) else { return 0 };
            // SAFETY: forwarded from the caller.
            let (name, params) = unsafe { call_args(operation, params_json) };
            c.inbox.submit_checked(&c.client, name, params.as_ref().map_err(Error::clone))
        },
    )
}

/// The result of a submitted request: NULL while it is pending; its envelope once, when
/// done (the caller owns it and frees it with `sonoran_string_free`). Never blocks.
///
/// An id that is unknown or whose result was already collected gives an
/// `"invalid_argument"` envelope, so a polling loop cannot wait forever.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_poll(client: *const SonoranClient, request_id: u64) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { collect(client, request_id, None) }
}

/// Like `sonoran_poll`, but waits up to `timeout_ms` milliseconds for the request to
/// complete. Returns NULL if it is still pending then.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_wait(client: *const SonoranClient, request_id: u64, timeout_ms: u32) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    unsafe { collect(client, request_id, Some(Duration::from_millis(timeout_ms.into()))) }
}

/// Polls (`timeout` None) or waits for a request's envelope.
///
/// # Safety
/// `client` is NULL or a live client.
unsafe fn collect(client: *const SonoranClient, id: RequestId, timeout: Option<Duration>) -> *mut c_char {
    let found = guard(
        || Some(into_c_string(internal_error().envelope())),
        || {
            // SAFETY: forwarded from the caller.
            let c = match unsafe { client_ref(client) } {
                Ok(c) => c,
                Err(e) => return Some(into_c_string(e.envelope())),
            };
            let polled = match timeout {
                None => c.inbox.poll(id),
                Some(timeout) => c.inbox.wait(id, timeout),
            };
            match polled {
                Poll::Pending => None,
                Poll::Done(envelope) => Some(envelope.into_raw()),
                Poll::Unknown => Some(into_c_string(
                    Error::invalid(
                        "request_id",
                        format_args!("{id} is not a pending request of this client (unknown, or already collected)"),
                    )
                    .envelope(),
                )),
            }
        },
    );
    found.unwrap_or(ptr::null_mut())
}

/// Cancels a submitted request. Returns 1 when it was still pending: it then completes with
/// kind `"cancelled"` (its callback runs, or `sonoran_poll` returns that envelope). Returns
/// 0 when it had already completed, is unknown, or `client` is NULL.
///
/// # Safety
/// `client` is NULL or a live client.
#[no_mangle]
pub unsafe extern "C" fn sonoran_cancel(client: *const SonoranClient, request_id: u64) -> c_int {
    guard(
        || 0,
        || {
            // SAFETY: forwarded from the caller.
            unsafe { client_ref(client) }.map_or(0, |c| c_int::from(c.client.cancel(request_id)))
        },
    )
}

/// What is left of `operation`'s rate-limit budget right now, as an envelope whose data is
/// `{"limit": 3, "periodMs": 60000, "remaining": 2, "resetInMs": 41000, "queued": 0}`:
/// requests allowed per window, the window, requests that could go at once now,
/// milliseconds until `remaining` grows again (0 when nothing is counted), and requests
/// waiting for their turn. `data` is `null` when pacing is off for that operation
/// (`"rateLimits"` in the configuration). The budget is shared by every client of the same
/// key and API URL in the process, and lowered by what the server says others used.
///
/// `operation` is an operation name (`"get_units_v2"`), or `"get_all_X"` for the `get_X` it
/// walks. Never touches the network. A NULL client, a NULL or non-UTF-8 `operation`, or an
/// unknown operation gives an `"invalid_argument"` envelope naming the argument. The caller
/// frees the envelope with `sonoran_string_free`.
///
/// # Safety
/// `client` is NULL or a live client; `operation` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sonoran_budget(client: *const SonoranClient, operation: *const c_char) -> *mut c_char {
    // SAFETY: forwarded from the caller.
    let operation = unsafe { required_str(operation, "operation") };
    // SAFETY: forwarded from the caller.
    unsafe { local_answer(client, |c| Ok(serde_json::json!(c.client.budget(operation?)?))) }
}

/// The host's `user_data`, handed back to the host's callback on another thread.
#[derive(Clone, Copy)]
pub(crate) struct UserData(pub(crate) *mut c_void);
// SAFETY: the pointer is only passed back to the host, which chose to share it across
// threads by registering a callback that runs on library threads.
unsafe impl Send for UserData {}
// SAFETY: as above; the library never dereferences it.
unsafe impl Sync for UserData {}

/// Starts an operation like `sonoran_submit`, and calls `callback` exactly once with the
/// result instead of keeping it for `sonoran_poll`.
///
/// The callback runs on a library thread (or, when the parameters are invalid, on the
/// calling thread before this function returns). Keep it short and do not call blocking
/// functions of the same client from it (they fail with `"invalid_argument"`); submitting
/// more requests is fine. With a NULL `callback` the result is kept for `sonoran_poll`.
/// Returns the request id, or 0 for a NULL client.
///
/// # Safety
/// As for `sonoran_call`; `callback` must be safe to call from another thread with
/// `user_data`, until it has run or `sonoran_client_free` has returned.
#[no_mangle]
pub unsafe extern "C" fn sonoran_submit_with_callback(
    client: *const SonoranClient,
    operation: *const c_char,
    params_json: *const c_char,
    callback: sonoran_callback,
    user_data: *mut c_void,
) -> u64 {
    let Some(callback) = callback else {
        // SAFETY: forwarded from the caller.
        return unsafe { sonoran_submit(client, operation, params_json) };
    };
    guard(
        || 0,
        || {
            // SAFETY: forwarded from the caller.
            let Ok(c) = (unsafe { client_ref(client) }) else { return 0 };
            // SAFETY: forwarded from the caller.
            let (name, params) = unsafe { call_args(operation, params_json) };
            let user_data = UserData(user_data);
            let on_done = Box::new(move |id, result| {
                let user_data = user_data;
                let text = into_c_string(envelope(&result));
                // SAFETY: the host promised the callback may be called with its user_data;
                // the envelope lives until we free it right after.
                unsafe {
                    callback(id, text, user_data.0);
                    drop(CString::from_raw(text));
                }
            });
            c.client.submit_checked(name, params.as_ref().map_err(Error::clone), on_done)
        },
    )
}

/// Log level: nothing.
pub const SONORAN_LOG_OFF: c_int = 0;
/// Log level: errors only.
pub const SONORAN_LOG_ERROR: c_int = 1;
/// Log level: warnings and errors (the default).
pub const SONORAN_LOG_WARN: c_int = 2;
/// Log level: also informational records (API errors such as 4xx answers).
pub const SONORAN_LOG_INFO: c_int = 3;
/// Log level: also every request's outcome and every wait.
pub const SONORAN_LOG_DEBUG: c_int = 4;

/// Receives the library's log records: `level` is one of the `SONORAN_LOG_*` values,
/// `message` a line owned by the library and valid during the call only (it carries the
/// operation, HTTP status, attempt, wait and traceId, never the API key), `user_data` the
/// pointer given to `sonoran_set_log_callback`.
#[allow(non_camel_case_types)] // the C name, as C users expect it
pub type sonoran_log_callback = Option<unsafe extern "C" fn(level: c_int, message: *const c_char, user_data: *mut c_void)>;

/// Where the log records of every client of this process go.
struct LogTarget {
    callback: sonoran_log_callback,
    user_data: UserData,
}

/// The host's level, read before anything else so that records it does not want cost no
/// lock (`LevelFilter as usize`; Warn by default).
static LOG_LEVEL: AtomicUsize = AtomicUsize::new(LevelFilter::Warn as usize);

/// The current target. Records take a snapshot (a clone of the `Arc`) and call the host
/// with no lock held, so a callback may itself call `sonoran_set_log_callback`, and a host
/// thread that keeps setting the callback never holds up the I/O threads.
static LOG_TARGET: RwLock<Option<Arc<LogTarget>>> = RwLock::new(None);

thread_local! {
    /// Whether this thread is running the host's log callback.
    static IN_LOG_CALLBACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn c_level(level: Level) -> c_int {
    match level {
        Level::Error => SONORAN_LOG_ERROR,
        Level::Warn => SONORAN_LOG_WARN,
        Level::Info => SONORAN_LOG_INFO,
        Level::Debug | Level::Trace => SONORAN_LOG_DEBUG,
    }
}

/// The log sink of every C client: the host's callback, or standard error without one.
fn log_to_host(record: &LogRecord) {
    if record.level as usize > LOG_LEVEL.load(Ordering::Relaxed) {
        return;
    }
    let target = LOG_TARGET.read().unwrap_or_else(|e| e.into_inner()).clone();
    let line = record.to_string();
    match target.as_deref() {
        Some(LogTarget { callback: Some(callback), user_data }) => {
            let text = CString::new(line.replace('\0', " ")).unwrap_or_default();
            IN_LOG_CALLBACK.with(|flag| flag.set(true));
            // SAFETY: the host registered this callback for library threads with this user_data.
            unsafe { callback(c_level(record.level), text.as_ptr(), user_data.0) };
            IN_LOG_CALLBACK.with(|flag| flag.set(false));
        }
        _ => eprintln!("{line}"),
    }
}

/// Sets where the log records of every client of this process go, from `level` up
/// (`SONORAN_LOG_OFF` .. `SONORAN_LOG_DEBUG`).
///
/// With a NULL `callback` records go to standard error; this is the default, at
/// `SONORAN_LOG_WARN` (warnings and errors only). The callback runs on library threads, may
/// run concurrently for different clients, and must not call back into the library's
/// blocking functions; keep it short. It may call `sonoran_set_log_callback`.
///
/// When this function returns, the previous callback is no longer running on any thread
/// and is never called again, so its `user_data` may be released; called from inside a log
/// callback it cannot wait for itself, and returns at once.
///
/// # Safety
/// `callback` must be safe to call from any thread with `user_data` until it is replaced.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_log_callback(level: c_int, callback: sonoran_log_callback, user_data: *mut c_void) {
    guard(
        || (),
        || {
            let level = match level {
                i if i <= SONORAN_LOG_OFF => LevelFilter::Off,
                SONORAN_LOG_ERROR => LevelFilter::Error,
                SONORAN_LOG_WARN => LevelFilter::Warn,
                SONORAN_LOG_INFO => LevelFilter::Info,
                _ => LevelFilter::Debug,
            };
            let target = Arc::new(LogTarget { callback, user_data: UserData(user_data) });
            let previous = LOG_TARGET.write().unwrap_or_else(|e| e.into_inner()).replace(target);
            LOG_LEVEL.store(level as usize, Ordering::Relaxed);
            if IN_LOG_CALLBACK.with(std::cell::Cell::get) {
                return;
            }
            // Records that took a snapshot of the previous target hold a clone: wait for them.
            if let Some(previous) = previous {
                let mut spins = 0u32;
                while Arc::strong_count(&previous) > 1 {
                    spins += 1;
                    if spins < 100 {
                        std::thread::yield_now();
                    } else {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    /// The committed header is what cbindgen makes of this crate (build.rs writes it to
    /// OUT_DIR); `cargo run -p xtask -- regenerate` updates it.
    #[test]
    fn header_is_current() {
        let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../include/sonoran.h")).unwrap_or_default();
        assert!(
            committed == include_str!(concat!(env!("OUT_DIR"), "/sonoran.h")),
            "include/sonoran.h is out of date: run `cargo run -p xtask -- regenerate` and commit the result"
        );
    }

    /// The header's opening comment lists every error kind the envelope can carry, in order.
    #[test]
    fn header_lists_every_error_kind() {
        let header = include_str!(concat!(env!("OUT_DIR"), "/sonoran.h"));
        let preamble = &header[..header.find("#ifndef").unwrap_or(header.len())];
        let listed: String = preamble
            .split("Kinds:")
            .nth(1)
            .unwrap_or("")
            .split('.')
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter(|word| *word != "*")
            .collect();
        let kinds: Vec<&str> = sonoran_core::ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(listed, kinds.join(","), "cbindgen.toml's header comment lists the kinds of sonoran_core::ErrorKind");
    }
}
