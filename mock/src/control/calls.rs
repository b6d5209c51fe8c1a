//! Call changes made in the CAD: 911 calls placed and removed, dispatch calls created,
//! edited, closed, noted, and units attached and detached, each pushed as the CAD pushes it
//! (see the table in `control`). Dispatch calls are the ones `create_dispatch_call_v2`
//! makes, in the same store, so `get_calls_v2` shows them in `ActiveCalls`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

use super::{apply, configured, field, ident_list, known_fields, path_id, read_body, refuse, Change, Refused};
use crate::shared::Shared;
use crate::store::calls::{emergency_event, now, Call};
use crate::store::Community;

/// The call routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_mock/911", post(call_911))
        .route("/_mock/911/{callId}/remove", post(remove_911))
        .route("/_mock/dispatch", post(create))
        .route("/_mock/dispatch/{callId}/edit", post(edit))
        .route("/_mock/dispatch/{callId}/close", post(close))
        .route("/_mock/dispatch/{callId}/note", post(note))
        .route("/_mock/dispatch/{callId}/attach", post(attach))
        .route("/_mock/dispatch/{callId}/detach", post(detach))
}

/// `POST /_mock/911` with `{"serverId": 1, "caller", "location", "description",
/// "isEmergency"}` (optional `metaData`, and `apiIds` / `communityUserId` of the caller's
/// account, which the page sends for calls placed in the CAD): a 911 call placed in the CAD.
/// `get_calls_v2` shows it; sends `EVENT_911`; answers `{"call": ..., "event": outcome}`.
async fn call_911(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, Refused> {
    let (body, server) = read_body(&shared, &body)?;
    let mut fields = Map::new();
    fields.insert("isEmergency".into(), json!(body.get("isEmergency").and_then(Value::as_bool).unwrap_or(true)));
    for name in ["caller", "location", "description"] {
        fields.insert(name.into(), json!(body.get(name).and_then(Value::as_str).unwrap_or("")));
    }
    fields.insert("metaData".into(), body.get("metaData").filter(|m| m.is_object()).cloned().unwrap_or_else(|| json!({})));
    let mut extra = Map::new();
    for name in ["apiIds", "communityUserId"] {
        if let Some(value) = body.get(name) {
            extra.insert(name.into(), value.clone());
        }
    }
    apply(&shared, |community| {
        configured(community, server)?;
        let call = community.calls.add_emergency(server, fields);
        let data = emergency_event(&call, &extra);
        Ok(Change { server, answer: json!({"call": call}), events: vec![("EVENT_911", data)] })
    })
    .await
}

/// `POST /_mock/911/{callId}/remove`: the 911 call is removed in the CAD; sends
/// `EVENT_REMOVE_911` `[{"callIds": [id]}]` to its server; answers `{"callId", "serverId",
/// "event"}`.
async fn remove_911(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>) -> Result<Response, Refused> {
    let call_id = path_id("callId", &call_id)?;
    apply(&shared, |community| {
        let server = community.calls.remove_emergency(call_id).ok_or_else(|| refuse(404, format!("911 call {call_id} was not found.")))?;
        let data = json!([{"callIds": [call_id]}]);
        Ok(Change { server, answer: json!({"callId": call_id, "serverId": server}), events: vec![("EVENT_REMOVE_911", data)] })
    })
    .await
}

/// The fields of a dispatch call a create or an edit sets, in the order the call object has
/// them (after `callId`).
const TEXT_FIELDS: [&str; 6] = ["block", "address", "postal", "title", "code", "description"];

/// The dispatch call fields of `body` that are there, checked: `origin` 0-3, `status` 0 or
/// 1 (closing is its own route), `priority` and `primary` integers, the text fields strings,
/// `trackPrimary` true or false, `metaData` an object of strings.
fn call_fields(body: &Map<String, Value>) -> Result<Map<String, Value>, Refused> {
    let mut fields = Map::new();
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            fields.insert(name.into(), value);
        }
    };
    put("origin", field(body, "origin", "0, 1, 2 or 3 (ORIGIN)", |v| v.as_i64().filter(|n| (0..=3).contains(n)).map(Value::from))?);
    let statuses = "0 (PENDING) or 1 (ACTIVE); close a call with POST /_mock/dispatch/{callId}/close";
    put("status", field(body, "status", statuses, |v| v.as_i64().filter(|n| (0..=1).contains(n)).map(Value::from))?);
    put("priority", field(body, "priority", "an integer (1, 2 or 3)", |v| v.as_i64().map(Value::from))?);
    for name in TEXT_FIELDS {
        put(name, field(body, name, "a string", |v| v.as_str().map(Value::from))?);
    }
    put("primary", field(body, "primary", "an identifier id (a number)", |v| v.as_i64().map(Value::from))?);
    put("trackPrimary", field(body, "trackPrimary", "true or false", |v| v.as_bool().map(Value::from))?);
    let strings = |v: &Value| v.as_object().filter(|m| m.values().all(Value::is_string)).map(|m| Value::Object(m.clone()));
    put("metaData", field(body, "metaData", "an object of string values", strings)?);
    Ok(fields)
}

