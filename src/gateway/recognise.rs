//! An HTTP request to the Sonoran API, as another client sent it, recognised as an operation
//! of the table with the parameters a call of it takes: v2 by method and path template (path
//! segments, then the query, then the JSON body), v1 by its path and `type` (`data[0]`).
//! Built back from those parameters, the request is the one the client sent (the pages'
//! examples are sent exactly as documented either way).

use serde_json::{Map, Value};

use crate::operations::{Kind, Operation, Route};

/// What a request is to the gateway.
#[derive(Debug)]
pub enum Recognised {
    /// An operation of the table, with its parameters (not yet checked).
    Call {
        /// The operation.
        op: &'static Operation,
        /// Its parameters, by the library's names.
        params: Map<String, Value>,
    },
    /// An operation of the table whose request is not in the form the library builds
    /// (a multipart upload, a body that is not an object, a v1 `data` of several items):
    /// forwarded as it came, within the operation's budget.
    AsIs(&'static Operation),
    /// No operation of the table: forwarded as it came, within a cautious budget.
    Unknown,
}

/// Recognises `method path?query` with `body` (the raw bytes as they came).
pub fn recognise(method: &str, path: &str, query: Option<&str>, body: &[u8]) -> Recognised {
    let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(decode).collect();
    if let Some((op, mut params)) = v2(method, &segments) {
        if crate::api::is_multipart(op) {
            return Recognised::AsIs(op);
        }
        for (name, text) in query.map(query_pairs).unwrap_or_default() {
            let name = param_name(op, &name);
            params.insert(name.clone(), typed(op, &name, &text));
        }
        if !body.is_empty() {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(fields)) => {
                    for (name, value) in fields {
                        params.insert(param_name(op, &name), value);
                    }
                }
                _ => return Recognised::AsIs(op),
            }
        }
        return call_or_as_is(op, params);
    }
    if method.eq_ignore_ascii_case("POST") {
        if let Some(recognised) = v1(&segments, body) {
            return recognised;
        }
    }
    Recognised::Unknown
}

/// The v2 operation whose method and template match, with its path parameters; of several,
/// the one with the most literal segments (`/servers/{id}/heartbeat` over `/servers/{id}`).
fn v2(method: &str, segments: &[String]) -> Option<(&'static Operation, Map<String, Value>)> {
    let mut best: Option<(usize, &'static Operation, Map<String, Value>)> = None;
    for op in crate::api::all() {
        let Route::V2 { method: m, path } = op.route else { continue };
        if !m.as_str().eq_ignore_ascii_case(method) {
            continue;
        }
        if let Some((literals, params)) = matches(op, path, segments) {
            if best.as_ref().is_none_or(|(n, _, _)| literals > *n) {
                best = Some((literals, op, params));
            }
        }
    }
    best.map(|(_, op, params)| (op, params))
}

/// Whether `segments` fit `template`: how many literal segments matched, and the values of
/// its `{name}` segments.
fn matches(op: &Operation, template: &str, segments: &[String]) -> Option<(usize, Map<String, Value>)> {
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    let optional_last = parts.last().is_some_and(|p| p.ends_with("?}"));
    if segments.len() != parts.len() && !(optional_last && segments.len() + 1 == parts.len()) {
        return None;
    }
    let mut literals = 0;
    let mut params = Map::new();
    for (i, part) in parts.iter().enumerate() {
        let segment = segments.get(i);
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => {
                let name = name.trim_end_matches('?');
                if let Some(segment) = segment {
                    params.insert(name.to_string(), typed(op, name, segment));
                }
            }
            None if segment.is_some_and(|s| s == part) => literals += 1,
            None => return None,
        }
    }
    Some((literals, params))
}

/// A v1 request: its operation by path and `type`, its parameters from `data[0]`.
fn v1(segments: &[String], body: &[u8]) -> Option<Recognised> {
    let path = format!("/{}", segments.join("/"));
    let candidates: Vec<&'static Operation> =
        crate::api::all().filter(|op| matches!(op.route, Route::V1 { path: p, .. } if p == path)).collect();
    if candidates.is_empty() {
        return None;
    }
    let envelope: Value = serde_json::from_slice(body).ok()?;
    let request_type = envelope.get("type").and_then(Value::as_str)?;
    let op = *candidates.iter().find(|op| matches!(op.route, Route::V1 { request_type: t, .. } if t == request_type))?;
    match envelope.get("data").and_then(Value::as_array).map(Vec::as_slice) {
        Some([Value::Object(fields)]) => {
            let params = fields.iter().map(|(name, value)| (param_name(op, name), value.clone())).collect();
            Some(call_or_as_is(op, params))
        }
        _ => Some(Recognised::AsIs(op)),
    }
}

/// A call of `op`, unless the request holds a field the table does not know (one the API
/// added since, say): then it goes as it came, since the library would refuse the field.
fn call_or_as_is(op: &'static Operation, params: Map<String, Value>) -> Recognised {
    if params.keys().all(|k| op.params.iter().any(|p| p.name == k.as_str())) {
        Recognised::Call { op, params }
    } else {
        Recognised::AsIs(op)
    }
}

/// The library's name of the parameter sent as `wire` (itself, or the alias sent under it).
fn param_name(op: &Operation, wire: &str) -> String {
    if op.params.iter().any(|p| p.name == wire) {
        return wire.to_string();
    }
    op.params.iter().find(|p| p.wire_name() == wire).map_or(wire, |p| p.name).to_string()
}

/// A path segment or query value as the parameter's kind takes it: numbers and booleans
/// from their text, lists from their JSON; text as it is.
fn typed(op: &Operation, name: &str, text: &str) -> Value {
    let kind = op.params.iter().find(|p| p.name == name).map(|p| p.kind);
    let json = || serde_json::from_str::<Value>(text).ok();
    match kind {
        Some(Kind::ServerId | Kind::Integer { .. } | Kind::OneOf(_) | Kind::Number) => {
            json().filter(Value::is_number).unwrap_or_else(|| Value::String(text.to_string()))
        }
        Some(Kind::Bool) => json().filter(Value::is_boolean).unwrap_or_else(|| Value::String(text.to_string())),
        Some(Kind::IntegerList | Kind::IdList | Kind::Object | Kind::StringMap) => {
            json().filter(|v| v.is_array() || v.is_object()).unwrap_or_else(|| Value::String(text.to_string()))
        }
        Some(Kind::IdOrInteger) => Value::String(text.to_string()),
        _ => Value::String(text.to_string()),
    }
}

/// `a=1&b=x%20y` as decoded pairs.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// A percent-decoded path segment (`+` stays a plus: that is a query's convention, not a path's).
fn decode(segment: &str) -> String {
    percent_encoding::percent_decode_str(segment).decode_utf8_lossy().into_owned()
}
