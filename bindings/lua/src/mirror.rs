//! The live mirror in Lua: a server's units and calls kept current by push events, read
//! without a request as often as every tick.
//!
//! ```lua
//! client:startMirror()                       -- or client:startEvents{ mirror = true }
//! local units, version = client:units()      -- every unit, as get_units_v2 lists them
//! local changed, now = client:units(version) -- nil, version while nothing changed
//! local unit = client:unit(42)               -- by identId, or by account ("communityUserId")
//! local calls = client:calls()               -- open dispatch calls; client:emergencyCalls()
//! local call = client:call(1001)             -- one call by its id
//! client:onEvent("MIRROR_GAP", function(e) print(e.data.reason) end)
//! ```
//!
//! A list is made into Lua tables from a tape kept per change, so a read while nothing
//! changed costs only the replay, and every read gets its own tables to keep or change.

use std::cell::RefCell;
use std::rc::Rc;

use mlua::prelude::*;
use sonoran::mirror::{ListText, MirrorOptions};

use crate::args::{first, to_json};
use crate::client::LuaClient;
use crate::prelude::{answer, Answer};
use crate::results::{local_table, local_value};
use crate::tape::Tape;

/// A list's tape and the version it was read at.
type Kept = Option<(u64, Rc<Tape>)>;

/// The tape of each list (units, dispatch calls, 911 calls).
#[derive(Default)]
pub struct Tapes(RefCell<[Kept; 3]>);

/// `client:startMirror([options])`: starts the mirror (and push events, when none run);
/// answers its status as a result table, or why it could not start (a bad option, named).
/// Options: `{serverId, resyncMs, minResyncMs, readTimeoutMs}`.
pub fn start_mirror(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let options = match first(args) {
        options @ (LuaValue::Nil | LuaValue::Table(_)) => to_json(lua, options, "startMirror options"),
        other => Err(format!("startMirror: the options must be a table, got {}", other.type_name())),
    };
    let options = match options {
        Ok(options) => options,
        Err(misuse) => return answer(Err(misuse), lua),
    };
    // No options (nil) are the defaults, as `{}` is.
    let options = if options.is_null() { serde_json::Value::Bool(true) } else { options };
    let started =
        MirrorOptions::from_value(&options).map(Option::unwrap_or_default).and_then(|o| this.client.start_mirror(&o)).map(|s| s.to_value());
    answer(Ok((local_table(lua, started, this.array_mt)?, LuaValue::Nil)), lua)
}

/// `client:stopMirror()`: stops it; what it holds stays readable. Answers its status as a
/// result table.
pub fn stop_mirror(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    this.client.stop_mirror();
    let status = this.client.mirror().status().to_value();
    answer(Ok((local_table(lua, Ok(status), this.array_mt)?, LuaValue::Nil)), lua)
}

/// `client:mirrorStatus()`: what the mirror has done, as a plain table (`complete`,
/// `version`, `units`, `resyncs`, `lastResyncReasons`, `gaps`, ...).
pub fn mirror_status(lua: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    let status = this.client.mirror().status().to_value();
    Ok((true, local_value(lua, &status)?, LuaValue::Nil))
}

/// `client:mirrorVersion()`: the mirror's version (0 before its first read; higher after
/// every change).
pub fn mirror_version(_: &Lua, this: &LuaClient, _: LuaMultiValue) -> LuaResult<Answer> {
    Ok((true, LuaValue::Integer(this.client.mirror().version() as LuaInteger), LuaValue::Nil))
}

/// `client:units([since])`: every unit and the version; `nil, version` when they did not
/// change after version `since`.
pub fn units(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    list(lua, this, args, "units", 0, |m| m.units_text())
}

/// `client:calls([since])`: the open dispatch calls and the version; `nil, version` when no
/// call changed after `since`.
pub fn calls(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    list(lua, this, args, "calls", 1, |m| m.calls_text())
}

/// `client:emergencyCalls([since])`: the 911 calls and the version, as `calls`.
pub fn emergency_calls(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    list(lua, this, args, "emergencyCalls", 2, |m| m.emergency_calls_text())
}

/// A list of the mirror, from the tape of its version (read once per change).
fn list(
    lua: &Lua,
    this: &LuaClient,
    args: LuaMultiValue,
    method: &str,
    slot: usize,
    text: fn(&sonoran::mirror::Mirror) -> ListText,
) -> LuaResult<Answer> {
    let since = match first(args) {
        LuaValue::Nil => None,
        LuaValue::Integer(n) if n >= 0 => Some(n as u64),
        LuaValue::Number(n) if n.fract() == 0.0 && n >= 0.0 => Some(n as u64),
        other => return answer(Err(format!("{method}: the version must be a whole number, got {}", other.type_name())), lua),
    };
    let list = text(&this.client.mirror());
    let version = LuaValue::Integer(list.version as LuaInteger);
    if since.is_some_and(|since| list.changed <= since && since <= list.version) {
        return Ok((true, LuaValue::Nil, version));
    }
    let cached = this.mirror_tapes.0.borrow()[slot].as_ref().filter(|(at, _)| *at == list.changed).map(|(_, tape)| tape.clone());
    let tape = match cached {
        Some(tape) => tape,
        None => {
            let tape = Rc::new(Tape::read(&list.text).map_err(LuaError::external)?);
            this.mirror_tapes.0.borrow_mut()[slot] = Some((list.changed, tape.clone()));
            tape
        }
    };
    Ok((true, crate::results::tape_value(lua, &tape, this.array_mt)?, version))
}

/// `client:unit(who)`: the unit whose `identId` is `who`, or whose account is `who`
/// (`communityUserId`, an API id, the account UUID); nil when the mirror has none.
pub fn unit(lua: &Lua, this: &LuaClient, args: LuaMultiValue) -> LuaResult<Answer> {
    let who = match first(args) {
        LuaValue::String(s) => s.to_string_lossy(),
        LuaValue::Integer(n) => n.to_string(),
        LuaValue::Number(n) if n.fract() == 0.0 => (n as i64).to_string(),
        other => return answer(Err(format!("unit: expected an identId or an account id, got {}", other.type_name())), lua),
    };
    match this.client.mirror().unit_value(&who) {
        Some(unit) => Ok((true, local_value(lua, &unit)?, LuaValue::Nil)),
        None => Ok((true, LuaValue::Nil, LuaValue::Nil)),
    }
}

/// The call id `client:call(...)` was given, when its first argument is one (a number, or
/// a string of digits: no operation's name is), rather than an operation's name.
pub fn call_id(args: &LuaMultiValue) -> Option<i64> {
    match args.front()? {
        LuaValue::Integer(n) => Some(*n),
        LuaValue::Number(n) if n.fract() == 0.0 => Some(*n as i64),
        LuaValue::String(s) => s.to_str().ok()?.parse().ok(),
        _ => None,
    }
}

/// `client:call(callId)`: the open dispatch call of that id, else the 911 call; nil when
/// the mirror has neither.
pub fn call(lua: &Lua, this: &LuaClient, call_id: i64) -> LuaResult<Answer> {
    match this.client.mirror().call_value(call_id) {
        Some(call) => Ok((true, local_value(lua, &call)?, LuaValue::Nil)),
        None => Ok((true, LuaValue::Nil, LuaValue::Nil)),
    }
}
