//! v2 identifiers: an account's identifiers (listed, created, selected, updated, deleted)
//! and identifier groups, over the community's identifiers (what the unit routes and the v1
//! identifier reads return). `add_identifiers_to_group_v2` pushes `EVENT_UNIT_GROUP_ADD`
//! `{identId, groupName}` to the path's server for each unit whose group changed; the other
//! identifier writes push nothing (no push event tells of them).

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bind, not_found, unprocessable, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::Community;

/// The identifier routes: bodies are JSON objects (reads take none), the path's account checked.
pub fn routes() -> Router<Arc<Shared>> {
    bind(Reading::of(Body::Ignored), &[("get_identifiers_v2", |c, r| get_identifiers(c, r)), ("delete_identifier_v2", delete_identifier)])
        .merge(bind(
            Reading::of(Body::Object),
            &[
                ("create_identifier_v2", create_identifier),
                ("select_identifier_v2", select_identifier),
                ("update_identifier_v2", update_identifier),
                ("add_identifiers_to_group_v2", add_to_group),
            ],
        ))
}

/// The flat identifier fields v2 accepts.
const FLAT_FIELDS: &[&str] =
    &["status", "aop", "unitNum", "name", "district", "department", "subdivision", "rank", "group", "page", "isDispatch", "location"];

/// The body's flat identifier fields, checked.
fn flat_fields(request: &Request) -> Result<Map<String, Value>, Refusal> {
    let body = request.object()?;
    if let Some(unknown) = body.keys().find(|k| !FLAT_FIELDS.contains(&k.as_str())) {
        return Err(unprocessable(format!("Unknown field '{unknown}'."), &request.instance));
    }
    Ok(body.clone())
}

/// `GET /v2/emergency/accounts/{accountUuid}/identifiers` → `{SelectedIdent, Identifiers}`.
fn get_identifiers(community: &Community, request: &Request) -> Answer {
    Ok(Json(community.identifier_list(request.path_param("accountUuid"), "SelectedIdent", "Identifiers")).into_response())
}

/// `PUT /v2/emergency/accounts/{accountUuid}/selected-identifier` `{identId}` →
/// `{serverId, isDispatch, identifier}`.
fn select_identifier(community: &mut Community, request: &Request) -> Answer {
    let acc_id = request.path_param("accountUuid").to_string();
    let Some(ident_id) = request.object()?.get("identId").and_then(Value::as_i64) else {
        return Err(unprocessable("The field 'identId' is required.", &request.instance));
    };
    let Some(identifier) = community.identifiers.iter().find(|i| i.id == ident_id && i.acc_id == acc_id) else {
        return Err(not_found(format!("Identifier {ident_id} was not found."), &request.instance));
    };
    let answer = json!({
        "serverId": community.default_server_id(),
        "isDispatch": identifier.is_dispatch,
        "identifier": identifier.to_json(),
    });
    community.selected.insert(acc_id, ident_id);
    Ok(Json(answer).into_response())
}

/// `POST /v2/emergency/accounts/{accountUuid}/identifiers` with flat fields → `{identId}`.
fn create_identifier(community: &mut Community, request: &Request) -> Answer {
    let fields = flat_fields(request)?;
    let identifier = community.new_identifier(request.path_param("accountUuid").to_string());
    identifier.apply_flat(&fields);
    Ok(Json(json!({"identId": identifier.id})).into_response())
}

/// `PATCH /v2/emergency/accounts/{accountUuid}/identifiers/{identId}` with flat fields →
/// `{identId, serverId, identifier}`.
fn update_identifier(community: &mut Community, request: &Request) -> Answer {
    let fields = flat_fields(request)?;
    let (acc_id, ident_id) = (request.path_param("accountUuid"), request.path_param("identId"));
    let server_id = community.default_server_id();
    let ident = ident_id.parse::<i64>().ok();
    let Some(identifier) = community.identifiers.iter_mut().find(|i| Some(i.id) == ident && i.acc_id == acc_id) else {
        return Err(not_found(format!("Identifier {ident_id} was not found."), &request.instance));
    };
    identifier.apply_flat(&fields);
    Ok(Json(json!({"identId": identifier.id, "serverId": server_id, "identifier": identifier.to_json()})).into_response())
}

/// `DELETE /v2/emergency/accounts/{accountUuid}/identifiers/{identId}` → `{identId, serverId}`.
fn delete_identifier(community: &mut Community, request: &Request) -> Answer {
    let (acc_id, ident_id) = (request.path_param("accountUuid"), request.path_param("identId"));
    let ident = ident_id.parse::<i64>().ok();
    let Some(index) = community.identifiers.iter().position(|i| Some(i.id) == ident && i.acc_id == acc_id) else {
        return Err(not_found(format!("Identifier {ident_id} was not found."), &request.instance));
    };
    let removed = community.identifiers.remove(index);
    Ok(Json(json!({"identId": removed.id, "serverId": community.default_server_id()})).into_response())
}

/// `PUT /v2/emergency/servers/{serverId}/identifier-groups/{groupName}` with one target →
/// `{ok: true}`.
fn add_to_group(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    const TARGETS: [&str; 6] = ["communityUserId", "communityUserIds", "roblox", "discord", "accountUuid", "identIds"];
    let given: Vec<(&str, &Value)> = TARGETS.iter().filter_map(|k| body.get(*k).map(|v| (*k, v))).collect();
    let [(target, value)] = given.as_slice() else {
        return Err(unprocessable(
            "Give exactly one target: communityUserId, communityUserIds, roblox, discord, accountUuid or identIds.",
            &request.instance,
        ));
    };
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let ids: Vec<i64> = match *target {
        "identIds" => value.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default(),
        _ => {
            let key = if *target == "communityUserIds" { "communityUserId" } else { target };
            let owners: Vec<String> = strings(value)
                .iter()
                .flat_map(|v| community.accounts.iter().filter(move |a| a.is(key, v)).map(|a| a.uuid.clone()))
                .collect();
            community.identifiers.iter().filter(|i| owners.contains(&i.acc_id)).map(|i| i.id).collect()
        }
    };
    let group_name = request.path_param("groupName");
    let targets: Vec<i64> = community.identifiers.iter().filter(|i| ids.contains(&i.id)).map(|i| i.id).collect();
    if targets.is_empty() {
        return Err(not_found("No identifiers matched the target.", &request.instance));
    }
    let changes: Vec<(i64, String, String)> =
        targets.iter().filter_map(|id| community.set_group(*id, group_name).map(|old| (*id, old, group_name.to_string()))).collect();
    // EVENT_UNIT_GROUP_ADD for each unit that changed group (the page does not exclude the API).
    let events = Community::group_events(request.server, &changes);
    community.outbox.extend(events);
    Ok(Json(json!({"ok": true})).into_response())
}
