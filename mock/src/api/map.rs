//! v2 map and emergency configuration: custom blips (created, updated, listed and deleted by
//! id), Inferno pager configuration, ERS callouts, station alerts and street signs, kept per
//! game server (`store::map`), so that what one route writes another reads.
//! `GET /_mock/servers/{serverId}/configuration` shows what is stored, for tests of the
//! routes that the API gives no read for.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bind, check_server, not_found, unprocessable, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::map::default_pager;
use crate::store::panels::is_key;
use crate::store::Community;

/// The map routes (any JSON body, the path's server checked), and the control route that
/// shows what they stored.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Json),
        &[
            ("get_blips_v2", |c, r| get_blips(c, r)),
            ("create_blip_v2", create_blip),
            ("update_blip_v2", update_blip),
            ("delete_blips_v2", delete_blips),
            ("get_pager_config_v2", |c, r| get_pager(c, r)),
            ("set_pager_config_v2", set_pager),
            ("set_available_callouts_v2", set_callouts),
            ("set_stations_v2", set_stations),
            ("set_street_sign_config_v2", set_signs),
            ("update_street_signs_v2", update_signs),
        ],
    )
    .route("/_mock/servers/{serverId}/configuration", get(stored))
}

fn get_pager(community: &Community, request: &Request) -> Answer {
    Ok(Json(Value::Object(community.map.pager.get(&request.server).cloned().unwrap_or_else(default_pager))).into_response())
}

fn is_number(value: &Value) -> bool {
    value.is_number()
}

/// `coordinates`: an object with numbers `x` and `y` (and `z`, `w` when given).
fn check_coordinates(value: &Value, field: &str, instance: &str) -> Result<(), Refusal> {
    let ok = value.as_object().is_some_and(|c| {
        c.get("x").is_some_and(is_number) && c.get("y").is_some_and(is_number) && ["z", "w"].iter().all(|k| c.get(*k).is_none_or(is_number))
    });
    if ok {
        Ok(())
    } else {
        Err(unprocessable(format!("The field '{field}' must be an object with numeric x and y (and z, w)."), instance))
    }
}

/// `data`: a list of menu entries, each an object whose `title` and `text` are strings and
/// whose `panelKey` and `instanceKey`, when given, follow the panel API's key format. A panel
/// or instance that does not exist is not refused (the CAD shows it as unavailable); the
/// entries are stored and answered as sent (an omitted `instanceKey` stays omitted: it means
/// `default`).
fn check_menu(value: &Value, instance: &str) -> Result<(), Refusal> {
    let Some(entries) = value.as_array() else {
        return Err(unprocessable(
            "The field 'data' must be a list of menu entries ({title, text} or {panelKey, instanceKey, title}).",
            instance,
        ));
    };
    for (i, entry) in entries.iter().enumerate() {
        let Some(entry) = entry.as_object() else {
            return Err(unprocessable(format!("The field 'data[{i}]' must be an object."), instance));
        };
        for name in ["title", "text"] {
            if entry.get(name).is_some_and(|v| !v.is_string()) {
                return Err(unprocessable(format!("The field 'data[{i}].{name}' must be a string."), instance));
            }
        }
        for name in ["panelKey", "instanceKey"] {
            if entry.get(name).is_some_and(|v| !v.as_str().is_some_and(is_key)) {
                return Err(unprocessable(
                    format!(
                        "The field 'data[{i}].{name}' must be 2-80 lowercase letters, digits, dots, underscores or hyphens, starting with a letter or digit."
                    ),
                    instance,
                ));
            }
        }
    }
    Ok(())
}

/// The blip fields of `body`, checked.
fn blip_fields(body: &Map<String, Value>, instance: &str) -> Result<Map<String, Value>, Refusal> {
    let mut fields = Map::new();
    for (key, value) in body {
        match key.as_str() {
            "coordinates" => check_coordinates(value, "coordinates", instance)?,
            "subType" | "icon" | "color" | "tooltip" if !value.is_string() => {
                return Err(unprocessable(format!("The field '{key}' must be a string."), instance));
            }
            "subType" | "icon" | "color" | "tooltip" => {}
            "radius" if !value.is_number() => return Err(unprocessable("The field 'radius' must be a number.", instance)),
            "radius" => {}
            "data" => check_menu(value, instance)?,
            other => return Err(unprocessable(format!("The field '{other}' is not a blip field."), instance)),
        }
        fields.insert(key.clone(), value.clone());
    }
    Ok(fields)
}

