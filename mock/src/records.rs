//! v2 records: templates by record type, records made from a template's `replaceValues` (or
//! given whole), updated and deleted, drafts, and the lookups that find what was written
//! (by name, plate, typed value and custom mapping). Characters are records of type 7, kept
//! here too; `civilian.rs` answers the civilian routes over the same store.

// Handlers answer a ready `Response` as their error (a problem document), as calls.rs does.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::calls::{Answer, Request};
use crate::data::JOHN_UUID;
use crate::server::Community;
use crate::units::accounts;
use crate::v2::{not_found_problem, problem, unprocessable};

/// The record type of civilian characters.
pub const CHARACTER: i64 = 7;

/// One field of a template: its uid, label, and the dictionary key `replaceValues` may use.
struct FieldSpec {
    uid: &'static str,
    label: &'static str,
    key: &'static str,
}

const fn f(uid: &'static str, label: &'static str, key: &'static str) -> FieldSpec {
    FieldSpec { uid, label, key }
}

/// The seeded templates: (recordTypeId, type, name, [(section label, fields)]).
#[allow(clippy::type_complexity)]
const TEMPLATES: &[(i64, i64, &str, &[(&str, &[FieldSpec])])] = &[
    (1, 8, "Field Contact", &[("Subject", &[f("firstName", "First Name", "firstName"), f("lastName", "Last Name", "lastName")])]),
    (
        2,
        2,
        "Warrant",
        &[(
            "Warrant Details",
            &[f("first_name", "First Name", "first"), f("last_name", "Last Name", "last"), f("charges", "Charges", "charges")],
        )],
    ),
    (3, 3, "BOLO", &[("BOLO Details", &[f("plate", "Plate", "plate"), f("description", "Description", "description")])]),
    (
        4,
        4,
        "License",
        &[(
            "License",
            &[
                f("license_number", "License Number", "license_number"),
                f("first_name", "First Name", "first"),
                f("last_name", "Last Name", "last"),
                f("status", "Status", "status"),
            ],
        )],
    ),
    (
        5,
        5,
        "Vehicle Registration",
        &[
            ("Vehicle Info", &[f("plate", "Plate", "plate"), f("model", "Model", "model"), f("color", "Color", "color")]),
            ("Owner", &[f("first_name", "First Name", "first"), f("last_name", "Last Name", "last")]),
        ],
    ),
    (
        7,
        7,
        "Civilian",
        &[(
            "Civilian Info",
            &[
                f("first_name", "First Name", "first"),
                f("last_name", "Last Name", "last"),
                f("mi", "Middle Initial", "mi"),
                f("dob", "Date of Birth", "dob"),
            ],
        )],
    ),
    (12, 9, "Incident Report", &[("Report Details", &[f("case_number", "Case Number", "case_number"), f("plate", "Plate", "plate")])]),
];

/// Fields whose value no two records of one type may share: (recordTypeId, uid). A write
/// that would make two equal answers 409.
const UNIQUE: &[(i64, &str)] = &[(4, "license_number"), (5, "plate")];

/// Custom lookup mappings: map name to the field uid it searches.
const CUSTOM_MAPS: &[(&str, &str)] =
    &[("vehicle", "plate"), ("drivers_license", "license_number"), ("license_number", "license_number"), ("plate", "plate")];

/// One stored record and the account it belongs to.
#[derive(Debug, Clone)]
pub struct StoredRecord {
    /// The owner's account UUID (empty when none).
    pub owner: String,
    /// The record object as the pages show it.
    pub record: Map<String, Value>,
}

impl StoredRecord {
    fn id(&self) -> i64 {
        self.record.get("id").and_then(Value::as_i64).unwrap_or(0)
    }

    fn type_id(&self) -> i64 {
        self.record.get("recordTypeId").and_then(Value::as_i64).unwrap_or(0)
    }

    /// Whether it is a civilian character.
    pub fn is_character(&self) -> bool {
        self.type_id() == CHARACTER || self.record.get("type").and_then(Value::as_i64) == Some(CHARACTER)
    }

    /// The values of its fields with this uid.
    fn values<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        fields(&self.record)
            .filter(move |f| f.get("uid").and_then(Value::as_str) == Some(uid))
            .filter_map(|f| f.get("value").and_then(Value::as_str))
    }

    fn all_values(&self) -> impl Iterator<Item = &str> + '_ {
        fields(&self.record).filter_map(|f| f.get("value").and_then(Value::as_str))
    }
}

/// Every field object of a record.
fn fields(record: &Map<String, Value>) -> impl Iterator<Item = &Map<String, Value>> {
    record
        .get("sections")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("fields").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_object)
}

/// The community's records, templates and civilian state.
#[derive(Debug, Clone)]
pub struct Records {
    next_id: i64,
    /// Every record, characters included, in creation order.
    pub records: Vec<StoredRecord>,
    /// Sync character ids linked to each account (by UUID).
    pub links: HashMap<String, Vec<String>>,
    /// Each account's selected character (as it was given: a number or a sync id).
    pub selected: HashMap<String, Value>,
}

