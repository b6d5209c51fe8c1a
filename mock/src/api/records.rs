//! v2 records: templates by record type, records made from a template's `replaceValues` (or
//! given whole), updated and deleted, drafts, and the lookups that find what was written
//! (by name, plate, typed value and custom mapping), over the community's records
//! (`store::records`). Characters are records of type 7; `civilian` answers the civilian
//! routes over the same store.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bind, not_found, problem, unprocessable, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::records::{character_name, fill, spec_uid, template, templates as all_templates, StoredRecord, CUSTOM_MAPS};
use crate::store::units::accounts;
use crate::store::Community;

/// The record and lookup routes: any JSON body.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Json),
        &[
            ("lookup_v2", |c, r| lookup(c, r)),
            ("lookup_by_value_v2", |c, r| lookup_by_value(c, r)),
            ("lookup_custom_v2", |c, r| lookup_custom(c, r)),
            ("create_record_v2", create),
            ("update_record_v2", update),
            ("remove_record_v2", remove),
            ("get_templates_v2", |_, r| templates(r)),
            ("send_record_draft_v2", |c, r| draft(c, r)),
        ],
    )
}

/// The one account a body or query names (`communityUserId`, `roblox`, `discord`,
/// `accountUuid`): `Ok(None)` when none is named and `required` is false; 422 when several
/// are, or none when one is required; 404 when the one named is unknown.
pub fn target(community: &Community, given: &Map<String, Value>, required: bool, instance: &str) -> Result<Option<String>, Refusal> {
    const KEYS: [&str; 4] = ["communityUserId", "roblox", "discord", "accountUuid"];
    let named: Vec<(&str, &Value)> = KEYS.iter().filter_map(|k| given.get(*k).map(|v| (*k, v))).collect();
    match named.as_slice() {
        [] if !required => Ok(None),
        [(key, value)] => match accounts(community, key, value).into_iter().next() {
            Some(uuid) => Ok(Some(uuid)),
            None => {
                let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                Err(not_found(format!("No account matches {key} {shown}."), instance))
            }
        },
        _ => Err(unprocessable(format!("Provide exactly one identifier: {}.", KEYS.join(", ")), instance)),
    }
}

/// How a lookup compares: case-insensitive, whole value or (partial) contained.
fn matches(have: &str, want: &str, partial: bool) -> bool {
    let (have, want) = (have.trim().to_lowercase(), want.trim().to_lowercase());
    if partial {
        have.contains(&want)
    } else {
        have == want
    }
}

/// `types` and `partial` of a lookup body, checked.
fn lookup_options(body: &Map<String, Value>, instance: &str) -> Result<(Vec<i64>, bool), Refusal> {
    let types = match body.get("types") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(Value::as_i64)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| unprocessable("The field 'types' must be a list of integers.", instance))?,
        Some(_) => return Err(unprocessable("The field 'types' must be a list of integers.", instance)),
    };
    let partial = match body.get("partial") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(unprocessable("The field 'partial' must be true or false.", instance)),
    };
    Ok((types, partial))
}

fn string_field<'a>(body: &'a Map<String, Value>, name: &str, instance: &str) -> Result<&'a str, Refusal> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(""),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(unprocessable(format!("The field '{name}' must be a string."), instance)),
    }
}

/// The records of `types` (all when empty) that `keep` accepts, as a JSON list.
fn found(community: &Community, types: &[i64], keep: impl Fn(&StoredRecord) -> bool) -> Response {
    let list: Vec<Value> = community
        .records
        .records
        .iter()
        .filter(|r| types.is_empty() || types.contains(&r.type_id()))
        .filter(|r| keep(r))
        .map(|r| Value::Object(r.record.clone()))
        .collect();
    Json(Value::Array(list)).into_response()
}

