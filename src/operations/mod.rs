//! The vocabulary and the engine of the operation tables.
//!
//! An [`Operation`] says how the call travels (v1 envelope or v2 REST route), which
//! parameters it takes and how each is checked, which rules tie them together, how the call
//! is paced and retried, and what the official SDKs call it. This module knows no area: it
//! declares the vocabulary and runs it (validation, URL building, paging). The entries live
//! in each area's `operations.rs` under [`crate::api`], which lists them all
//! ([`crate::api::all`]); the client and the skins work from that list: the C exports and
//! their docs, the Lua methods and the tables of docs/reference/operations.md are generated from it.
//!
//! # Example
//!
//! ```
//! let op = sonoran::api::find("set_unit_status_v2").expect("a known operation");
//! assert!(!op.idempotent, "a write: never retried once it may have reached the server");
//! assert!(op.params.iter().any(|p| p.name == "status"));
//! ```

use serde_json::{Map, Value};

use crate::budget::pacing::Limit;
use crate::error::{Error, Result};
mod paging;
pub use paging::{PageCursor, Paging, ALL_PAGES_PREFIX};

/// The identifier actions of `modify_identifier` (`Kind::Action`): the API's name and its
/// integer.
pub const IDENTIFIER_ACTIONS: &[(&str, i64)] = &[("ADD", 0), ("EDIT", 1), ("REMOVE", 2)];

/// v1 routes: about one request a second sustained, as the docs advise; bursts of 3.
pub const V1_LIMIT: Limit = Limit::new(3, std::time::Duration::from_secs(3));

/// `n` requests per minute, the form of every v2 route's documented limit.
pub const fn per_minute(n: u32) -> Limit {
    Limit::new(n, std::time::Duration::from_secs(60))
}

/// HTTP method of a v2 route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: parameters not in the path go to the query string.
    Get,
    /// `POST`: parameters not in the path go to the JSON body.
    Post,
    /// `PUT`: parameters not in the path go to the JSON body.
    Put,
    /// `PATCH`: parameters not in the path go to the JSON body.
    Patch,
    /// `DELETE`: parameters not in the path go to the JSON body (every v2 DELETE route that
    /// takes more than its path documents a request body).
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// The method as reqwest names it.
    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }

    /// Whether parameters outside the path travel in the query string (else in a JSON body).
    fn uses_query(self) -> bool {
        matches!(self, Method::Get)
    }
}

/// How an operation reaches the API.
#[derive(Debug, Clone, Copy)]
pub enum Route {
    /// v1: `POST path` with `{"id": communityId, "key": apiKey, "type": request_type, "data": [params]}`.
    V1 {
        /// Path below the API URL, e.g. `/general/get_account`.
        path: &'static str,
        /// The `type` the path expects, e.g. `GET_ACCOUNT`.
        request_type: &'static str,
    },
    /// v2: `method path` with `Authorization: Bearer apiKey`; `{name}` segments of the path
    /// are filled from the parameters of that name, percent-encoded.
    V2 {
        /// HTTP method.
        method: Method,
        /// Path template, e.g. `/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units`.
        path: &'static str,
    },
}

