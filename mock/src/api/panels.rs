//! v2 integration panels, over `store::panels`: definitions (list, get, set, delete), each
//! instance's state, the recovery poll of pending actions and their acknowledgement, with the
//! pages' caps (50 active panels, 100 instances per panel and server, 128 KiB and 200 root
//! nodes a definition, 512 KiB a state, 32 KiB a result; `413` over a size cap, `409` for a
//! limit reached or a state before its panel, `400` for bad keys, definitions and results,
//! `404` for an unknown server, panel or action).
//!
//! The control routes stand in for the CAD's users: `POST /_mock/panels/actions` presses a
//! control (queues the action and pushes `EVENT_PANEL_<KEY>` to the game server, hub first,
//! else its listener); `GET /_mock/panels/actions` and `GET /_mock/panels/acks` show what
//! was queued and acknowledged.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bad_request, bind, not_found, number, problem, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::accounts::JOHN_UUID;
use crate::store::panels::{
    event_type, is_key, json_size, AckRefused, Action, Refused, MAX_DEFINITION_BYTES, MAX_INSTANCES, MAX_MESSAGE_CHARS, MAX_NAME_CHARS,
    MAX_PANELS, MAX_RESULT_BYTES, MAX_ROOT_NODES, MAX_SOUNDS, MAX_STATE_BYTES,
};
use crate::store::Community;

/// The largest body the panel routes read: above every cap, so that a state or definition
/// over its cap gets the cap's own 413.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The surfaces a definition may name.
const SURFACES: &[&str] = &["dispatch", "police", "fire", "ems"];

/// The panel routes and their control routes.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Ignored),
        &[
            ("get_integration_panels_v2", |c, _| list(c)),
            ("get_integration_panel_v2", |c, r| get_panel(c, r)),
            ("delete_integration_panel_v2", delete),
            ("get_integration_panel_actions_v2", |c, r| poll(c, r)),
        ],
    )
    .merge(bind(
        Reading::of(Body::Capped(MAX_BODY_BYTES)),
        &[
            ("set_integration_panel_v2", set),
            ("set_integration_panel_state_v2", set_state),
            ("acknowledge_integration_panel_action_v2", acknowledge),
        ],
    ))
    .route("/_mock/panels/actions", post(press).get(actions))
    .route("/_mock/panels/acks", get(acks))
}

fn too_large(detail: String, instance: &str) -> Refusal {
    problem(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large", detail, instance)
}

fn conflict(detail: String, instance: &str) -> Refusal {
    problem(StatusCode::CONFLICT, "Conflict", detail, instance)
}

fn no_panel(key: &str, instance: &str) -> Refusal {
    not_found(format!("Integration panel '{key}' was not found."), instance)
}

/// Why `key` is not a panel or instance key, naming `what`.
fn key_rule(what: &str) -> String {
    format!("{what} must be 2-80 lowercase letters, digits, dots, underscores or hyphens, starting with a letter or digit.")
}

/// The path's key `name`, when it follows the key pattern; else a 400.
fn path_key<'a>(request: &'a Request, name: &str) -> Result<&'a str, Refusal> {
    let key = request.path_param(name);
    if is_key(key) {
        Ok(key)
    } else {
        Err(bad_request(key_rule(&format!("The path parameter '{name}'")), &request.instance))
    }
}

/// `GET /v2/integration-panels`: every active panel with its instances.
fn list(community: &Community) -> Answer {
    Ok(Json(Value::Array(community.panels.list().map(|p| p.to_json()).collect())).into_response())
}

/// `GET /v2/integration-panels/{panelKey}`.
fn get_panel(community: &Community, request: &Request) -> Answer {
    let key = path_key(request, "panelKey")?;
    let panel = community.panels.active(key).ok_or_else(|| no_panel(key, &request.instance))?;
    Ok(Json(panel.to_json()).into_response())
}

/// `PUT /v2/integration-panels/{panelKey}` with `{"definition": {...}}`.
fn set(community: &mut Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let key = path_key(request, "panelKey")?;
    let definition = request.fields().get("definition").filter(|d| d.is_object());
    let definition = definition.ok_or_else(|| bad_request("The field 'definition' is required and must be an object.", instance))?;
    check_definition(key, definition, instance)?;
    match community.panels.set(key, definition.clone()) {
        Ok(panel) => Ok(Json(panel.to_json()).into_response()),
        Err(_) => Err(conflict(format!("The community already has {MAX_PANELS} active integration panels."), instance)),
    }
}