fn lookup(community: &Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let (types, partial) = lookup_options(body, instance)?;
    let first = string_field(body, "first", instance)?;
    let last = string_field(body, "last", instance)?;
    let mi = string_field(body, "mi", instance)?;
    let plate = string_field(body, "plate", instance)?;
    let by_name = [first, last, mi].iter().any(|s| !s.trim().is_empty());
    let by_plate = !plate.trim().is_empty();
    if !by_name && !by_plate {
        return Err(unprocessable("Provide a name (first, last, mi) or a plate to look up.", instance));
    }
    let name_part =
        |record: &StoredRecord, uid: &str, want: &str| want.trim().is_empty() || record.values(uid).any(|v| matches(v, want, partial));
    Ok(found(community, &types, |record| {
        let name_hit =
            by_name && name_part(record, "first_name", first) && name_part(record, "last_name", last) && name_part(record, "mi", mi);
        let plate_hit = by_plate && record.values("plate").any(|v| matches(v, plate, partial));
        name_hit || plate_hit
    }))
}

fn lookup_by_value(community: &Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let (types, partial) = lookup_options(body, instance)?;
    let search_type = string_field(body, "searchType", instance)?;
    let value = match body.get("value") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    if search_type.trim().is_empty() || value.trim().is_empty() {
        return Err(unprocessable("The fields 'searchType' and 'value' are required.", instance));
    }
    // A search type that names a field (plate, license_number) searches that field; the
    // others (NUMBER, ...) search every field and the record id.
    let uid = spec_uid(5, search_type).or_else(|| spec_uid(4, search_type)).map(str::to_string);
    Ok(found(community, &types, |record| match &uid {
        Some(uid) => record.values(uid).any(|v| matches(v, &value, partial)),
        None => record.id().to_string() == value.trim() || record.all_values().any(|v| matches(v, &value, partial)),
    }))
}

fn lookup_custom(community: &Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let (types, partial) = lookup_options(body, instance)?;
    let map = string_field(body, "map", instance)?;
    let value = string_field(body, "value", instance)?;
    if map.trim().is_empty() || value.trim().is_empty() {
        return Err(unprocessable("The fields 'map' and 'value' are required.", instance));
    }
    let uid = CUSTOM_MAPS.iter().find(|(name, _)| name.eq_ignore_ascii_case(map.trim())).map_or(map.trim(), |(_, uid)| uid);
    Ok(found(community, &types, |record| record.values(uid).any(|v| matches(v, value, partial))))
}

/// `replaceValues` of a body: an object of strings (numbers and booleans as their text).
fn replace_values<'a>(body: &'a Map<String, Value>, instance: &str) -> Result<Option<&'a Map<String, Value>>, Refusal> {
    match body.get("replaceValues") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(values)) if values.values().all(|v| v.is_string() || v.is_number() || v.is_boolean()) => Ok(Some(values)),
        Some(_) => Err(unprocessable("The field 'replaceValues' must be an object of string values.", instance)),
    }
}

/// A positive integer field of a body, if present.
fn id_field(body: &Map<String, Value>, name: &str, instance: &str) -> Result<Option<i64>, Refusal> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| unprocessable(format!("The field '{name}' must be a positive integer."), instance)),
    }
}

fn template_not_found(type_id: i64, instance: &str) -> Refusal {
    not_found(format!("Record template {type_id} was not found."), instance)
}

fn clash_problem(uid: &str, value: &str, instance: &str) -> Refusal {
    problem(StatusCode::CONFLICT, "Conflict", format!("Another record already uses {uid} '{value}'."), instance)
}

