//! `gmsv_sonoran_linux64.dll`: the sonoran Lua module as a Garry's Mod binary module.
//!
//! Garry's Mod loads `garrysmod/lua/bin/gmsv_sonoran_linux64.dll` on `require("sonoran")` and
//! calls [`gmod13_open`]; on a map change or shutdown it calls [`gmod13_close`]. The module is
//! bindings/lua itself (the same `createClient`, methods, `poll`, events and mirror), built for
//! LuaJIT and opened here into the global `sonoran`; nothing of the Lua API is written again.
//!
//! The one difference from a Lua host: the game's LuaJIT lives in `lua_shared.so`, loaded
//! without exporting its symbols, so the Lua C API that mlua calls is reached through
//! trampolines filled from that library (`lua_api`, found by `locate`).

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod locate;
mod lua_api;

use std::ffi::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

use mlua::ffi::{self, lua_State};
use mlua::prelude::{LuaResult, LuaValue};
use mlua::Lua;

/// Why opening failed.
enum Failure {
    /// Before the Lua C API could be used: reported on standard error only.
    NoLua(String),
    /// The module raised a Lua error; its message is on the top of the stack.
    Raised,
}

/// Called by Garry's Mod on `require("sonoran")`: finds the game's Lua library, fills the Lua
/// C API table, and sets the global `sonoran` to the module table. Answers 0 (no values).
///
/// A failure to open the module (the config of the process, not of a script) is a Lua error
/// raised from here, which `require` passes to the script; when the Lua library itself cannot
/// be found there is no way to raise one, so it is printed on standard error and `sonoran`
/// stays nil.
///
/// # Safety
/// `state` must be a live LuaJIT state of the game, on the thread that runs it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn gmod13_open(state: *mut lua_State) -> c_int {
    // SAFETY: the caller's promise about `state`.
    if unsafe { open_guarded(state) } {
        // SAFETY: the message is on the stack. This frame owns nothing and has no landing pad,
        // so the unwinder the game's LuaJIT raises with (libgcc's) never asks this library's
        // personality routine about it: the release package links LLVM's libunwind (zig),
        // whose routine cannot read libgcc's context. The error unwinds to the `require`
        // that called us, as a Lua C function's does.
        unsafe { ffi::lua_error(state) }
    }
    0
}

/// [`open`] with its panics caught and its failures that are not Lua errors printed; true
/// when a Lua error waits on the stack for [`gmod13_open`] to raise.
///
/// # Safety
/// As [`gmod13_open`].
#[inline(never)]
unsafe fn open_guarded(state: *mut lua_State) -> bool {
    // SAFETY: the caller's promise about `state`.
    let opened = catch_unwind(AssertUnwindSafe(|| unsafe { open(state) }));
    match opened.unwrap_or_else(|_| Err(Failure::NoLua("gmod13_open panicked".into()))) {
        Ok(()) => false,
        Err(Failure::NoLua(message)) => {
            eprintln!("sonoran: {message}");
            false
        }
        Err(Failure::Raised) => true,
    }
}

/// Called by Garry's Mod when the Lua state shuts down (map change, server stop): frees every
/// client of the state (stops their I/O threads; requests in flight and their callbacks are
/// dropped, none runs). Answers 0. Handles kept by scripts answer a Lua error from then on.
///
/// # Safety
/// `state` must be the state [`gmod13_open`] opened, on the thread that runs it.
#[unsafe(no_mangle)]
pub unsafe extern "C-unwind" fn gmod13_close(state: *mut lua_State) -> c_int {
    // SAFETY: the caller's promise about `state`.
    let _ = catch_unwind(AssertUnwindSafe(|| unsafe { close(state) }));
    0
}

/// [`gmod13_open`]'s work, with Lua errors left on the stack.
///
/// # Safety
/// As [`gmod13_open`].
unsafe fn open(state: *mut lua_State) -> Result<(), Failure> {
    if state.is_null() {
        return Err(Failure::NoLua("gmod13_open was given no Lua state".into()));
    }
    locate::pin_self();
    let library = locate::lua_library().map_err(Failure::NoLua)?;
    // SAFETY: the handle is open, and of the library that defines luaL_newstate (LuaJIT).
    unsafe { lua_api::resolve(library.handle()) }.map_err(Failure::NoLua)?;
    drop(library);
    // SAFETY: the Lua C API is resolved; `state` is live. The module is opened as `require`
    // opens a C module, under lua_pcall, so its errors come back here instead of unwinding.
    unsafe {
        ffi::lua_pushcfunction(state, open_module);
        if ffi::lua_pcall(state, 0, 1, 0) != 0 {
            return Err(Failure::Raised);
        }
        // nil when it opened, else why not (a string: what `require` shows the script).
        if ffi::lua_type(state, -1) == ffi::LUA_TSTRING {
            return Err(Failure::Raised);
        }
        ffi::lua_pop(state, 1);
    }
    Ok(())
}

/// [`gmod13_close`]'s work.
///
/// # Safety
/// As [`gmod13_close`].
unsafe fn close(state: *mut lua_State) {
    if state.is_null() || !lua_api::resolved() {
        return;
    }
    // SAFETY: the Lua C API is resolved; `state` is live; the message, on failure, is a value
    // on the stack, popped after it is read.
    unsafe {
        ffi::lua_pushcfunction(state, close_module);
        if ffi::lua_pcall(state, 0, 0, 0) != 0 {
            let mut len = 0;
            let message = ffi::lua_tolstring(state, -1, &mut len);
            if !message.is_null() {
                let bytes = std::slice::from_raw_parts(message.cast::<u8>(), len);
                eprintln!("sonoran: gmod13_close: {}", String::from_utf8_lossy(bytes));
            }
            ffi::lua_pop(state, 1);
        }
    }
}

/// A Lua C function: opens the module (bindings/lua's `module`, as `luaopen_sonoran` does)
/// and sets the global `sonoran` to it. Answers nil, or why it failed as a string: an error
/// raised from here would reach `require` as mlua's error object, not as text.
unsafe extern "C-unwind" fn open_module(state: *mut lua_State) -> c_int {
    let open = |lua: &Lua| -> LuaResult<()> {
        let module = sonoran_lua::module(lua)?;
        lua.globals().set("sonoran", &module)
    };
    // SAFETY: called by lua_pcall with a live state.
    unsafe {
        Lua::entrypoint1(state, move |lua| match open(lua) {
            Ok(()) => Ok(LuaValue::Nil),
            Err(e) => Ok(LuaValue::String(lua.create_string(format!("sonoran: the module could not be opened: {e}"))?)),
        })
    }
}

/// A Lua C function: frees every client of the state.
unsafe extern "C-unwind" fn close_module(state: *mut lua_State) -> c_int {
    // SAFETY: called by lua_pcall with a live state.
    unsafe { Lua::entrypoint1(state, |lua| sonoran_lua::close_clients(lua).map(|closed| closed as i64)) }
}
