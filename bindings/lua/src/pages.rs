//! `client:pages(name, params)`: a paged operation as a Lua iterator.

use mlua::prelude::*;
use sonoran::api;
use sonoran::operations::PageCursor;

use crate::args::{arguments, first};
use crate::client::LuaClient;
use crate::methods;
use crate::prelude::{answer, Answer};
use crate::results::result_table;
use crate::tape::Prepared;

/// `for page in client:pages("getAccounts", params) do ... end`: each page's envelope in
/// turn, fetched (blocking) as the loop advances, from `params.offset`; a failed page is
/// the last one. The name is a Lua method name or an operation name of a paged operation.
/// Takes the handle itself, not a borrow: the iterator keeps it.
pub fn pages(lua: &Lua, client: LuaAnyUserData, mut args: LuaMultiValue) -> LuaResult<Answer> {
    let name = match args.pop_front().unwrap_or(LuaValue::Nil) {
        LuaValue::String(s) => s.to_str().map(|s| s.to_string()).unwrap_or_default(),
        other => return answer(Err(format!("pages: the operation name must be a string, got {}", other.type_name())), lua),
    };
    let params = first(args);
    let Some(op) = methods::operation_named(&name).and_then(api::find).filter(|op| op.paging.is_some()) else {
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