/// What a parameter's value must be. Values are normalised as they are checked (an action
/// name becomes its number, a whole float becomes an integer), so every face sends the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A positive integer; when absent, the config's `defaultServerId` is used.
    ServerId,
    /// A UUID string (`00000000-0000-0000-0000-000000000000`).
    Uuid,
    /// A non-empty string (an apiId, a username, an account id).
    Id,
    /// `true` or `false`.
    Bool,
    /// An integer within the bounds (inclusive).
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// An identifier action: 0/1/2 or `"ADD"`/`"EDIT"`/`"REMOVE"`; sent as the number.
    Action,
    /// A JSON object, sent as given.
    Object,
    /// Any string, empty included (a group name `""` clears the group).
    Text,
    /// A non-empty list of integers (identifier ids).
    IntegerList,
    /// A non-empty list of non-empty strings.
    IdList,
    /// A non-empty string or an integer, sent as given (a Roblox user id, which the pages
    /// give as either).
    IdOrInteger,
    /// One of these integers (an API enum such as `UNIT_STATUS`).
    OneOf(&'static [i64]),
    /// Any number (a coordinate), sent as given.
    Number,
    /// An object of string values (`metaData`): numbers and booleans are sent as their text,
    /// nested objects and lists are refused.
    StringMap,
    /// A list of values of one kind, at least `min` of them (`min: 0` lets `[]` through; an
    /// empty object counts as an empty list, as an empty Lua table converts to one).
    List {
        /// What each item must be.
        item: &'static Kind,
        /// Fewest items accepted.
        min: usize,
    },
    /// An object with these fields, checked like an operation's parameters; errors name the
    /// field by its path (`coordinates.x`).
    Record(&'static Shape),
    /// A key of the integration-panel API (`panelKey`, `instanceKey`): 2–80 characters of
    /// lowercase letters, digits, dots, underscores and hyphens, starting with a letter or a
    /// digit (`^[a-z0-9][a-z0-9._-]{1,79}$`).
    Key,
    /// A JSON object whose JSON text is at most `max_bytes` long (the API answers `413`
    /// past its caps: better refused before it is sent).
    ObjectAtMost {
        /// The cap, in bytes of compact JSON.
        max_bytes: usize,
    },
    /// A string of at most `max_chars` characters.
    TextAtMost {
        /// The cap, in characters.
        max_chars: usize,
    },
    /// A value with rules of its own that the other kinds cannot say (a blip menu entry, a
    /// whole custom record): checked, and normalised, by its area's function.
    Checked(&'static Checked),
}

/// The rules of a [`Kind::Checked`] value: a description for generated documentation and
/// the function that checks a value and returns it as it will be sent. Errors name the field
/// by its path (`data[1].panelKey`, `record.sections[0].fields[2].type`), from the `name`
/// the function is given.
#[derive(Debug, Clone, Copy)]
pub struct Checked {
    /// What the value must be, in words (`"a blip menu entry: ..."`).
    pub describe: &'static str,
    /// Checks the value found under `name` and returns it as it will be sent.
    pub check: fn(name: &str, value: &Value) -> Result<Value>,
}

impl PartialEq for Checked {
    /// Two rules are the same when they describe the same value (a rule is a `static`: one
    /// description, one function).
    fn eq(&self, other: &Self) -> bool {
        self.describe == other.describe
    }
}

impl Eq for Checked {}

/// Whether `key` is a key of the integration-panel API (see [`Kind::Key`]).
pub fn is_panel_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    (2..=80).contains(&bytes.len())
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
}

/// The fields of a [`Kind::Record`]: like an operation's `params` and `one_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// The fields it takes; any other key is refused.
    pub fields: &'static [Param],
    /// Fields of which exactly one must be given.
    pub one_of: &'static [&'static str],
}

/// One parameter of an operation, by its API name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// The camelCase name callers use.
    pub name: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// Whether a call without it is refused.
    pub required: bool,
    /// The name it is sent under, when that differs (an alias such as `apiId` for v2's
    /// `communityUserId`).
    pub sent_as: Option<&'static str>,
}

impl Kind {
    /// What a value must be, in words, for generated documentation (`"an integer 1–100"`).
    pub fn describe(self) -> String {
        match self {
            Kind::ServerId => "a positive integer; default: the config's `defaultServerId`".into(),
            Kind::Uuid => "a UUID".into(),
            Kind::Id => "a non-empty string".into(),
            Kind::Bool => "true or false".into(),
            Kind::Integer { min: i64::MIN, max: i64::MAX } => "an integer".into(),
            Kind::Integer { min, max: i64::MAX } => format!("an integer ≥ {min}"),
            Kind::Integer { min, max } => format!("an integer {min}–{max}"),
            Kind::Action => "0 or \"ADD\", 1 or \"EDIT\", 2 or \"REMOVE\"".into(),
            Kind::Object => "an object".into(),
            Kind::Text => "a string".into(),
            Kind::IntegerList => "a non-empty list of integers".into(),
            Kind::IdList => "a non-empty list of strings".into(),
            Kind::IdOrInteger => "a non-empty string or an integer".into(),
            Kind::OneOf(values) => {
                let values: Vec<String> = values.iter().map(i64::to_string).collect();
                format!("one of {}", values.join(", "))
            }
            Kind::Number => "a number".into(),
            Kind::StringMap => "an object of string values".into(),
            Kind::List { item, min: 0 } => format!("a list (may be empty), each {}", item.describe()),
            Kind::List { item, .. } => format!("a non-empty list, each {}", item.describe()),
            Kind::Key => "a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit".into(),
            Kind::ObjectAtMost { max_bytes } => format!("an object of at most {} KiB as JSON", max_bytes / 1024),
            Kind::TextAtMost { max_chars } => format!("a string of at most {max_chars} characters"),
            Kind::Checked(rules) => rules.describe.to_string(),
            Kind::Record(shape) => {
                let fields: Vec<String> = shape.fields.iter().map(Param::describe).collect();
                let mut text = format!("an object: {}", fields.join(", "));
                if !shape.one_of.is_empty() {
                    text.push_str(&format!("; exactly one of `{}`", shape.one_of.join("`, `")));
                }
                text
            }
        }
    }
}