/// Checks a definition as the manifest reference describes it.
fn check_definition(panel_key: &str, definition: &Value, instance: &str) -> Result<(), Refusal> {
    let size = json_size(definition);
    if size > MAX_DEFINITION_BYTES {
        return Err(too_large(format!("The definition is {size} bytes; the limit is {MAX_DEFINITION_BYTES} (128 KiB)."), instance));
    }
    check_fields(panel_key, definition).map_err(|detail| bad_request(format!("Invalid definition: {detail}"), instance))
}

fn check_fields(panel_key: &str, definition: &Value) -> Result<(), String> {
    if definition.get("schemaVersion").and_then(Value::as_i64) != Some(1) {
        return Err("schemaVersion must be 1.".into());
    }
    if let Some(key) = definition.get("key") {
        if key.as_str() != Some(panel_key) {
            return Err(format!("key must equal the panelKey '{panel_key}'."));
        }
    }
    match definition.get("name").and_then(Value::as_str) {
        Some(name) if !name.trim().is_empty() && name.chars().count() <= MAX_NAME_CHARS => {}
        _ => return Err(format!("name is required: a string of 1-{MAX_NAME_CHARS} characters.")),
    }
    if definition.get("icon").is_some_and(|i| !i.is_string()) {
        return Err("icon must be a string.".into());
    }
    if let Some(surfaces) = definition.get("surfaces") {
        let ok = surfaces.as_array().is_some_and(|s| s.iter().all(|s| s.as_str().is_some_and(|s| SURFACES.contains(&s))));
        if !ok {
            return Err(format!("surfaces must be a list of {}.", SURFACES.join(", ")));
        }
    }
    if let Some(sounds) = definition.get("sounds") {
        let sounds = sounds.as_array().ok_or("sounds must be a list.")?;
        if sounds.len() > MAX_SOUNDS {
            return Err(format!("at most {MAX_SOUNDS} sounds ({} given).", sounds.len()));
        }
        for (i, sound) in sounds.iter().enumerate() {
            if ["id", "url"].iter().any(|k| sound.get(*k).and_then(Value::as_str).is_none_or(str::is_empty)) {
                return Err(format!("sounds[{i}] needs a string id and url."));
            }
        }
    }
    let body = definition.get("body").and_then(Value::as_array).ok_or("body is required and must be a list of nodes.")?;
    if body.len() > MAX_ROOT_NODES {
        return Err(format!("body has {} root nodes; at most {MAX_ROOT_NODES}.", body.len()));
    }
    body.iter().enumerate().try_for_each(|(i, node)| check_node(node, &format!("body[{i}]")))
}

/// A node is an object with a string `type`, its `children` (when given) nodes too.
fn check_node(node: &Value, at: &str) -> Result<(), String> {
    if node.get("type").and_then(Value::as_str).is_none_or(str::is_empty) {
        return Err(format!("{at} must be an object with a string type."));
    }
    match node.get("children") {
        None => Ok(()),
        Some(Value::Array(children)) => {
            children.iter().enumerate().try_for_each(|(i, child)| check_node(child, &format!("{at}.children[{i}]")))
        }
        Some(_) => Err(format!("{at}.children must be a list of nodes.")),
    }
}

/// `DELETE /v2/integration-panels/{panelKey}`: disables the panel (kept, with its instances).
fn delete(community: &mut Community, request: &Request) -> Answer {
    let key = path_key(request, "panelKey")?;
    if !community.panels.disable(key) {
        return Err(no_panel(key, &request.instance));
    }
    Ok(Json(json!({"key": key, "enabled": false})).into_response())
}

/// `PUT /v2/integration-panels/servers/{serverId}/panels/{panelKey}/instances/{instanceKey}/state`
/// with `{"state": {...}}`.
fn set_state(community: &mut Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let panel_key = path_key(request, "panelKey")?;
    let instance_key = path_key(request, "instanceKey")?;
    let state = request.fields().get("state").filter(|s| s.is_object());
    let state = state.ok_or_else(|| bad_request("The field 'state' is required and must be an object.", instance))?;
    let size = json_size(state);
    if size > MAX_STATE_BYTES {
        return Err(too_large(format!("The state is {size} bytes; the limit is {MAX_STATE_BYTES} (512 KiB)."), instance));
    }
    let server = request.server;
    match community.panels.set_state(server, panel_key, instance_key, state.clone()) {
        Ok(stored) => Ok(Json(json!({
            "panelKey": panel_key,
            "serverId": server,
            "instanceKey": stored.key,
            "state": stored.state,
            "revision": stored.revision,
            "updatedAt": stored.updated_at,
        }))
        .into_response()),
        Err(Refused::NoPanel) => {
            Err(conflict(format!("Integration panel '{panel_key}' does not exist: set its definition before its state."), instance))
        }
        Err(Refused::Full) => {
            Err(conflict(format!("Integration panel '{panel_key}' already has {MAX_INSTANCES} instances on server {server}."), instance))
        }
    }
}

