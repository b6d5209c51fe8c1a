//! Unit changes made in the CAD: units coming on duty, logging in and out, status, panic and
//! unit groups, each pushed as the CAD pushes it (see the table in `control`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Map, Value};

use super::{apply, configured, field, path_id, read_body, refuse, Change, Refused};
use crate::shared::Shared;
use crate::store::accounts::{Identifier, OFFLINE};
use crate::store::Community;

/// Most units one `POST /_mock/units/seed` makes.
const MAX_SEED: u64 = 1000;

/// The unit routes.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_mock/units/seed", post(seed))
        .route("/_mock/units/{identId}/login", post(login))
        .route("/_mock/units/{identId}/logout", post(logout))
        .route("/_mock/units/{identId}/status", post(status))
        .route("/_mock/units/{identId}/panic", post(panic))
        .route("/_mock/units/{identId}/group", post(group))
        .route("/_mock/groups/rename", post(rename))
}

/// The body and server of a request, and the path's identifier id, or a 400.
fn unit_request(shared: &Shared, body: &Bytes, ident: &str) -> Result<(Map<String, Value>, u64, i64), Refused> {
    let (body, server) = read_body(shared, body)?;
    Ok((body, server, path_id("identId", ident)?))
}

/// Identifier `id`, or a 404.
fn identifier(community: &mut Community, id: i64) -> Result<&mut Identifier, Refused> {
    community.identifiers.iter_mut().find(|i| i.id == id).ok_or_else(|| refuse(404, format!("Identifier {id} was not found.")))
}

/// Online identifier `id`, or a 404 (unknown) or 409 (offline).
fn online(community: &mut Community, id: i64) -> Result<&mut Identifier, Refused> {
    let identifier = identifier(community, id)?;
    if !identifier.online() {
        return Err(refuse(409, format!("Identifier {id} is offline: log it in first (POST /_mock/units/{id}/login).")));
    }
    Ok(identifier)
}

/// `POST /_mock/units/seed` with `{"count": N}` (1-1000; optional `serverId`, checked): N
/// units already on duty, each a new identifier (status 2 AVAILABLE, not a dispatcher, no
/// group: `""`) of a new account of its own (distinct UUID, username and communityUserId),
/// with `data` as the seeded units have it. Sends no event; answers `{"identIds": [...]}`.
async fn seed(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, Refused> {
    let (body, server) = read_body(&shared, &body)?;
    let range = format!("a number from 1 to {MAX_SEED}");
    let count = field(&body, "count", &range, |v| v.as_u64().filter(|n| (1..=MAX_SEED).contains(n)))?;
    let Some(count) = count else { return Err(refuse(400, format!("count must be {range}."))) };
    apply(&shared, |community| {
        configured(community, server)?;
        let ids = community.seed_units(count as usize);
        Ok(Change { server, answer: json!({"identIds": ids}), events: Vec::new() })
    })
    .await
}

/// `POST /_mock/units/{identId}/login` with `{"status"?: 2, "isDispatch"?: bool}`: the
/// offline unit logs in (and becomes its account's selected unit). Sends `EVENT_UNIT_LOGIN`
/// `[{"unit": <the unit as get_units_v2 now shows it>, "isDispatch": b, "selfDispatch":
/// false}]`; answers `{"unit", "isDispatch", "event"}`.
async fn login(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, id) = unit_request(&shared, &body, &ident)?;
    let statuses = "a UNIT_STATUS number other than 100 (0 UNAVAILABLE ... 4 ON_SCENE)";
    let status = field(&body, "status", statuses, |v| v.as_i64().filter(|s| *s != OFFLINE))?.unwrap_or(2);
    let is_dispatch = field(&body, "isDispatch", "true or false", Value::as_bool)?;
    apply(&shared, |community| {
        configured(community, server)?;
        let identifier = identifier(community, id)?;
        if identifier.online() {
            return Err(refuse(409, format!("Identifier {id} is online already.")));
        }
        identifier.status = status;
        if let Some(is_dispatch) = is_dispatch {
            identifier.is_dispatch = is_dispatch;
        }
        let (unit, is_dispatch, acc_id) = (identifier.to_json(), identifier.is_dispatch, identifier.acc_id.clone());
        community.selected.insert(acc_id, id);
        let data = json!([{"unit": unit, "isDispatch": is_dispatch, "selfDispatch": false}]);
        Ok(Change { server, answer: json!({"unit": unit, "isDispatch": is_dispatch}), events: vec![("EVENT_UNIT_LOGIN", data)] })
    })
    .await
}

/// `POST /_mock/units/{identId}/logout`: the online unit logs out, as `kick_unit_v2` takes a
/// unit off duty (status 100 OFFLINE, panic off, off every dispatch call: no dispatch event,
/// the CAD's logout says it all). Sends `EVENT_UNIT_LOGOUT` `[{"identId": id}]`; answers
/// `{"identId", "leftCalls": [callIds], "event"}`.
async fn logout(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (_, server, id) = unit_request(&shared, &body, &ident)?;
    apply(&shared, |community| {
        configured(community, server)?;
        if !identifier(community, id)?.online() {
            return Err(refuse(409, format!("Identifier {id} is offline already.")));
        }
        let left = community.log_out(id);
        Ok(Change {
            server,
            answer: json!({"identId": id, "leftCalls": left}),
            events: vec![("EVENT_UNIT_LOGOUT", json!([{"identId": id}]))],
        })
    })
    .await
}

