//! The methods of a client handle, listed once: one per operation of the core's table (its
//! sonoran.lua name, and the camelCase of every call name where that differs), then the
//! skin's own. Both the handle's methods and the prelude's wrappers are made from this list.

use std::sync::OnceLock;

use mlua::prelude::*;
use sonoran::api::{self, call_names};
use sonoran::operations::Operation;

use crate::args::sdk_form;
use crate::client::{self, LuaClient};
use crate::prelude::{answer, Answer};
use crate::{events, mirror, pages, panels};

/// One method of a client handle.
struct Method {
    /// Its Lua name (`getAccountUnitsV2`, `poll`).
    name: String,
    /// What it runs.
    action: Action,
}

/// What a method runs.
enum Action {
    /// An API call.
    Operation {
        /// The name `Client::call` takes (`get_account_units`, `get_all_accounts`).
        call_name: String,
        /// The operation it stands for, resolved once here, not on every call.
        op: Option<&'static Operation>,
    },
    /// One of the skin's own methods.
    Skin(Skin),
}

/// A method of the skin rather than of the API.
#[derive(Clone, Copy)]
enum Skin {
    /// Works on the client.
    Method(fn(&Lua, &LuaClient, LuaMultiValue) -> LuaResult<Answer>),
    /// Gets the handle itself, for what outlives the call (the `pages` iterator).
    Handle(fn(&Lua, LuaAnyUserData, LuaMultiValue) -> LuaResult<Answer>),
}

/// The skin's own methods, registered after the operations.
const SKIN_METHODS: &[(&str, Skin)] = &[
    ("pages", Skin::Handle(pages::pages)),
    ("call", Skin::Method(call)),
    ("poll", Skin::Method(client::poll)),
    ("cancel", Skin::Method(client::cancel)),
    ("startEvents", Skin::Method(events::start_events)),
    ("stopEvents", Skin::Method(events::stop_events)),
    ("eventStatus", Skin::Method(events::event_status)),
    ("onEvent", Skin::Method(events::on_event)),
    ("pollEvent", Skin::Method(events::poll_event)),
    ("pushUnitLocation", Skin::Method(events::push_unit_location)),
    ("locationStats", Skin::Method(events::location_stats)),
    ("budget", Skin::Method(client::budget)),
    ("pending", Skin::Method(client::pending)),
    ("panel", Skin::Method(panels::panel)),
    ("startMirror", Skin::Method(mirror::start_mirror)),
    ("stopMirror", Skin::Method(mirror::stop_mirror)),
    ("mirrorStatus", Skin::Method(mirror::mirror_status)),
    ("mirrorVersion", Skin::Method(mirror::mirror_version)),
    ("units", Skin::Method(mirror::units)),
    ("unit", Skin::Method(mirror::unit)),
    ("calls", Skin::Method(mirror::calls)),
    ("emergencyCalls", Skin::Method(mirror::emergency_calls)),
];

/// Every method, built once per process from the core's table (which is static).
fn registry() -> &'static [Method] {
    static REGISTRY: OnceLock<Vec<Method>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let operation = |name: String, call_name: String| {
            let op = resolve(&call_name);
            Method { name, action: Action::Operation { call_name, op } }
        };
        let mut methods: Vec<Method> = api::all().map(|op| operation(sdk_form(op).method.to_string(), op.name.to_string())).collect();
        for call_name in call_names() {
            let camel = camel_case(&call_name);
            if !methods.iter().any(|m| m.name == camel) {
                methods.push(operation(camel, call_name));
            }
        }
        methods.extend(SKIN_METHODS.iter().map(|&(name, skin)| Method { name: name.to_string(), action: Action::Skin(skin) }));
        methods
    })
}

/// The methods' names, for the prelude's wrappers.
pub fn names() -> Vec<&'static str> {
    registry().iter().map(|m| m.name.as_str()).collect()
}

/// The call names of the operation methods, each with its Lua name, in the registry's order.
fn operation_methods() -> impl Iterator<Item = (&'static str, &'static str)> {
    registry().iter().filter_map(|m| match &m.action {
        Action::Operation { call_name, .. } => Some((m.name.as_str(), call_name.as_str())),
        Action::Skin(_) => None,
    })
}

/// The call name of the operation whose Lua method is `lua_name` (`getUnitsV2` →
/// `get_units_v2`).
pub fn operation_for(lua_name: &str) -> Option<&'static str> {
    operation_methods().find(|(name, _)| *name == lua_name).map(|(_, call_name)| call_name)
}

/// The call name `name` stands for, as a Lua method name or as a call name.
pub fn operation_named(name: &str) -> Option<&'static str> {
    operation_methods().find(|(lua_name, call_name)| *lua_name == name || *call_name == name).map(|(_, call_name)| call_name)
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
    api::find(name).or_else(|| api::find_all_pages(name))
}

/// `client:call("get_account_units", params [, callback])`: any operation by its call name;
/// `client:call(callId)`: the mirror's call of that id.
fn call(lua: &Lua, this: &LuaClient, mut args: LuaMultiValue) -> LuaResult<Answer> {
    if let Some(call_id) = mirror::call_id(&args) {
        return mirror::call(lua, this, call_id);
    }
    let name = match args.pop_front() {
        Some(LuaValue::String(name)) => name.to_str().map(|n| n.to_string()).unwrap_or_default(),
        other => {
            let got = other.map_or("nothing", |v| v.type_name());
            return answer(Err(format!("call: the operation name must be a string, got {got}")), lua);
        }
    };
    this.invoke(lua, &name, resolve(&name), &name, args)
}

impl LuaUserData for LuaClient {
    fn add_methods<M: LuaUserDataMethods<Self>>(methods: &mut M) {
        for method in registry() {
            let name = method.name.as_str();
            match &method.action {
                Action::Operation { call_name, op } => {
                    let op = *op;
                    methods.add_method(name, move |lua, this, args: LuaMultiValue| this.invoke(lua, call_name, op, name, args));
                }
                Action::Skin(Skin::Method(f)) => {
                    let f = *f;
                    methods.add_method(name, move |lua, this, args: LuaMultiValue| f(lua, this, args));
                }
                Action::Skin(Skin::Handle(f)) => {
                    let f = *f;
                    methods.add_function(name, move |lua, (handle, args): (LuaAnyUserData, LuaMultiValue)| f(lua, handle, args));
                }
            }
        }
    }
}
