//! v2 map and emergency configuration: custom blips (created, updated, listed and deleted by
//! id), Inferno pager configuration, ERS callouts, station alerts and street signs, kept per
//! game server, so that what one route writes another reads. `GET /_mock/servers/{serverId}/configuration`
//! shows what is stored, for tests of the routes that the API gives no read for.

// Handlers answer an error response as `Err`, as calls.rs does: its size does not matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::calls::{Answer, Request};
use crate::server::{Community, Shared};
use crate::v2::{check_server, not_found_problem, unprocessable};

/// The community's map and configuration, per server.
#[derive(Debug, Clone)]
pub struct MapState {
    next_blip: i64,
    /// Custom blips: (server, blip object with its `id`).
    blips: Vec<(u64, Map<String, Value>)>,
    /// Pager configuration by server (the default one until set).
    pager: HashMap<u64, Map<String, Value>>,
    /// ERS callouts by server, as last set.
    callouts: HashMap<u64, Vec<Value>>,
    /// Station alert configuration by server, as last set.
    stations: HashMap<u64, Value>,
    /// Street signs by server, in the order set.
    signs: HashMap<u64, Vec<Map<String, Value>>>,
}

impl Default for MapState {
    /// The pages' examples: blip 32 and street signs 1 and 2 on server 1.
    fn default() -> Self {
        let blip = json!({
            "id": 32, "coordinates": {"x": 425.5, "y": -979.8, "z": 0.0, "w": 0.0}, "subType": "radius",
            "icon": "fa-location-dot", "color": "#ff0000", "tooltip": "Perimeter",
            "data": [{"title": "Assigned Unit", "text": "A-10"}], "radius": 100.0
        });
        let sign = |id: i64, label: &str, text1: &str, text2: &str| json!({"id": id, "coordinates": {"x": 420.1, "y": -980.4, "z": 30.8, "w": 0.0}, "label": label, "text1": text1, "text2": text2, "text3": ""});
        let object = |v: Value| match v {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        MapState {
            next_blip: 33,
            blips: vec![(1, object(blip))],
            pager: HashMap::new(),
            callouts: HashMap::new(),
            stations: HashMap::new(),
            signs: HashMap::from([(
                1,
                vec![
                    object(sign(1, "Mission Row", "Mission Row", "Integrity Way")),
                    object(sign(2, "Alta St", "Alta St", "Integrity Way")),
                ],
            )]),
        }
    }
}

/// The pager configuration a server has until one is set (the get page's example).
fn default_pager() -> Map<String, Value> {
    let value = json!({
        "natureWords": {"Emergency": "Emergency", "NonEmergency": "Non-Emergency", "Administrative": "Administrative"},
        "maxAddresses": 5,
        "maxBodyLength": 250,
        "nodes": [],
        "perms": {"roles": [], "players": []}
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The operations of this module, by name, over the community (locked) and the
/// authorized request ([`crate::calls::routed`] reads it).
pub(crate) fn answer(operation: &str, community: &mut Community, request: &Request) -> Answer {
    match operation {
        "get_blips_v2" => get_blips(community, request),
        "create_blip_v2" => create_blip(community, request),
        "update_blip_v2" => update_blip(community, request),
        "delete_blips_v2" => delete_blips(community, request),
        "get_pager_config_v2" => {
            Ok(Json(Value::Object(community.map.pager.get(&request.server).cloned().unwrap_or_else(default_pager))).into_response())
        }
        "set_pager_config_v2" => set_pager(community, request),
        "set_available_callouts_v2" => set_callouts(community, request),
        "set_stations_v2" => set_stations(community, request),
        "set_street_sign_config_v2" => set_signs(community, request),
        "update_street_signs_v2" => update_signs(community, request),
        other => Err(not_found_problem(format!("{other} is not a map route."), &request.instance)),
    }
}

fn is_number(value: &Value) -> bool {
    value.is_number()
}

/// `coordinates`: an object with numbers `x` and `y` (and `z`, `w` when given).
fn check_coordinates(value: &Value, field: &str, instance: &str) -> Result<(), Response> {
    let ok = value.as_object().is_some_and(|c| {
        c.get("x").is_some_and(is_number) && c.get("y").is_some_and(is_number) && ["z", "w"].iter().all(|k| c.get(*k).is_none_or(is_number))
    });
    if ok {
        Ok(())
    } else {
        Err(unprocessable(format!("The field '{field}' must be an object with numeric x and y (and z, w)."), instance))
    }
}

/// The blip fields of `body`, checked.
fn blip_fields(body: &Map<String, Value>, instance: &str) -> Result<Map<String, Value>, Response> {
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
            "data" if !value.as_array().is_some_and(|rows| rows.iter().all(Value::is_object)) => {
                return Err(unprocessable("The field 'data' must be a list of {title, text} objects.", instance));
            }
            "data" => {}
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
        return Err(not_found_problem(format!("Blip {raw} was not found."), &request.instance));
    };
    blip.extend(fields);
    Ok(Json(json!({"id": id})).into_response())
}

/// `name`: a non-empty list of integers.
fn id_list(body: &Map<String, Value>, name: &str, instance: &str) -> Result<Vec<i64>, Response> {
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
        return Err(not_found_problem("None of the blips was found.", &request.instance));
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
        return Err(not_found_problem("None of the street signs is configured.", instance));
    }
    Ok(Json(json!({"ids": updated})).into_response())
}

/// `GET /_mock/servers/{serverId}/configuration`: what the map and configuration routes
/// stored for a server (`blips`, `pagerConfig`, `callouts`, `stations`, `streetSigns`).
pub async fn stored(State(shared): State<Arc<Shared>>, Path(server_id): Path<String>, uri: Uri) -> Response {
    let server = match check_server(&shared, &server_id, uri.path()) {
        Ok(server) => server,
        Err(response) => return response,
    };
    let community = shared.community();
    let map = &community.map;
    let blips: Vec<Value> = map.blips.iter().filter(|(s, _)| *s == server).map(|(_, b)| Value::Object(b.clone())).collect();
    Json(json!({
        "blips": blips,
        "pagerConfig": map.pager.get(&server).cloned().unwrap_or_else(default_pager),
        "callouts": map.callouts.get(&server).cloned().unwrap_or_default(),
        "stations": map.stations.get(&server).cloned().unwrap_or(Value::Null),
        "streetSigns": map.signs.get(&server).cloned().unwrap_or_default(),
    }))
    .into_response()
}