impl Param {
    /// The parameter for generated documentation: `` `limit` (an integer 1–100) ``, with
    /// "required" and the name an alias is sent as.
    pub fn describe(&self) -> String {
        let mut text = format!("`{}` (", self.name);
        if self.required {
            text.push_str("required; ");
        }
        text.push_str(&self.kind.describe());
        if let Some(wire) = self.sent_as {
            text.push_str(&format!("; sent as `{wire}`"));
        }
        text.push(')');
        text
    }

    /// The name on the wire.
    pub fn wire_name(&self) -> &'static str {
        self.sent_as.unwrap_or(self.name)
    }
}

pub(crate) const fn param(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: false, sent_as: None }
}

pub(crate) const fn required(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: true, sent_as: None }
}

/// `name`, accepted for and sent as `wire`.
pub(crate) const fn alias(name: &'static str, kind: Kind, wire: &'static str) -> Param {
    Param { name, kind, required: false, sent_as: Some(wire) }
}

/// Concatenates parameter lists at compile time.
macro_rules! params {
    ($($list:expr),+ $(,)?) => {{
        const LEN: usize = 0 $(+ $list.len())+;
        const ALL: [Param; LEN] = {
            let mut all = [param("", Kind::Bool); LEN];
            let mut i = 0;
            $(
                let list = $list;
                let mut j = 0;
                while j < list.len() {
                    all[i] = list[j];
                    i += 1;
                    j += 1;
                }
            )+
            all
        };
        &ALL
    }};
}
pub(crate) use params;

pub(crate) const ANY_INTEGER: Kind = Kind::Integer { min: i64::MIN, max: i64::MAX };
pub(crate) const LIMIT: Kind = Kind::Integer { min: 1, max: 100 };
pub(crate) const OFFSET: Kind = Kind::Integer { min: 0, max: i64::MAX };

/// A part of the CAD that operations read or change, for the read cache (`cache` in the
/// config): a write drops the cached answers of the reads it shares a subject with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// Accounts, their permissions and their community links.
    Accounts,
    /// Identifiers and units: status, panic, location, groups, selection.
    Units,
    /// 911 and dispatch calls, their notes, postals and attached units.
    Calls,
    /// Blips, pager configuration, stations, street signs, callouts.
    Map,
    /// The community's servers, info, penal codes, postals, version.
    Community,
    /// Records, lookups, templates, characters and their links.
    Records,
    /// Integration panels: definitions, instances and their state, actions.
    Panels,
}

/// How calls of a write that wait for budget are merged into one request (see
/// `Client::submit`): each caller's completion carries the shared result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// Calls with the same fields but their target go out as one call: `communityUserId`s
    /// gathered into `communityUserIds`, `identIds` joined. A newer call for the same target
    /// replaces an older one not yet sent, with `latestWins`.
    Targets,
    /// The calls' bodies go out as one JSON array (kick: the route takes an object or an
    /// array of them).
    Array,
    /// The named list of the calls is joined (`callIds`, `ids`, `updates`).
    List(&'static str),
}

