//! What every export uses to cross the C boundary safely: panic catching, pointer and UTF-8
//! checks, and handing strings to C.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use sonoran_core::{Error, ErrorKind, Result};

/// Runs `body`, turning a panic into `fallback` so that it never unwinds into C (which
/// would abort the host process).
pub(crate) fn guard<T>(fallback: impl FnOnce() -> T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| fallback())
}

/// Runs `body`, which produces an envelope, and hands the envelope to C. A panic becomes an
/// `internal` error envelope.
pub(crate) fn envelope_guard(body: impl FnOnce() -> String) -> *mut c_char {
    let envelope = guard(|| internal_error().envelope(), body);
    into_c_string(envelope)
}

/// The error a caught panic becomes.
pub(crate) fn internal_error() -> Error {
    Error::new(ErrorKind::Internal, "internal error in libsonoran (a bug: please report it)")
}

/// Borrows a C string argument: `Ok(None)` for NULL, an error naming `name` for bad UTF-8.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives the returned borrow.
pub(crate) unsafe fn optional_str<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: not NULL, and the caller promises a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes.to_str().map(Some).map_err(|e| Error::invalid(name, format_args!("is not valid UTF-8 (at byte {})", e.valid_up_to())))
}

/// Like [`optional_str`], with NULL an error naming `name`.
///
/// # Safety
/// As for [`optional_str`].
pub(crate) unsafe fn required_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str> {
    // SAFETY: forwarded from the caller.
    unsafe { optional_str(ptr, name) }?.ok_or_else(|| Error::invalid(name, "is NULL"))
}

/// `text` as a C string. JSON never holds a NUL byte (serde escapes it), so the fallback is
/// for the impossible case only.
pub(crate) fn c_string(text: String) -> CString {
    CString::new(text)
        .unwrap_or_else(|_| CString::from(c"{\"success\":false,\"kind\":\"internal\",\"reason\":\"NUL in envelope\",\"status\":null}"))
}

/// Hands `text` to C; the caller frees it with `sonoran_string_free`.
pub(crate) fn into_c_string(text: String) -> *mut c_char {
    c_string(text).into_raw()
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Records `message` as this thread's last error (`sonoran_last_error`).
pub(crate) fn set_last_error(message: &str) {
    let text = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|last| *last.borrow_mut() = text);
}

/// This thread's last error, owned by the thread-local; valid until the thread's next call
/// that sets it.
pub(crate) fn last_error_ptr() -> *const c_char {
    LAST_ERROR.with(|last| last.borrow().as_ptr())
}
