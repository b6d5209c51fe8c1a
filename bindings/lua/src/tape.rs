//! Answers turned into Lua tables at the lowest cost to the game thread.
//!
//! A response is read into a [`Tape`] on the client's I/O thread, as soon as it arrives: a
//! flat list of tokens with every string in one buffer and every table's size known. On the
//! game thread, `poll` then only replays the tape with Lua's C API (`lua_createtable`,
//! `lua_pushlstring`, `lua_rawset`): no JSON parsing, no intermediate tree, and no per-value
//! handles (mlua's `LuaTable`/`LuaString` values each take a slot in its reference registry,
//! which cost about 35 µs per account of a 100-account page). An object key that recurs (each
//! account of a page has the same fifty) is made into a Lua string once per replay and copied
//! after that (`lua_pushvalue`), so Lua hashes and interns it once, not once per table.

use std::collections::HashMap;
use std::ffi::c_int;

use mlua::ffi;
use mlua::prelude::*;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// One JSON value, or the start or end of one.
#[derive(Debug, Clone, Copy)]
enum Token {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits an `i64`.
    Integer(i64),
    /// Any other number.
    Number(f64),
    /// A string: `buffer[start..start + len]`.
    Str {
        /// Where it starts in the buffer.
        start: u32,
        /// Its length in bytes.
        len: u32,
    },
    /// An object key seen before in this document: `keys[n]`.
    Key(u16),
    /// An array of this many items follows, then `End`.
    Array(u32),
    /// An object of this many entries (key, value) follows, then `End`.
    Object(u32),
    /// The end of the innermost open array or object.
    End,
}

/// A JSON document, flattened for replay into Lua.
#[derive(Debug, Default)]
pub struct Tape {
    /// The document, in order.
    tokens: Vec<Token>,
    /// Every string's bytes, one after the other.
    buffer: String,
    /// The deepest nesting of tables.
    depth: usize,
    /// The object keys that recur, as `Token::Str` tokens (at most `MAX_SHARED_KEYS`).
    keys: Vec<Token>,
    /// While reading: each key seen once or more, and its index in `keys` once it recurs.
    seen: HashMap<Box<str>, Seen>,
}

/// How many distinct recurring keys a replay keeps on the Lua stack; keys beyond are pushed
/// as plain strings (an answer keyed by ids has many distinct keys that never recur).
const MAX_SHARED_KEYS: usize = 256;

/// A key met while reading.
#[derive(Debug, Clone, Copy)]
enum Seen {
    /// Once, as this token.
    Once(Token),
    /// Again: it is `keys[n]`.
    Shared(u16),
}

impl Tape {
    /// Reads `json` (valid JSON: the core has checked every body it hands out).
    pub fn read(json: &str) -> Result<Tape, serde_json::Error> {
        let mut tape =
            Tape { tokens: Vec::with_capacity(json.len() / 8), buffer: String::with_capacity(json.len() / 2), ..Tape::default() };
        let mut de = serde_json::Deserializer::from_str(json);
        Seed { tape: &mut tape, depth: 0, key: false }.deserialize(&mut de)?;
        de.end()?;
        tape.seen = HashMap::new();
        Ok(tape)
    }

    /// An object key: its first appearance is a plain string; later ones refer to it.
    fn key(&mut self, s: &str) -> Token {
        match self.seen.get_mut(s) {
            Some(Seen::Shared(n)) => Token::Key(*n),
            Some(seen @ Seen::Once(_)) if self.keys.len() < MAX_SHARED_KEYS => {
                let Seen::Once(first) = *seen else { unreachable!() };
                let n = self.keys.len() as u16;
                self.keys.push(first);
                *seen = Seen::Shared(n);
                Token::Key(n)
            }
            Some(Seen::Once(first)) => *first,
            None => {
                let token = self.string(s);
                if self.seen.len() < 4 * MAX_SHARED_KEYS {
                    self.seen.insert(s.into(), Seen::Once(token));
                }
                token
            }
        }
    }

    /// A string value: its bytes go to the buffer.
    fn string(&mut self, s: &str) -> Token {
        let start = self.buffer.len() as u32;
        self.buffer.push_str(s);
        Token::Str { start, len: s.len() as u32 }
    }

