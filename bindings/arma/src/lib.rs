//! `sonoran_x64.so`: the Arma 3 extension of the sonoran client.
//!
//! Arma loads the file and calls four plain C functions: `RVExtensionVersion` once at load,
//! `RVExtensionRegisterCallback` once with the engine's callback, and `RVExtensionArgs`
//! (`"sonoran" callExtension ["fn", [args]]`) or `RVExtension` (`"sonoran" callExtension "fn"`)
//! for every call, on the game thread, which waits for the answer. So no export ever touches
//! the network: requests go to the core's I/O thread, and their results come back through the
//! engine's callback (the `ExtensionCallback` mission event), cut into parts that fit the
//! engine's buffer (see [`outbox`]).
//!
//! The entry points are written here rather than with `arma-rs`: its callback thread retries
//! a refused callback (the engine's queue full, -1) in a hidden loop, so the extension could
//! neither tell SQF what waits nor keep its own order across results and events; and the
//! four functions are small.
//!
//! Every export catches panics (an unwinding panic would abort the game server) and writes at
//! most `outputSize` bytes, NUL included. The return code of `RVExtensionArgs`, seen in SQF as
//! `(_answer select 1)`:
//!
//! - [`RC_OK`] (0): the output is the answer;
//! - [`RC_ERROR`] (1): the output is an error envelope (`{"success":false,...}`);
//! - [`RC_PENDING`] (2): the output is an id; the answer comes through the callback as
//!   `("sonoran", "result", "<id>|<i>|<n>|<part>")` (every `"call"`, and any answer too large
//!   for the buffer);
//! - [`RC_OUTPUT_TOO_SMALL`] (3): the buffer cannot even hold an id (the engine's is 10,240
//!   bytes; only a host with a tiny buffer sees this); the answer still goes to the callback.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![deny(missing_docs)]

pub mod args;
pub mod commands;
pub mod host;
pub mod outbox;

use std::ffi::{c_char, c_int, c_uint, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use sonoran_core::{Error, ErrorKind};

use commands::Answer;

/// Return code: the output is the answer.
pub const RC_OK: c_int = 0;
/// Return code: the output is an error envelope.
pub const RC_ERROR: c_int = 1;
/// Return code: the output is an id; the answer comes through the callback under it.
pub const RC_PENDING: c_int = 2;
/// Return code: the output buffer cannot hold even an id; the answer goes to the callback.
pub const RC_OUTPUT_TOO_SMALL: c_int = 3;

/// The engine's callback: `int (*)(char const *name, char const *function, char const *data)`;
/// it answers -1 when the engine's queue is full and the data was not taken.
pub type EngineCallback = unsafe extern "C" fn(name: *const c_char, function: *const c_char, data: *const c_char) -> c_int;

/// The error a caught panic becomes.
fn internal_error() -> Error {
    Error::new(ErrorKind::Internal, "internal error in sonoran_x64 (a bug: please report it)")
}

/// Writes `text` and its NUL into `output` if it fits in `size` bytes; false (nothing
/// written) when it does not.
///
/// # Safety
/// `output` is NULL or points to `size` writable bytes.
unsafe fn write_output(output: *mut c_char, size: usize, text: &str) -> bool {
    if output.is_null() || text.len() >= size {
        return false;
    }
    // SAFETY: text.len() + 1 <= size bytes are writable at `output` (the caller's promise),
    // and `text` does not overlap the engine's buffer.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), output.cast::<u8>(), text.len());
        *output.add(text.len()) = 0;
    }
    true
}

/// Hands an answer to the engine: in the buffer when it fits, else through the callback
/// under a fresh id (written instead). Returns the return code.
///
/// # Safety
/// `output` is NULL or points to `size` writable bytes.
unsafe fn answer(output: *mut c_char, size: usize, answer: Answer) -> c_int {
    let (text, rc) = match answer {
        Answer::Done(text) => (text, RC_OK),
        Answer::Failed(text) => (text, RC_ERROR),
        Answer::Pending(id) => (id.to_string(), RC_PENDING),
    };
    // SAFETY: forwarded from the caller.
    if unsafe { write_output(output, size, &text) } {
        return rc;
    }
    if rc == RC_PENDING {
        // An id that does not fit: its result still arrives, but SQF cannot know its id.
        // SAFETY: forwarded from the caller.
        unsafe { write_output(output, size, "") };
        return RC_OUTPUT_TOO_SMALL;
    }
    // Too large for the buffer: nothing is lost, it goes the way results go.
    let id = outbox::next_id();
    outbox::queue(outbox::RESULT, id, &text);
    // SAFETY: forwarded from the caller.
    if unsafe { write_output(output, size, &id.to_string()) } {
        RC_PENDING
    } else {
        // SAFETY: forwarded from the caller.
        unsafe { write_output(output, size, "") };
        RC_OUTPUT_TOO_SMALL
    }
}

