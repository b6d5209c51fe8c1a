//! The `/_mock` control routes: what the mock has seen, faults set at run time, push events
//! on demand, dropping hub sessions, and changes made "in the CAD" (standing in for its web
//! UI, which the API cannot do), each of which the CAD reports to the game server with a push
//! event. (The map's stored configuration, link-code completion, panel actions pressed and
//! acknowledged, and FiveM configuration applied are their areas' routes.)
//!
//! | route | body | change | push event (`data`) |
//! |---|---|---|---|
//! | `POST /_mock/units/seed` | `{"count": N, "serverId"?}` (N 1-1000) | N new units on duty (each a new account; AVAILABLE, not dispatchers, `group` `""`); answers `{"identIds": [...]}` | none (they were on duty already) |
//! | `POST /_mock/units/{identId}/login` | `{"status"?: 2, "isDispatch"?, "serverId"?}` | the unit goes online (and becomes its account's selected unit) | `EVENT_UNIT_LOGIN` `[{"unit": <as get_units_v2 shows it>, "isDispatch": b, "selfDispatch": false}]` |
//! | `POST /_mock/units/{identId}/logout` | `{"serverId"?}` | status 100, panic off, off every call | `EVENT_UNIT_LOGOUT` `[{"identId": id}]` |
//! | `POST /_mock/units/{identId}/status` | `{"status": s, "serverId"?}` | the unit's status (online units; 100 is a logout) | `EVENT_UNIT_STATUS` `[{"identIds": [id], "status": s}]` |
//! | `POST /_mock/units/{identId}/panic` | `{"isPanic": b, "serverId"?}` | the online unit's panic | `EVENT_UNIT_PANIC` `[{"identIds": [id], "isPanic": b}]` |
//! | `POST /_mock/units/{identId}/group` | `{"groupName": "Ladder 61", "serverId"?}` | `data.group` | `EVENT_UNIT_GROUP_ADD` `{"identId": id, "groupName": name}` |
//! | the same | `{"groupName": null}` or `""` | `data.group` becomes `""` | `EVENT_UNIT_GROUP_REMOVE` `{"identId": id, "groupName": <old name>}` |
//! | `POST /_mock/groups/rename` | `{"oldName", "newName", "serverId"?}` | every unit of the group | `EVENT_UNIT_GROUP_CHANGE_NAME` `{"identIds": [...], "oldName", "newName"}` |
//! | `POST /_mock/dispatch` | `{"serverId"?, "origin"?, "status"?, "priority"?, "block"?, "address"?, "postal"?, "title"?, "code"?, "description"?, "metaData"?, "idents"?}` | a dispatch call as `create_dispatch_call_v2` makes it (its units leave other calls) | `EVENT_DISPATCH_NEW` `{"eventOriginIdent": <first ident or null>, "dispatch": <as get_calls_v2 shows it>}` |
//! | `POST /_mock/dispatch/{callId}/edit` | the fields to change | the open call | `EVENT_DISPATCH_EDIT` `{"eventOriginIdent": null, "dispatch": <the whole call>}` |
//! | `POST /_mock/dispatch/{callId}/close` | none | to `ClosedCalls` | `EVENT_DISPATCH_CLOSED` `{"eventOriginIdent": null, "callIds": [id]}` |
//! | `POST /_mock/dispatch/{callId}/note` | `{"content", "label"?}` | a note appended | `EVENT_DISPATCH_NOTE` `{"callId": id, "note": <the stored note>}` |
//! | `POST /_mock/dispatch/{callId}/attach` | `{"idents": [...]}` | attached (leaving other calls first) | `EVENT_DISPATCH_UNIT_ATTACH` `{"eventOriginIdent": null, "callId": id, "idents": [...]}` |
//! | `POST /_mock/dispatch/{callId}/detach` | `{"idents": [...]}` | taken off this call | `EVENT_DISPATCH_UNIT_DETACH` `{"eventOriginIdent": null, "callId": id, "idents": [...]}` |
//! | `POST /_mock/911` | `{"caller", "location", "description", "isEmergency", "metaData"?, "apiIds"?, "communityUserId"?, "serverId"?}` | a 911 call | `EVENT_911` |
//! | `POST /_mock/911/{callId}/remove` | none | the 911 call removed | `EVENT_REMOVE_911` `[{"callIds": [id]}]` |
//!
//! `EVENT_DISPATCH_NEW` and `EVENT_DISPATCH_EDIT` carry an object: their pages put the
//! key/value pairs in brackets (not JSON; the catalog's example reads them as a list of one
//! object, which clients read alike).
//!
//! `serverId` (a number or numeric string) defaults to the community's first server; a
//! dispatch call's events go to its own server. Each answers 200 with what changed and
//! `"event"`: the push's outcome (`{"via": "websocket", "sessions": n}`, `{"via": "http",
//! ...}`, or `{"error": ...}`: the change stands all the same). Unknown identifiers, calls,
//! groups or servers answer 404 `{"error": ...}`; a body that does not fit 400 naming the
//! field; a change the unit's state does not allow (logging in an online unit, the status or
//! panic of an offline one, attaching an offline one) 409.
//!
//! Changes made through the API push what the pages say the CAD pushes for them:
//! `set_unit_status_v2`, `set_unit_panic_v2`, `kick_unit_v2` (`EVENT_UNIT_LOGOUT` per unit),
//! `add_identifiers_to_group_v2` and v1 `IDENTS_TO_GROUP` (group add/remove per unit whose
//! group changed), `create_emergency_call_v2` and `delete_emergency_call_v2`; dispatch writes
//! through the API push nothing, as every `EVENT_DISPATCH_*` page says ("not sent triggered
//! via the API").
//!
//! Events leave in the order of the changes, per server (see `Shared::queue`): every route
//! queues its events while it holds the community's lock. With no hub session for the server
//! (after `POST /_mock/hub/drop`, during an outage), an event goes to the server's HTTP
//! listener; with none there to take it, it is not kept: it counts as `failed` in
//! `/_mock/stats` (`events.last` says why) and the route's `event` is `{"error": ...}`.