/// A template as the templates routes answer it (`id` 0, values blank).
fn template(type_id: i64) -> Option<Map<String, Value>> {
    let (id, kind, name, sections) = TEMPLATES.iter().find(|t| t.0 == type_id)?;
    let sections: Vec<Value> = sections
        .iter()
        .map(|(label, specs)| {
            let fields: Vec<Value> = specs.iter().map(|s| json!({"label": s.label, "value": "", "uid": s.uid})).collect();
            json!({"category": 0, "label": label, "fields": fields})
        })
        .collect();
    let value = json!({"recordTypeId": id, "id": 0, "name": name, "type": kind, "sections": sections});
    value.as_object().cloned()
}

/// The field spec of template `type_id` that `key` names (by dictionary key or uid, with or
/// without `{{ }}` around it).
fn spec_uid(type_id: i64, key: &str) -> Option<&'static str> {
    let key = key.trim().trim_start_matches("{{").trim_end_matches("}}").trim();
    let (_, _, _, sections) = TEMPLATES.iter().find(|t| t.0 == type_id)?;
    sections
        .iter()
        .flat_map(|(_, specs)| specs.iter())
        .find(|s| s.key.eq_ignore_ascii_case(key) || s.uid.eq_ignore_ascii_case(key))
        .map(|s| s.uid)
}

/// Writes `replace` into `record`'s fields, read through template `type_id`'s dictionary.
/// Keys the template does not know are ignored, as placeholders that appear nowhere are.
fn fill(record: &mut Map<String, Value>, type_id: i64, replace: &Map<String, Value>) {
    let by_uid: HashMap<&str, String> = replace
        .iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            spec_uid(type_id, k).map(|uid| (uid, text))
        })
        .collect();
    if let Some(sections) = record.get_mut("sections").and_then(Value::as_array_mut) {
        for field in sections.iter_mut().filter_map(|s| s.get_mut("fields").and_then(Value::as_array_mut)).flatten() {
            let uid = field.get("uid").and_then(Value::as_str).unwrap_or_default().to_string();
            if let Some(text) = by_uid.get(uid.as_str()) {
                field["value"] = json!(text);
            }
        }
    }
}

/// A character's display name from its first and last name fields.
fn character_name(record: &StoredRecord) -> Option<String> {
    let first = record.values("first_name").next().unwrap_or_default();
    let last = record.values("last_name").next().unwrap_or_default();
    let name = format!("{first} {last}").trim().to_string();
    (!name.is_empty()).then_some(name)
}

impl Records {
    /// The pages' examples: John Doe's characters 2451 (`citizen:1234`) and 2452, the
    /// incident report 451 and the vehicle registration 501 (plate `ABC123`); John's sync
    /// links `citizen:1234` and `citizen:5678`.
    pub fn seeded() -> Records {
        let mut records = Records { next_id: 3000, records: Vec::new(), links: HashMap::new(), selected: HashMap::new() };
        let seed = |type_id: i64, id: i64, values: Value| {
            let mut record = template(type_id).expect("seeded template");
            record.insert("id".into(), json!(id));
            fill(&mut record, type_id, values.as_object().expect("object"));
            let mut stored = StoredRecord { owner: JOHN_UUID.into(), record };
            if let Some(name) = character_name(&stored).filter(|_| stored.is_character()) {
                stored.record.insert("name".into(), json!(name));
            }
            stored
        };
        let mut john = seed(CHARACTER, 2451, json!({"first": "John", "last": "Doe", "dob": "01/01/1995"}));
        john.record = insert_after(john.record, "id", "syncId", json!("citizen:1234"));
        records.records.push(john);
        records.records.push(seed(CHARACTER, 2452, json!({"first": "Jane", "last": "Doe", "dob": "02/02/1996"})));
        records.records.push(seed(12, 451, json!({"case_number": "SC-2026-001"})));
        records.records.push(seed(
            5,
            501,
            json!({"plate": "ABC123", "model": "Buffalo", "color": "Black", "first": "John", "last": "Doe"}),
        ));
        records.links.insert(JOHN_UUID.into(), vec!["citizen:1234".into(), "citizen:5678".into()]);
        records
    }

    fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// The index of record `id`.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.records.iter().position(|r| r.id() == id)
    }

    /// The record (of the same type, other than `except`) that already holds a unique value
    /// `record` holds: `(uid, value)`.
    fn clash(&self, record: &StoredRecord, except: i64) -> Option<(&'static str, String)> {
        let type_id = record.type_id();
        for (_, uid) in UNIQUE.iter().filter(|(t, _)| *t == type_id) {
            for value in record.values(uid).filter(|v| !v.trim().is_empty()) {
                let taken = self.records.iter().any(|other| {
                    other.id() != except
                        && other.type_id() == type_id
                        && other.values(uid).any(|v| v.trim().eq_ignore_ascii_case(value.trim()))
                });
                if taken {
                    return Some((uid, value.to_string()));
                }
            }
        }
        None
    }

    /// An account's characters.
    pub fn characters(&self, owner: &str) -> Vec<Value> {
        self.records.iter().filter(|r| r.owner == owner && r.is_character()).map(|r| Value::Object(r.record.clone())).collect()
    }
}

