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
//! the caller's line as Lua's own `error(message, 2)` does: the Rust functions answer
//! `(true, results...)` or `(false, message)`, and a small Lua prelude (`PRELUDE`) raises.
//! API failures are never Lua errors: they are result tables.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod tape;

use std::cell::RefCell;
use std::ffi::c_int;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mlua::ffi;
use mlua::prelude::*;
use serde_json::{Map, Value};
use sonoran::faces::{event_value, Inbox};
use sonoran::logging::{LogRecord, LogSink};
use sonoran::models::{AccountStatus, IdentifierAction, UnitPage, UnitStatus};
use sonoran::operations::{self, call_names, Operation, PageCursor};
use sonoran::events::EventOptions;
use sonoran::{Client, Config};
use tape::Prepared;

/// A misuse of the module: becomes a one-line Lua error at the caller's line.
type Misuse = String;

/// What a Rust function of the module answers the prelude: `(true, a, b)` or `(false, message)`.
type Answer = (bool, LuaValue, LuaValue);

fn answer(result: Result<(LuaValue, LuaValue), Misuse>, lua: &Lua) -> LuaResult<Answer> {
    match result {
        Ok((a, b)) => Ok((true, a, b)),
        Err(message) => Ok((false, LuaValue::String(lua.create_string(format!("sonoran: {message}"))?), LuaValue::Nil)),
    }
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

/// Every Lua method name and the name `Client::call` takes for it: each operation's
/// sonoran.lua name (`getAccountUnitsV2`), the camelCase of every call name where that
/// differs (`getAccountUnits`, `getAllAccounts`), all from the core's table.
fn lua_names() -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = operations::all().map(|op| (op.lua.to_string(), op.name.to_string())).collect();
    for name in call_names() {
        let camel = camel_case(&name);
        if !names.iter().any(|(lua, _)| *lua == camel) {
            names.push((camel, name));
        }
    }
    names
}

/// The operation a call name stands for (`get_all_X` stands for `get_X`).
fn resolve(name: &str) -> Option<&'static Operation> {
    operations::find(name).or_else(|| operations::find_all_pages(name))
}

/// A client as Lua sees it: the core client, the inbox its non-blocking results wait in,
/// the callbacks waiting for them, and the script's logger.
struct LuaClient {
    client: Client,
    /// Results wait here already read into tapes (on the I/O thread).
    inbox: Arc<Inbox<Prepared>>,
    /// The registry reference of mlua's array metatable in this Lua state.
    array_mt: c_int,
    callbacks: RefCell<HashMap<u64, LuaRegistryKey>>,
    logger: Option<Logger>,
    /// `onEvent` handlers: by event type, and for every event (key `None`).
    handlers: RefCell<Vec<(Option<String>, LuaRegistryKey)>>,
}

/// A script's `logger` function, and the records waiting for it: records arrive on the I/O
/// thread, but Lua may only be called on the script's thread, so they wait for `poll` (or
/// the end of a blocking call).
struct Logger {
    function: LuaRegistryKey,
    queue: Arc<Mutex<Vec<(String, String)>>>,
}

impl Logger {
    fn deliver(&self, lua: &Lua) -> LuaResult<()> {
        let records = std::mem::take(&mut *self.queue.lock().unwrap_or_else(|e| e.into_inner()));
        if records.is_empty() {
            return Ok(());
        }
        let function: LuaFunction = lua.registry_value(&self.function)?;
        for (level, message) in records {
            // A failing logger must not turn a result into an error.
            let _ = function.call::<()>((level, message));
        }
        Ok(())
    }
}

/// A value from Lua as JSON, or a misuse naming `what`. Tables are read with Lua's C API
/// (`tape::table_to_json`): the parameters of every call cross here.
fn to_json(lua: &Lua, value: LuaValue, what: &str) -> Result<Value, Misuse> {
    match value {
        LuaValue::Nil => Ok(Value::Null),
        LuaValue::Boolean(b) => Ok(Value::Bool(b)),
        LuaValue::Integer(i) => Ok(Value::from(i)),
        LuaValue::Number(n) => tape::number_to_json(n, what),
        LuaValue::String(s) => Ok(Value::String(s.to_string_lossy())),
        LuaValue::Table(table) => {
            let path = if what == "parameters" || what == "the config" { "" } else { what };
            let mut out = None;
            // SAFETY: reads the table (argument 1 of the protected call) with the C API only.
            unsafe { lua.exec_raw::<()>(table, |state| out = Some(tape::table_to_json(state, 1, path, 0))) }
                .map_err(|e| format!("{what} cannot be read ({e})"))?;
            out.unwrap_or_else(|| Err(format!("{what} cannot be read")))
        }
        LuaValue::LightUserData(p) if p.0.is_null() => Ok(Value::Null),
        other => Err(format!("`{what}` cannot be sent as JSON (a {})", other.type_name())),
    }
}

