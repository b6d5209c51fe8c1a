//! v2 calls and dispatch: 911 calls, dispatch calls (units, notes, postal, primary, closing)
//! and dispatch templates, over the community's calls (`store::calls`), so that what one
//! route writes the others read (`get_calls_v2`, `get_current_call_v2`).
//!
//! Push events: `create_emergency_call_v2` sends `EVENT_911` (its page: "via API or in-CAD")
//! and `delete_emergency_call_v2` `EVENT_REMOVE_911` (its page does not exclude the API). The
//! dispatch writes send none: every `EVENT_DISPATCH_*` page says "This push event is not sent
//! triggered via the API" (the `/_mock/dispatch` control routes stand in for the CAD's).

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bind, not_found, number, unprocessable, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::calls::{emergency_event, now, Call};
use crate::store::units::{accounts, selected, targeted, TARGETS};
use crate::store::Community;

/// The call and dispatch routes: any JSON body, the path's server and account checked.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Json),
        &[
            ("get_calls_v2", |c, r| get_calls(c, r)),
            ("get_current_call_v2", |c, r| current_call(c, r)),
            ("create_emergency_call_v2", create_emergency),
            ("delete_emergency_call_v2", delete_emergency),
            ("create_dispatch_call_v2", |c, r| create_dispatch(c, r, false)),
            ("create_custom_dispatch_call_v2", |c, r| create_dispatch(c, r, true)),
            ("get_dispatch_templates_v2", |c, r| templates(c, r)),
            ("update_dispatch_call_v2", update_dispatch),
            ("attach_units_to_dispatch_call_v2", attach),
            ("detach_units_from_dispatch_call_v2", detach),
            ("set_dispatch_postal_v2", postal),
            ("set_dispatch_primary_v2", primary),
            ("add_dispatch_note_v2", note),
            ("close_dispatch_calls_v2", close),
        ],
    )
}

fn get_calls(community: &Community, request: &Request) -> Answer {
    let bad = |detail: String| unprocessable(detail, &request.instance);
    let closed_limit = number(&request.query, "closedLimit", 10).map_err(bad)? as usize;
    let closed_offset = number(&request.query, "closedOffset", 0).map_err(bad)? as usize;
    let kind = number(&request.query, "type", 100).map_err(bad)?;
    if ![0, 1, 100].contains(&kind) {
        return Err(unprocessable("The query parameter 'type' must be 0, 1 or 100.", &request.instance));
    }
    let on_server = |calls: &[Call]| -> Vec<Value> {
        calls.iter().filter(|c| c.server == request.server).map(|c| Value::Object(c.fields.clone())).collect()
    };
    let dispatch = if kind != 1 { on_server(&community.calls.dispatch) } else { Vec::new() };
    let emergency = if kind != 0 { on_server(&community.calls.emergency) } else { Vec::new() };
    let closed_all = if kind != 1 { on_server(&community.calls.closed) } else { Vec::new() };
    let closed: Vec<Value> = closed_all.iter().skip(closed_offset).take(closed_limit).cloned().collect();
    Ok(Json(json!({
        "ActiveCalls": dispatch,
        "EmergencyCalls": emergency,
        "ClosedCalls": closed,
        "ClosedCallCount": closed_all.len(),
    }))
    .into_response())
}

fn current_call(community: &Community, request: &Request) -> Answer {
    let ident = selected(community, request.path_param("accountUuid"));
    let call = ident.and_then(|ident| community.calls.dispatch.iter().find(|c| c.idents().contains(&ident)).map(Call::id));
    Ok(Json(json!({"IdentId": ident, "CallId": call})).into_response())
}

/// `metaData`, when given, must be an object of strings.
fn meta_data(body: &Map<String, Value>, instance: &str) -> Result<Value, Refusal> {
    match body.get("metaData") {
        None => Ok(json!({})),
        Some(Value::Object(meta)) if meta.values().all(Value::is_string) => Ok(Value::Object(meta.clone())),
        Some(_) => Err(unprocessable("The field 'metaData' must be an object of string values.", instance)),
    }
}

fn require<'a>(
    body: &'a Map<String, Value>,
    name: &str,
    check: fn(&Value) -> bool,
    what: &str,
    instance: &str,
) -> Result<&'a Value, Refusal> {
    body.get(name)
        .filter(|v| check(v))
        .ok_or_else(|| unprocessable(format!("The field '{name}' is required and must be {what}."), instance))
}

