//! `require("sonoran")`: the Lua face of the sonoran client.
//!
//! Names and shapes follow sonoran.lua, so scripts port by changing one line:
//! `Sonoran.createClient{...}`, `client.cad:getAccountUnitsV2(params [, callback])`,
//! `client:poll()` once a tick. Parameters are tables with the API's camelCase keys;
//! results are the core's envelope as a table. Every method is generated from the core's
//! operation table: nothing here is written per operation.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mlua::prelude::*;
use serde_json::Value;
use sonoran::logging::{LogRecord, LogSink};
use sonoran::models::{AccountStatus, IdentifierAction, UnitPage, UnitStatus};
use sonoran::operations::{self, call_names, PageCursor};
use sonoran::{Client, Config, Inbox};

/// Lua names that are not simply the camelCase of the operation name, kept for
/// compatibility with sonoran.lua / Sonoran.js: (Lua name, operation).
const ALIASES: &[(&str, &str)] = &[("getAccountUnitsV2", "get_account_units"), ("setIdentifiersToGroup", "idents_to_group")];

/// Every Lua method name and the operation it calls: the camelCase of each name
/// `Client::call` accepts (`get_all_accounts` → `getAllAccounts`), and the aliases.
fn lua_names() -> Vec<(String, String)> {
    call_names()
        .map(|name| (camel_case(&name), name))
        .chain(ALIASES.iter().map(|(lua, op)| (lua.to_string(), op.to_string())))
        .collect()
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

/// A client as Lua sees it: the core client, the inbox its non-blocking results wait in,
/// the callbacks waiting for them, and the script's logger.
struct LuaClient {
    client: Client,
    inbox: Arc<Inbox>,
    callbacks: RefCell<HashMap<u64, LuaRegistryKey>>,
    logger: Option<Logger>,
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

/// Converts a parameter table to the JSON the core takes. `nil` means no parameters.
fn params_json(lua: &Lua, params: LuaValue) -> LuaResult<Value> {
    match params {
        LuaValue::Nil => Ok(Value::Null),
        LuaValue::Table(_) => lua.from_value(params),
        other => Err(LuaError::runtime(format!("sonoran: parameters must be a table, got {}", other.type_name()))),
    }
}

/// The result envelope as a Lua table. Top-level nulls (`status` of an error that never
/// reached the server) become nil; nulls inside `data` become `Sonoran.null`.
fn envelope_table(lua: &Lua, result: &sonoran::Result<sonoran::Response>) -> LuaResult<LuaValue> {
    let mut envelope: Value = serde_json::from_str(&sonoran::faces::envelope(result)).map_err(LuaError::external)?;
    if let Some(fields) = envelope.as_object_mut() {
        fields.retain(|_, v| !v.is_null());
    }
    lua.to_value(&envelope)
}

/// [`envelope_table`], falling back to an `internal` error table when the result cannot be
/// converted (the core refuses bodies Lua cannot hold, so this is for the impossible case):
/// an API result never becomes a Lua error, and a callback always gets its table.
fn result_table(lua: &Lua, result: &sonoran::Result<sonoran::Response>) -> LuaResult<LuaValue> {
    envelope_table(lua, result).or_else(|e| {
        let error = sonoran::Error::new(sonoran::ErrorKind::Internal, format!("the result cannot be converted for Lua: {e}"));
        envelope_table(lua, &Err(error))
    })
}

impl LuaClient {
    /// One API method: blocking without a callback, non-blocking with one.
    fn invoke(&self, lua: &Lua, operation: &str, params: LuaValue, callback: LuaValue) -> LuaResult<LuaValue> {
        let params = params_json(lua, params)?;
        match callback {
            LuaValue::Nil => {
                let result = self.client.call(operation, &params);
                self.deliver_logs(lua)?;
                result_table(lua, &result)
            }
            LuaValue::Function(callback) => {
                let key = lua.create_registry_value(callback)?;
                let id = self.inbox.submit(&self.client, operation, &params);
                self.callbacks.borrow_mut().insert(id, key);
                Ok(LuaValue::Integer(id as LuaInteger))
            }
            other => Err(LuaError::runtime(format!("sonoran: callback must be a function, got {}", other.type_name()))),
        }
    }

    fn deliver_logs(&self, lua: &Lua) -> LuaResult<()> {
        self.logger.as_ref().map_or(Ok(()), |logger| logger.deliver(lua))
    }

    /// Runs the callbacks of finished requests; returns how many ran and the errors they raised.
    fn poll(&self, lua: &Lua) -> LuaResult<(usize, LuaValue)> {
        self.deliver_logs(lua)?;
        let mut ran = 0;
        let mut errors = Vec::new();
        for (id, result) in self.inbox.drain() {
            // Released before the call: a callback may submit more requests.
            let Some(key) = self.callbacks.borrow_mut().remove(&id) else { continue };
            let callback: LuaFunction = lua.registry_value(&key)?;
            lua.remove_registry_value(key)?;
            ran += 1;
            let table = result_table(lua, &result)?;
            // One failing callback must not lose the others.
            if let Err(e) = callback.call::<()>(table) {
                errors.push(format!("sonoran: callback of request {id} failed: {e}"));
            }
        }
        let errors = if errors.is_empty() { LuaValue::Nil } else { LuaValue::Table(lua.create_sequence_from(errors)?) };
        Ok((ran, errors))
    }
}

impl LuaUserData for LuaClient {
    fn add_fields<F: LuaUserDataFields<Self>>(fields: &mut F) {
        // `client.cad:getAccount(...)` as in sonoran.lua: `cad` is the client itself.
        fields.add_field_function_get("cad", |_, this| Ok(this));
    }

    fn add_methods<M: LuaUserDataMethods<Self>>(methods: &mut M) {
        for (lua_name, operation) in lua_names() {
            methods.add_method(lua_name, move |lua, this, (params, callback): (LuaValue, LuaValue)| {
                this.invoke(lua, &operation, params, callback)
            });
        }
        methods.add_function("pages", pages);
        methods.add_method("call", |lua, this, (operation, params, callback): (String, LuaValue, LuaValue)| {
            this.invoke(lua, &operation, params, callback)
        });
        methods.add_method("poll", |lua, this, ()| this.poll(lua));
        methods.add_method("cancel", |_, this, id: u64| Ok(this.client.cancel(id)));
        methods.add_method("pending", |_, this, ()| Ok(this.callbacks.borrow().len()));
    }
}

/// `for page in client:pages("getAccounts", params) do ... end`: each page's envelope in
/// turn, fetched (blocking) as the loop advances, from `params.offset`; a failed page is
/// the last one. The name is a Lua method name or an operation name of a paged operation.
fn pages(lua: &Lua, (client, name, params): (LuaAnyUserData, String, LuaValue)) -> LuaResult<LuaFunction> {
    let operation = lua_names().into_iter().find(|(lua_name, op)| *lua_name == name || *op == name).map(|(_, op)| op);
    let params = params_json(lua, params)?;
    let Some((op, mut cursor)) =
        operation.as_deref().and_then(operations::find).and_then(|op| Some((op, PageCursor::new(op, &params)?)))
    else {
        return Err(LuaError::runtime(format!("sonoran: pages: `{name}` is not a paged operation")));
    };
    lua.create_function_mut(move |lua, ()| {
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
        result_table(lua, &result)
    })
}

/// `Sonoran.createClient{communityId=..., apiKey=..., apiUrl=..., defaultServerId=..., timeoutMs=...,
/// logger=function(level, message) end, ...}`.
fn create_client(lua: &Lua, config: LuaValue) -> LuaResult<LuaClient> {
    let LuaValue::Table(table) = config else {
        return Err(LuaError::runtime(format!("sonoran.createClient: expected a config table, got {}", config.type_name())));
    };
    // The logger is a function, not JSON: take it out before the rest becomes the config.
    let table = table.clone();
    let logger = match table.get::<LuaValue>("logger")? {
        LuaValue::Nil => None,
        LuaValue::Function(f) => Some(f),
        other => return Err(LuaError::runtime(format!("sonoran.createClient: logger must be a function, got {}", other.type_name()))),
    };
    let copy = lua.create_table()?;
    for pair in table.pairs::<LuaValue, LuaValue>() {
        let (key, value) = pair?;
        let is_logger = matches!(&key, LuaValue::String(k) if k.to_str().is_ok_and(|k| &*k == "logger"));
        if !is_logger {
            copy.raw_set(key, value)?;
        }
    }
    let mut json: Value = lua.from_value(LuaValue::Table(copy))?;
    // sonoran.lua takes `product`; only CAD is this library's.
    if let Some(product) = json.as_object_mut().and_then(|c| c.remove("product")) {
        if product.as_f64() != Some(0.0) {
            return Err(LuaError::runtime("sonoran.createClient: only Sonoran.productEnums.CAD is supported"));
        }
    }
    let mut config = Config::from_value(&json).map_err(|e| LuaError::runtime(format!("sonoran.createClient: {}", e.message)))?;
    let logger = match logger {
        Some(function) => {
            let queue: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
            let sink_queue = queue.clone();
            let sink: LogSink = Arc::new(move |record: &LogRecord| {
                let level = record.level.as_str().to_ascii_lowercase();
                sink_queue.lock().unwrap_or_else(|e| e.into_inner()).push((level, record.to_string()));
            });
            config.log_sink = Some(sink);
            Some(Logger { function: lua.create_registry_value(function)?, queue })
        }
        // Without a logger, warnings and errors go to standard error, as in C.
        None => {
            config.log_sink = Some(Arc::new(|record: &LogRecord| eprintln!("{record}")));
            None
        }
    };
    let client = Client::new(config).map_err(|e| LuaError::runtime(format!("sonoran.createClient: {}", e.message)))?;
    Ok(LuaClient { client, inbox: Inbox::new(), callbacks: RefCell::default(), logger })
}

fn enum_table(lua: &Lua, names: &[(&str, i64)]) -> LuaResult<LuaTable> {
    lua.create_table_from(names.iter().copied())
}

/// The module table `require("sonoran")` returns.
#[mlua::lua_module(name = "sonoran")]
fn open(lua: &Lua) -> LuaResult<LuaTable> {
    let module = lua.create_table()?;
    module.set("createClient", lua.create_function(create_client)?)?;
    module.set("version", sonoran::VERSION)?;
    module.set("null", lua.null())?;
    module.set("UNIT_STATUS", enum_table(lua, UnitStatus::NAMES)?)?;
    module.set("UNIT_PAGE", enum_table(lua, UnitPage::NAMES)?)?;
    module.set("ACCOUNT_STATUS", enum_table(lua, AccountStatus::NAMES)?)?;
    module.set("IDENTIFIER_ACTION", enum_table(lua, IdentifierAction::NAMES)?)?;
    module.set("productEnums", enum_table(lua, &[("CAD", 0)])?)?;
    Ok(module)
}