/// 404 for an unknown identifier of `ids`, 409 for an offline one.
fn online_units(community: &Community, ids: &[i64]) -> Result<(), Refused> {
    for id in ids {
        match community.identifiers.iter().find(|i| i.id == *id) {
            None => return Err(refuse(404, format!("Identifier {id} was not found."))),
            Some(i) if !i.online() => return Err(refuse(409, format!("Identifier {id} is offline: log it in first."))),
            Some(_) => {}
        }
    }
    Ok(())
}

/// The open dispatch call `call_id`'s place in the store, or a 404; a `serverId` the body
/// gives must be the call's.
fn open_call(community: &Community, call_id: i64, body: &Map<String, Value>, server: u64) -> Result<usize, Refused> {
    let index = community.calls.position(call_id).ok_or_else(|| refuse(404, format!("Dispatch call {call_id} is not open.")))?;
    let on = community.calls.dispatch[index].server;
    if body.get("serverId").is_some_and(|s| !s.is_null()) && on != server {
        return Err(refuse(404, format!("Dispatch call {call_id} is not on server {server}.")));
    }
    Ok(index)
}

/// The path's call id and the body, or a 400.
fn call_request(shared: &Shared, body: &Bytes, call_id: &str) -> Result<(Map<String, Value>, u64, i64), Refused> {
    let (body, server) = read_body(shared, body)?;
    Ok((body, server, path_id("callId", call_id)?))
}

/// `{"eventOriginIdent": origin, "dispatch": call}`, the data of `EVENT_DISPATCH_NEW` and
/// `EVENT_DISPATCH_EDIT`.
fn dispatch_event(origin: Option<i64>, call: &Map<String, Value>) -> Value {
    json!({"eventOriginIdent": origin, "dispatch": call})
}