/// One API operation, fully described.
#[derive(Debug)]
pub struct Operation {
    /// The library's name for it (`get_account_units`), used by `sonoran_call` and in errors.
    pub name: &'static str,
    /// How it travels.
    pub route: Route,
    /// The parameters it takes; any other key is refused.
    pub params: &'static [Param],
    /// Parameters of which exactly one must be given (a target: which account, which units).
    pub one_of: &'static [&'static str],
    /// Other rules between parameters, checked after each parameter on its own and
    /// `one_of`; the summary says what they require.
    pub check: fn(&Map<String, Value>) -> Result<()>,
    /// The official SDKs' name for it (`getAccountUnitsV2`, as sonoran.lua and Sonoran.js
    /// name the method), which the faces that follow those SDKs adopt.
    pub sdk_method: &'static str,
    /// The official sonoran.lua SDK's positional arguments, in order, where its method takes
    /// any (`updateIdentifierV2(accountUuid, identId, {fields})`): such a call gives these
    /// leading values, then an object of the other fields.
    pub sdk_args: &'static [&'static str],
    /// Its reference page, relative to the API reference (`v2/emergency/units/get-account-units.md`).
    pub page: Option<&'static str>,
    /// The documented limit per API key for this route, which client-side pacing keeps.
    pub limit: Limit,
    /// Whether sending it twice is harmless (reads), so that it may be retried, shared by
    /// identical calls in flight and cached.
    pub idempotent: bool,
    /// What it reads (a read) or changes (a write) in the CAD: a write drops the cached
    /// answers of every read that shares a subject with it.
    pub touches: &'static [Subject],
    /// How calls of a write waiting for budget go out together, for writes that take lists.
    pub merge: Option<Merge>,
    /// How to walk all its pages, for operations that page with `limit`/`offset`.
    pub paging: Option<Paging>,
    /// One line on what it does.
    pub summary: &'static str,
}

pub(crate) fn no_rule(_: &Map<String, Value>) -> Result<()> {
    Ok(())
}

/// Exactly one of `fields` is present.
pub(crate) fn exactly_one(params: &Map<String, Value>, fields: &[&str]) -> Result<()> {
    let given: Vec<&str> = fields.iter().copied().filter(|f| params.contains_key(*f)).collect();
    if given.len() == 1 {
        return Ok(());
    }
    let list = fields.join("`, `");
    let problem = if given.is_empty() { "none was given" } else { "more than one was given" };
    Err(Error::new(crate::error::ErrorKind::InvalidArgument, format!("give exactly one of `{list}` ({problem})")))
}

/// A whole number, also when it arrives as a float with no fraction (LuaJIT has no integers).
fn as_integer(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        let f = value.as_f64()?;
        (f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64).then_some(f as i64)
    })
}

/// Checks the fields of a [`Kind::Record`] named `path`, aliases sent under their wire names.
/// A map position: `x` and `y`, optionally height `z` and heading `w` (units, blips, stations, signs).
pub(crate) const COORDINATES: Kind = Kind::Record(&Shape {
    fields: &[required("x", Kind::Number), required("y", Kind::Number), param("z", Kind::Number), param("w", Kind::Number)],
    one_of: &[],
});

