//! The panel helper in Lua: `client:panel(key, options)` answers a panel whose `onAction`
//! handler runs inside `client:poll()`, on the script's thread, once per CAD action; what
//! it returns (or the error it raises) is acknowledged.
//!
//! ```lua
//! local doors = client:panel("doors", { instance = "mission-row", serverId = 1, definition = def })
//! doors:setState(state)
//! doors:onAction(function(action) return { success = true, message = "Locked" } end)
//! ```

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use mlua::prelude::*;
use serde_json::Value;
use sonoran::api::integration_panels::{Panel, PanelOptions};
use sonoran::models::ActionResult;

use crate::args::to_json;
use crate::client::LuaClient;
use crate::prelude::{answer, Answer};
use crate::results::local_value;

/// The handler a panel's actions go to, shared by the panel handle and its client's list.
type Handler = Rc<RefCell<Option<LuaRegistryKey>>>;

/// A client's open panels, in the order opened: `poll` runs their handlers.
#[derive(Default)]
pub struct Panels(RefCell<Vec<(Arc<Panel>, Handler)>>);

/// A panel as Lua holds it.
pub struct LuaPanel {
    panel: Arc<Panel>,
    handler: Handler,
    /// Its client's list, which `close` takes it out of.
    list: Rc<Panels>,
}

