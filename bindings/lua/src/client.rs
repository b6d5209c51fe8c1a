//! A client as Lua holds it: its state, its creation from a config table, and the methods
//! that run API calls (blocking, or with a callback collected by `poll`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_int;
use std::sync::{Arc, Mutex};

use mlua::prelude::*;
use sonoran::faces::Inbox;
use sonoran::logging::{LogRecord, LogSink};
use sonoran::operations::Operation;
use sonoran::{Client, Config};

use crate::args::{arguments, first, to_json};
use crate::methods;
use crate::prelude::{answer, Answer, Misuse};
use crate::results::result_table;
use crate::tape::{self, Prepared};

/// A client as Lua sees it: the core client, the inbox its non-blocking results wait in,
/// the callbacks waiting for them, and the script's logger.
pub struct LuaClient {
    /// The core client.
    pub client: Client,
    /// Results wait here already read into tapes (on the I/O thread).
    inbox: Arc<Inbox<Prepared>>,
    /// The registry reference of mlua's array metatable in this Lua state.
    pub array_mt: c_int,
    /// The callback of each non-blocking request whose result `poll` has not delivered yet.
    callbacks: RefCell<HashMap<u64, LuaRegistryKey>>,
    /// The script's `logger`, if it gave one.
    logger: Option<Logger>,
    /// `onEvent` handlers: by event type, and for every event (key `None`).
    pub handlers: RefCell<Vec<(Option<String>, LuaRegistryKey)>>,
    /// The panels opened with `client:panel`, whose `onAction` handlers `poll` runs.
    pub panels: std::rc::Rc<crate::panels::Panels>,
    /// The mirror's lists as tapes, each kept until its list changes.
    pub mirror_tapes: crate::mirror::Tapes,
}

/// A script's `logger` function, and the records waiting for it: records arrive on the I/O
/// thread, but Lua may only be called on the script's thread, so they wait for `poll` (or
/// the end of a blocking call).
struct Logger {
    /// The function, kept in the Lua registry.
    function: LuaRegistryKey,
    /// `(level, message)` records not delivered yet.
    queue: Arc<Mutex<Vec<(String, String)>>>,
}