/// `path.name`, or `name` at the top.
fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Checks a JSON object against `shape` as a record at the top (errors name its fields
/// directly: `coordinates.x`), returning it normalised.
pub(crate) fn check_record(shape: &Shape, given: &Value) -> Result<Map<String, Value>> {
    match given {
        Value::Object(map) => check_fields(shape.fields, shape.one_of, map, ""),
        _ => Err(Error::invalid("location", "must be a JSON object")),
    }
}

fn check_fields(params: &[Param], one_of: &[&str], given: &Map<String, Value>, path: &str) -> Result<Map<String, Value>> {
    if let Some(unknown) = given.keys().find(|k| !params.iter().any(|p| p.name == k.as_str())) {
        let known: Vec<&str> = params.iter().map(|p| p.name).collect();
        return Err(Error::invalid(&join_path(path, unknown), format_args!("is not a field here (expected one of {})", known.join(", "))));
    }
    let mut out = Map::new();
    for p in params {
        let field = join_path(path, p.name);
        match given.get(p.name).filter(|v| !v.is_null()) {
            Some(value) => {
                out.insert(p.name.to_string(), p.kind.normalise(&field, value)?);
            }
            None if p.required => return Err(Error::invalid(&field, "is required")),
            None => {}
        }
    }
    if !one_of.is_empty() {
        exactly_one(&out, one_of).map_err(|e| match path {
            "" => e,
            _ => Error { message: format!("`{path}`: {}", e.message), ..e },
        })?;
    }
    Ok(out
        .into_iter()
        .map(|(name, value)| {
            let wire = params.iter().find(|p| p.name == name).map_or(name.as_str(), |p| p.wire_name());
            (wire.to_string(), value)
        })
        .collect())
}

impl Kind {
    /// Checks `value`, found under `name` (errors name it), and returns it as it will be sent.
    pub(crate) fn normalise(self, name: &str, value: &Value) -> Result<Value> {
        match self {
            Kind::ServerId => match as_integer(value) {
                Some(n) if n > 0 => Ok(n.into()),
                _ => Err(Error::invalid(name, "must be a positive integer")),
            },
            Kind::Uuid => match value.as_str() {
                Some(s) if uuid::Uuid::try_parse(s).is_ok() => Ok(value.clone()),
                Some(_) => Err(Error::invalid(name, "must be a UUID (00000000-0000-0000-0000-000000000000)")),
                None => Err(Error::invalid(name, "must be a string holding a UUID")),
            },
            Kind::Id => match value.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(value.clone()),
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a string")),
            },
            Kind::Bool => match value {
                Value::Bool(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be true or false")),
            },
            Kind::Integer { min, max } => match as_integer(value) {
                Some(n) if n >= min && n <= max => Ok(n.into()),
                Some(_) if max == i64::MAX => Err(Error::invalid(name, format_args!("must be at least {min}"))),
                Some(_) => Err(Error::invalid(name, format_args!("must be between {min} and {max}"))),
                None => Err(Error::invalid(name, "must be an integer")),
            },
            Kind::Action => {
                let number = match value {
                    Value::String(s) => IDENTIFIER_ACTIONS.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)).map(|(_, number)| *number),
                    _ => as_integer(value).filter(|n| (0..=2).contains(n)),
                };
                number.map(Value::from).ok_or_else(|| Error::invalid(name, "must be 0 (ADD), 1 (EDIT), 2 (REMOVE) or one of those names"))
            }
            Kind::Object => match value {
                Value::Object(_) => Ok(value.clone()),
                // Lua's empty table converts to an empty list: an empty object here.
                Value::Array(items) if items.is_empty() => Ok(Value::Object(Map::new())),
                _ => Err(Error::invalid(name, "must be an object")),
            },
            Kind::Text => match value {
                Value::String(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be a string")),
            },
            Kind::IntegerList => match value.as_array() {
                Some(items) if !items.is_empty() => items
                    .iter()
                    .map(|item| as_integer(item).map(Value::from))
                    .collect::<Option<Vec<_>>>()
                    .map(Value::Array)
                    .ok_or_else(|| Error::invalid(name, "must be a list of integers")),
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a list of integers")),
            },
            Kind::IdList => match value.as_array() {
                Some(items) if !items.is_empty() => {
                    if items.iter().all(|i| i.as_str().is_some_and(|s| !s.trim().is_empty())) {
                        Ok(value.clone())
                    } else {
                        Err(Error::invalid(name, "must be a list of non-empty strings"))
                    }
                }
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a list of strings")),
            },
            Kind::IdOrInteger => match value {
                Value::String(s) if !s.trim().is_empty() => Ok(value.clone()),
                _ => match as_integer(value) {
                    Some(n) => Ok(n.into()),
                    None => Err(Error::invalid(name, "must be a non-empty string or an integer")),
                },
            },
            Kind::OneOf(values) => match as_integer(value) {
                Some(n) if values.contains(&n) => Ok(n.into()),
                _ => {
                    let values: Vec<String> = values.iter().map(i64::to_string).collect();
                    Err(Error::invalid(name, format_args!("must be one of {}", values.join(", "))))
                }
            },
            Kind::Number => match value {
                Value::Number(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be a number")),
            },
            Kind::StringMap => {
                let empty = Map::new();
                let fields = match value {
                    Value::Object(fields) => fields,
                    Value::Array(items) if items.is_empty() => &empty,
                    _ => return Err(Error::invalid(name, "must be an object of strings")),
                };
                let mut out = Map::new();
                for (key, item) in fields {
                    let text = match item {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => return Err(Error::invalid(&format!("{name}.{key}"), "must be a string")),
                    };
                    out.insert(key.clone(), Value::String(text));
                }
                Ok(Value::Object(out))
            }
            Kind::List { item, min } => {
                let items: &[Value] = match value {
                    Value::Array(items) => items,
                    Value::Object(fields) if fields.is_empty() => &[],
                    _ => return Err(Error::invalid(name, "must be a list")),
                };
                if items.len() < min {
                    return Err(Error::invalid(
                        name,
                        if min == 1 { "must not be empty".to_string() } else { format!("must have at least {min} items") },
                    ));
                }
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| item.normalise(&format!("{name}[{i}]"), v))
                    .collect::<Result<Vec<_>>>()
                    .map(Value::Array)
            }
            Kind::Record(shape) => match value {
                Value::Object(fields) => check_fields(shape.fields, shape.one_of, fields, name).map(Value::Object),
                _ => Err(Error::invalid(name, "must be an object")),
            },
            Kind::Key => match value.as_str() {
                Some(key) if is_panel_key(key) => Ok(value.clone()),
                Some(_) => {
                    Err(Error::invalid(name, "must be 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit"))
                }
                None => Err(Error::invalid(name, "must be a string")),
            },
            Kind::ObjectAtMost { max_bytes } => {
                let object = match value {
                    Value::Object(_) => value.clone(),
                    // Lua's empty table converts to an empty list: an empty object here.
                    Value::Array(items) if items.is_empty() => Value::Object(Map::new()),
                    _ => return Err(Error::invalid(name, "must be an object")),
                };
                let size = serde_json::to_string(&object).map_or(usize::MAX, |text| text.len());
                if size > max_bytes {
                    return Err(Error::invalid(
                        name,
                        format_args!("is {size} bytes as JSON; the API takes at most {max_bytes} ({} KiB)", max_bytes / 1024),
                    ));
                }
                Ok(object)
            }
            Kind::TextAtMost { max_chars } => match value.as_str() {
                Some(text) if text.chars().count() <= max_chars => Ok(value.clone()),
                Some(_) => Err(Error::invalid(name, format_args!("must be at most {max_chars} characters"))),
                None => Err(Error::invalid(name, "must be a string")),
            },
            Kind::Checked(rules) => (rules.check)(name, value),
        }
    }
}

