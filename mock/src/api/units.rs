//! v2 units: the units on a server or of an account, and unit writes (status, panic, kick,
//! map locations), over the community's identifiers (what the v1 unit reads return too).
//!
//! The writes push what the CAD pushes for them (the unit events' pages do not exclude the
//! API), to the path's server, once the change is stored: `set_unit_status_v2`
//! `EVENT_UNIT_STATUS` `[{"identIds": [...], "status": s}]`, `set_unit_panic_v2`
//! `EVENT_UNIT_PANIC` `[{"identIds": [...], "isPanic": b}]`, `kick_unit_v2` one
//! `EVENT_UNIT_LOGOUT` `[{"identId": id}]` per unit kicked. Locations push nothing.

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bad_request, bind, flag, not_found, number, unprocessable, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::accounts::Identifier;
use crate::store::units::{accounts, move_units, selected, targeted};
use crate::store::Community;

/// The unit routes: the reads take no body (`get_account_units` checks its query before its
/// account), the writes any JSON.
pub fn routes() -> Router<Arc<Shared>> {
    bind(Reading::of(Body::Ignored), &[("get_units_v2", |c, r| get_units(c, r))])
        .merge(bind(Reading { account: false, ..Reading::of(Body::Ignored) }, &[("get_account_units", |c, r| get_account_units(c, r))]))
        .merge(bind(
            Reading::of(Body::Json),
            &[
                ("set_unit_status_v2", set_status),
                ("set_unit_panic_v2", set_panic),
                ("kick_unit_v2", kick),
                ("update_unit_locations_v2", locations),
            ],
        ))
}

/// `GET /v2/emergency/servers/{serverId}/units?includeOffline&onlyUnits&limit&offset` → a bare
/// JSON array of units.
fn get_units(community: &Community, request: &Request) -> Answer {
    let query = &request.query;
    let parsed = (|| {
        Ok::<_, String>((
            flag(query, "includeOffline", false)?,
            flag(query, "onlyUnits", true)?,
            number(query, "limit", 100)?,
            number(query, "offset", 0)?,
        ))
    })();
    let (include_offline, only_units, limit, offset) = parsed.map_err(|detail| unprocessable(detail, &request.instance))?;
    if !(1..=100).contains(&limit) {
        return Err(unprocessable("The query parameter 'limit' must be between 1 and 100.", &request.instance));
    }
    let units: Vec<Value> = community
        .identifiers
        .iter()
        .filter(|i| (include_offline || i.online()) && (!only_units || !i.is_dispatch))
        .skip(offset as usize)
        .take(limit as usize)
        .map(Identifier::to_json)
        .collect();
    Ok(Json(units).into_response())
}

/// `GET /v2/emergency/servers/{serverId}/accounts/{accountUuid}/units?onlyOnline&onlyUnits&limit&offset`
/// → `{"units": [...]}`.
fn get_account_units(community: &Community, request: &Request) -> Answer {
    let (account_uuid, instance) = (request.path_param("accountUuid"), &request.instance);
    if uuid::Uuid::try_parse(account_uuid).is_err() {
        return Err(bad_request("The path parameter 'accountUuid' must be a UUID.", instance));
    }
    let query = &request.query;
    let parsed = (|| {
        Ok::<_, String>((
            flag(query, "onlyOnline", true)?,
            flag(query, "onlyUnits", true)?,
            number(query, "limit", 100)?,
            number(query, "offset", 0)?,
        ))
    })();
    let (only_online, only_units, limit, offset) = parsed.map_err(|detail| bad_request(detail, instance))?;
    if !community.accounts.iter().any(|a| a.uuid == account_uuid) {
        return Err(not_found(format!("Account {account_uuid} was not found."), instance));
    }
    let units: Vec<Value> = community
        .identifiers
        .iter()
        .filter(|i| i.acc_id == account_uuid && (!only_online || i.online()) && (!only_units || !i.is_dispatch))
        .skip(offset as usize)
        .take(limit.min(100) as usize)
        .map(Identifier::to_json)
        .collect();
    // `units` as the reference page shows it, `Units` as its v2 page does.
    let key = if request.options().pascal_case { "Units" } else { "units" };
    Ok(Json(json!({ key: units })).into_response())
}

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

/// The active identifiers the body's one target names, or a 422 (no one target) or 404
/// (none active).
fn active_targets(community: &Community, body: &Map<String, Value>, instance: &str) -> Result<Vec<i64>, Refusal> {
    let ids = targeted(community, body).map_err(|detail| unprocessable(detail, instance))?;
    if ids.is_empty() {
        return Err(not_found("No active identifiers matched the target.", instance));
    }
    Ok(ids)
}