/// `client:panel(panelKey, options)`: opens the panel helper; answers the panel, or nil and
/// why (a bad key, definition or option, naming the field).
pub fn panel(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let mut args = args.into_iter();
    let key = match args.next() {
        Some(LuaValue::String(key)) => key.to_string_lossy(),
        other => {
            let got = other.map_or("nothing", |v| v.type_name());
            return answer(Err(format!("panel: the panel key must be a string, got {got}")), lua);
        }
    };
    let options = match args.next().unwrap_or(LuaValue::Nil) {
        options @ (LuaValue::Nil | LuaValue::Table(_)) => to_json(lua, options, "panel options"),
        other => Err(format!("panel: the options must be a table, got {}", other.type_name())),
    };
    let options = match options {
        Ok(options) => options,
        Err(misuse) => return answer(Err(misuse), lua),
    };
    match PanelOptions::from_value(Some(&key), &options).and_then(|o| this.client.panel(o)) {
        Ok(panel) => {
            let panel = Arc::new(panel);
            let handler = Handler::default();
            this.panels.0.borrow_mut().push((panel.clone(), handler.clone()));
            let list = this.panels.clone();
            Ok((true, LuaValue::UserData(lua.create_userdata(LuaPanel { panel, handler, list })?), LuaValue::Nil))
        }
        Err(e) => Ok((true, LuaValue::Nil, LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
    }
}

/// What a handler returned, as the result acknowledged: nil is `{success = true}`, a table
/// `{success, message, result}`, anything else a failure saying so.
fn result_of(lua: &Lua, returned: LuaResult<LuaValue>) -> ActionResult {
    let failure = |message: String| ActionResult { success: false, message: Some(message.chars().take(500).collect()), result: None };
    match returned {
        Ok(LuaValue::Nil) => ActionResult { success: true, message: None, result: None },
        Ok(table @ LuaValue::Table(_)) => match to_json(lua, table, "the handler's result") {
            Ok(Value::Object(map)) if map.is_empty() => ActionResult { success: true, message: None, result: None },
            Ok(value) => serde_json::from_value(value)
                .unwrap_or_else(|e| failure(format!("the handler's result is not {{success, message, result}}: {e}"))),
            Err(misuse) => failure(misuse),
        },
        Ok(other) => failure(format!("the handler returned a {}, not a result table", other.type_name())),
        Err(error) => failure(error.to_string().lines().next().unwrap_or_default().to_string()),
    }
}

impl Panels {
    /// Runs each panel's handler for every action waiting; returns how many ran. A handler's
    /// error is acknowledged as `success = false` with its message, and reported.
    pub fn run(&self, lua: &Lua, errors: &mut Vec<String>) -> LuaResult<usize> {
        // Copied first: a handler may open or close panels.
        let panels: Vec<(Arc<Panel>, Handler)> = self.0.borrow().clone();
        let mut ran = 0;
        for (panel, handler) in panels {
            let function: Option<LuaFunction> = match &*handler.borrow() {
                Some(key) => Some(lua.registry_value(key)?),
                None => None,
            };
            let Some(function) = function else { continue };
            ran += panel.handle(|action| {
                let table = serde_json::to_value(action).map_err(LuaError::external).and_then(|v| local_value(lua, &v));
                let returned = table.and_then(|t| function.call::<LuaValue>(t));
                if let Err(e) = &returned {
                    errors.push(format!("sonoran: panel {} handler failed on {}: {e}", panel.panel_key(), action.action_id));
                }
                result_of(lua, returned)
            });
        }
        Ok(ran)
    }

    /// Forgets a closed panel.
    fn remove(&self, panel: &Arc<Panel>) {
        self.0.borrow_mut().retain(|(p, _)| !Arc::ptr_eq(p, panel));
    }
}

/// A Lua error for a misused panel method (it carries the script's line via mlua).
fn misuse(message: String) -> LuaError {
    LuaError::runtime(format!("sonoran: {message}"))
}

impl LuaUserData for LuaPanel {
    fn add_methods<M: LuaUserDataMethods<Self>>(methods: &mut M) {
        // `panel:setState(state [, instanceKey])`: true, or nil and why (over 512 KiB, closed).
        methods.add_method("setState", |lua, this, (state, instance): (LuaValue, Option<String>)| {
            if !matches!(state, LuaValue::Table(_)) {
                return Err(misuse(format!("setState: the state must be a table, got {}", state.type_name())));
            }
            let state = to_json(lua, state, "the state").map_err(misuse)?;
            let set = match instance {
                Some(instance) => this.panel.set_instance_state(&instance, state),
                None => this.panel.set_state(state),
            };
            match set {
                Ok(()) => Ok((LuaValue::Boolean(true), LuaValue::Nil)),
                Err(e) => Ok((LuaValue::Nil, LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
            }
        });
        // `panel:onAction(function(action) ... end)` (nil: no handler; actions wait).
        methods.add_method("onAction", |lua, this, function: LuaValue| {
            let key = match function {
                LuaValue::Function(f) => Some(lua.create_registry_value(f)?),
                LuaValue::Nil => None,
                other => return Err(misuse(format!("onAction: expected a function, got {}", other.type_name()))),
            };
            *this.handler.borrow_mut() = key;
            Ok(())
        });
        // `panel:nextAction()`: the next action as a table, or nil (for scripts that ack themselves).
        methods.add_method("nextAction", |lua, this, ()| match this.panel.next_action() {
            Some(action) => local_value(lua, &serde_json::to_value(&action).map_err(LuaError::external)?),
            None => Ok(LuaValue::Nil),
        });
        // `panel:ack(actionId, { success = true, message = "Locked" })`: true, or nil and why.
        methods.add_method("ack", |lua, this, (id, result): (String, LuaValue)| {
            let result = result_of(lua, Ok(result));
            match this.panel.ack(&id, result) {
                Ok(()) => Ok((LuaValue::Boolean(true), LuaValue::Nil)),
                Err(e) => Ok((LuaValue::Nil, LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
            }
        });
        // `panel:status()`: the counters (queued, handled, acked, expired, duplicates, polls, ...).
        methods.add_method("status", |lua, this, ()| local_value(lua, &this.panel.status().to_value()));
        methods.add_method("key", |_, this, ()| Ok(this.panel.panel_key().to_string()));
        // `panel:close()`: no more actions; results given are still acknowledged.
        methods.add_method("close", |_, this, ()| {
            this.panel.close();
            this.list.remove(&this.panel);
            *this.handler.borrow_mut() = None;
            Ok(())
        });
    }
}