/// For an upload operation (one that takes `fileBase64`), sonoran.lua's `fileContent` in
/// `table` (a Lua string of raw bytes) in base64; the bytes never pass through UTF-8.
fn file_content(op: Option<&Operation>, table: &LuaTable) -> Option<String> {
    if !op?.params.iter().any(|p| p.name == "fileBase64") {
        return None;
    }
    match table.raw_get::<LuaValue>("fileContent").ok()? {
        LuaValue::String(content) => Some(sonoran::upload::encode_base64(&content.as_bytes())),
        _ => None,
    }
}

/// The parameters and callback of a method call, from either form sonoran.lua uses:
/// `(params_table [, callback])`, or positional `(a, b, ... [, fields_table] [, callback])`
/// with the leading values named by the operation's `lua_args` (a `nil` among them is
/// skipped, so its default applies) and an optional table of the remaining fields.
fn arguments(lua: &Lua, op: Option<&Operation>, lua_name: &str, args: LuaMultiValue) -> Result<(Value, Option<LuaFunction>), Misuse> {
    let mut args: Vec<LuaValue> = args.into_iter().collect();
    let callback = match args.last() {
        Some(LuaValue::Function(f)) => {
            let f = f.clone();
            args.pop();
            Some(f)
        }
        _ => None,
    };
    while matches!(args.last(), Some(LuaValue::Nil)) {
        args.pop();
    }
    let positional = op.map_or(&[][..], |op| op.lua_args);
    let mut params = Map::new();
    let mut rest = args.into_iter().enumerate().peekable();
    // sonoran.lua passes some lists positionally (`closeDispatchCallsV2({501}, 1)`): a
    // leading sequence is the first positional value where the operation takes one.
    let first_is_list = !positional.is_empty() && matches!(rest.peek(), Some((_, LuaValue::Table(t))) if t.raw_len() > 0);
    // Otherwise the first argument a table (or nothing): the parameter table form.
    let table_form = !first_is_list && matches!(rest.peek(), None | Some((_, LuaValue::Table(_))));
    if !table_form {
        if positional.is_empty() {
            let (_, first) = rest.peek().map(|(i, v)| (*i, v.type_name())).unwrap_or((0, "nil"));
            return Err(format!("{lua_name} takes a parameter table, got {first}"));
        }
        for (k, name) in positional.iter().enumerate() {
            match rest.peek() {
                Some((_, LuaValue::Table(_))) if k == 0 && first_is_list => {
                    let (_, value) = rest.next().unwrap_or((0, LuaValue::Nil));
                    params.insert((*name).to_string(), to_json(lua, value, name)?);
                }
                Some((_, LuaValue::Table(_))) | None => break,
                Some((_, LuaValue::Nil)) => {
                    rest.next();
                }
                Some(_) => {
                    let (_, value) = rest.next().unwrap_or((0, LuaValue::Nil));
                    params.insert((*name).to_string(), to_json(lua, value, name)?);
                }
            }
        }
    }
    match rest.next() {
        None => {}
        Some((_, LuaValue::Table(table))) => match (file_content(op, &table), to_json(lua, LuaValue::Table(table), "parameters")?) {
            (content, Value::Object(fields)) => {
                params.extend(fields);
                // sonoran.lua's raw `fileContent` goes out as the bytes it holds, not as text.
                if let Some(content) = content {
                    params.remove("fileContent");
                    params.insert("fileBase64".into(), Value::String(content));
                }
            }
            // An empty Lua table converts to an empty array: no parameters.
            (_, Value::Array(items)) if items.is_empty() => {}
            _ => return Err("parameters must be a table of named fields".into()),
        },
        Some((i, other)) => {
            let expected = if positional.is_empty() { "a parameter table".to_string() } else { format!("{} positional arguments", positional.len()) };
            return Err(format!("{lua_name}: argument {} is a {}, expected {expected}, a table of fields or a callback", i + 1, other.type_name()));
        }
    }
    // sonoran.lua's `setStationsV2({fields}, serverId)`: values after a leading table of
    // fields give the positional arguments that it did not.
    if table_form {
        let missing: Vec<&str> = positional.iter().copied().filter(|n| !params.contains_key(*n)).collect();
        for name in missing {
            if matches!(rest.peek(), None | Some((_, LuaValue::Table(_)))) {
                break;
            }
            let (_, value) = rest.next().unwrap_or((0, LuaValue::Nil));
            params.insert(name.to_string(), to_json(lua, value, name)?);
        }
    }
    if let Some((i, extra)) = rest.next() {
        return Err(format!("{lua_name}: unexpected argument {} ({}); the callback must be a function and come last", i + 1, extra.type_name()));
    }
    Ok((Value::Object(params), callback))
}

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
unsafe fn set_str(state: *mut ffi::lua_State, key: &std::ffi::CStr, s: &str) {
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
unsafe fn set_bool(state: *mut ffi::lua_State, key: &std::ffi::CStr, b: bool) {
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
unsafe fn set_integer(state: *mut ffi::lua_State, key: &std::ffi::CStr, n: i64) {
    // SAFETY: forwarded from the caller.
    unsafe {
        ffi::lua_pushinteger(state, n as _);
        ffi::lua_setfield(state, -2, key.as_ptr());
    }
}

/// [`envelope_table`], falling back to an `internal` error table when the result cannot be
/// converted (the core refuses bodies Lua cannot hold, so this is for the impossible case):
/// an API result never becomes a Lua error, and a callback always gets its table.
fn result_table(lua: &Lua, prepared: &Prepared, array_mt: c_int) -> LuaResult<LuaValue> {
    envelope_table(lua, prepared, array_mt).or_else(|e| {
        let error = sonoran::Error::new(sonoran::ErrorKind::Internal, format!("the result cannot be converted for Lua: {e}"));
        envelope_table(lua, &Prepared::new(Err(error)), array_mt)
    })
}

impl LuaClient {
    /// One API method: blocking without a callback, non-blocking with one.
    fn invoke(&self, lua: &Lua, operation: &str, op: Option<&'static Operation>, lua_name: &str, args: LuaMultiValue) -> LuaResult<Answer> {
        let (params, callback) = match arguments(lua, op, lua_name, args) {
            Ok(parsed) => parsed,
            Err(misuse) => return answer(Err(misuse), lua),
        };
        let value = match callback {
            None => {
                let prepared = Prepared::new(self.client.call(operation, &params));
                self.deliver_logs(lua)?;
                result_table(lua, &prepared, self.array_mt)?
            }
            Some(callback) => {
                let key = lua.create_registry_value(callback)?;
                let id = self.inbox.submit(&self.client, operation, &params);
                self.callbacks.borrow_mut().insert(id, key);
                LuaValue::Integer(id as LuaInteger)
            }
        };
        answer(Ok((value, LuaValue::Nil)), lua)
    }

    fn deliver_logs(&self, lua: &Lua) -> LuaResult<()> {
        self.logger.as_ref().map_or(Ok(()), |logger| logger.deliver(lua))
    }

    /// Runs the callbacks of finished requests; returns how many ran and the errors they raised.
    fn poll(&self, lua: &Lua) -> LuaResult<(usize, LuaValue)> {
        self.deliver_logs(lua)?;
        let mut ran = 0;
        let mut errors = Vec::new();
        for (id, prepared) in self.inbox.drain() {
            // Released before the call: a callback may submit more requests.
            let Some(key) = self.callbacks.borrow_mut().remove(&id) else { continue };
            let callback: LuaFunction = lua.registry_value(&key)?;
            lua.remove_registry_value(key)?;
            ran += 1;
            let table = result_table(lua, &prepared, self.array_mt)?;
            // One failing callback must not lose the others.
            if let Err(e) = callback.call::<()>(table) {
                errors.push(format!("sonoran: callback of request {id} failed: {e}"));
            }
        }
        ran += self.run_event_handlers(lua, &mut errors)?;
        let errors = if errors.is_empty() { LuaValue::Nil } else { LuaValue::Table(lua.create_sequence_from(errors)?) };
        Ok((ran, errors))
    }
}

impl LuaClient {
    /// Hands every waiting event to the `onEvent` handlers of its type, then to those for
    /// every event; returns how many handlers ran. Without handlers, events stay queued for
    /// `pollEvent`. One failing handler does not stop the others.
    fn run_event_handlers(&self, lua: &Lua, errors: &mut Vec<String>) -> LuaResult<usize> {
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
            let table = lua.to_value(&event_value(&event))?;
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

/// A local answer (no HTTP request) as a result table: `{success=true, data=...}` or the
/// error's `{success=false, kind=..., reason=...}`.
fn local_table(lua: &Lua, result: sonoran::Result<Value>, array_mt: c_int) -> LuaResult<LuaValue> {
    match result {
        Ok(data) => {
            let table = lua.create_table()?;
            table.raw_set("success", true)?;
            // Converted directly: no text written to be read again.
            table.raw_set("data", lua.to_value(&data)?)?;
            Ok(LuaValue::Table(table))
        }
        Err(error) => result_table(lua, &Prepared::new(Err(error)), array_mt),
    }
}

impl LuaUserData for LuaClient {
    fn add_methods<M: LuaUserDataMethods<Self>>(methods: &mut M) {
        for (lua_name, operation) in lua_names() {
            let name = lua_name.clone();
            // Resolved once here, not on every call.
            let op = resolve(&operation);
            methods.add_method(lua_name, move |lua, this, args: LuaMultiValue| this.invoke(lua, &operation, op, &name, args));
        }
        methods.add_function("pages", pages);
        methods.add_method("call", |lua, this, mut args: LuaMultiValue| {
            let name = match args.pop_front() {
                Some(LuaValue::String(name)) => name.to_str().map(|n| n.to_string()).unwrap_or_default(),
                other => {
                    let got = other.map_or("nothing", |v| v.type_name());
                    return answer(Err(format!("call: the operation name must be a string, got {got}")), lua);
                }
            };
            this.invoke(lua, &name, resolve(&name), &name, args)
        });
        methods.add_method("poll", |lua, this, ()| {
            let (ran, errors) = this.poll(lua)?;
            Ok((true, LuaValue::Integer(ran as LuaInteger), errors))
        });
        methods.add_method("cancel", |lua, this, id: LuaValue| match id {
            LuaValue::Integer(id) => Ok((true, LuaValue::Boolean(this.client.cancel(id as u64)), LuaValue::Nil)),
            LuaValue::Number(id) if id.fract() == 0.0 && id >= 0.0 => Ok((true, LuaValue::Boolean(this.client.cancel(id as u64)), LuaValue::Nil)),
            other => answer(Err(format!("cancel: the request id must be an integer, got {}", other.type_name())), lua),
        });
        // Push events (`startEvents`, `onEvent`, `pollEvent`, `stopEvents`, `eventStatus`).
        methods.add_method("startEvents", |lua, this, options: LuaValue| {
            let options = match &options {
                LuaValue::Nil | LuaValue::Table(_) => to_json(lua, options, "startEvents options"),
                other => Err(format!("startEvents: the options must be a table, got {}", other.type_name())),
            };
            let options = match options {
                Ok(options) => options,
                Err(misuse) => return answer(Err(misuse), lua),
            };
            let started = EventOptions::from_value(&options).and_then(|o| this.client.start_events(&o)).map(|s| s.to_value());
            answer(Ok((local_table(lua, started, this.array_mt)?, LuaValue::Nil)), lua)
        });
        methods.add_method("stopEvents", |lua, this, ()| {
            let status = this.client.stop_events().to_value();
            answer(Ok((local_table(lua, Ok(status), this.array_mt)?, LuaValue::Nil)), lua)
        });
        methods.add_method("eventStatus", |lua, this, ()| {
            let status = this.client.events_status().to_value();
            answer(Ok((local_table(lua, Ok(status), this.array_mt)?, LuaValue::Nil)), lua)
        });
        methods.add_method("onEvent", |lua, this, args: LuaMultiValue| {
            let done = this.on_event(lua, args).map(|()| (LuaValue::Nil, LuaValue::Nil));
            answer(done, lua)
        });
        methods.add_method("pollEvent", |lua, this, ()| {
            let event = match this.client.poll_event() {
                Some(event) => lua.to_value(&event_value(&event))?,
                None => LuaValue::Nil,
            };
            Ok((true, event, LuaValue::Nil))
        });
        // Unit locations: `pushUnitLocation{...}` answers true, or false and why (a bad field).
        methods.add_method("pushUnitLocation", |lua, this, location: LuaValue| {
            let location = match &location {
                LuaValue::Table(_) => to_json(lua, location, "pushUnitLocation's location"),
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
        });
        methods.add_method("locationStats", |lua, this, ()| {
            let stats = this.client.location_stats().to_value();
            Ok((true, lua.to_value(&stats)?, LuaValue::Nil))
        });
        // `client:budget("get_units_v2")` (or a Lua method name, `"getUnitsV2"`): the route's
        // budget `{limit, periodMs, remaining, resetInMs, queued}`, nil when pacing is off for
        // it. A name that is not a string is misuse (a Lua error); an unknown operation answers
        // nil and why, as `pushUnitLocation` answers false and why for a bad field.
        methods.add_method("budget", |lua, this, name: LuaValue| {
            let name = match &name {
                LuaValue::String(s) => s.to_string_lossy(),
                other => return answer(Err(format!("budget: the operation name must be a string, got {}", other.type_name())), lua),
            };
            // An operation name as is; a Lua method name (rarer) looked up only then.
            let budget = this.client.budget(&name).or_else(|e| match lua_names().into_iter().find(|(lua_name, _)| *lua_name == name) {
                Some((_, operation)) => this.client.budget(&operation),
                None => Err(e),
            });
            match budget {
                Ok(Some(budget)) => Ok((true, lua.to_value(&budget)?, LuaValue::Nil)),
                Ok(None) => Ok((true, LuaValue::Nil, LuaValue::Nil)),
                Err(e) => Ok((true, LuaValue::Nil, LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
            }
        });
        // Requests whose callback has not run yet (in flight, or done and waiting for poll).
        methods.add_method("pending", |_, this, ()| Ok((true, LuaValue::Integer(this.callbacks.borrow().len() as LuaInteger), LuaValue::Nil)));
    }
}

/// `for page in client:pages("getAccounts", params) do ... end`: each page's envelope in
/// turn, fetched (blocking) as the loop advances, from `params.offset`; a failed page is
/// the last one. The name is a Lua method name or an operation name of a paged operation.
fn pages(lua: &Lua, (client, name, params): (LuaAnyUserData, LuaValue, LuaValue)) -> LuaResult<Answer> {
    let name = match name {
        LuaValue::String(s) => s.to_str().map(|s| s.to_string()).unwrap_or_default(),
        other => return answer(Err(format!("pages: the operation name must be a string, got {}", other.type_name())), lua),
    };
    let operation = lua_names().into_iter().find(|(lua_name, op)| *lua_name == name || *op == name).map(|(_, op)| op);
    let Some(op) = operation.as_deref().and_then(operations::find).filter(|op| op.paging.is_some()) else {
        return answer(Err(format!("pages: `{name}` is not a paged operation")), lua);
    };
    let params = match arguments(lua, Some(op), &name, LuaMultiValue::from_iter([params])) {
        Ok((params, _)) => params,
        Err(misuse) => return answer(Err(misuse), lua),
    };
    let Some(mut cursor) = PageCursor::new(op, &params) else {
        return answer(Err(format!("pages: `{name}` is not a paged operation")), lua);
    };
    let next = lua.create_function_mut(move |lua, ()| {
        if cursor.done() {
            return Ok(LuaValue::Nil);
        }
        let this = client.borrow::<LuaClient>()?;
        let result = this.client.call(op.name, cursor.params());
        this.deliver_logs(lua)?;
        // A failed page, or one without items, is the last.
        match &result {
            Ok(response) => {
                let _ = cursor.advance(&mut response.body.to_value());
            }
            Err(_) => cursor.stop(),
        }
        result_table(lua, &Prepared::new(result), this.array_mt)
    })?;
    answer(Ok((LuaValue::Function(next), LuaValue::Nil)), lua)
}

/// `Sonoran.createClient{communityId=..., apiKey=..., apiUrl=..., defaultServerId=..., timeoutMs=...,
/// logger=function(level, message) end, ...}`.
fn create_client(lua: &Lua, config: LuaValue) -> LuaResult<(bool, LuaValue)> {
    match new_client(lua, config) {
        Ok(client) => Ok((true, LuaValue::UserData(lua.create_userdata(client)?))),
        Err(misuse) => Ok((false, LuaValue::String(lua.create_string(format!("sonoran.createClient: {misuse}"))?))),
    }
}

fn new_client(lua: &Lua, config: LuaValue) -> Result<LuaClient, Misuse> {
    let LuaValue::Table(table) = config else {
        return Err(format!("expected a config table, got {}", config.type_name()));
    };
    let lua_error = |e: LuaError| e.to_string();
    // The logger is a function, not JSON: take it out before the rest becomes the config.
    let logger = match table.get::<LuaValue>("logger").map_err(lua_error)? {
        LuaValue::Nil => None,
        LuaValue::Function(f) => Some(f),
        other => return Err(format!("logger must be a function, got {}", other.type_name())),
    };
    let copy = lua.create_table().map_err(lua_error)?;
    for pair in table.pairs::<LuaValue, LuaValue>() {
        let (key, value) = pair.map_err(lua_error)?;
        let is_logger = matches!(&key, LuaValue::String(k) if k.to_str().is_ok_and(|k| &*k == "logger"));
        if !is_logger {
            copy.raw_set(key, value).map_err(lua_error)?;
        }
    }
    let mut json = to_json(lua, LuaValue::Table(copy), "the config")?;
    // sonoran.lua takes `product`; only CAD is this library's.
    if let Some(product) = json.as_object_mut().and_then(|c| c.remove("product")) {
        if product.as_f64() != Some(0.0) {
            return Err("only Sonoran.productEnums.CAD is supported".into());
        }
    }
    let mut config = Config::from_value(&json).map_err(|e| e.message)?;
    let logger = match logger {
        Some(function) => {
            let queue: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
            let sink_queue = queue.clone();
            let sink: LogSink = Arc::new(move |record: &LogRecord| {
                let level = record.level.as_str().to_ascii_lowercase();
                sink_queue.lock().unwrap_or_else(|e| e.into_inner()).push((level, record.to_string()));
            });
            config.log_sink = Some(sink);
            Some(Logger { function: lua.create_registry_value(function).map_err(lua_error)?, queue })
        }
        // Without a logger, warnings and errors go to standard error, as in C.
        None => {
            config.log_sink = Some(Arc::new(|record: &LogRecord| eprintln!("{record}")));
            None
        }
    };
    let client = Client::new(config).map_err(|e| e.message)?;
    let array_mt = tape::array_metatable_ref(lua).map_err(lua_error)?;
    Ok(LuaClient { client, inbox: Inbox::converting(Prepared::new), array_mt, callbacks: RefCell::default(), logger, handlers: RefCell::default() })
}

fn enum_table(lua: &Lua, names: &[(&str, i64)]) -> LuaResult<LuaTable> {
    lua.create_table_from(names.iter().copied())
}

/// The Lua side of the module: client objects (a table holding the userdata, with `cad` the
/// object itself, as in sonoran.lua) whose methods raise one-line errors at the caller.
const PRELUDE: &str = r#"
local module, raw_create, method_names = ...
local methods = {}
local function misuse(message) error(message, 3) end
for _, name in ipairs(method_names) do
  methods[name] = function(self, ...)
    local handle = type(self) == "table" and rawget(self, "_handle")
    if not handle then misuse("sonoran: call methods with a colon: client." .. name .. "(...) is client:" .. name .. "(...)") end
    local ok, a, b = handle[name](handle, ...)
    if not ok then misuse(a) end
    return a, b
  end
end
local Client = { __index = methods, __name = "sonoran.Client" }
module.createClient = function(config)
  local ok, handle = raw_create(config)
  if not ok then error(handle, 2) end
  local client = setmetatable({ _handle = handle }, Client)
  client.cad = client
  return client
end
return module
"#;

/// The module table `require("sonoran")` returns.
#[mlua::lua_module(name = "sonoran")]
fn open(lua: &Lua) -> LuaResult<LuaTable> {
    let module = lua.create_table()?;
    module.set("version", sonoran::VERSION)?;
    module.set("null", lua.null())?;
    module.set("UNIT_STATUS", enum_table(lua, UnitStatus::NAMES)?)?;
    module.set("UNIT_PAGE", enum_table(lua, UnitPage::NAMES)?)?;
    module.set("ACCOUNT_STATUS", enum_table(lua, AccountStatus::NAMES)?)?;
    module.set("IDENTIFIER_ACTION", enum_table(lua, IdentifierAction::NAMES)?)?;
    module.set("productEnums", enum_table(lua, &[("CAD", 0)])?)?;
    let mut names: Vec<String> = lua_names().into_iter().map(|(lua_name, _)| lua_name).collect();
    names.extend(["pages", "call", "poll", "cancel", "pending", "startEvents", "stopEvents", "eventStatus", "onEvent", "pollEvent", "pushUnitLocation", "locationStats", "budget"].map(String::from));
    lua.load(PRELUDE).set_name("=sonoran").call((module, lua.create_function(create_client)?, names))
}