mod calls;
mod units;

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::faults::Fault;
use crate::push::{events, EmitError};
use crate::shared::{Queued, Shared};
use crate::store::Community;

/// The control routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_mock/stats", get(stats))
        .route("/_mock/fault", post(set_fault).delete(clear_faults))
        .route("/_mock/hub/drop", post(drop_hub))
        .route("/_mock/events/emit", post(emit))
        .route("/_mock/events/types", get(types))
        .merge(units::routes())
        .merge(calls::routes())
}

/// `GET /_mock/stats`: what the mock has seen, for benchmarks and curious users.
async fn stats(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({
        "requests": shared.requests.load(Ordering::SeqCst),
        "routes": serde_json::to_value(&*shared.routes.lock().unwrap_or_else(|e| e.into_inner())).unwrap_or_default(),
        "connections": shared.connections.load(Ordering::SeqCst),
        "general": shared.community().general.stats(),
        "hubSessions": shared.push.hub.authenticated(),
        "events": events_stats(&shared),
    }))
}

/// What `/_mock/stats` shows of push events: `{"sent", "failed", "last", "queued"}` (`queued`:
/// waiting in the servers' queues, or being sent).
fn events_stats(shared: &Shared) -> Value {
    let mut stats = shared.push.stats();
    stats["queued"] = json!(shared.queued.load(Ordering::SeqCst));
    stats
}

/// `POST /_mock/fault?endpoint=NAME` with a fault spec as the body (the `--fault` form
/// after `NAME=`) sets a fault at run time, for hosts that cannot reach the mock in-process
/// (the C and Lua tests); `DELETE /_mock/fault` clears every fault.
async fn set_fault(State(shared): State<Arc<Shared>>, Query(query): Query<HashMap<String, String>>, body: String) -> Response {
    let Some(endpoint) = query.get("endpoint") else {
        return (StatusCode::BAD_REQUEST, "give ?endpoint=<operation name>").into_response();
    };
    match Fault::parse(body.trim()) {
        Ok(fault) => {
            shared.faults.set(endpoint, fault);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, e).into_response(),
    }
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> StatusCode {
    shared.faults.clear();
    StatusCode::NO_CONTENT
}

/// `{"error": message}` with `status`.
fn error(status: u16, message: impl Into<String>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    (status, Json(json!({"error": message.into()}))).into_response()
}

impl IntoResponse for EmitError {
    fn into_response(self) -> Response {
        error(self.status, self.message)
    }
}

/// A control route's refusal: answered `{"error": message}` with `status`.
pub(super) struct Refused {
    status: u16,
    message: String,
}

/// A [`Refused`].
pub(super) fn refuse(status: u16, message: impl Into<String>) -> Refused {
    Refused { status, message: message.into() }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        error(self.status, self.message)
    }
}

/// [`read`], refusing with a 400.
pub(super) fn read_body(shared: &Shared, body: &Bytes) -> Result<(Map<String, Value>, u64), Refused> {
    read(shared, body).map_err(|message| refuse(400, message))
}

/// The body as a JSON object (an empty body is an empty object) and its `serverId` (a
/// number or numeric string; else the community's first server), or why not.
fn read(shared: &Shared, body: &Bytes) -> Result<(Map<String, Value>, u64), &'static str> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice(body) {
            Ok(Value::Object(map)) => map,
            _ => return Err("The body must be a JSON object."),
        }
    };
    let server = match body.get("serverId") {
        None | Some(Value::Null) => shared.community().default_server_id(),
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0),
        Some(Value::String(s)) if s.trim().parse::<u64>().is_ok() => s.trim().parse().unwrap_or(0),
        Some(_) => return Err("serverId must be a positive integer."),
    };
    Ok((body, server))
}

/// An emission's outcome, or `{"error": ...}` (kept in the route's answer, which does not
/// fail because of it).
fn outcome(result: Result<Value, EmitError>) -> Value {
    result.unwrap_or_else(|e| json!({"error": e.message}))
}