impl Operation {
    /// The route in one line, for generated documentation: `GET /v2/general/accounts` or
    /// `POST /general/get_account (GET_ACCOUNT)`.
    pub fn describe_route(&self) -> String {
        match self.route {
            Route::V1 { path, request_type } => format!("POST {path} ({request_type})"),
            Route::V2 { method, path } => format!("{} {path}", method.as_str()),
        }
    }

    /// The pacing in words: `"10 requests per minute"`, `"3 requests per 3 s"`.
    pub fn describe_limit(&self) -> String {
        let period = self.limit.period;
        if period == std::time::Duration::from_secs(60) {
            format!("{} requests per minute", self.limit.requests)
        } else {
            format!("{} requests per {} s", self.limit.requests, period.as_secs_f64())
        }
    }

    /// How it spends its budget, in words, for the operations reference's table: a read is shared by
    /// identical calls in flight and may be cached; a write says what it merges and which
    /// cached reads it drops.
    pub fn describe_budget(&self) -> String {
        let subjects: Vec<&str> = self
            .touches
            .iter()
            .map(|s| match s {
                Subject::Accounts => "accounts",
                Subject::Units => "units",
                Subject::Calls => "calls",
                Subject::Map => "map",
                Subject::Community => "community",
                Subject::Records => "records",
                Subject::Panels => "panels",
            })
            .collect();
        if self.idempotent {
            return format!("shared in flight; cacheable ({})", subjects.join(", "));
        }
        let merge = match self.merge {
            None => String::new(),
            Some(Merge::Targets) => "merged while waiting (`communityUserIds`, `identIds`); latest wins (opt-in); ".into(),
            Some(Merge::Array) => "merged while waiting (one array); ".into(),
            Some(Merge::List(field)) => format!("merged while waiting (`{field}` joined); "),
        };
        format!("{merge}drops cached {}", subjects.join(", "))
    }