    /// Pushes the document onto the Lua stack as one value: objects become tables, arrays
    /// sequences carrying `array_mt` (mlua's array metatable, so they stay arrays when
    /// re-encoded), `null` the light userdata `Sonoran.null` is.
    ///
    /// # Safety
    /// `state` is a live Lua state of this thread; `array_mt_ref` is a registry reference
    /// to a table. Runs inside `Lua::exec_raw`, which catches Lua errors (out of memory).
    pub unsafe fn push(&self, state: *mut ffi::lua_State, array_mt_ref: c_int) {
        // SAFETY: (the whole body) only Lua C API calls on `state`, with the stack grown
        // first to what the deepest nesting needs (a table and a pending key per level).
        unsafe {
            ffi::luaL_checkstack(state, (2 * self.depth + self.keys.len() + 8) as c_int, std::ptr::null());
            // The recurring keys first, below the document: `Key(n)` copies slot `keys_at + n`.
            let keys_at = ffi::lua_gettop(state) + 1;
            for key in &self.keys {
                if let Token::Str { start, len } = *key {
                    push_bytes(state, &self.buffer.as_bytes()[start as usize..(start + len) as usize]);
                }
            }
            // The tables being filled, innermost last.
            let mut open: Vec<Open> = Vec::with_capacity(self.depth + 1);
            for token in &self.tokens {
                match *token {
                    Token::Null => ffi::lua_pushlightuserdata(state, std::ptr::null_mut()),
                    Token::Bool(b) => ffi::lua_pushboolean(state, c_int::from(b)),
                    Token::Integer(i) => push_integer(state, i),
                    Token::Number(n) => ffi::lua_pushnumber(state, n),
                    Token::Str { start, len } => {
                        push_bytes(state, &self.buffer.as_bytes()[start as usize..(start + len) as usize]);
                    }
                    Token::Key(n) => ffi::lua_pushvalue(state, keys_at + c_int::from(n)),
                    Token::Array(n) => {
                        ffi::lua_createtable(state, n as c_int, 0);
                        ffi::lua_rawgeti(state, ffi::LUA_REGISTRYINDEX, array_mt_ref as _);
                        ffi::lua_setmetatable(state, -2);
                        open.push(Open::Array { next: 1 });
                        // Its items come next; it is attached to its holder at its End.
                        continue;
                    }
                    Token::Object(n) => {
                        ffi::lua_createtable(state, 0, n as c_int);
                        open.push(Open::Object { key_pushed: false });
                        continue;
                    }
                    Token::End => {
                        open.pop();
                    }
                }
                // A complete value is on top: attach it to the table that holds it (for an
                // object, the first value of a pair is its key, left on the stack).
                match open.last_mut() {
                    None => {}
                    Some(Open::Array { next }) => {
                        ffi::lua_rawseti(state, -2, *next as _);
                        *next += 1;
                    }
                    Some(Open::Object { key_pushed }) => {
                        if *key_pushed {
                            ffi::lua_rawset(state, -3);
                        }
                        *key_pushed = !*key_pushed;
                    }
                }
            }
            // The document replaces the first key; the keys go.
            if !self.keys.is_empty() {
                ffi::lua_replace(state, keys_at);
                ffi::lua_settop(state, keys_at);
            }
        }
    }
}

/// `lua_pushlstring`. For Lua 5.1 and LuaJIT the plain C function: mlua's 5.1 shim also
/// reads the string back (`lua_tolstring`) to return a pointer no one here uses.
unsafe fn push_bytes(state: *mut ffi::lua_State, s: &[u8]) {
    // SAFETY: a push onto a stack the caller has grown; `s` outlives the call (Lua copies it).
    unsafe {
        #[cfg(any(feature = "luajit", feature = "lua51"))]
        ffi::lua_pushlstring_(state, s.as_ptr().cast(), s.len());
        #[cfg(not(any(feature = "luajit", feature = "lua51")))]
        ffi::lua_pushlstring(state, s.as_ptr().cast(), s.len());
    }
}

/// A table being filled during a replay.
enum Open {
    /// An array.
    Array {
        /// The index its next item gets.
        next: i64,
    },
    /// An object.
    Object {
        /// Whether the key of its next entry is on the stack already.
        key_pushed: bool,
    },
}

/// `lua_pushinteger`, falling back to a number where Lua has no 64-bit integers.
unsafe fn push_integer(state: *mut ffi::lua_State, i: i64) {
    // SAFETY: a push onto a stack the caller has grown.
    unsafe {
        match ffi::lua_Integer::try_from(i) {
            Ok(i) => ffi::lua_pushinteger(state, i),
            Err(_) => ffi::lua_pushnumber(state, i as f64),
        }
    }
}

