//! The community's records: templates by record type, records made from them (or given
//! whole), and civilian characters (records of type 7) with the sync ids linked to each
//! account and the character each has selected.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::accounts::JOHN_UUID;

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
pub const CUSTOM_MAPS: &[(&str, &str)] =
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
    /// Its `id`.
    pub fn id(&self) -> i64 {
        self.record.get("id").and_then(Value::as_i64).unwrap_or(0)
    }

    /// Its `recordTypeId`.
    pub fn type_id(&self) -> i64 {
        self.record.get("recordTypeId").and_then(Value::as_i64).unwrap_or(0)
    }

    /// Whether it is a civilian character.
    pub fn is_character(&self) -> bool {
        self.type_id() == CHARACTER || self.record.get("type").and_then(Value::as_i64) == Some(CHARACTER)
    }

    /// The values of its fields with this uid.
    pub fn values<'a>(&'a self, uid: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        fields(&self.record)
            .filter(move |f| f.get("uid").and_then(Value::as_str) == Some(uid))
            .filter_map(|f| f.get("value").and_then(Value::as_str))
    }

    /// The values of all its fields.
    pub fn all_values(&self) -> impl Iterator<Item = &str> + '_ {
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

/// Every template, in order, as [`template`] answers each.
pub fn templates() -> impl Iterator<Item = Map<String, Value>> {
    TEMPLATES.iter().filter_map(|t| template(t.0))
}

/// A template as the templates routes answer it (`id` 0, values blank).
pub fn template(type_id: i64) -> Option<Map<String, Value>> {
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
pub fn spec_uid(type_id: i64, key: &str) -> Option<&'static str> {
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
pub fn fill(record: &mut Map<String, Value>, type_id: i64, replace: &Map<String, Value>) {
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
pub fn character_name(record: &StoredRecord) -> Option<String> {
    let first = record.values("first_name").next().unwrap_or_default();
    let last = record.values("last_name").next().unwrap_or_default();
    let name = format!("{first} {last}").trim().to_string();
    (!name.is_empty()).then_some(name)
}

impl Records {
    /// The pages' examples: John Doe's characters 2451 (`citizen:1234`) and 2452, the
    /// incident report 451 and the vehicle registration 501 (plate `ABC123`), then John's
    /// characters 42 (the delete-character and set-selected-character `Sonoran.lua` examples)
    /// and 1042 (the set-selected-character request); John's sync links `citizen:1234`,
    /// `citizen:5678` and `CHAR_123` (the character-link `Sonoran.lua` examples).
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
        records.records.push(seed(CHARACTER, 42, json!({"first": "Jack", "last": "Doe", "dob": "03/03/1990"})));
        records.records.push(seed(CHARACTER, 1042, json!({"first": "Jill", "last": "Doe", "dob": "04/04/1992"})));
        records.links.insert(JOHN_UUID.into(), vec!["citizen:1234".into(), "citizen:5678".into(), "CHAR_123".into()]);
        records
    }

    /// A new record id.
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// The index of record `id`.
    pub fn position(&self, id: i64) -> Option<usize> {
        self.records.iter().position(|r| r.id() == id)
    }

    /// The record (of the same type, other than `except`) that already holds a unique value
    /// `record` holds: `(uid, value)`.
    pub fn clash(&self, record: &StoredRecord, except: i64) -> Option<(&'static str, String)> {
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