fn get_blips(community: &Community, request: &Request) -> Answer {
    let blips: Vec<Value> =
        community.map.blips.iter().filter(|(s, _)| *s == request.server).map(|(_, b)| Value::Object(b.clone())).collect();
    Ok(Json(Value::Array(blips)).into_response())
}

fn create_blip(community: &mut Community, request: &Request) -> Answer {
    let fields = blip_fields(request.object()?, &request.instance)?;
    if !fields.contains_key("coordinates") {
        return Err(unprocessable("The field 'coordinates' is required.", &request.instance));
    }
    let mut blip = Map::new();
    blip.insert("id".into(), json!(community.map.next_blip));
    community.map.next_blip += 1;
    blip.extend(fields);
    community.map.blips.push((request.server, blip.clone()));
    Ok(Json(Value::Object(blip)).into_response())
}

fn update_blip(community: &mut Community, request: &Request) -> Answer {
    let fields = blip_fields(request.object()?, &request.instance)?;
    if fields.is_empty() {
        return Err(unprocessable("Give at least one field to update.", &request.instance));
    }
    let raw = request.path.get("blipId").map_or("", String::as_str);
    let id: Option<i64> = raw.parse().ok();
    let server = request.server;
    let Some((_, blip)) =
        community.map.blips.iter_mut().find(|(s, b)| *s == server && b.get("id").and_then(Value::as_i64) == id && id.is_some())
    else {
        return Err(not_found(format!("Blip {raw} was not found."), &request.instance));
    };
    blip.extend(fields);
    Ok(Json(json!({"id": id})).into_response())
}

/// `name`: a non-empty list of integers.
fn id_list(body: &Map<String, Value>, name: &str, instance: &str) -> Result<Vec<i64>, Refusal> {
    match body.get(name).and_then(Value::as_array) {
        Some(items) if !items.is_empty() && items.iter().all(Value::is_i64) => Ok(items.iter().filter_map(Value::as_i64).collect()),
        _ => Err(unprocessable(format!("The field '{name}' is required and must be a non-empty list of integers."), instance)),
    }
}

fn delete_blips(community: &mut Community, request: &Request) -> Answer {
    let ids = id_list(request.object()?, "ids", &request.instance)?;
    let server = request.server;
    let mut deleted = Vec::new();
    community.map.blips.retain(|(s, b)| {
        let id = b.get("id").and_then(Value::as_i64).unwrap_or(0);
        let hit = *s == server && ids.contains(&id);
        if hit {
            deleted.push(id);
        }
        !hit
    });
    if deleted.is_empty() {
        return Err(not_found("None of the blips was found.", &request.instance));
    }
    Ok(Json(json!({"ids": deleted})).into_response())
}

fn set_pager(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    if !body.get("natureWords").and_then(Value::as_object).is_some_and(|w| w.values().all(Value::is_string)) {
        return Err(unprocessable("The field 'natureWords' is required and must be an object of strings.", instance));
    }
    for name in ["maxAddresses", "maxBodyLength"] {
        if body.get(name).and_then(Value::as_i64).is_none_or(|n| n <= 0) {
            return Err(unprocessable(format!("The field '{name}' is required and must be a positive integer."), instance));
        }
    }
    if body.get("nodes").is_some_and(|n| !n.is_array()) {
        return Err(unprocessable("The field 'nodes' must be a list.", instance));
    }
    let server = request.server;
    let previous = community.map.pager.get(&server).cloned().unwrap_or_else(default_pager);
    let mut config = Map::new();
    for name in ["natureWords", "maxAddresses", "maxBodyLength", "nodes", "perms"] {
        // Without `nodes` (or `perms`), the stored ones stay.
        if let Some(value) = body.get(name).or_else(|| previous.get(name)) {
            config.insert(name.into(), value.clone());
        }
    }
    community.map.pager.insert(server, config);
    Ok(Json(json!({"serverId": server})).into_response())
}

