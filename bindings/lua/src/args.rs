//! Arguments from Lua: values as JSON, and the forms sonoran.lua calls its methods with
//! (a parameter table, or positional values named by the operation).

use mlua::prelude::*;
use serde_json::{Map, Value};
use sonoran::operations::{Kind, Operation};

use crate::prelude::Misuse;
use crate::tape;

/// sonoran.lua's form of one operation: its method name and its positional arguments.
pub struct SdkForm {
    /// The method (`getAccountUnitsV2`).
    pub method: &'static str,
    /// The parameters its leading positional values stand for (`getIdentifiersV2('uuid')`).
    pub args: &'static [&'static str],
}

/// The SDK form of `op`. The one place that reads the core's fields for it, so a rename of
/// those fields touches this function only.
pub fn sdk_form(op: &Operation) -> SdkForm {
    SdkForm { method: op.sdk_method, args: op.sdk_args }
}

/// A value from Lua as JSON, or a misuse naming `what`. Tables are read with Lua's C API
/// (`tape::table_to_json`): the parameters of every call cross here.
pub fn to_json(lua: &Lua, value: LuaValue, what: &str) -> Result<Value, Misuse> {
    match value {
        LuaValue::Nil => Ok(Value::Null),
        LuaValue::Boolean(b) => Ok(Value::Bool(b)),
        LuaValue::Integer(i) => Ok(Value::from(i)),
        LuaValue::Number(n) => tape::number_to_json(n, what),
        LuaValue::String(s) => Ok(Value::String(s.to_string_lossy())),
        LuaValue::Table(table) => {
            // The top-level tables name their fields bare (`limit`, not `parameters.limit`).
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
/// with the leading values named by the operation's SDK arguments (a `nil` among them is
/// skipped, so its default applies) and an optional table of the remaining fields.
pub fn arguments(lua: &Lua, op: Option<&Operation>, lua_name: &str, args: LuaMultiValue) -> Result<(Value, Option<LuaFunction>), Misuse> {
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
    let positional = op.map_or(&[][..], |op| sdk_form(op).args);
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
                Some((_, LuaValue::Table(table))) if (k == 0 && first_is_list) || (k > 0 && takes_table(op, name, table)) => {
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
            let expected =
                if positional.is_empty() { "a parameter table".to_string() } else { format!("{} positional arguments", positional.len()) };
            return Err(format!(
                "{lua_name}: argument {} is a {}, expected {expected}, a table of fields or a callback",
                i + 1,
                other.type_name()
            ));
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
        return Err(format!(
            "{lua_name}: unexpected argument {} ({}); the callback must be a function and come last",
            i + 1,
            extra.type_name()
        ));
    }
    Ok((Value::Object(params), callback))
}

/// Whether a table given at a later positional place is that parameter's value rather than
/// the table of the remaining fields: sonoran.lua passes objects and lists there
/// (`setIntegrationPanelV2(panelKey, definition)`, `setIntegrationPanelStateV2(panelKey,
/// instanceKey, state, serverId)`, `replaceAccountPermissionsV2(accountId, {grants})`). An
/// object parameter takes any table; a list parameter a sequence or an empty table.
fn takes_table(op: Option<&Operation>, name: &str, table: &LuaTable) -> bool {
    let Some(param) = op.and_then(|op| op.params.iter().find(|p| p.name == name)) else { return false };
    match param.kind {
        Kind::Object | Kind::ObjectAtMost { .. } | Kind::StringMap | Kind::Record(_) => true,
        Kind::List { .. } | Kind::IntegerList | Kind::IdList => table.raw_len() > 0 || table.pairs::<LuaValue, LuaValue>().next().is_none(),
        _ => false,
    }
}

/// The first of a method's arguments (`nil` when there are none), as mlua hands a method
/// taking one `LuaValue`: the rest are ignored.
pub fn first(args: LuaMultiValue) -> LuaValue {
    args.into_iter().next().unwrap_or(LuaValue::Nil)
}