    /// Checks `params` (a JSON object, or `null` for none) against this operation and returns
    /// them as they will be sent: normalised, with `serverId` defaulted. Nothing is sent here.
    pub fn validate(&self, params: &Value, default_server_id: u64) -> Result<Map<String, Value>> {
        let empty = Map::new();
        let given = match params {
            Value::Object(map) => map,
            Value::Null => &empty,
            _ => return Err(Error::invalid("params", "must be a JSON object")),
        };
        if let Some(unknown) = given.keys().find(|k| !self.params.iter().any(|p| p.name == k.as_str())) {
            let known: Vec<&str> = self.params.iter().map(|p| p.name).collect();
            return Err(Error::invalid(
                unknown,
                format_args!("is not a parameter of {} (expected one of {})", self.name, known.join(", ")),
            ));
        }
        let mut out = Map::new();
        for p in self.params {
            // JSON null (Lua's nil-in-a-table) means "not given".
            match given.get(p.name).filter(|v| !v.is_null()) {
                Some(value) => {
                    out.insert(p.name.to_string(), p.kind.normalise(p.name, value)?);
                }
                None if p.kind == Kind::ServerId => {
                    out.insert(p.name.to_string(), default_server_id.into());
                }
                None if p.required => return Err(Error::invalid(p.name, "is required")),
                None => {}
            }
        }
        if !self.one_of.is_empty() {
            exactly_one(&out, self.one_of)?;
        }
        (self.check)(&out)?;
        // Aliases go out under the API's own names (rebuilding the map only when one is used).
        let alias_given = self.params.iter().any(|p| p.sent_as.is_some() && out.contains_key(p.name));
        if !alias_given {
            return Ok(out);
        }
        Ok(out
            .into_iter()
            .map(|(name, value)| {
                let wire = self.params.iter().find(|p| p.name == name).map_or(name.as_str(), |p| p.wire_name());
                (wire.to_string(), value)
            })
            .collect())
    }

    /// Builds the URL (path segments filled and encoded, query added) and the parameters that
    /// remain for the body, from parameters that [`Operation::validate`] returned.
    pub(crate) fn url(&self, base: &reqwest::Url, mut params: Map<String, Value>) -> Result<(reqwest::Url, Map<String, Value>)> {
        let mut url = base.clone();
        let (method, template) = match self.route {
            Route::V1 { path, .. } => (Method::Post, path),
            Route::V2 { method, path } => (method, path),
        };
        {
            let mut segments = url.path_segments_mut().map_err(|_| Error::invalid("apiUrl", "must be an http:// or https:// URL"))?;
            segments.pop_if_empty();
            for segment in template.split('/').filter(|s| !s.is_empty()) {
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    // `{name?}`: an optional segment, left out when the parameter is absent.
                    Some(name) if name.ends_with('?') => {
                        if let Some(value) = params.remove(name.trim_end_matches('?')) {
                            segments.push(&scalar_text(&value));
                        }
                    }
                    Some(name) => {
                        let value = params.remove(name).ok_or_else(|| Error::invalid(name, "is required"))?;
                        segments.push(&scalar_text(&value));
                    }
                    None => {
                        segments.push(segment);
                    }
                }
            }
        }
        if matches!(self.route, Route::V2 { .. }) && method.uses_query() && !params.is_empty() {
            let mut query = url.query_pairs_mut();
            // In declaration order, so the wire format is stable and matches the docs' examples.
            for p in self.params {
                if let Some(value) = params.remove(p.wire_name()) {
                    query.append_pair(p.wire_name(), &scalar_text(&value));
                }
            }
        }
        Ok((url, params))
    }

    /// Which API generation it belongs to: `"v1"` or `"v2"`, also its pacing class in the
    /// `rateLimits` config.
    pub fn api(&self) -> &'static str {
        match self.route {
            Route::V1 { .. } => "v1",
            Route::V2 { .. } => "v2",
        }
    }

    /// The path template it is sent to.
    pub fn path(&self) -> &'static str {
        match self.route {
            Route::V1 { path, .. } | Route::V2 { path, .. } => path,
        }
    }

    /// The HTTP method this operation is sent with.
    pub fn method(&self) -> Method {
        match self.route {
            Route::V1 { .. } => Method::Post,
            Route::V2 { method, .. } => method,
        }
    }
}

/// A scalar as it appears in a path segment or a query value.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