/// `GET /v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions?after&limit`:
/// the pending actions after the cursor, and the cursor to poll after next (the last one
/// answered; `after` when none is).
fn poll(community: &Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let key = path_key(request, "panelKey")?;
    let after = number(&request.query, "after", 0).map_err(|detail| bad_request(detail, instance))?;
    let limit = match number(&request.query, "limit", 100) {
        Ok(limit) if (1..=100).contains(&limit) => limit as usize,
        _ => return Err(bad_request("The query parameter 'limit' must be between 1 and 100.", instance)),
    };
    if community.panels.active(key).is_none() {
        return Err(no_panel(key, instance));
    }
    let events = community.panels.pending(request.server, key, after, limit);
    let next = events.last().map_or(after, |a| a.cursor);
    Ok(Json(json!({"events": events.iter().map(|a| a.to_json()).collect::<Vec<_>>(), "nextCursor": next})).into_response())
}

/// `POST /v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions/{eventId}/ack`
/// with `{"success": true, "message"?, "result"?}`. Acknowledging again while the action
/// lives succeeds (and is counted) and keeps the first acknowledgement's result.
fn acknowledge(community: &mut Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let key = path_key(request, "panelKey")?;
    let event_id = request.path_param("eventId");
    if uuid::Uuid::try_parse(event_id).is_err() {
        return Err(bad_request("The path parameter 'eventId' must be a UUID.", instance));
    }
    let body = request.fields();
    let Some(success) = body.get("success").and_then(Value::as_bool) else {
        return Err(bad_request("The field 'success' is required and must be true or false.", instance));
    };
    let message = match body.get("message") {
        None | Some(Value::Null) => None,
        Some(Value::String(m)) if m.chars().count() <= MAX_MESSAGE_CHARS => Some(m.clone()),
        Some(_) => {
            return Err(bad_request(format!("The field 'message' must be a string of at most {MAX_MESSAGE_CHARS} characters."), instance))
        }
    };
    let result = match body.get("result") {
        None | Some(Value::Null) => None,
        Some(result @ Value::Object(_)) => {
            let size = json_size(result);
            if size > MAX_RESULT_BYTES {
                return Err(too_large(format!("The result is {size} bytes; the limit is {MAX_RESULT_BYTES} (32 KiB)."), instance));
            }
            Some(result.clone())
        }
        Some(_) => return Err(bad_request("The field 'result' must be an object.", instance)),
    };
    if community.panels.active(key).is_none() {
        return Err(no_panel(key, instance));
    }
    let server = request.server;
    match community.panels.acknowledge(server, key, event_id, success, message, result) {
        Ok(action) => {
            let ack = action.ack.as_ref();
            Ok(Json(json!({
                "panelKey": key,
                "serverId": server,
                "eventId": action.id,
                "success": ack.map(|a| a.success),
                "message": ack.and_then(|a| a.message.clone()),
            }))
            .into_response())
        }
        Err(AckRefused::Unknown) => {
            Err(not_found(format!("Action {event_id} was not found for panel '{key}' on server {server}."), instance))
        }
        Err(AckRefused::Expired) => Err(not_found(format!("Action {event_id} has expired."), instance)),
    }
}