fn create_emergency(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let is_emergency = require(body, "isEmergency", Value::is_boolean, "true or false", instance)?.clone();
    let mut fields = Map::new();
    fields.insert("isEmergency".into(), is_emergency);
    for name in ["caller", "location", "description"] {
        fields.insert(name.into(), require(body, name, Value::is_string, "a string", instance)?.clone());
    }
    fields.insert("metaData".into(), meta_data(body, instance)?);
    let call = community.calls.add_emergency(request.server, fields);
    // EVENT_911 is sent for calls placed "via API or in-CAD".
    let event = emergency_event(&call, &Map::new());
    community.outbox.push((request.server, "EVENT_911".into(), event));
    Ok(Json(Value::Object(call)).into_response())
}

fn delete_emergency(community: &mut Community, request: &Request) -> Answer {
    let id: Option<i64> = request.path_param("callId").parse().ok();
    let calls = &mut community.calls.emergency;
    let Some(index) = calls.iter().position(|c| c.server == request.server && Some(c.id()) == id) else {
        return Err(not_found(format!("Call {} was not found.", request.path_param("callId")), &request.instance));
    };
    let removed = calls.remove(index);
    // EVENT_REMOVE_911's page does not exclude the API (the dispatch events' pages do).
    community.outbox.push((removed.server, "EVENT_REMOVE_911".into(), json!([{"callIds": [removed.id()]}])));
    Ok(Json(json!({"callId": removed.id(), "serverId": removed.server})).into_response())
}

/// The identifiers a dispatch create names: communityUserIds, accounts, roblox, discord
/// (each account's selected unit), and for custom calls also identIds, accountUuid and
/// communityUserId. `None` when no target property was given at all.
fn create_targets(community: &Community, body: &Map<String, Value>) -> Option<Vec<i64>> {
    let mut given = false;
    let mut idents = Vec::new();
    for key in ["communityUserIds", "communityUserId", "accounts", "accountUuid", "roblox", "discord"] {
        if let Some(value) = body.get(key) {
            given = true;
            for acc_id in accounts(community, key, value) {
                idents.extend(selected(community, &acc_id));
            }
        }
    }
    if let Some(ids) = body.get("identIds").and_then(Value::as_array) {
        given = true;
        idents.extend(ids.iter().filter_map(Value::as_i64).filter(|id| community.identifiers.iter().any(|i| i.id == *id && i.online())));
    }
    idents.dedup();
    given.then_some(idents)
}