/// `POST /_mock/dispatch` with `{"serverId"?, "origin"?: 0, "status"?: 1, "priority"?: 1,
/// "block"?, "address"?, "postal"?, "title"?: "New Call", "code"?, "description"?,
/// "metaData"?: {}, "idents"?: []}` (text fields `""` when missing): a dispatcher creates a
/// call in the CAD, stored as `create_dispatch_call_v2` stores one (`primary` its first unit,
/// `notes` `[]`; its units, online ones, leave any other call). Sends `EVENT_DISPATCH_NEW`
/// `{"eventOriginIdent": <first ident or null>, "dispatch": <the call as get_calls_v2 shows
/// it>}`; answers `{"call", "event"}`.
async fn create(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, Refused> {
    let (body, server) = read_body(&shared, &body)?;
    let mut known = vec!["serverId", "origin", "status", "priority", "metaData", "idents"];
    known.extend(TEXT_FIELDS);
    known_fields(&body, &known)?;
    let given = call_fields(&body)?;
    let idents = ident_list(&body, "idents")?.unwrap_or_default();
    apply(&shared, |community| {
        configured(community, server)?;
        online_units(community, &idents)?;
        let mut fields = Map::new();
        fields.insert("callId".into(), json!(community.calls.next_id()));
        let defaults = [("origin", json!(0)), ("status", json!(1)), ("priority", json!(1))];
        for (name, default) in defaults {
            fields.insert(name.into(), given.get(name).cloned().unwrap_or(default));
        }
        for name in TEXT_FIELDS {
            let default = if name == "title" { "New Call" } else { "" };
            fields.insert(name.into(), given.get(name).cloned().unwrap_or_else(|| json!(default)));
        }
        fields.insert("primary".into(), json!(idents.first().copied().unwrap_or(0)));
        fields.insert("trackPrimary".into(), json!(false));
        fields.insert("notes".into(), json!([]));
        fields.insert("idents".into(), json!(idents));
        fields.insert("metaData".into(), given.get("metaData").cloned().unwrap_or_else(|| json!({})));
        let call = community.calls.add_dispatch(Call { server, fields });
        let data = dispatch_event(idents.first().copied(), &call);
        Ok(Change { server, answer: json!({"call": call}), events: vec![("EVENT_DISPATCH_NEW", data)] })
    })
    .await
}

/// `POST /_mock/dispatch/{callId}/edit` with the fields to change (`origin`, `status` 0 or
/// 1, `priority`, `block`, `address`, `postal`, `title`, `code`, `description`, `primary`
/// (0 or an attached unit), `trackPrimary`, `metaData`): a dispatcher edits the open call.
/// Sends `EVENT_DISPATCH_EDIT` `{"eventOriginIdent": null, "dispatch": <the whole call>}`;
/// answers `{"call", "event"}`.
async fn edit(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, call_id) = call_request(&shared, &body, &call_id)?;
    let mut known = vec!["serverId", "origin", "status", "priority", "primary", "trackPrimary", "metaData"];
    known.extend(TEXT_FIELDS);
    known_fields(&body, &known)?;
    let changes = call_fields(&body)?;
    if changes.is_empty() {
        return Err(refuse(400, format!("Give a field to change: {}.", known[1..].join(", "))));
    }
    apply(&shared, |community| {
        let index = open_call(community, call_id, &body, server)?;
        let call = &mut community.calls.dispatch[index];
        if let Some(primary) = changes.get("primary").and_then(Value::as_i64) {
            if primary != 0 && !call.idents().contains(&primary) {
                return Err(refuse(409, format!("primary: identifier {primary} is not attached to call {call_id}.")));
            }
        }
        call.fields.extend(changes);
        call.touch();
        let (server, data) = (call.server, dispatch_event(None, &call.fields));
        Ok(Change { server, answer: json!({"call": call.fields}), events: vec![("EVENT_DISPATCH_EDIT", data)] })
    })
    .await
}

/// `POST /_mock/dispatch/{callId}/close`: a dispatcher closes the open call; it moves to
/// `ClosedCalls` (status 2) as `close_dispatch_calls_v2` moves it. Sends
/// `EVENT_DISPATCH_CLOSED` `{"eventOriginIdent": null, "callIds": [id]}`; answers `{"callId",
/// "call", "event"}`.
async fn close(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, call_id) = call_request(&shared, &body, &call_id)?;
    apply(&shared, |community| {
        let index = open_call(community, call_id, &body, server)?;
        let server = community.calls.dispatch[index].server;
        community.calls.close(index);
        let call = community.calls.closed.first().map(|c| c.fields.clone()).unwrap_or_default();
        let data = json!({"eventOriginIdent": null, "callIds": [call_id]});
        Ok(Change { server, answer: json!({"callId": call_id, "call": call}), events: vec![("EVENT_DISPATCH_CLOSED", data)] })
    })
    .await
}