/// `POST /_mock/panels/actions` with `{"serverId": 1, "panelKey": "doors", "instanceKey":
/// "mission-row", "actionId": "lock", "values": {...}}` (`serverId` defaults to the first
/// server, `instanceKey` to `default`, `values` to `{}`; `actorUuid` and `actorName` to
/// JohnDoe's): a CAD user presses a control of an active panel. Queues the action (polled
/// and acknowledged for the mock's `panel_action_lifetime`, 60 s) and sends it as the `data`
/// of `EVENT_PANEL_<PANEL KEY IN UPPER CASE>` to the server (its hub sessions, else its HTTP
/// listener); answers `{"action": {...}, "event": outcome}` (`{"error": ...}` when the push
/// failed: the action is queued all the same); with `"count": N` (at most 1000) it presses N
/// times, answering the last action and every `ids`. Refuses as the API does: 400 for bad fields,
/// 404 for an unknown server or panel, 413 for `values` over 32 KiB.
async fn press(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let instance = "/_mock/panels/actions";
    let bad = |detail: String| bad_request(detail, instance);
    let body: Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(Value::Object(body)) => body,
        _ if body.iter().all(u8::is_ascii_whitespace) => Map::new(),
        _ => return Err(bad("The body must be a JSON object.".into())),
    };
    let field = |name: &str| body.get(name).and_then(Value::as_str);
    let server = match body.get("serverId") {
        None | Some(Value::Null) => shared.community().default_server_id(),
        Some(id) => id
            .as_u64()
            .or_else(|| id.as_str().and_then(|s| s.trim().parse().ok()))
            .ok_or_else(|| bad("serverId must be a positive integer.".into()))?,
    };
    let panel_key = field("panelKey").unwrap_or("");
    if !is_key(panel_key) {
        return Err(bad(key_rule("panelKey")));
    }
    let instance_key = field("instanceKey").unwrap_or("default");
    if !is_key(instance_key) {
        return Err(bad(key_rule("instanceKey")));
    }
    let action_id = field("actionId").filter(|a| !a.is_empty()).ok_or_else(|| bad("actionId is required.".into()))?;
    let values = match body.get("values") {
        None | Some(Value::Null) => json!({}),
        Some(values @ Value::Object(_)) => values.clone(),
        Some(_) => return Err(bad("values must be an object.".into())),
    };
    let size = json_size(&values);
    if size > MAX_RESULT_BYTES {
        return Err(too_large(format!("The action's values are {size} bytes; the limit is {MAX_RESULT_BYTES} (32 KiB)."), instance));
    }
    let actor = (field("actorUuid").unwrap_or(JOHN_UUID), field("actorName").unwrap_or("John Doe"));
    // `count`: that many presses at once (a busy dispatch floor), each its own action.
    let count = match body.get("count") {
        None | Some(Value::Null) => 1,
        Some(n) => n.as_u64().filter(|n| (1..=MAX_PRESSES).contains(n)).ok_or_else(|| bad(format!("count must be 1-{MAX_PRESSES}.")))?,
    };
    let mut ids = Vec::new();
    let mut last = None;
    for _ in 0..count {
        let (action, queued) = {
            let mut community = shared.community();
            if !community.has_server(server) {
                return Err(not_found(format!("Server {server} is not configured."), instance));
            }
            if community.panels.active(panel_key).is_none() {
                return Err(no_panel(panel_key, instance));
            }
            let lifetime = shared.options.panel_action_lifetime;
            let action = community.panels.queue(server, panel_key, instance_key, action_id, actor, values.clone(), lifetime).to_json();
            // Queued under the lock: in the order the actions were pressed.
            let queued = shared.queue(server, &event_type(panel_key), Some(action.clone()));
            (action, queued)
        };
        let event = match queued.outcome().await {
            Ok(outcome) => outcome,
            Err(e) => json!({"error": e.message}),
        };
        ids.push(action["id"].clone());
        last = Some((action, event));
    }
    let (action, event) = last.unwrap_or_default();
    if count == 1 {
        return Ok(Json(json!({"action": action, "event": event})).into_response());
    }
    Ok(Json(json!({"action": action, "event": event, "pressed": count, "ids": ids})).into_response())
}

/// Most presses one `POST /_mock/panels/actions` makes (`count`).
const MAX_PRESSES: u64 = 1000;

/// `GET /_mock/panels/actions?panelKey=...`: every action kept (acknowledged and expired ones
/// for 10 minutes past their expiry), with its `status` (`pending`, `acknowledged`,
/// `expired`) and `ack`; and how many of each.
async fn actions(State(shared): State<Arc<Shared>>, Query(query): Query<HashMap<String, String>>) -> Json<Value> {
    let community = shared.community();
    let records = community.panels.records(query.get("panelKey").map(String::as_str));
    Json(json!({"actions": records, "counts": community.panels.counts()}))
}

/// `GET /_mock/panels/acks?panelKey=...`: each acknowledged action once, in cursor order:
/// `{eventId, cursor, panelKey, serverId, instanceKey, actionId, success, message, result,
/// ackedAt, count}` (`count`: acknowledgements received, repeats included; the others are
/// the first one's); and how many actions are pending, acknowledged and expired.
async fn acks(State(shared): State<Arc<Shared>>, Query(query): Query<HashMap<String, String>>) -> Json<Value> {
    let community = shared.community();
    let panel_key = query.get("panelKey");
    let acks: Vec<Value> = community
        .panels
        .actions
        .iter()
        .filter(|a| panel_key.is_none_or(|k| &a.panel_key == k))
        .filter_map(|a: &Action| {
            let ack = a.ack.as_ref()?;
            Some(json!({
                "eventId": a.id,
                "cursor": a.cursor,
                "panelKey": a.panel_key,
                "serverId": a.server_id,
                "instanceKey": a.instance_key,
                "actionId": a.action_id,
                "success": ack.success,
                "message": ack.message,
                "result": ack.result,
                "ackedAt": ack.acked_at,
                "count": ack.count,
            }))
        })
        .collect();
    Json(json!({"acks": acks, "counts": community.panels.counts()}))
}
