//! The `/_mock` control routes: what the mock has seen, faults set at run time, push events
//! on demand, dropping hub sessions, and changes made "in the CAD" (standing in for its web
//! UI) that the CAD reports to the game server with a push event: a unit's status, a 911
//! call placed or removed. (The map's stored configuration, link-code completion, panel
//! actions pressed and acknowledged, and FiveM configuration applied are their areas' routes.)

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::faults::Fault;
use crate::push::{events, EmitError};
use crate::shared::Shared;
use crate::store::calls::emergency_event;

/// The control routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_mock/stats", get(stats))
        .route("/_mock/fault", post(set_fault).delete(clear_faults))
        .route("/_mock/hub/drop", post(drop_hub))
        .route("/_mock/events/emit", post(emit))
        .route("/_mock/events/types", get(types))
        .route("/_mock/units/{identId}/status", post(unit_status))
        .route("/_mock/911", post(call_911))
        .route("/_mock/911/{callId}/remove", post(remove_911))
}

/// `GET /_mock/stats`: what the mock has seen, for benchmarks and curious users.
async fn stats(State(shared): State<Arc<Shared>>) -> Json<Value> {
    Json(json!({
        "requests": shared.requests.load(Ordering::SeqCst),
        "routes": serde_json::to_value(&*shared.routes.lock().unwrap_or_else(|e| e.into_inner())).unwrap_or_default(),
        "connections": shared.connections.load(Ordering::SeqCst),
        "general": shared.community().general.stats(),
        "hubSessions": shared.push.hub.authenticated(),
        "events": shared.push.stats(),
    }))
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

/// `POST /_mock/units/{identId}/status` with `{"status": 2}` (optional `serverId`, else the
/// first server): a dispatcher changes the unit's status in the CAD. Sends
/// `EVENT_UNIT_STATUS` `[{"identIds": [id], "status": 2}]`; answers
/// `{"identId", "status", "event": outcome}`.
async fn unit_status(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Response {
    let (body, server) = match read(&shared, &body) {
        Ok(read) => read,
        Err(message) => return error(400, message),
    };
    let Some(status) = body.get("status").and_then(Value::as_i64) else {
        return error(400, "status must be a UNIT_STATUS number (0 UNAVAILABLE ... 4 ON_SCENE, 100 OFFLINE).");
    };
    let Ok(ident) = ident.parse::<i64>() else { return error(400, "identId must be a number.") };
    {
        let mut community = shared.community();
        let Some(identifier) = community.identifiers.iter_mut().find(|i| i.id == ident) else {
            return error(404, format!("Identifier {ident} was not found."));
        };
        identifier.status = status;
    }
    let data = json!([{"identIds": [ident], "status": status}]);
    let event = outcome(shared.emit(server, "EVENT_UNIT_STATUS", Some(data)).await);
    Json(json!({"identId": ident, "status": status, "event": event})).into_response()
}

/// `POST /_mock/911` with `{"serverId": 1, "caller", "location", "description",
/// "isEmergency"}` (optional `metaData`, and `apiIds` / `communityUserId` of the caller's
/// account, which the page sends for calls placed in the CAD): a 911 call placed in the CAD.
/// `get_calls_v2` shows it; sends `EVENT_911`; answers `{"call": ..., "event": outcome}`.
async fn call_911(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let (body, server) = match read(&shared, &body) {
        Ok(read) => read,
        Err(message) => return error(400, message),
    };
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
    let call = {
        let mut community = shared.community();
        if !community.has_server(server) {
            return error(404, format!("Server {server} is not configured."));
        }
        community.calls.add_emergency(server, fields)
    };
    let data = emergency_event(&call, &extra);
    let event = outcome(shared.emit(server, "EVENT_911", Some(data)).await);
    Json(json!({"call": call, "event": event})).into_response()
}

/// `POST /_mock/911/{callId}/remove`: the 911 call is removed in the CAD; sends
/// `EVENT_REMOVE_911` `[{"callIds": [id]}]` to its server; answers `{"callId", "event"}`.
async fn remove_911(State(shared): State<Arc<Shared>>, Path(call_id): Path<String>) -> Response {
    let Ok(call_id) = call_id.parse::<i64>() else { return error(400, "callId must be a number.") };
    let Some(server) = shared.community().calls.remove_emergency(call_id) else {
        return error(404, format!("911 call {call_id} was not found."));
    };
    let data = json!([{"callIds": [call_id]}]);
    let event = outcome(shared.emit(server, "EVENT_REMOVE_911", Some(data)).await);
    Json(json!({"callId": call_id, "serverId": server, "event": event})).into_response()
}