impl Logger {
    /// Calls the logger with each waiting record.
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

impl LuaClient {
    /// One API method: blocking without a callback, non-blocking with one.
    pub fn invoke(
        &self,
        lua: &Lua,
        operation: &str,
        op: Option<&'static Operation>,
        lua_name: &str,
        args: LuaMultiValue,
    ) -> LuaResult<Answer> {
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

    /// Hands the waiting log records to the script's logger, if it has one.
    pub fn deliver_logs(&self, lua: &Lua) -> LuaResult<()> {
        self.logger.as_ref().map_or(Ok(()), |logger| logger.deliver(lua))
    }

    /// Runs the callbacks of finished requests; returns how many ran and the errors they raised.
    fn poll(&self, lua: &Lua) -> LuaResult<(usize, LuaValue)> {
        self.deliver_logs(lua)?;
        let mut ran = 0;
        let mut errors = Vec::new();
        for (id, prepared) in self.inbox.drain() {
            // Released before the call: a callback may submit more requests.
            let Some(key) = self.callbacks.borrow_mut().remove(&id) else {
                continue;
            };
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
        ran += self.panels.run(lua, &mut errors)?;
        let errors = if errors.is_empty() { LuaValue::Nil } else { LuaValue::Table(lua.create_sequence_from(errors)?) };
        Ok((ran, errors))
    }
}

/// `client:poll()`: runs the callbacks of finished requests, the `onEvent` handlers and the
/// panels' `onAction` handlers;
/// answers how many ran, and the errors they raised (nil when none did).
pub fn poll(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let (ran, errors) = this.poll(lua)?;
    Ok((true, LuaValue::Integer(ran as LuaInteger), errors))
}

/// `client:cancel(id)`: whether the request was still waiting and is now cancelled.
pub fn cancel(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    match first(args) {
        LuaValue::Integer(id) => Ok((true, LuaValue::Boolean(this.client.cancel(id as u64)), LuaValue::Nil)),
        // A whole float is an id too (LuaJIT and Lua 5.1 have nothing else).
        LuaValue::Number(id) if id.fract() == 0.0 && id >= 0.0 => {
            Ok((true, LuaValue::Boolean(this.client.cancel(id as u64)), LuaValue::Nil))
        }
        other => answer(Err(format!("cancel: the request id must be an integer, got {}", other.type_name())), lua),
    }
}

/// `client:pending()`: requests whose callback has not run yet (in flight, or done and
/// waiting for poll).
pub fn pending(_: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    Ok((true, LuaValue::Integer(this.callbacks.borrow().len() as LuaInteger), LuaValue::Nil))
}

/// `client:budget("get_units_v2")` (or a Lua method name, `"getUnitsV2"`): the route's
/// budget `{limit, periodMs, remaining, resetInMs, queued}`, nil when pacing is off for it.
/// A name that is not a string is misuse (a Lua error); an unknown operation answers nil
/// and why, as `pushUnitLocation` answers false and why for a bad field.
pub fn budget(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let name = match first(args) {
        LuaValue::String(s) => s.to_string_lossy(),
        other => return answer(Err(format!("budget: the operation name must be a string, got {}", other.type_name())), lua),
    };
    // An operation name as is; a Lua method name (rarer) looked up only then.
    let budget = this.client.budget(&name).or_else(|e| match methods::operation_for(&name) {
        Some(operation) => this.client.budget(operation),
        None => Err(e),
    });
    match budget {
        Ok(Some(budget)) => Ok((true, lua.to_value(&budget)?, LuaValue::Nil)),
        Ok(None) => Ok((true, LuaValue::Nil, LuaValue::Nil)),
        Err(e) => Ok((true, LuaValue::Nil, LuaValue::String(lua.create_string(format!("sonoran: {}", e.message))?))),
    }
}

/// `Sonoran.createClient{communityId=..., apiKey=..., apiUrl=..., defaultServerId=..., timeoutMs=...,
/// logger=function(level, message) end, ...}`, as the prelude calls it: `(true, handle)` or
/// `(false, message)`.
pub fn create_client(lua: &Lua, config: LuaValue) -> LuaResult<(bool, LuaValue)> {
    match new_client(lua, config) {
        Ok(client) => {
            let handle = lua.create_userdata(client)?;
            remember(lua, &handle)?;
            Ok((true, LuaValue::UserData(handle)))
        }
        Err(misuse) => Ok((false, LuaValue::String(lua.create_string(format!("sonoran.createClient: {misuse}"))?))),
    }
}

/// The registry's table of this state's client handles (weak keys: it keeps none alive).
const CLIENTS: &str = "sonoran.clients";

/// Adds a new handle to the state's table of clients, for [`close_all`].
fn remember(lua: &Lua, handle: &LuaAnyUserData) -> LuaResult<()> {
    let clients = match lua.named_registry_value::<Option<LuaTable>>(CLIENTS)? {
        Some(clients) => clients,
        None => {
            let clients = lua.create_table()?;
            clients.set_metatable(Some(lua.create_table_from([("__mode", "k")])?))?;
            lua.set_named_registry_value(CLIENTS, &clients)?;
            clients
        }
    };
    clients.raw_set(handle, true)
}

/// Drops every client of the state still alive (see `crate::close_clients`).
pub fn close_all(lua: &Lua) -> LuaResult<usize> {
    let Some(clients) = lua.named_registry_value::<Option<LuaTable>>(CLIENTS)? else {
        return Ok(0);
    };
    // Collected first: destroying while `pairs` walks the table would change it under the walk.
    let handles: Vec<LuaAnyUserData> =
        clients.pairs::<LuaAnyUserData, LuaValue>().map(|pair| pair.map(|(k, _)| k)).collect::<LuaResult<_>>()?;
    let mut closed = 0;
    for handle in handles {
        clients.raw_set(&handle, LuaValue::Nil)?;
        // Already gone (destroyed, or collected but not yet swept): nothing to free.
        if handle.destroy().is_ok() {
            closed += 1;
        }
    }
    Ok(closed)
}

/// The client a config table describes, or the misuse that stops it.
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
    Ok(LuaClient {
        client,
        inbox: Inbox::converting(Prepared::new),
        array_mt,
        callbacks: RefCell::default(),
        logger,
        handlers: RefCell::default(),
        panels: Default::default(),
        mirror_tapes: Default::default(),
    })
}