/// `map` with `key` = `value` inserted right after `after` (keys keep the pages' order).
fn insert_after(map: Map<String, Value>, after: &str, key: &str, value: Value) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in map {
        let here = k == after;
        out.insert(k, v);
        if here {
            out.insert(key.into(), value.clone());
        }
    }
    out
}

/// The one account a body or query names (`communityUserId`, `roblox`, `discord`,
/// `accountUuid`): `Ok(None)` when none is named and `required` is false; 422 when several
/// are, or none when one is required; 404 when the one named is unknown.
pub(crate) fn target(
    community: &Community,
    given: &Map<String, Value>,
    required: bool,
    instance: &str,
) -> Result<Option<String>, Response> {
    const KEYS: [&str; 4] = ["communityUserId", "roblox", "discord", "accountUuid"];
    let named: Vec<(&str, &Value)> = KEYS.iter().filter_map(|k| given.get(*k).map(|v| (*k, v))).collect();
    match named.as_slice() {
        [] if !required => Ok(None),
        [(key, value)] => match accounts(community, key, value).into_iter().next() {
            Some(uuid) => Ok(Some(uuid)),
            None => {
                let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                Err(not_found_problem(format!("No account matches {key} {shown}."), instance))
            }
        },
        _ => Err(unprocessable(format!("Provide exactly one identifier: {}.", KEYS.join(", ")), instance)),
    }
}

/// The operations of this module, by name, over the community (locked) and the
/// authorized request ([`crate::calls::routed`] reads it).
pub(crate) fn answer(operation: &str, community: &mut Community, request: &Request) -> Answer {
    match operation {
        "lookup_v2" => lookup(community, request),
        "lookup_by_value_v2" => lookup_by_value(community, request),
        "lookup_custom_v2" => lookup_custom(community, request),
        "create_record_v2" => create(community, request),
        "update_record_v2" => update(community, request),
        "remove_record_v2" => remove(community, request),
        "get_templates_v2" => templates(request),
        "send_record_draft_v2" => draft(community, request),
        other => crate::civilian::answer(other, community, request),
    }
}

/// The path parameter `name` as a positive integer, or a 400.
pub(crate) fn path_id(request: &Request, name: &str) -> Result<i64, Response> {
    let text = request.path.get(name).map_or("", String::as_str);
    text.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        problem(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            format!("The path parameter '{name}' must be a positive integer."),
            &request.instance,
        )
    })
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
fn lookup_options(body: &Map<String, Value>, instance: &str) -> Result<(Vec<i64>, bool), Response> {
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

fn string_field<'a>(body: &'a Map<String, Value>, name: &str, instance: &str) -> Result<&'a str, Response> {
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
fn replace_values<'a>(body: &'a Map<String, Value>, instance: &str) -> Result<Option<&'a Map<String, Value>>, Response> {
    match body.get("replaceValues") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(values)) if values.values().all(|v| v.is_string() || v.is_number() || v.is_boolean()) => Ok(Some(values)),
        Some(_) => Err(unprocessable("The field 'replaceValues' must be an object of string values.", instance)),
    }
}

/// A positive integer field of a body, if present.
fn id_field(body: &Map<String, Value>, name: &str, instance: &str) -> Result<Option<i64>, Response> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| unprocessable(format!("The field '{name}' must be a positive integer."), instance)),
    }
}

fn template_not_found(type_id: i64, instance: &str) -> Response {
    not_found_problem(format!("Record template {type_id} was not found."), instance)
}

fn clash_problem(uid: &str, value: &str, instance: &str) -> Response {
    problem(StatusCode::CONFLICT, "Conflict", format!("Another record already uses {uid} '{value}'."), instance)
}

/// A record from a whole `record` object: its `recordTypeId` (else its `type`), `name`, `sections`.
fn raw_record(raw: &Value, instance: &str) -> Result<Map<String, Value>, Response> {
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
    let id = path_id(request, "recordId")?;
    target(community, body, false, instance)?;
    let replace = replace_values(body, instance)?;
    let template_id = id_field(body, "templateId", instance)?;
    let index = community.records.position(id).ok_or_else(|| not_found_problem(format!("Record {id} was not found."), instance))?;
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
    let id = path_id(request, "recordId")?;
    let index =
        community.records.position(id).ok_or_else(|| not_found_problem(format!("Record {id} was not found."), &request.instance))?;
    community.records.records.remove(index);
    Ok(Json(json!({"recordId": id})).into_response())
}

fn templates(request: &Request) -> Answer {
    match request.path.get("recordTypeId") {
        Some(_) => {
            let type_id = path_id(request, "recordTypeId")?;
            let one = template(type_id).ok_or_else(|| template_not_found(type_id, &request.instance))?;
            Ok(Json(Value::Object(one)).into_response())
        }
        None => {
            let all: Vec<Value> = TEMPLATES.iter().filter_map(|t| template(t.0)).map(Value::Object).collect();
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
