//! The misuse protocol and its Lua half, `prelude.lua`.
//!
//! An error raised in Rust would reach the script without the caller's line (and with mlua's
//! traceback), so every method of a client handle answers `(true, a, b)` or
//! `(false, message)`, and the prelude's wrapper raises the message one level up: at the
//! script's line, in one line, as Lua's own `error(message, 2)` does. API failures are never
//! Lua errors: they are result tables.

use mlua::prelude::*;

/// A misuse of the module (a wrong argument type, an unknown config key): the text of the
/// one-line Lua error it becomes.
pub type Misuse = String;

/// What a method of a client handle answers the prelude: `(true, a, b)` or `(false, message)`.
pub type Answer = (bool, LuaValue, LuaValue);

/// The chunk that wraps the handles' methods and defines `createClient`.
const PRELUDE: &str = include_str!("prelude.lua");

/// `(true, a, b)`, or `(false, "sonoran: " .. message)` for a misuse.
pub fn answer(result: Result<(LuaValue, LuaValue), Misuse>, lua: &Lua) -> LuaResult<Answer> {
    match result {
        Ok((a, b)) => Ok((true, a, b)),
        Err(message) => Ok((false, LuaValue::String(lua.create_string(format!("sonoran: {message}"))?), LuaValue::Nil)),
    }
}

/// Runs the prelude on `module`: it adds `createClient` (which calls `create`, answering
/// `(true, handle)` or `(false, message)`) and a client class whose methods are `methods`,
/// each forwarding to the handle's method of that name. Returns the module.
pub fn run(lua: &Lua, module: LuaTable, create: LuaFunction, methods: Vec<&str>) -> LuaResult<LuaTable> {
    lua.load(PRELUDE).set_name("=sonoran").call((module, create, methods))
}
