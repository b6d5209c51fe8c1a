//! v2 unit writes: status, panic, kick and map locations, over the community's identifiers
//! (what `get_units_v2`, `get_account_units` and the v1 unit reads return).

use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::calls::{Answer, Request};
use crate::store::accounts::OFFLINE;
use crate::store::units::{accounts, move_units, selected, targeted};
use crate::store::Community;
use crate::v2::{not_found_problem, unprocessable};

/// The names of `UNIT_STATUS`.
fn status_name(status: i64) -> Option<&'static str> {
    Some(match status {
        0 => "UNAVAILABLE",
        1 => "BUSY",
        2 => "AVAILABLE",
        3 => "ENROUTE",
        4 => "ON_SCENE",
        100 => "OFFLINE",
        _ => return None,
    })
}

/// The operations of this module, by name, over the community (locked) and the
/// authorized request ([`crate::calls::routed`] reads it).
pub(crate) fn answer(operation: &str, community: &mut Community, request: &Request) -> Answer {
    Ok(match operation {
        "set_unit_status_v2" => set_status(community, request),
        "set_unit_panic_v2" => set_panic(community, request),
        "kick_unit_v2" => kick(community, request),
        "update_unit_locations_v2" => locations(community, request),
        other => not_found_problem(format!("{other} is not a unit route."), &request.instance),
    })
}

fn set_status(community: &mut Community, request: &Request) -> Response {
    let body = match request.object() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some((status, name)) = body.get("status").and_then(Value::as_i64).and_then(|s| status_name(s).map(|n| (s, n))) else {
        return unprocessable("The field 'status' must be a UNIT_STATUS value (0, 1, 2, 3, 4 or 100).", &request.instance);
    };
    let ids = match targeted(community, body) {
        Ok(ids) if ids.is_empty() => return not_found_problem("No active identifiers matched the target.", &request.instance),
        Ok(ids) => ids,
        Err(detail) => return unprocessable(detail, &request.instance),
    };
    for identifier in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id)) {
        identifier.status = status;
    }
    Json(json!({"updated": ids.len(), "status": name})).into_response()
}

fn set_panic(community: &mut Community, request: &Request) -> Response {
    let body = match request.object() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(is_panic) = body.get("isPanic").and_then(Value::as_bool) else {
        return unprocessable("The field 'isPanic' must be true or false.", &request.instance);
    };
    let ids = match targeted(community, body) {
        Ok(ids) if ids.is_empty() => return not_found_problem("No active identifiers matched the target.", &request.instance),
        Ok(ids) => ids,
        Err(detail) => return unprocessable(detail, &request.instance),
    };
    for identifier in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id)) {
        identifier.is_panic = is_panic;
    }
    Json(json!({"updated": ids.len(), "isPanic": is_panic})).into_response()
}

/// The account one user target of `entry` names (`communityUserId`, `roblox` or `discord`).
fn user(community: &Community, entry: &Map<String, Value>) -> Result<Option<String>, String> {
    let given: Vec<(&str, &Value)> =
        ["communityUserId", "roblox", "discord"].iter().filter_map(|k| entry.get(*k).map(|v| (*k, v))).collect();
    let [(key, value)] = given.as_slice() else {
        return Err("Give exactly one of communityUserId, roblox or discord.".into());
    };
    Ok(accounts(community, key, value).into_iter().next())
}

/// Kicks one entry: its user's selected unit goes offline.
fn kick_one(community: &mut Community, entry: &Map<String, Value>, instance: &str) -> Result<Value, Response> {
    let acc_id = user(community, entry).map_err(|detail| unprocessable(detail, instance))?;
    let ident = acc_id.and_then(|acc_id| selected(community, &acc_id));
    let Some(ident) = ident else {
        return Err(not_found_problem("No active unit matched the target.", instance));
    };
    if let Some(identifier) = community.identifiers.iter_mut().find(|i| i.id == ident) {
        identifier.status = OFFLINE;
        identifier.is_panic = false;
    }
    community.calls.detach(&[ident]);
    let mut kicked = Map::new();
    kicked.insert("identId".into(), json!(ident));
    if let Some(id) = entry.get("communityUserId") {
        kicked.insert("communityUserId".into(), id.clone());
    }
    kicked.insert("reason".into(), entry.get("reason").cloned().unwrap_or_else(|| json!("")));
    Ok(Value::Object(kicked))
}

/// One kick object (answered `{identId, reason}`) or an array of them (`{count, kicked}`).
fn kick(community: &mut Community, request: &Request) -> Response {
    match &request.body {
        Value::Object(entry) => match kick_one(community, entry, &request.instance) {
            Ok(mut kicked) => {
                if let Some(fields) = kicked.as_object_mut() {
                    fields.remove("communityUserId");
                }
                Json(kicked).into_response()
            }
            Err(response) => response,
        },
        Value::Array(entries) => {
            let mut kicked = Vec::new();
            for entry in entries {
                let Some(entry) = entry.as_object() else {
                    return unprocessable("Each kick request must be an object.", &request.instance);
                };
                match kick_one(community, entry, &request.instance) {
                    Ok(one) => kicked.push(one),
                    Err(response) => return response,
                }
            }
            Json(json!({"count": kicked.len(), "kicked": kicked})).into_response()
        }
        _ => unprocessable("The request body must be a kick object or an array of them.", &request.instance),
    }
}

/// Each update moves its user's online units; answers how many updates found a unit.
fn locations(community: &mut Community, request: &Request) -> Response {
    let body = match request.object() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(updates) = body.get("updates").and_then(Value::as_array) else {
        return unprocessable("The field 'updates' must be an array.", &request.instance);
    };
    let mut updated = 0;
    for (i, update) in updates.iter().enumerate() {
        let Some(update) = update.as_object() else {
            return unprocessable(format!("updates[{i}] must be an object."), &request.instance);
        };
        let acc_id = match user(community, update) {
            Ok(acc_id) => acc_id,
            Err(detail) => return unprocessable(format!("updates[{i}]: {detail}"), &request.instance),
        };
        if let Some(coordinates) = update.get("coordinates") {
            let numeric = |k: &str| coordinates.get(k).is_some_and(Value::is_number);
            if !(numeric("x") && numeric("y")) {
                return unprocessable(format!("updates[{i}].coordinates needs numeric x and y."), &request.instance);
            }
        }
        let Some(acc_id) = acc_id else { continue };
        updated += usize::from(move_units(community, |u| u.acc_id == acc_id, update));
    }
    Json(json!({"updated": updated})).into_response()
}

