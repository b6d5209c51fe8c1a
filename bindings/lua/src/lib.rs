//! `require("sonoran")`: the Lua face of the sonoran client.
//!
//! Names and shapes follow sonoran.lua, so scripts port by changing one line:
//! `Sonoran.createClient{...}`, `client.cad:getAccountUnitsV2(params [, callback])`,
//! `client:poll()` once a tick. Parameters are tables with the API's camelCase keys, or
//! sonoran.lua's own positional arguments (`getIdentifiersV2('uuid')`); results are the core's
//! envelope as a table. Every method comes from the core's operation table: nothing here is
//! written per operation.
//!
//! Misuse (a wrong argument type, an unknown config key) is a Lua error of one line, raised at
//! the caller's line as Lua's own `error(message, 2)` does (see `prelude`). API failures are
//! never Lua errors: they are result tables.
//!
//! - `args`: arguments as JSON, and sonoran.lua's positional forms;
//! - `results` and `tape`: results as Lua tables;
//! - `methods`: the methods of a client handle, listed once;
//! - `client`: a client's state, its creation, and API calls;
//! - `events`: push events and unit locations;
//! - `pages`: the `pages` iterator;
//! - `mirror`: the live mirror's units and calls (`client:units()`, `client:call(id)`);
//! - `panels`: the panel helper (`client:panel`), its handlers run by `poll`;
//! - `prelude`: the misuse protocol and its Lua half.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod args;
mod client;
mod events;
mod methods;
mod mirror;
mod pages;
mod panels;
mod prelude;
mod results;
mod tape;

use mlua::prelude::*;
use sonoran::models::{AccountStatus, IdentifierAction, UnitPage, UnitStatus};

/// `luaopen_sonoran`: what `require("sonoran")` calls.
#[cfg(feature = "entry")]
#[mlua::lua_module(name = "sonoran")]
fn open(lua: &Lua) -> LuaResult<LuaTable> {
    module(lua)
}

/// The module table `require("sonoran")` returns; also what a host that embeds the module
/// (bindings/gmod) opens in its own entry point.
pub fn module(lua: &Lua) -> LuaResult<LuaTable> {
    let module = lua.create_table()?;
    module.set("version", sonoran::VERSION)?;
    module.set("null", lua.null())?;
    module.set("UNIT_STATUS", enum_table(lua, UnitStatus::NAMES)?)?;
    module.set("UNIT_PAGE", enum_table(lua, UnitPage::NAMES)?)?;
    module.set("ACCOUNT_STATUS", enum_table(lua, AccountStatus::NAMES)?)?;
    module.set("IDENTIFIER_ACTION", enum_table(lua, IdentifierAction::NAMES)?)?;
    module.set("productEnums", enum_table(lua, &[("CAD", 0)])?)?;
    prelude::run(lua, module, lua.create_function(client::create_client)?, methods::names())
}

/// Frees every client of this Lua state (stops its I/O threads; requests in flight and their
/// callbacks are dropped) and answers how many there were. Their handles stay in the scripts'
/// tables, but any method on them is then a Lua error. For hosts that shut the module down
/// before closing the state (bindings/gmod's `gmod13_close`); `lua_close` alone also frees them.
pub fn close_clients(lua: &Lua) -> LuaResult<usize> {
    client::close_all(lua)
}

/// An enum's `{NAME = value}` table.
fn enum_table(lua: &Lua, names: &[(&str, i64)]) -> LuaResult<LuaTable> {
    lua.create_table_from(names.iter().copied())
}
