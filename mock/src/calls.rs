//! v2 calls and dispatch: 911 calls, dispatch calls (units, notes, postal, primary, closing)
//! and dispatch templates, kept per game server in the community, so that what one route
//! writes the others read (`get_calls_v2`, `get_current_call_v2`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::{Extension, Json};
use serde_json::{json, Map, Value};

use crate::routes::Operation;
use crate::server::{Community, Shared};
use crate::units::{accounts, selected, targeted};
use crate::v2::{authorize, check_account, check_server, not_found_problem, number, unprocessable};

/// One call, on one game server.
#[derive(Debug, Clone)]
pub struct Call {
    /// The server it is on.
    pub server: u64,
    /// The call object as the pages show it (`callId` first).
    pub fields: Map<String, Value>,
}

impl Call {
    fn id(&self) -> i64 {
        self.fields.get("callId").and_then(Value::as_i64).unwrap_or(0)
    }

    fn idents(&self) -> Vec<i64> {
        self.fields.get("idents").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    }

    fn touch(&mut self) {
        self.fields.insert("updated".into(), json!(now()));
    }
}

/// The community's calls and dispatch templates.
#[derive(Debug, Clone)]
pub struct Calls {
    next_id: i64,
    /// Open dispatch calls (`ActiveCalls`).
    pub dispatch: Vec<Call>,
    /// 911 calls (`EmergencyCalls`).
    pub emergency: Vec<Call>,
    /// Closed dispatch calls, newest first (`ClosedCalls`).
    pub closed: Vec<Call>,
    /// Dispatch templates, as `get_dispatch_templates_v2` answers them.
    pub templates: Vec<Value>,
}

impl Calls {
    /// No calls, and the dispatch template of the pages' example.
    pub fn seeded() -> Calls {
        let field = |uid: &str, label: &str, kind: &str, binding: Option<&str>, options: Value| json!({"uid": uid, "label": label, "type": kind, "binding": binding, "required": binding.is_some(), "size": 6, "options": options});
        let template = json!({
            "templateId": 1,
            "name": "UK Control Room",
            "version": 2,
            "isDefault": true,
            "statusOptions": [
                { "id": "awaiting_deployment", "label": "Awaiting Deployment", "status": 0 },
                { "id": "deployed", "label": "Deployed", "status": 1 },
                { "id": "resolved", "label": "Resolved", "status": 2 }
            ],
            "sections": [
                {
                    "uid": "call_source", "label": "Call Source", "icon": "fas fa-broadcast-tower", "size": 6,
                    "fields": [
                        field("status", "Status", "select", Some("status"), json!([])),
                        field("priority", "Grade", "select", None, json!(["Immediate", "Priority", "Scheduled"])),
                        field("code", "Incident Code", "text", None, json!([])),
                        field("caller_name", "Caller Name", "text", None, json!([])),
                        field("description", "Description", "textarea", Some("description"), json!([])),
                        field("units", "Units", "units", Some("units"), json!([])),
                    ]
                }
            ]
        });
        Calls { next_id: 1000, dispatch: Vec::new(), emergency: Vec::new(), closed: Vec::new(), templates: vec![template] }
    }

    fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Removes `idents` from every open dispatch call; answers the ones that were attached.
    pub fn detach(&mut self, idents: &[i64]) -> Vec<i64> {
        let mut detached = Vec::new();
        for call in &mut self.dispatch {
            let before = call.idents();
            let after: Vec<i64> = before.iter().copied().filter(|i| !idents.contains(i)).collect();
            if after.len() != before.len() {
                detached.extend(before.iter().filter(|i| idents.contains(i)));
                call.fields.insert("idents".into(), json!(after));
                call.touch();
            }
        }
        detached.sort_unstable();
        detached.dedup();
        detached
    }

    fn open(&mut self, server: u64, call_id: &str) -> Option<&mut Call> {
        let id: i64 = call_id.parse().ok()?;
        self.dispatch.iter_mut().find(|c| c.server == server && c.id() == id)
    }

    /// Closes the open call at `index`.
    fn close(&mut self, index: usize) -> i64 {
        let mut call = self.dispatch.remove(index);
        call.fields.insert("status".into(), json!(2));
        call.touch();
        let id = call.id();
        self.closed.insert(0, call);
        id
    }
}

/// Now as RFC 3339 UTC (`2026-04-08T21:30:00Z`).
fn now() -> String {
    crate::v2::rfc3339(crate::v2::unix_now())
}