fn create_dispatch(community: &mut Community, request: &Request, custom: bool) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let mut fields = Map::new();
    let call_id = community.calls.next_id();
    fields.insert("callId".into(), json!(call_id));
    let mut extra = Map::new();
    if custom {
        let template_id = require(body, "templateId", Value::is_i64, "an integer", instance)?.as_i64();
        let Some(template) = community.calls.templates.iter().find(|t| t["templateId"].as_i64() == template_id).cloned() else {
            return Err(not_found(format!("Dispatch template {} was not found.", template_id.unwrap_or(0)), instance));
        };
        let values = require(body, "values", Value::is_object, "an object", instance)?.as_object().cloned().unwrap_or_default();
        let template_fields: Vec<&Value> =
            template["sections"].as_array().into_iter().flatten().flat_map(|s| s["fields"].as_array().into_iter().flatten()).collect();
        if let Some(unknown) = values.keys().find(|k| !template_fields.iter().any(|f| f["uid"] == **k)) {
            return Err(unprocessable(format!("Unknown template field '{unknown}'."), instance));
        }
        let status_id = values.get("status").and_then(Value::as_str).unwrap_or_default().to_string();
        let Some(option) = template["statusOptions"].as_array().into_iter().flatten().find(|o| o["id"] == status_id.as_str()) else {
            return Err(unprocessable("The value 'status' must be the id of one of the template's status options.", instance));
        };
        if let Some(priority) = values.get("priority") {
            let field = template_fields.iter().find(|f| f["uid"] == "priority");
            if !field.is_some_and(|f| f["options"].as_array().is_some_and(|o| o.contains(priority))) {
                return Err(unprocessable("The value 'priority' must be one of the field's options.", instance));
            }
        }
        fields.insert("origin".into(), json!(0));
        fields.insert("status".into(), option["status"].clone());
        fields.insert("priority".into(), values.get("priority").cloned().unwrap_or(json!("")));
        for key in ["block", "address", "postal", "title"] {
            fields.insert(key.into(), json!(""));
        }
        fields.insert("code".into(), values.get("code").cloned().unwrap_or(json!("")));
        fields.insert("description".into(), values.get("description").cloned().unwrap_or(json!("")));
        extra.insert("template".into(), template);
        extra.insert("values".into(), Value::Object(values));
        extra.insert("statusId".into(), json!(status_id));
    } else {
        let is_enum = |v: &Value, allowed: &[i64]| v.as_i64().is_some_and(|n| allowed.contains(&n));
        for (name, allowed) in [("origin", &[0, 1, 2, 3][..]), ("status", &[0, 1, 2][..])] {
            match body.get(name) {
                Some(v) if is_enum(v, allowed) => fields.insert(name.into(), v.clone()),
                _ => return Err(unprocessable(format!("The field '{name}' is required and must be one of {allowed:?}."), instance)),
            };
        }
        fields.insert("priority".into(), require(body, "priority", Value::is_i64, "an integer", instance)?.clone());
        for key in ["block", "address", "postal"] {
            fields.insert(key.into(), body.get(key).cloned().unwrap_or(json!("")));
        }
        fields.insert("title".into(), require(body, "title", Value::is_string, "a string", instance)?.clone());
        for key in ["code", "description"] {
            fields.insert(key.into(), body.get(key).cloned().unwrap_or(json!("")));
        }
    }
    let Some(idents) = create_targets(community, body) else {
        return Err(unprocessable("Give at least one target: communityUserIds, accounts, roblox or discord ([] for none).", instance));
    };
    if custom && idents.is_empty() {
        return Err(unprocessable("At least one valid unit target is required.", instance));
    }
    let notes = match body.get("notes") {
        None => json!([]),
        Some(Value::Array(notes)) if notes.iter().all(Value::is_object) => json!(notes),
        Some(_) => return Err(unprocessable("The field 'notes' must be an array of note objects.", instance)),
    };
    fields.insert("primary".into(), json!(idents.first().copied().unwrap_or(0)));
    fields.insert("trackPrimary".into(), json!(false));
    fields.insert("notes".into(), notes);
    fields.insert("idents".into(), json!(idents));
    fields.insert("metaData".into(), meta_data(body, instance)?);
    fields.extend(extra);
    // Its units leave any other call; a call created closed goes straight to the closed calls.
    // No push event: EVENT_DISPATCH_NEW "is not sent triggered via the API".
    let answer = community.calls.add_dispatch(Call { server: request.server, fields });
    Ok(Json(Value::Object(answer)).into_response())
}

fn templates(community: &Community, request: &Request) -> Answer {
    match request.path.get("templateId") {
        None => Ok(Json(&community.calls.templates).into_response()),
        Some(id) => community
            .calls
            .templates
            .iter()
            .find(|t| id.parse::<i64>().ok() == t["templateId"].as_i64())
            .map(|t| Json(t).into_response())
            .ok_or_else(|| not_found(format!("Dispatch template {id} was not found."), &request.instance)),
    }
}

/// The open dispatch call of the path, or a 404.
fn open_call<'a>(community: &'a mut Community, request: &Request) -> Result<&'a mut Call, Refusal> {
    let call_id = request.path_param("callId");
    community
        .calls
        .open(request.server, call_id)
        .ok_or_else(|| not_found(format!("Dispatch call {call_id} was not found."), &request.instance))
}

const EDITABLE: &[&str] =
    &["origin", "status", "priority", "block", "address", "postal", "title", "code", "description", "primary", "trackPrimary", "metaData"];

fn update_dispatch(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    if let Some(unknown) = body.keys().find(|k| !EDITABLE.contains(&k.as_str())) {
        return Err(unprocessable(format!("The field '{unknown}' cannot be updated."), &request.instance));
    }
    if body.contains_key("metaData") {
        meta_data(body, &request.instance)?;
    }
    let call = open_call(community, request)?;
    for (key, value) in body {
        call.fields.insert(key.clone(), value.clone());
    }
    call.touch();
    let (answer, closed, id) = (call.fields.clone(), call.fields["status"] == 2, call.id());
    if closed {
        if let Some(index) = community.calls.dispatch.iter().position(|c| c.id() == id) {
            community.calls.close(index);
        }
    }
    Ok(Json(Value::Object(answer)).into_response())
}

