//! v2 civilian routes: an account's characters (character records of the records store),
//! the one it has selected, and the sync character ids linked to it.

// Handlers answer a ready `Response` as their error (a problem document), as calls.rs does.
#![allow(clippy::result_large_err)]

use serde_json::{json, Map, Value};

use axum::response::IntoResponse;
use axum::Json;

use crate::calls::Answer;
use crate::calls::Request;
use crate::records::{path_id, target};
use crate::server::Community;
use crate::v2::{not_found_problem, unprocessable};

/// Answers the civilian operation `operation`.
pub(crate) fn answer(operation: &str, community: &mut Community, request: &Request) -> Answer {
    match operation {
        "get_characters_v2" => characters(community, request),
        "remove_character_v2" => remove(community, request),
        "set_selected_character_v2" => select(community, request),
        "get_character_links_v2" => links(community, request),
        "add_character_link_v2" => link(community, request, true),
        "remove_character_link_v2" => link(community, request, false),
        other => Err(not_found_problem(format!("{other} is not a records route."), &request.instance)),
    }
}

/// The query parameters as a JSON object (for [`target`]).
fn query_object(request: &Request) -> Map<String, Value> {
    request.query.iter().map(|(k, v)| (k.clone(), json!(v))).collect()
}

/// The one account a GET names in its query.
fn query_account(community: &Community, request: &Request) -> Result<String, axum::response::Response> {
    Ok(target(community, &query_object(request), true, &request.instance)?.unwrap_or_default())
}

fn characters(community: &Community, request: &Request) -> Answer {
    let account = query_account(community, request)?;
    Ok(Json(Value::Array(community.records.characters(&account))).into_response())
}

fn remove(community: &mut Community, request: &Request) -> Answer {
    let id = path_id(request, "characterId")?;
    let records = &mut community.records;
    let index = records
        .position(id)
        .filter(|i| records.records[*i].is_character())
        .ok_or_else(|| not_found_problem(format!("Character {id} was not found."), &request.instance))?;
    let removed = records.records.remove(index);
    // A removed character is no longer anyone's selected one.
    records.selected.retain(|owner, chosen| !(owner == &removed.owner && chosen_id(chosen) == Some(id)));
    Ok(Json(json!({"characterId": id})).into_response())
}

/// A selection's numeric character id, when it is one (`42` or `"42"`).
fn chosen_id(chosen: &Value) -> Option<i64> {
    chosen.as_i64().or_else(|| chosen.as_str().and_then(|s| s.trim().parse().ok()))
}

fn select(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let account = target(community, body, true, instance)?.unwrap_or_default();
    let chosen = match body.get("characterId") {
        Some(Value::String(s)) if !s.trim().is_empty() => Value::String(s.clone()),
        Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
        _ => return Err(unprocessable("The field 'characterId' is required and must be a character id or a sync character id.", instance)),
    };
    let records = &community.records;
    let known = match chosen_id(&chosen) {
        // A Sonoran character id: one of this account's characters.
        Some(id) => records.position(id).is_some_and(|i| records.records[i].owner == account && records.records[i].is_character()),
        // A sync character id: one linked to this account.
        None => {
            let sync = chosen.as_str().unwrap_or_default();
            records.links.get(&account).is_some_and(|l| l.iter().any(|s| s == sync))
        }
    };
    if !known {
        let shown = chosen.as_str().map_or_else(|| chosen.to_string(), str::to_string);
        return Err(not_found_problem(format!("Character {shown} was not found for this account."), instance));
    }
    community.records.selected.insert(account.clone(), chosen.clone());
    Ok(Json(json!({"accountUuid": account, "characterId": chosen})).into_response())
}

fn links(community: &Community, request: &Request) -> Answer {
    let account = query_account(community, request)?;
    let list = community.records.links.get(&account).cloned().unwrap_or_default();
    Ok(Json(json!(list)).into_response())
}

fn link(community: &mut Community, request: &Request, add: bool) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let account = target(community, body, true, instance)?.unwrap_or_default();
    let sync = request.path.get("syncId").cloned().unwrap_or_default();
    if sync.trim().is_empty() {
        return Err(unprocessable("The path parameter 'syncId' is required.", instance));
    }
    let links = community.records.links.entry(account.clone()).or_default();
    if add {
        if !links.contains(&sync) {
            links.push(sync.clone());
        }
    } else {
        let Some(index) = links.iter().position(|s| *s == sync) else {
            return Err(not_found_problem(format!("Sync character {sync} is not linked to this account."), instance));
        };
        links.remove(index);
        if community.records.selected.get(&account).and_then(Value::as_str) == Some(sync.as_str()) {
            community.records.selected.remove(&account);
        }
    }
    Ok(Json(json!({"accountUuid": account, "syncId": sync, "action": if add { "ADD" } else { "REMOVE" }})).into_response())
}