fn set_callouts(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let callouts = match body.get("callouts").and_then(Value::as_array) {
        Some(items) if items.iter().all(|c| c.get("id").and_then(Value::as_str).is_some_and(|id| !id.is_empty())) => items.clone(),
        _ => return Err(unprocessable("The field 'callouts' is required and must be a list of {id, data} objects.", &request.instance)),
    };
    let count = callouts.len();
    community.map.callouts.insert(request.server, callouts);
    Ok(Json(json!({"serverId": request.server, "callouts": count})).into_response())
}

fn set_stations(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    for name in ["locations", "tones", "unitColors"] {
        if !body.get(name).is_some_and(Value::is_array) {
            return Err(unprocessable(format!("The field '{name}' is required and must be a list."), &request.instance));
        }
    }
    let config = json!({"locations": body["locations"], "tones": body["tones"], "unitColors": body["unitColors"]});
    community.map.stations.insert(request.server, config);
    Ok(Json(json!({"serverId": request.server})).into_response())
}

fn set_signs(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let Some(items) = body.get("signs").and_then(Value::as_array) else {
        return Err(unprocessable("The field 'signs' is required and must be a list.", instance));
    };
    let mut signs = Vec::new();
    for (i, sign) in items.iter().enumerate() {
        let Some(sign) = sign.as_object().filter(|s| s.get("id").is_some_and(Value::is_i64)) else {
            return Err(unprocessable(format!("The field 'signs[{i}]' must be an object with an integer id."), instance));
        };
        check_coordinates(sign.get("coordinates").unwrap_or(&Value::Null), &format!("signs[{i}].coordinates"), instance)?;
        signs.push(sign.clone());
    }
    let count = signs.len();
    community.map.signs.insert(request.server, signs);
    Ok(Json(json!({"serverId": request.server, "signs": count})).into_response())
}

fn update_signs(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let ids = id_list(body, "ids", instance)?;
    let texts: Vec<(&str, &Value)> = ["text1", "text2", "text3"].iter().filter_map(|k| body.get(*k).map(|v| (*k, v))).collect();
    if texts.is_empty() || texts.iter().any(|(_, v)| !v.is_string()) {
        return Err(unprocessable("Give at least one of 'text1', 'text2', 'text3', each a string.", instance));
    }
    let mut updated = Vec::new();
    for sign in community.map.signs.entry(request.server).or_default() {
        let id = sign.get("id").and_then(Value::as_i64).unwrap_or(0);
        if ids.contains(&id) {
            for (key, value) in &texts {
                sign.insert((*key).to_string(), (*value).clone());
            }
            updated.push(id);
        }
    }
    if updated.is_empty() {
        return Err(not_found("None of the street signs is configured.", instance));
    }
    Ok(Json(json!({"ids": updated})).into_response())
}

/// `GET /_mock/servers/{serverId}/configuration`: what the map and configuration routes
/// stored for a server (`blips`, `pagerConfig`, `callouts`, `stations`, `streetSigns`).
async fn stored(State(shared): State<Arc<Shared>>, Path(server_id): Path<String>, uri: Uri) -> Answer {
    let server = check_server(&shared, &server_id, uri.path())?;
    let community = shared.community();
    let map = &community.map;
    let blips: Vec<Value> = map.blips.iter().filter(|(s, _)| *s == server).map(|(_, b)| Value::Object(b.clone())).collect();
    Ok(Json(json!({
        "blips": blips,
        "pagerConfig": map.pager.get(&server).cloned().unwrap_or_else(default_pager),
        "callouts": map.callouts.get(&server).cloned().unwrap_or_default(),
        "stations": map.stations.get(&server).cloned().unwrap_or(Value::Null),
        "streetSigns": map.signs.get(&server).cloned().unwrap_or_default(),
    }))
    .into_response())
}