/// A request on one of these routes, authorized, its server checked.
pub(crate) struct Request {
    /// The path parameters.
    pub path: HashMap<String, String>,
    /// The query parameters.
    pub query: HashMap<String, String>,
    /// The JSON body (`null` when empty).
    pub body: Value,
    /// The request path, for problem documents.
    pub instance: String,
    /// The path's `serverId`, checked, or the community's first server.
    pub server: u64,
}

impl Request {
    /// The body as an object, or a 422.
    pub fn object(&self) -> Result<&Map<String, Value>, Response> {
        self.body.as_object().ok_or_else(|| unprocessable("The request body must be a JSON object.", &self.instance))
    }

    fn path_param(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }
}

/// What an operation answers: its response, or a problem document.
pub(crate) type Answer = Result<Response, Response>;

/// An area's operations (`calls`, `units`, `map`, `records`): the answer to the operation
/// named, over the community (locked) and the authorized request.
pub(crate) type Dispatch = fn(&str, &mut Community, &Request) -> Answer;

/// The route handler of the JSON v2 routes: authorizes and reads the request
/// ([`request`]), then `dispatch` answers it with the community locked.
pub(crate) fn routed(method: MethodFilter, dispatch: Dispatch) -> MethodRouter<Arc<Shared>> {
    on(
        method,
        move |State(shared): State<Arc<Shared>>,
              path: Option<Path<HashMap<String, String>>>,
              Query(query): Query<HashMap<String, String>>,
              headers: HeaderMap,
              Extension(operation): Extension<Operation>,
              uri: Uri,
              body: Bytes| async move {
            let request = match request(&shared, path, query, &headers, operation, &uri, &body) {
                Ok(request) => request,
                Err(response) => return response,
            };
            let mut community = shared.community();
            let answer = dispatch(operation.0, &mut community, &request).unwrap_or_else(|response| response);
            // Push events the route caused go out once it has answered.
            let events = std::mem::take(&mut community.outbox);
            drop(community);
            crate::events::spawn(&shared, events);
            answer
        },
    )
}

/// Authorizes and reads a request: the key and the route's rate limit, the path's
/// `serverId` and `accountUuid`, and a JSON body (422 when it is not JSON).
pub(crate) fn request(
    shared: &Shared,
    path: Option<Path<HashMap<String, String>>>,
    query: HashMap<String, String>,
    headers: &HeaderMap,
    operation: Operation,
    uri: &Uri,
    body: &Bytes,
) -> Result<Request, Response> {
    let instance = uri.path().to_string();
    authorize(shared, headers, operation, &instance)?;
    let path = path.map(|Path(p)| p).unwrap_or_default();
    let server = match path.get("serverId") {
        Some(id) => check_server(shared, id, &instance)?,
        None => shared.community().default_server_id(),
    };
    if let Some(account) = path.get("accountUuid") {
        check_account(shared, account, &instance)?;
    }
    let body = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(body).map_err(|_| unprocessable("The request body must be JSON.", &instance))?
    };
    Ok(Request { path, query, body, instance, server })
}

/// The operations of this module, by name, over the community (locked) and the
/// authorized request ([`crate::calls::routed`] reads it).
pub(crate) fn answer(operation: &str, community: &mut Community, request: &Request) -> Answer {
    match operation {
        "get_calls_v2" => get_calls(community, request),
        "get_current_call_v2" => current_call(community, request),
        "create_emergency_call_v2" => create_emergency(community, request),
        "delete_emergency_call_v2" => delete_emergency(community, request),
        "create_dispatch_call_v2" => create_dispatch(community, request, false),
        "create_custom_dispatch_call_v2" => create_dispatch(community, request, true),
        "get_dispatch_templates_v2" => templates(community, request),
        "update_dispatch_call_v2" => update_dispatch(community, request),
        "attach_units_to_dispatch_call_v2" => attach(community, request),
        "detach_units_from_dispatch_call_v2" => detach(community, request),
        "set_dispatch_postal_v2" => postal(community, request),
        "set_dispatch_primary_v2" => primary(community, request),
        "add_dispatch_note_v2" => note(community, request),
        "close_dispatch_calls_v2" => close(community, request),
        other => Err(not_found_problem(format!("{other} is not a call route."), &request.instance)),
    }
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
fn meta_data(body: &Map<String, Value>, instance: &str) -> Result<Value, Response> {
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
) -> Result<&'a Value, Response> {
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
    let call = add_emergency(community, request.server, fields);
    // EVENT_911 is sent for calls placed "via API or in-CAD".
    let event = emergency_event(&call, &Map::new());
    community.outbox.push((request.server, "EVENT_911".into(), event));
    Ok(Json(Value::Object(call)).into_response())
}