/// `POST /_mock/dispatch/{callId}/note` with `{"content": "...", "label"?: "Sonoran CAD"}`:
/// a note on the open call, stored as `add_dispatch_note_v2` stores one (`{"time", "label",
/// "type": "text", "content"}`, appended to `notes`). Sends `EVENT_DISPATCH_NOTE`
/// `{"callId": id, "note": <the stored note>}`; answers `{"callId", "note", "event"}`.
async fn note(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, call_id) = call_request(&shared, &body, &call_id)?;
    let content = field(&body, "content", "a non-empty string", |v| v.as_str().filter(|s| !s.is_empty()).map(str::to_string))?;
    let Some(content) = content else { return Err(refuse(400, "content must be a non-empty string.")) };
    let label = field(&body, "label", "a string", |v| v.as_str().map(str::to_string))?.unwrap_or_else(|| "Sonoran CAD".into());
    apply(&shared, |community| {
        let index = open_call(community, call_id, &body, server)?;
        let call = &mut community.calls.dispatch[index];
        let note = json!({"time": now(), "label": label, "type": "text", "content": content});
        call.add_note(note.clone());
        let server = call.server;
        let data = json!({"callId": call_id, "note": note});
        Ok(Change { server, answer: json!({"callId": call_id, "note": note}), events: vec![("EVENT_DISPATCH_NOTE", data)] })
    })
    .await
}

/// The `idents` of an attach or detach: a non-empty list, or a 400.
fn idents_of(body: &Map<String, Value>) -> Result<Vec<i64>, Refused> {
    match ident_list(body, "idents")? {
        Some(ids) if !ids.is_empty() => Ok(ids),
        _ => Err(refuse(400, "idents must be a non-empty array of identifier ids (numbers).")),
    }
}

/// `POST /_mock/dispatch/{callId}/attach` with `{"idents": [...]}` (online units): attached
/// as `attach_units_to_dispatch_call_v2` attaches them (each leaves any other call first;
/// the first becomes primary when the call has none). Sends `EVENT_DISPATCH_UNIT_ATTACH`
/// `{"eventOriginIdent": null, "callId": id, "idents": [...]}`; answers `{"callId",
/// "idents", "call", "event"}`.
async fn attach(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, call_id) = call_request(&shared, &body, &call_id)?;
    let idents = idents_of(&body)?;
    apply(&shared, |community| {
        let index = open_call(community, call_id, &body, server)?;
        online_units(community, &idents)?;
        let call = community.calls.attach(index, &idents);
        let (server, answer) = (call.server, json!({"callId": call_id, "idents": idents, "call": call.fields}));
        let data = json!({"eventOriginIdent": null, "callId": call_id, "idents": idents});
        Ok(Change { server, answer, events: vec![("EVENT_DISPATCH_UNIT_ATTACH", data)] })
    })
    .await
}

/// `POST /_mock/dispatch/{callId}/detach` with `{"idents": [...]}` (units on this call; 409
/// for one that is not): taken off this call. Sends `EVENT_DISPATCH_UNIT_DETACH`
/// `{"eventOriginIdent": null, "callId": id, "idents": [...]}`; answers `{"callId",
/// "idents", "call", "event"}`.
async fn detach(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, call_id) = call_request(&shared, &body, &call_id)?;
    let idents = idents_of(&body)?;
    apply(&shared, |community| {
        let index = open_call(community, call_id, &body, server)?;
        for id in &idents {
            if !community.identifiers.iter().any(|i| i.id == *id) {
                return Err(refuse(404, format!("Identifier {id} was not found.")));
            }
            if !community.calls.dispatch[index].idents().contains(id) {
                return Err(refuse(409, format!("Identifier {id} is not attached to call {call_id}.")));
            }
        }
        community.calls.detach_from(index, &idents);
        let call = &community.calls.dispatch[index];
        let (server, answer) = (call.server, json!({"callId": call_id, "idents": idents, "call": call.fields}));
        let data = json!({"eventOriginIdent": null, "callId": call_id, "idents": idents});
        Ok(Change { server, answer, events: vec![("EVENT_DISPATCH_UNIT_DETACH", data)] })
    })
    .await
}