/// The identifiers a group name or one target of `body` names.
fn group_or_target(community: &Community, body: &Map<String, Value>, instance: &str) -> Result<Vec<i64>, Refusal> {
    let ids = match body.get("groupName") {
        Some(group) if body.keys().any(|k| TARGETS.contains(&k.as_str())) => {
            let _ = group;
            return Err(unprocessable("Give either groupName or one target.", instance));
        }
        Some(Value::String(group)) => community
            .identifiers
            .iter()
            .filter(|i| i.online() && i.data.get("group").and_then(Value::as_str) == Some(group))
            .map(|i| i.id)
            .collect(),
        Some(_) => return Err(unprocessable("The field 'groupName' must be a string.", instance)),
        None => targeted(community, body).map_err(|detail| unprocessable(detail, instance))?,
    };
    if ids.is_empty() {
        return Err(not_found("No active identifiers matched the target.", instance));
    }
    Ok(ids)
}

fn attach(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let ids = group_or_target(community, body, &request.instance)?;
    let call_id = open_call(community, request)?.id();
    let index = community.calls.position(call_id).unwrap_or_default();
    // A unit is on one call at a time: it leaves the one it was on.
    community.calls.attach(index, &ids);
    Ok(Json(json!({"callId": call_id, "identIds": ids})).into_response())
}

fn detach(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let ids = group_or_target(community, body, &request.instance)?;
    let detached = community.calls.detach(&ids);
    if detached.is_empty() {
        return Err(not_found("None of these identifiers is attached to a dispatch call.", &request.instance));
    }
    Ok(Json(json!({"identIds": detached})).into_response())
}

fn postal(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let postal = require(body, "postal", Value::is_string, "a string", &request.instance)?.clone();
    let call = open_call(community, request)?;
    call.fields.insert("postal".into(), postal.clone());
    call.touch();
    Ok(Json(json!({"callId": call.id(), "postal": postal})).into_response())
}

fn primary(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let ident = require(body, "identId", Value::is_i64, "an integer", &request.instance)?.clone();
    let track = match body.get("trackPrimary") {
        None => false,
        Some(Value::Bool(track)) => *track,
        Some(_) => return Err(unprocessable("The field 'trackPrimary' must be true or false.", &request.instance)),
    };
    let call = open_call(community, request)?;
    if !call.idents().contains(&ident.as_i64().unwrap_or(0)) {
        return Err(unprocessable(format!("Identifier {ident} is not attached to call {}.", call.id()), &request.instance));
    }
    call.fields.insert("primary".into(), ident.clone());
    call.fields.insert("trackPrimary".into(), json!(track));
    call.touch();
    Ok(Json(json!({"callId": call.id(), "identId": ident, "trackPrimary": track})).into_response())
}

fn note(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let text = require(body, "note", |v| v.as_str().is_some_and(|s| !s.is_empty()), "a non-empty string", &request.instance)?.clone();
    let kind = body.get("noteType").cloned().unwrap_or(json!("text"));
    let label = body.get("label").cloned().unwrap_or(json!("Sonoran CAD"));
    let call = open_call(community, request)?;
    call.add_note(json!({"time": now(), "label": label, "type": kind, "content": text}));
    Ok(Json(json!({"callId": call.id(), "note": text})).into_response())
}

fn close(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let Some(ids) = body.get("callIds").and_then(Value::as_array).filter(|ids| !ids.is_empty() && ids.iter().all(Value::is_i64)) else {
        return Err(unprocessable("The field 'callIds' must be a non-empty array of call ids.", &request.instance));
    };
    let mut closed = Vec::new();
    for id in ids.iter().filter_map(Value::as_i64) {
        if let Some(index) = community.calls.dispatch.iter().position(|c| c.server == request.server && c.id() == id) {
            closed.push(community.calls.close(index));
        }
    }
    if closed.is_empty() {
        return Err(not_found("None of these dispatch calls is open.", &request.instance));
    }
    Ok(Json(json!({"callIds": closed})).into_response())
}