/// Adds a 911 call on `server` with `fields` (its `callId` replaced by the next id);
/// answers the call object.
pub(crate) fn add_emergency(community: &mut Community, server: u64, mut fields: Map<String, Value>) -> Map<String, Value> {
    let mut call_fields = Map::new();
    call_fields.insert("callId".into(), json!(community.calls.next_id()));
    fields.remove("callId");
    call_fields.extend(fields);
    let mut call = Call { server, fields: call_fields };
    call.touch();
    community.calls.emergency.push(call.clone());
    call.fields
}

/// Removes 911 call `call_id` (of any server); answers its server.
pub(crate) fn remove_emergency(community: &mut Community, call_id: i64) -> Option<u64> {
    let index = community.calls.emergency.iter().position(|c| c.id() == call_id)?;
    Some(community.calls.emergency.remove(index).server)
}

/// `EVENT_911`'s data for `call`, as its page shows it: `[{"call": {callId, isEmergency,
/// caller, location, description}, "metaData": {...}}]`, plus `extra` (`apiIds`,
/// `communityUserId`: the page sends them for calls placed in the CAD).
pub(crate) fn emergency_event(call: &Map<String, Value>, extra: &Map<String, Value>) -> Value {
    let mut shown = Map::new();
    for name in ["callId", "isEmergency", "caller", "location", "description"] {
        shown.insert(name.into(), call.get(name).cloned().unwrap_or(Value::Null));
    }
    let mut entry = Map::new();
    entry.insert("call".into(), Value::Object(shown));
    entry.extend(extra.clone());
    entry.insert("metaData".into(), call.get("metaData").cloned().unwrap_or_else(|| json!({})));
    json!([entry])
}

fn delete_emergency(community: &mut Community, request: &Request) -> Answer {
    let id: Option<i64> = request.path_param("callId").parse().ok();
    let calls = &mut community.calls.emergency;
    let Some(index) = calls.iter().position(|c| c.server == request.server && Some(c.id()) == id) else {
        return Err(not_found_problem(format!("Call {} was not found.", request.path_param("callId")), &request.instance));
    };
    let removed = calls.remove(index);
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
            return Err(not_found_problem(format!("Dispatch template {} was not found.", template_id.unwrap_or(0)), instance));
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
    let mut call = Call { server: request.server, fields };
    call.touch();
    let answer = call.fields.clone();
    // A call created closed goes straight to the closed calls.
    community.calls.dispatch.push(call);
    if answer["status"] == 2 {
        let index = community.calls.dispatch.len() - 1;
        community.calls.close(index);
    }
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
            .ok_or_else(|| not_found_problem(format!("Dispatch template {id} was not found."), &request.instance)),
    }
}

/// The open dispatch call of the path, or a 404.
fn open_call<'a>(community: &'a mut Community, request: &Request) -> Result<&'a mut Call, Response> {
    let call_id = request.path_param("callId");
    community
        .calls
        .open(request.server, call_id)
        .ok_or_else(|| not_found_problem(format!("Dispatch call {call_id} was not found."), &request.instance))
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
fn group_or_target(community: &Community, body: &Map<String, Value>, instance: &str) -> Result<Vec<i64>, Response> {
    let ids = match body.get("groupName") {
        Some(group) if body.keys().any(|k| crate::units::TARGETS.contains(&k.as_str())) => {
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
        None => targeted(community, body, instance)?,
    };
    if ids.is_empty() {
        return Err(not_found_problem("No active identifiers matched the target.", instance));
    }
    Ok(ids)
}

fn attach(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let ids = group_or_target(community, body, &request.instance)?;
    let call = open_call(community, request)?;
    let mut idents = call.idents();
    for id in &ids {
        if !idents.contains(id) {
            idents.push(*id);
        }
    }
    if call.fields["primary"] == 0 {
        call.fields.insert("primary".into(), json!(idents[0]));
    }
    call.fields.insert("idents".into(), json!(idents));
    call.touch();
    Ok(Json(json!({"callId": call.id(), "identIds": ids})).into_response())
}

fn detach(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let ids = group_or_target(community, body, &request.instance)?;
    let detached = community.calls.detach(&ids);
    if detached.is_empty() {
        return Err(not_found_problem("None of these identifiers is attached to a dispatch call.", &request.instance));
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
    let entry = json!({"time": now(), "label": label, "type": kind, "content": text});
    match call.fields.get_mut("notes") {
        Some(Value::Array(notes)) => notes.push(entry),
        _ => {
            call.fields.insert("notes".into(), json!([entry]));
        }
    }
    call.touch();
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
        return Err(not_found_problem("None of these dispatch calls is open.", &request.instance));
    }
    Ok(Json(json!({"callIds": closed})).into_response())
}