/// `POST /_mock/units/{identId}/status` with `{"status": 2}`: a dispatcher changes an online
/// unit's status in the CAD (100 OFFLINE is a logout: `POST .../logout`). Sends
/// `EVENT_UNIT_STATUS` `[{"identIds": [id], "status": 2}]`; answers `{"identId", "status",
/// "event"}`.
async fn status(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server) = read_body(&shared, &body)?;
    let statuses = "a UNIT_STATUS number (0 UNAVAILABLE ... 4 ON_SCENE; 100 OFFLINE is POST /_mock/units/{identId}/logout)";
    let status = field(&body, "status", statuses, |v| v.as_i64().filter(|s| *s != OFFLINE))?;
    let Some(status) = status else { return Err(refuse(400, format!("status must be {statuses}."))) };
    let id = path_id("identId", &ident)?;
    apply(&shared, |community| {
        configured(community, server)?;
        online(community, id)?.status = status;
        let data = json!([{"identIds": [id], "status": status}]);
        Ok(Change { server, answer: json!({"identId": id, "status": status}), events: vec![("EVENT_UNIT_STATUS", data)] })
    })
    .await
}

/// `POST /_mock/units/{identId}/panic` with `{"isPanic": true}`: an online unit's panic
/// button. Sends `EVENT_UNIT_PANIC` `[{"identIds": [id], "isPanic": b}]`; answers
/// `{"identId", "isPanic", "event"}`.
async fn panic(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, id) = unit_request(&shared, &body, &ident)?;
    let is_panic = field(&body, "isPanic", "true or false", Value::as_bool)?;
    let Some(is_panic) = is_panic else { return Err(refuse(400, "isPanic must be true or false.")) };
    apply(&shared, |community| {
        configured(community, server)?;
        online(community, id)?.is_panic = is_panic;
        let data = json!([{"identIds": [id], "isPanic": is_panic}]);
        Ok(Change { server, answer: json!({"identId": id, "isPanic": is_panic}), events: vec![("EVENT_UNIT_PANIC", data)] })
    })
    .await
}

/// `POST /_mock/units/{identId}/group` with `{"groupName": "Ladder 61"}`: the unit joins the
/// group (its `data.group`); sends `EVENT_UNIT_GROUP_ADD` `{"identId": id, "groupName":
/// name}`. With `"groupName": null` or `""` the unit leaves its group (`data.group` becomes
/// `""`, as the seeded units without a group show it; 409 when it is in none); sends
/// `EVENT_UNIT_GROUP_REMOVE` `{"identId": id, "groupName": <the old name>}`. Answers
/// `{"identId", "groupName", "oldName", "event"}`.
async fn group(State(shared): State<Arc<Shared>>, Path(ident): Path<String>, body: Bytes) -> Result<Response, Refused> {
    let (body, server, id) = unit_request(&shared, &body, &ident)?;
    let what = "a group name, or null or \"\" to take the unit out of its group";
    if !body.contains_key("groupName") {
        return Err(refuse(400, format!("groupName must be {what}.")));
    }
    let name = field(&body, "groupName", what, |v| v.as_str().map(str::to_string))?.unwrap_or_default();
    apply(&shared, |community| {
        configured(community, server)?;
        let old = identifier(community, id)?.data.get("group").and_then(Value::as_str).unwrap_or_default().to_string();
        if name.is_empty() && old.is_empty() {
            // Refused before anything is written: a unit without a `group` key keeps none.
            return Err(refuse(409, format!("Identifier {id} is in no unit group.")));
        }
        community.set_group(id, &name);
        let event = match name.is_empty() {
            true => ("EVENT_UNIT_GROUP_REMOVE", json!({"identId": id, "groupName": old})),
            false => ("EVENT_UNIT_GROUP_ADD", json!({"identId": id, "groupName": name})),
        };
        Ok(Change { server, answer: json!({"identId": id, "groupName": name, "oldName": old}), events: vec![event] })
    })
    .await
}

/// `POST /_mock/groups/rename` with `{"oldName": "Ladder 61", "newName": "Ladder 62"}`: every
/// unit of the group (online or not) has its `data.group` renamed. Sends
/// `EVENT_UNIT_GROUP_CHANGE_NAME` `{"identIds": [...], "oldName", "newName"}`; answers the
/// same with `"event"`. 404 when no unit is in `oldName`.
async fn rename(State(shared): State<Arc<Shared>>, body: Bytes) -> Result<Response, Refused> {
    let (body, server) = read_body(&shared, &body)?;
    let name = |key: &str| -> Result<String, Refused> {
        let name = field(&body, key, "a non-empty group name", |v| v.as_str().filter(|s| !s.is_empty()).map(str::to_string))?;
        name.ok_or_else(|| refuse(400, format!("{key} must be a non-empty group name.")))
    };
    let (old, new) = (name("oldName")?, name("newName")?);
    if old == new {
        return Err(refuse(400, "newName must differ from oldName."));
    }
    apply(&shared, |community| {
        configured(community, server)?;
        let ids: Vec<i64> =
            community.identifiers.iter().filter(|i| i.data.get("group").and_then(Value::as_str) == Some(&old)).map(|i| i.id).collect();
        if ids.is_empty() {
            return Err(refuse(404, format!("No unit is in group '{old}'.")));
        }
        for id in &ids {
            community.set_group(*id, &new);
        }
        let data = json!({"identIds": ids, "oldName": old, "newName": new});
        Ok(Change { server, answer: data.clone(), events: vec![("EVENT_UNIT_GROUP_CHANGE_NAME", data)] })
    })
    .await
}