/// Reads one JSON value into the tape.
struct Seed<'t> {
    /// The tape being written.
    tape: &'t mut Tape,
    /// How deep the value is (the document itself is 0).
    depth: usize,
    /// An object key is read (keys recur across an answer's objects; values rarely do).
    key: bool,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Seed<'_> {
    /// Appends a scalar.
    fn push(self, token: Token) {
        self.tape.tokens.push(token);
    }

    /// Opens a table, reads its items with `each`, and fixes its size.
    fn table<E>(self, object: bool, each: impl FnOnce(&mut Tape, usize) -> Result<u32, E>) -> Result<(), E> {
        let depth = self.depth + 1;
        self.tape.depth = self.tape.depth.max(depth);
        let at = self.tape.tokens.len();
        self.tape.tokens.push(Token::End);
        let count = each(self.tape, depth)?;
        self.tape.tokens[at] = if object { Token::Object(count) } else { Token::Array(count) };
        self.tape.tokens.push(Token::End);
        Ok(())
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.push(Token::Null);
        Ok(())
    }
    fn visit_bool<E>(self, b: bool) -> Result<(), E> {
        self.push(Token::Bool(b));
        Ok(())
    }
    fn visit_i64<E>(self, i: i64) -> Result<(), E> {
        self.push(Token::Integer(i));
        Ok(())
    }
    fn visit_u64<E>(self, u: u64) -> Result<(), E> {
        self.push(i64::try_from(u).map_or(Token::Number(u as f64), Token::Integer));
        Ok(())
    }
    fn visit_f64<E>(self, n: f64) -> Result<(), E> {
        self.push(Token::Number(n));
        Ok(())
    }
    fn visit_str<E>(self, s: &str) -> Result<(), E> {
        let token = if self.key { self.tape.key(s) } else { self.tape.string(s) };
        self.push(token);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.table(false, |tape, depth| {
            let mut count = 0;
            while seq.next_element_seed(Seed { tape: &mut *tape, depth, key: false })?.is_some() {
                count += 1;
            }
            Ok(count)
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.table(true, |tape, depth| {
            let mut count = 0;
            while map.next_key_seed(Seed { tape: &mut *tape, depth, key: true })?.is_some() {
                map.next_value_seed(Seed { tape: &mut *tape, depth, key: false })?;
                count += 1;
            }
            Ok(count)
        })
    }
}

/// A result made ready for Lua on the I/O thread: the result, and its body as a tape.
pub struct Prepared {
    /// The result itself (its body is still there for blocking callers and fallbacks).
    pub result: sonoran::Result<sonoran::Response>,
    /// The JSON body, read; `None` for a text body or a failure.
    pub tape: Option<Tape>,
}

impl Prepared {
    /// Reads the body of `result` (what the Lua inbox does on the I/O thread).
    pub fn new(result: sonoran::Result<sonoran::Response>) -> Prepared {
        let tape = match &result {
            Ok(sonoran::Response { body: sonoran::Body::Json(raw), .. }) => Tape::read(raw.get()).ok(),
            _ => None,
        };
        Prepared { result, tape }
    }
}

/// The registry reference of mlua's array metatable in this Lua state.
struct ArrayMetatable(c_int);

/// The registry reference of mlua's array metatable, found once per Lua state (and kept in
/// its app data).
pub fn array_metatable_ref(lua: &Lua) -> LuaResult<c_int> {
    if let Some(known) = lua.app_data_ref::<ArrayMetatable>() {
        return Ok(known.0);
    }
    let sample = lua.to_value(&Vec::<u8>::new())?;
    let LuaValue::Table(sample) = sample else { return Err(LuaError::runtime("no array table")) };
    let metatable = sample.metatable().ok_or_else(|| LuaError::runtime("mlua arrays carry no metatable"))?;
    // SAFETY: pushes the metatable and stores a registry reference to it, on this thread's state.
    let reference = unsafe {
        lua.exec_raw::<c_int>(metatable, |state| {
            let r = ffi::luaL_ref(state, ffi::LUA_REGISTRYINDEX);
            ffi::lua_pushinteger(state, r as _);
        })
    }?;
    lua.set_app_data(ArrayMetatable(reference));
    Ok(reference)
}

/// Reads the table at `index` of the stack into JSON with Lua's C API, without mlua's
/// per-value handles: what every parameter table of every call goes through. Keys are
/// strings (an object) or 1..n (an array; also a table carrying the array metatable); an
/// empty table is an empty object. `Sonoran.null` is `null`. Functions, userdata, nesting
/// deeper than 64 or a key that is neither are refused, naming the field.
///
/// # Safety
/// `state` is this thread's live Lua state and `index` an absolute stack index of a table.
/// Runs inside `Lua::exec_raw` (lua_next and lua_checkstack raise no errors when the table
/// is not changed meanwhile).
pub unsafe fn table_to_json(state: *mut ffi::lua_State, index: c_int, path: &str, depth: usize) -> Result<serde_json::Value, String> {
    use serde_json::{Map, Value};
    if depth > 64 {
        return Err(format!("`{path}` is nested too deeply"));
    }
    // SAFETY: (the whole body) reads the table at `index` with lua_next, keeping the stack
    // balanced (key and value popped before each next step).
    unsafe {
        if ffi::lua_checkstack(state, 4) == 0 {
            return Err(format!("`{path}` is nested too deeply"));
        }
        let mut object = Map::new();
        let mut array: Vec<(i64, Value)> = Vec::new();
        ffi::lua_pushnil(state);
        while ffi::lua_next(state, index) != 0 {
            // key at -2, value at -1
            let key_type = ffi::lua_type(state, -2);
            let key = if key_type == ffi::LUA_TSTRING {
                let mut len = 0;
                let ptr = ffi::lua_tolstring(state, -2, &mut len);
                Some(String::from_utf8_lossy(std::slice::from_raw_parts(ptr.cast::<u8>(), len)).into_owned())
            } else {
                None
            };
            let field = match &key {
                Some(name) if path.is_empty() => name.clone(),
                Some(name) => format!("{path}.{name}"),
                None => format!("{path}[]"),
            };
            let value = match value_to_json(state, &field, depth) {
                Ok(value) => value,
                Err(e) => {
                    ffi::lua_settop(state, -3);
                    return Err(e);
                }
            };
            match key {
                Some(name) => {
                    object.insert(name, value);
                }
                None if key_type == ffi::LUA_TNUMBER => {
                    let n = ffi::lua_tonumber(state, -2);
                    if n.fract() != 0.0 || n < 1.0 {
                        ffi::lua_settop(state, -3);
                        return Err(format!("`{path}` has a key that is not a name or a list index ({n})"));
                    }
                    array.push((n as i64, value));
                }
                None => {
                    ffi::lua_settop(state, -3);
                    return Err(format!("`{path}` has a key that is not a name or a list index"));
                }
            }
            ffi::lua_settop(state, -2); // pop the value, keep the key for lua_next
        }
        match (object.is_empty(), array.is_empty()) {
            (_, true) if !(object.is_empty() && has_metatable(state, index)) => Ok(Value::Object(object)),
            (true, _) => {
                array.sort_by_key(|(i, _)| *i);
                if array.iter().enumerate().any(|(at, (i, _))| *i != at as i64 + 1) {
                    return Err(format!("`{path}` is a list with holes"));
                }
                Ok(Value::Array(array.into_iter().map(|(_, v)| v).collect()))
            }
            _ => Err(format!("`{path}` mixes named fields and list items")),
        }
    }
}

/// A Lua number as JSON: whole numbers (all that LuaJIT and Lua 5.1 have for integers)
/// become integers, so `defaultServerId = 1` is `1`, never `1.0`.
pub fn number_to_json(n: f64, field: &str) -> Result<serde_json::Value, String> {
    if n.fract() == 0.0 && (-9.007_199_254_740_992e15..=9.007_199_254_740_992e15).contains(&n) {
        return Ok(serde_json::Value::from(n as i64));
    }
    serde_json::Number::from_f64(n).map(serde_json::Value::Number).ok_or_else(|| format!("`{field}` is not a finite number"))
}

/// Whether the table at `index` has a metatable (an empty array made by mlua has one).
///
/// # Safety
/// As for [`table_to_json`].
unsafe fn has_metatable(state: *mut ffi::lua_State, index: c_int) -> bool {
    // SAFETY: pushes the metatable if there is one, and pops it.
    unsafe {
        if ffi::lua_getmetatable(state, index) != 0 {
            ffi::lua_settop(state, -2);
            true
        } else {
            false
        }
    }
}

/// The value on top of the stack as JSON (`field` names it in errors).
///
/// # Safety
/// As for [`table_to_json`], with a value on top.
unsafe fn value_to_json(state: *mut ffi::lua_State, field: &str, depth: usize) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    // SAFETY: reads the value on top of the stack.
    unsafe {
        match ffi::lua_type(state, -1) {
            ffi::LUA_TNIL => Ok(Value::Null),
            ffi::LUA_TBOOLEAN => Ok(Value::Bool(ffi::lua_toboolean(state, -1) != 0)),
            ffi::LUA_TNUMBER => {
                #[cfg(any(feature = "lua54", feature = "lua53"))]
                if ffi::lua_isinteger(state, -1) != 0 {
                    return Ok(Value::from(ffi::lua_tointeger(state, -1)));
                }
                number_to_json(ffi::lua_tonumber(state, -1), field)
            }
            ffi::LUA_TSTRING => {
                let mut len = 0;
                let ptr = ffi::lua_tolstring(state, -1, &mut len);
                Ok(Value::String(String::from_utf8_lossy(std::slice::from_raw_parts(ptr.cast::<u8>(), len)).into_owned()))
            }
            ffi::LUA_TLIGHTUSERDATA if ffi::lua_touserdata(state, -1).is_null() => Ok(Value::Null),
            ffi::LUA_TTABLE => {
                let top = ffi::lua_gettop(state);
                table_to_json(state, top, field, depth + 1)
            }
            other => {
                let name = std::ffi::CStr::from_ptr(ffi::lua_typename(state, other)).to_string_lossy();
                Err(format!("`{field}` cannot be sent as JSON (a {name})"))
            }
        }
    }
}
