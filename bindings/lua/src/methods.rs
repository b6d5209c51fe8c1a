//! The methods of a client handle: one per operation of the core's table (its sonoran.lua
//! name, and the camelCase of every call name where that differs), then the skin's own.

use mlua::prelude::*;
use sonoran::operations::{self, call_names, Operation};

use crate::args::sdk_form;
use crate::client::{self, LuaClient};
use crate::prelude::{answer, Answer};
use crate::{events, pages};

/// Every Lua method name and the name `Client::call` takes for it: each operation's
/// sonoran.lua name (`getAccountUnitsV2`), the camelCase of every call name where that
/// differs (`getAccountUnits`, `getAllAccounts`), all from the core's table.
pub fn lua_names() -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = operations::all()
        .map(|op| (sdk_form(op).method.to_string(), op.name.to_string()))
        .collect();
    for name in call_names() {
        let camel = camel_case(&name);
        if !names.iter().any(|(lua, _)| *lua == camel) {
            names.push((camel, name));
        }
    }
    names
}

/// `get_account_units` → `getAccountUnits`.
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The operation a call name stands for (`get_all_X` stands for `get_X`).
fn resolve(name: &str) -> Option<&'static Operation> {
    operations::find(name).or_else(|| operations::find_all_pages(name))
}

/// `client:call("get_account_units", params [, callback])`: any operation by its call name.
fn call(lua: &Lua, this: &LuaClient, mut args: LuaMultiValue) -> LuaResult<Answer> {
    let name = match args.pop_front() {
        Some(LuaValue::String(name)) => name.to_str().map(|n| n.to_string()).unwrap_or_default(),
        other => {
            let got = other.map_or("nothing", |v| v.type_name());
            return answer(
                Err(format!(
                    "call: the operation name must be a string, got {got}"
                )),
                lua,
            );
        }
    };
    this.invoke(lua, &name, resolve(&name), &name, args)
}

impl LuaUserData for LuaClient {
    fn add_methods<M: LuaUserDataMethods<Self>>(methods: &mut M) {
        for (lua_name, operation) in lua_names() {
            let name = lua_name.clone();
            // Resolved once here, not on every call.
            let op = resolve(&operation);
            methods.add_method(lua_name, move |lua, this, args: LuaMultiValue| {
                this.invoke(lua, &operation, op, &name, args)
            });
        }
        methods.add_function(
            "pages",
            |lua, (handle, args): (LuaAnyUserData, LuaMultiValue)| pages::pages(lua, handle, args),
        );
        methods.add_method("call", call);
        methods.add_method("poll", client::poll);
        methods.add_method("cancel", client::cancel);
        methods.add_method("startEvents", events::start_events);
        methods.add_method("stopEvents", events::stop_events);
        methods.add_method("eventStatus", events::event_status);
        methods.add_method("onEvent", events::on_event);
        methods.add_method("pollEvent", events::poll_event);
        methods.add_method("pushUnitLocation", events::push_unit_location);
        methods.add_method("locationStats", events::location_stats);
        methods.add_method("budget", client::budget);
        methods.add_method("pending", client::pending);
    }
}
