//! Push events (`startEvents`, `onEvent`, `pollEvent`, `stopEvents`, `eventStatus`) and unit
//! locations (`pushUnitLocation`, `locationStats`). Their answers are the client's own, made
//! without a request, and become Lua values directly.

use mlua::prelude::*;

use sonoran::push::EventOptions;
use sonoran::ReceivedEvent;

use crate::args::{first, to_json};
use crate::client::LuaClient;
use crate::prelude::{answer, Answer, Misuse};
use crate::results::{local_table, local_value};

/// `client:startEvents([options])`: connects to the hub and/or opens the listener; answers
/// the event status as a result table (or why it could not start).
pub fn start_events(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let options = match first(args) {
        options @ (LuaValue::Nil | LuaValue::Table(_)) => to_json(lua, options, "startEvents options"),
        other => Err(format!("startEvents: the options must be a table, got {}", other.type_name())),
    };
    let options = match options {
        Ok(options) => options,
        Err(misuse) => return answer(Err(misuse), lua),
    };
    let started = EventOptions::from_value(&options).and_then(|o| this.client.start_events(&o)).map(|s| s.to_value());
    answer(Ok((local_table(lua, started, this.array_mt)?, LuaValue::Nil)), lua)
}

/// `client:stopEvents()`: stops receiving; answers the event status as a result table.
pub fn stop_events(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let status = this.client.stop_events().to_value();
    answer(Ok((local_table(lua, Ok(status), this.array_mt)?, LuaValue::Nil)), lua)
}

/// `client:eventStatus()`: the hub, the listener and the queue, as a result table.
pub fn event_status(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let status = this.client.events_status().to_value();
    answer(Ok((local_table(lua, Ok(status), this.array_mt)?, LuaValue::Nil)), lua)
}

/// `client:onEvent(...)`: adds or removes handlers (see [`LuaClient::on_event`]).
pub fn on_event(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let done = this.on_event(lua, args).map(|()| (LuaValue::Nil, LuaValue::Nil));
    answer(done, lua)
}

/// `client:pollEvent()`: the oldest waiting event as a table, or nil.
pub fn poll_event(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let event = match this.client.poll_event() {
        Some(event) => event_table(lua, &event)?,
        None => LuaValue::Nil,
    };
    Ok((true, event, LuaValue::Nil))
}

/// `client:pushUnitLocation{...}`: true, or false and why (a bad field). Only a location
/// that is not a table is misuse.
pub fn push_unit_location(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let location = match first(args) {
        location @ LuaValue::Table(_) => to_json(lua, location, "pushUnitLocation's location"),
        other => Err(format!("pushUnitLocation: the location must be a table, got {}", other.type_name())),
    };
    let location = match location {
        Ok(location) => location,
        Err(misuse) => return answer(Err(misuse), lua),
    };
    match this.client.push_unit_location(&location) {
        Ok(()) => Ok((true, LuaValue::Boolean(true), LuaValue::Nil)),
        Err(e) => Ok((true, LuaValue::Boolean(false), LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
    }
}

/// `client:locationStats()`: the location stream's counters, as a plain table.
pub fn location_stats(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let stats = this.client.location_stats().to_value();
    Ok((true, local_value(lua, &stats)?, LuaValue::Nil))
}

/// An event as Lua gets it: `{type, data, via, receivedAtMs, dropped}`.
fn event_table(lua: &Lua, event: &ReceivedEvent) -> LuaResult<LuaValue> {
    local_value(lua, &event.to_value())
}

impl LuaClient {
    /// Hands every waiting event to the `onEvent` handlers of its type, then to those for
    /// every event; returns how many handlers ran. Without handlers, events stay queued for
    /// `pollEvent`. One failing handler does not stop the others.
    pub fn run_event_handlers(&self, lua: &Lua, errors: &mut Vec<String>) -> LuaResult<usize> {
        if self.handlers.borrow().is_empty() {
            return Ok(0);
        }
        let mut ran = 0;
        while let Some(event) = self.client.poll_event() {
            // The functions are fetched before any runs: a handler may add or remove handlers.
            let functions: Vec<(String, LuaFunction)> = {
                let handlers = self.handlers.borrow();
                let matching = handlers.iter().filter(|(t, _)| t.as_deref() == Some(event.event_type.as_str()));
                let every = handlers.iter().filter(|(t, _)| t.is_none());
                matching
                    .chain(every)
                    .map(|(t, key)| Ok((t.clone().unwrap_or_else(|| "every event".into()), lua.registry_value::<LuaFunction>(key)?)))
                    .collect::<LuaResult<_>>()?
            };
            if functions.is_empty() {
                continue;
            }
            let table = event_table(lua, &event)?;
            for (registered_for, function) in functions {
                ran += 1;
                if let Err(e) = function.call::<()>(table.clone()) {
                    errors.push(format!("sonoran: event handler ({registered_for}) failed on {}: {e}", event.event_type));
                }
            }
        }
        Ok(ran)
    }

    /// `client:onEvent("EVENT_911", fn)`, `client:onEvent(fn)` (every event); `client:onEvent("EVENT_911", nil)`
    /// removes that type's handlers, `client:onEvent(nil)` those for every event.
    fn on_event(&self, lua: &Lua, args: LuaMultiValue) -> Result<(), Misuse> {
        let mut args = args.into_iter();
        let (event_type, function) = match (args.next(), args.next()) {
            (Some(LuaValue::Function(f)), None) => (None, Some(f)),
            (Some(LuaValue::String(t)), Some(LuaValue::Function(f))) => (Some(t.to_str().map_err(|e| e.to_string())?.to_string()), Some(f)),
            (Some(LuaValue::String(t)), None | Some(LuaValue::Nil)) => (Some(t.to_str().map_err(|e| e.to_string())?.to_string()), None),
            (Some(LuaValue::Nil), None) => (None, None),
            (first, _) => {
                let got = first.map_or("nothing", |v| v.type_name());
                return Err(format!("onEvent: expected (eventType, function) or (function), got {got} first"));
            }
        };
        match function {
            Some(function) => {
                let key = lua.create_registry_value(function).map_err(|e| e.to_string())?;
                self.handlers.borrow_mut().push((event_type, key));
            }
            None => self.handlers.borrow_mut().retain(|(t, _)| *t != event_type),
        }
        Ok(())
    }
}