/// `POST /_mock/events/emit` with `{"serverId": 1, "type": "EVENT_911", "data": ...}`
/// (`data` optional: the page's example) or `{"serverId": 1, "all": true}`: 200 with the
/// outcome (a list of them for `all`), else 4xx/502 `{"error": ...}`.
async fn emit(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let (body, server) = match read(&shared, &body) {
        Ok(read) => read,
        Err(message) => return error(400, message),
    };
    if body.get("all").and_then(Value::as_bool) == Some(true) {
        return match shared.emit_all(server).await {
            Ok(outcomes) => Json(Value::Array(outcomes)).into_response(),
            Err(e) => e.into_response(),
        };
    }
    let Some(event_type) = body.get("type").and_then(Value::as_str).filter(|t| !t.is_empty()) else {
        return error(400, "Give the event \"type\" (see GET /_mock/events/types), or \"all\": true.");
    };
    let data = body.get("data").filter(|d| !d.is_null()).cloned();
    match shared.emit(server, event_type, data).await {
        Ok(outcome) => Json(outcome).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /_mock/events/types`: the catalog's event types, in order.
async fn types() -> Json<Vec<&'static str>> {
    Json(events::types())
}

/// `POST /_mock/hub/drop`: closes every hub connection abruptly; `{"dropped": N}`. With
/// `{"forMs": N}` the hub also refuses new connections (503) for that long: an outage.
async fn drop_hub(State(shared): State<Arc<Shared>>, body: String) -> Json<Value> {
    let down_ms = serde_json::from_str::<Value>(&body).ok().and_then(|b| b["forMs"].as_u64()).unwrap_or(0);
    if down_ms > 0 {
        shared.push.hub.refuse_for(std::time::Duration::from_millis(down_ms));
    }
    let dropped = shared.push.hub.drop_all();
    Json(if down_ms > 0 { json!({"dropped": dropped, "downMs": down_ms}) } else { json!({"dropped": dropped}) })
}

/// What a control route changed: the server its events go to, its answer (an object), and
/// its push events (type, data), in order.
pub(super) struct Change {
    pub server: u64,
    pub answer: Value,
    pub events: Vec<(&'static str, Value)>,
}

/// Runs `change` on the community, queues its events (while the community is still locked:
/// in the order of the changes), then waits for them to be sent; answers the change's answer
/// with `"event"`, the outcome of its event (`"events"` when there are several), or the
/// refusal `change` answered (nothing queued).
pub(super) async fn apply(shared: &Shared, change: impl FnOnce(&mut Community) -> Result<Change, Refused>) -> Result<Response, Refused> {
    let (mut answer, queued) = {
        let mut community = shared.community();
        let change = change(&mut community)?;
        let queued: Vec<Queued> =
            change.events.into_iter().map(|(event_type, data)| shared.queue(change.server, event_type, Some(data))).collect();
        (change.answer, queued)
    };
    let mut outcomes = Vec::new();
    for queued in queued {
        outcomes.push(outcome(queued.outcome().await));
    }
    match outcomes.len() {
        0 => {}
        1 => answer["event"] = outcomes.remove(0),
        _ => answer["events"] = Value::Array(outcomes),
    }
    Ok(Json(answer).into_response())
}

/// 404 unless `server` is configured.
pub(super) fn configured(community: &Community, server: u64) -> Result<(), Refused> {
    match community.has_server(server) {
        true => Ok(()),
        false => Err(refuse(404, format!("Server {server} is not configured."))),
    }
}

/// A path id (`identId`, `callId`) as a number, or a 400 naming it.
pub(super) fn path_id(name: &str, value: &str) -> Result<i64, Refused> {
    value.trim().parse().map_err(|_| refuse(400, format!("{name} must be a number.")))
}

/// Field `name` of `body`: absent or `null` is `None`, else what `take` makes of it, or a 400
/// saying that `name` must be `what`.
pub(super) fn field<T>(
    body: &Map<String, Value>,
    name: &str,
    what: &str,
    take: impl Fn(&Value) -> Option<T>,
) -> Result<Option<T>, Refused> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => take(value).map(Some).ok_or_else(|| refuse(400, format!("{name} must be {what}."))),
    }
}

/// Field `name` as a list of identifier ids (numbers), duplicates dropped (`None` when absent).
pub(super) fn ident_list(body: &Map<String, Value>, name: &str) -> Result<Option<Vec<i64>>, Refused> {
    let ids = field(body, name, "an array of identifier ids (numbers)", |v| {
        v.as_array()?.iter().map(Value::as_i64).collect::<Option<Vec<i64>>>()
    })?;
    Ok(ids.map(|ids| ids.iter().enumerate().filter(|(i, id)| !ids[..*i].contains(id)).map(|(_, id)| *id).collect()))
}

/// 400 naming the first key of `body` not in `allowed`.
pub(super) fn known_fields(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), Refused> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(refuse(400, format!("Unknown field '{unknown}' (known: {}).", allowed.join(", ")))),
        None => Ok(()),
    }
}