/// A record from a whole `record` object: its `recordTypeId` (else its `type`), `name`, `sections`.
fn raw_record(raw: &Value, instance: &str) -> Result<Map<String, Value>, Refusal> {
    let raw = raw.as_object().ok_or_else(|| unprocessable("The field 'record' must be an object.", instance))?;
    let kind = raw
        .get("type")
        .and_then(Value::as_i64)
        .ok_or_else(|| unprocessable("The field 'record.type' is required and must be an integer.", instance))?;
    let type_id = raw.get("recordTypeId").and_then(Value::as_i64).unwrap_or(kind);
    let mut record = Map::new();
    record.insert("recordTypeId".into(), json!(type_id));
    record.insert("id".into(), json!(0));
    record.insert("name".into(), raw.get("name").cloned().unwrap_or(json!("")));
    record.insert("type".into(), json!(kind));
    record.insert("sections".into(), raw.get("sections").cloned().unwrap_or(json!([])));
    for (k, v) in raw {
        record.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Ok(record)
}

fn create(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let owner = target(community, body, true, instance)?.unwrap_or_default();
    let replace = replace_values(body, instance)?;
    let mut record = match (id_field(body, "recordTypeId", instance)?, body.get("record")) {
        (Some(type_id), None) => {
            let mut record = template(type_id).ok_or_else(|| template_not_found(type_id, instance))?;
            fill(&mut record, type_id, replace.unwrap_or(&Map::new()));
            record
        }
        (None, Some(raw)) => raw_record(raw, instance)?,
        _ => return Err(unprocessable("Provide either recordTypeId with replaceValues, or a record.", instance)),
    };
    let id = community.records.next_id();
    record.insert("id".into(), json!(id));
    let mut stored = StoredRecord { owner, record };
    if stored.is_character() {
        if let Some(name) = character_name(&stored) {
            stored.record.insert("name".into(), json!(name));
        }
    }
    if let Some((uid, value)) = community.records.clash(&stored, id) {
        return Err(clash_problem(uid, &value, instance));
    }
    let answer = Value::Object(stored.record.clone());
    community.records.records.push(stored);
    Ok(Json(answer).into_response())
}

fn update(community: &mut Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    let id = request.path_id("recordId")?;
    target(community, body, false, instance)?;
    let replace = replace_values(body, instance)?;
    let template_id = id_field(body, "templateId", instance)?;
    let index = community.records.position(id).ok_or_else(|| not_found(format!("Record {id} was not found."), instance))?;
    let mut changed = community.records.records[index].clone();
    match (template_id, body.get("record")) {
        (Some(template_id), None) => {
            if template(template_id).is_none() {
                return Err(template_not_found(template_id, instance));
            }
            let values = replace.ok_or_else(|| unprocessable("The field 'replaceValues' is required with templateId.", instance))?;
            fill(&mut changed.record, template_id, values);
            if changed.is_character() {
                if let Some(name) = character_name(&changed) {
                    changed.record.insert("name".into(), json!(name));
                }
            }
        }
        (None, Some(raw)) => {
            let mut record = raw_record(raw, instance)?;
            record.insert("id".into(), json!(id));
            changed.record = record;
        }
        _ => return Err(unprocessable("Provide either templateId with replaceValues, or a record.", instance)),
    }
    if let Some((uid, value)) = community.records.clash(&changed, id) {
        return Err(clash_problem(uid, &value, instance));
    }
    let answer = Value::Object(changed.record.clone());
    community.records.records[index] = changed;
    Ok(Json(answer).into_response())
}

fn remove(community: &mut Community, request: &Request) -> Answer {
    let id = request.path_id("recordId")?;
    let index = community.records.position(id).ok_or_else(|| not_found(format!("Record {id} was not found."), &request.instance))?;
    community.records.records.remove(index);
    Ok(Json(json!({"recordId": id})).into_response())
}

fn templates(request: &Request) -> Answer {
    match request.path.get("recordTypeId") {
        Some(_) => {
            let type_id = request.path_id("recordTypeId")?;
            let one = template(type_id).ok_or_else(|| template_not_found(type_id, &request.instance))?;
            Ok(Json(Value::Object(one)).into_response())
        }
        None => {
            let all: Vec<Value> = all_templates().map(Value::Object).collect();
            Ok(Json(Value::Array(all)).into_response())
        }
    }
}

fn draft(community: &Community, request: &Request) -> Answer {
    let body = request.object()?;
    let instance = &request.instance;
    target(community, body, false, instance)?;
    let type_id =
        id_field(body, "recordTypeId", instance)?.ok_or_else(|| unprocessable("The field 'recordTypeId' is required.", instance))?;
    let replace = replace_values(body, instance)?;
    let mut record = template(type_id).ok_or_else(|| template_not_found(type_id, instance))?;
    fill(&mut record, type_id, replace.unwrap_or(&Map::new()));
    Ok(Json(Value::Object(record)).into_response())
}