fn set_status(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let Some((status, name)) = body.get("status").and_then(Value::as_i64).and_then(|s| status_name(s).map(|n| (s, n))) else {
        return Err(unprocessable("The field 'status' must be a UNIT_STATUS value (0, 1, 2, 3, 4 or 100).", &request.instance));
    };
    let ids = active_targets(community, body, &request.instance)?;
    for identifier in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id)) {
        identifier.status = status;
    }
    community.outbox.push((request.server, "EVENT_UNIT_STATUS".into(), json!([{"identIds": ids, "status": status}])));
    Ok(Json(json!({"updated": ids.len(), "status": name})).into_response())
}

fn set_panic(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let Some(is_panic) = body.get("isPanic").and_then(Value::as_bool) else {
        return Err(unprocessable("The field 'isPanic' must be true or false.", &request.instance));
    };
    let ids = active_targets(community, body, &request.instance)?;
    for identifier in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id)) {
        identifier.is_panic = is_panic;
    }
    community.outbox.push((request.server, "EVENT_UNIT_PANIC".into(), json!([{"identIds": ids, "isPanic": is_panic}])));
    Ok(Json(json!({"updated": ids.len(), "isPanic": is_panic})).into_response())
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

/// Kicks one entry: its user's selected unit goes offline (and off its call), and
/// `EVENT_UNIT_LOGOUT` `[{"identId": id}]` goes to `server`.
fn kick_one(community: &mut Community, server: u64, entry: &Map<String, Value>, instance: &str) -> Result<Value, Refusal> {
    let acc_id = user(community, entry).map_err(|detail| unprocessable(detail, instance))?;
    let ident = acc_id.and_then(|acc_id| selected(community, &acc_id));
    let Some(ident) = ident else {
        return Err(not_found("No active unit matched the target.", instance));
    };
    community.log_out(ident);
    community.outbox.push((server, "EVENT_UNIT_LOGOUT".into(), json!([{"identId": ident}])));
    let mut kicked = Map::new();
    kicked.insert("identId".into(), json!(ident));
    if let Some(id) = entry.get("communityUserId") {
        kicked.insert("communityUserId".into(), id.clone());
    }
    kicked.insert("reason".into(), entry.get("reason").cloned().unwrap_or_else(|| json!("")));
    Ok(Value::Object(kicked))
}

/// One kick object (answered `{identId, reason}`) or an array of them (`{count, kicked}`;
/// the entries before a refused one stay kicked).
fn kick(community: &mut Community, request: &Request) -> Answer {
    match &request.body {
        Value::Object(entry) => {
            let mut kicked = kick_one(community, request.server, entry, &request.instance)?;
            if let Some(fields) = kicked.as_object_mut() {
                fields.remove("communityUserId");
            }
            Ok(Json(kicked).into_response())
        }
        Value::Array(entries) => {
            let mut kicked = Vec::new();
            for entry in entries {
                let Some(entry) = entry.as_object() else {
                    return Err(unprocessable("Each kick request must be an object.", &request.instance));
                };
                kicked.push(kick_one(community, request.server, entry, &request.instance)?);
            }
            Ok(Json(json!({"count": kicked.len(), "kicked": kicked})).into_response())
        }
        _ => Err(unprocessable("The request body must be a kick object or an array of them.", &request.instance)),
    }
}

/// Each update moves its user's online units; answers how many updates found a unit.
fn locations(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let Some(updates) = body.get("updates").and_then(Value::as_array) else {
        return Err(unprocessable("The field 'updates' must be an array.", &request.instance));
    };
    let mut updated = 0;
    for (i, update) in updates.iter().enumerate() {
        let Some(update) = update.as_object() else {
            return Err(unprocessable(format!("updates[{i}] must be an object."), &request.instance));
        };
        let acc_id = user(community, update).map_err(|detail| unprocessable(format!("updates[{i}]: {detail}"), &request.instance))?;
        if let Some(coordinates) = update.get("coordinates") {
            let numeric = |k: &str| coordinates.get(k).is_some_and(Value::is_number);
            if !(numeric("x") && numeric("y")) {
                return Err(unprocessable(format!("updates[{i}].coordinates needs numeric x and y."), &request.instance));
            }
        }
        let Some(acc_id) = acc_id else { continue };
        updated += usize::from(move_units(community, |u| u.acc_id == acc_id, update));
    }
    Ok(Json(json!({"updated": updated})).into_response())
}
