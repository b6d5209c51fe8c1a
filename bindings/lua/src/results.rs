//! Results as Lua tables: the envelope of an API call, replayed from its tape, and the
//! answers the client gives without a request (event status, location statistics).

use std::ffi::{c_int, CStr};

use mlua::ffi;
use mlua::prelude::*;
use serde_json::Value;

use crate::tape::Prepared;

/// The result envelope as a Lua table, built directly: `{success, status, data}` (plus
/// `incomplete`, and `cached = true, ageMs = N` when the read cache answered, as in the JSON
/// envelope) or `{success, kind, reason, status, retryAfterMs, traceId}`, absent fields nil.
/// `data` is replayed from the tape the I/O thread read (JSON `null` inside it becomes
/// `Sonoran.null`): the game thread pays only for the tables it gets.
fn envelope_table(lua: &Lua, prepared: &Prepared, array_mt: c_int) -> LuaResult<LuaValue> {
    // Bodies the tape could not read (none, as the core checks every body) take the slow road.
    if let (Ok(sonoran::Response { body: sonoran::Body::Json(raw), .. }), None) = (&prepared.result, &prepared.tape) {
        let data: Value = serde_json::from_str(raw.get()).map_err(LuaError::external)?;
        let table = lua.create_table()?;
        table.raw_set("success", true)?;
        table.raw_set("data", lua.to_value(&data)?)?;
        return Ok(LuaValue::Table(table));
    }
    // SAFETY: only Lua C API calls on this thread's state, inside exec_raw's protected call,
    // leaving exactly one value (the table) on the stack.
    unsafe {
        lua.exec_raw::<LuaValue>((), |state| {
            ffi::lua_createtable(state, 0, 4);
            match &prepared.result {
                Ok(response) => {
                    set_bool(state, c"success", true);
                    set_integer(state, c"status", i64::from(response.status));
                    match (&prepared.tape, &response.body) {
                        (Some(tape), _) => tape.push(state, array_mt),
                        (None, sonoran::Body::Text(text)) => push_str(state, text),
                        (None, sonoran::Body::Json(_)) => ffi::lua_pushnil(state),
                    }
                    ffi::lua_setfield(state, -2, c"data".as_ptr());
                    if let Some(why) = &response.incomplete {
                        set_str(state, c"incomplete", why);
                    }
                    if let Some(age) = response.cached_age_ms {
                        set_bool(state, c"cached", true);
                        set_integer(state, c"ageMs", i64::try_from(age).unwrap_or(i64::MAX));
                    }
                }
                Err(error) => {
                    set_bool(state, c"success", false);
                    set_str(state, c"kind", error.kind.as_str());
                    set_str(state, c"reason", &error.message);
                    if let Some(status) = error.status {
                        set_integer(state, c"status", i64::from(status));
                    }
                    if let Some(ms) = error.retry_after_ms {
                        set_integer(state, c"retryAfterMs", i64::try_from(ms).unwrap_or(i64::MAX));
                    }
                    if let Some(trace_id) = &error.trace_id {
                        set_str(state, c"traceId", trace_id);
                    }
                }
            }
        })
    }
}

/// Pushes `s` as a Lua string.
///
/// # Safety
/// `state` is this thread's live Lua state with room on its stack.
unsafe fn push_str(state: *mut ffi::lua_State, s: &str) {
    // SAFETY: forwarded from the caller; Lua copies the bytes.
    unsafe {
        ffi::lua_pushlstring(state, s.as_ptr().cast(), s.len());
    }
}

/// `table[key] = s` for the table on top of the stack.
///
/// # Safety
/// As for [`push_str`], with a table on top.
unsafe fn set_str(state: *mut ffi::lua_State, key: &CStr, s: &str) {
    // SAFETY: forwarded from the caller.
    unsafe {
        push_str(state, s);
        ffi::lua_setfield(state, -2, key.as_ptr());
    }
}

/// `table[key] = b` for the table on top of the stack.
///
/// # Safety
/// As for [`set_str`].
unsafe fn set_bool(state: *mut ffi::lua_State, key: &CStr, b: bool) {
    // SAFETY: forwarded from the caller.
    unsafe {
        ffi::lua_pushboolean(state, c_int::from(b));
        ffi::lua_setfield(state, -2, key.as_ptr());
    }
}

/// `table[key] = n` for the table on top of the stack.
///
/// # Safety
/// As for [`set_str`].
unsafe fn set_integer(state: *mut ffi::lua_State, key: &CStr, n: i64) {
    // SAFETY: forwarded from the caller.
    unsafe {
        ffi::lua_pushinteger(state, n as _);
        ffi::lua_setfield(state, -2, key.as_ptr());
    }
}

/// [`envelope_table`], falling back to an `internal` error table when the result cannot be
/// converted (the core refuses bodies Lua cannot hold, so this is for the impossible case):
/// an API result never becomes a Lua error, and a callback always gets its table.
pub fn result_table(lua: &Lua, prepared: &Prepared, array_mt: c_int) -> LuaResult<LuaValue> {
    envelope_table(lua, prepared, array_mt).or_else(|e| {
        let error = sonoran::Error::new(sonoran::ErrorKind::Internal, format!("the result cannot be converted for Lua: {e}"));
        envelope_table(lua, &Prepared::new(Err(error)), array_mt)
    })
}

/// A local answer (no HTTP request) as a result table: `{success=true, data=...}` or the
/// error's `{success=false, kind=..., reason=...}`.
pub fn local_table(lua: &Lua, result: sonoran::Result<Value>, array_mt: c_int) -> LuaResult<LuaValue> {
    match result {
        Ok(data) => {
            let table = lua.create_table()?;
            table.raw_set("success", true)?;
            table.raw_set("data", local_value(lua, &data)?)?;
            Ok(LuaValue::Table(table))
        }
        Err(error) => result_table(lua, &Prepared::new(Err(error)), array_mt),
    }
}

/// A value the client made (not a response body) as Lua, as results are: arrays carry mlua's
/// array metatable, `null` is `Sonoran.null`. Converted directly (mlua's serializer); these
/// are small, so the tape's speed is not needed, and no text is written to be read again.
pub fn local_value(lua: &Lua, value: &Value) -> LuaResult<LuaValue> {
    lua.to_value(value)
}

/// A tape replayed as a Lua value (the mirror's lists, kept as tapes between changes).
pub fn tape_value(lua: &Lua, tape: &crate::tape::Tape, array_mt: c_int) -> LuaResult<LuaValue> {
    // SAFETY: only Lua C API calls on this thread's state, inside exec_raw's protected call,
    // leaving exactly one value on the stack.
    unsafe { lua.exec_raw::<LuaValue>((), |state| tape.push(state, array_mt)) }
}