/// The engine's arguments as Rust strings; invalid UTF-8 is an error naming the argument.
///
/// # Safety
/// `argv` is NULL or points to `argc` NUL-terminated strings (NULL entries are refused).
unsafe fn engine_args<'a>(argv: *const *const c_char, argc: c_uint) -> Result<Vec<&'a str>, Error> {
    if argv.is_null() || argc == 0 {
        return Ok(Vec::new());
    }
    (0..argc as usize)
        .map(|i| {
            // SAFETY: i < argc entries are readable at argv (the engine's promise).
            let arg = unsafe { *argv.add(i) };
            if arg.is_null() {
                return Err(Error::invalid(&format!("argument {}", i + 1), "is NULL"));
            }
            // SAFETY: not NULL, and the engine passes NUL-terminated strings.
            unsafe { CStr::from_ptr(arg) }.to_str().map_err(|e| {
                Error::invalid(&format!("argument {}", i + 1), format_args!("is not valid UTF-8 (at byte {})", e.valid_up_to()))
            })
        })
        .collect()
}

/// The function name, or an error naming it.
///
/// # Safety
/// `function` is NULL or a NUL-terminated string.
unsafe fn function_name<'a>(function: *const c_char) -> Result<&'a str, Error> {
    if function.is_null() {
        return Err(Error::invalid("function", "is NULL"));
    }
    // SAFETY: not NULL; the engine passes a NUL-terminated string.
    unsafe { CStr::from_ptr(function) }.to_str().map_err(|_| Error::invalid("function", "is not valid UTF-8"))
}

/// `"sonoran" callExtension ["fn", [args...]]`: runs `fn` (see [`commands`]) and answers at
/// once; never waits for the network.
///
/// `outputSize` is read as 32 bits: the engine declares it `unsigned int` (some headers
/// `size_t`; on x86-64 the low half of the register holds the same value either way).
///
/// # Safety
/// Called by the engine: `output` points to `output_size` writable bytes, `function` is a
/// NUL-terminated string, `argv` points to `argc` NUL-terminated strings.
#[no_mangle]
pub unsafe extern "C" fn RVExtensionArgs(
    output: *mut c_char,
    output_size: c_uint,
    function: *const c_char,
    argv: *const *const c_char,
    argc: c_uint,
) -> c_int {
    let size = output_size as usize;
    let ran = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: forwarded from the engine.
        let function = unsafe { function_name(function) };
        // SAFETY: forwarded from the engine.
        let args = unsafe { engine_args(argv, argc) };
        match (function, args) {
            (Ok(function), Ok(args)) => (commands::run(function, &args), function == "poll"),
            (Err(e), _) | (_, Err(e)) => (Answer::Failed(e.envelope()), false),
        }
    }));
    let (reply, polled) = ran.unwrap_or_else(|_| (Answer::Failed(internal_error().envelope()), false));
    // SAFETY: forwarded from the engine.
    let rc = catch_unwind(AssertUnwindSafe(|| unsafe { answer(output, size, reply) })).unwrap_or(RC_ERROR);
    // Every call is a chance to hand waiting parts to the engine, on the game thread ("poll"
    // has just done so, and its answer counts what is left).
    if !polled {
        let _ = catch_unwind(outbox::flush);
    }
    rc
}

/// `"sonoran" callExtension "fn"`: the form without arguments (`"poll"`, `"events_status"`,
/// ...); as [`RVExtensionArgs`] with none, without a return code (SQF tells an error by its
/// leading `{"success":false`; an answer too large for the buffer is an id it cannot tell
/// apart, so this form suits short answers only).
///
/// # Safety
/// As for [`RVExtensionArgs`].
#[no_mangle]
pub unsafe extern "C" fn RVExtension(output: *mut c_char, output_size: c_uint, function: *const c_char) {
    // SAFETY: forwarded from the engine; no arguments.
    unsafe { RVExtensionArgs(output, output_size, function, std::ptr::null(), 0) };
}

/// Called once at load: writes the extension's version (`"0.1.0"`), shown in the server's
/// log. Does nothing else: the client is made on the first command.
///
/// # Safety
/// `output` points to `output_size` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn RVExtensionVersion(output: *mut c_char, output_size: c_uint) {
    let _ = catch_unwind(|| {
        // SAFETY: forwarded from the engine.
        unsafe { write_output(output, output_size as usize, env!("CARGO_PKG_VERSION")) }
    });
}

/// Called once at load with the engine's callback, through which results and events go.
/// What waited for it (nothing, normally) goes on the next `"poll"`.
///
/// # Safety
/// `callback` is NULL or the engine's callback, callable from any thread.
#[no_mangle]
pub unsafe extern "C" fn RVExtensionRegisterCallback(callback: Option<EngineCallback>) {
    let _ = catch_unwind(|| outbox::register(callback));
}
