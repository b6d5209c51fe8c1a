//! What the custom record reference fixes, checked before a record write is sent: the record
//! types the record system accepts, the section categories whose payload lives in
//! `fields[0].data`, the field types (case-sensitive), the status strings, the dependency
//! types, the characters a field `uid` may not hold, and what a dictionary replacement
//! (`replaceValues`) may carry. Errors name the field by its path
//! (`record.sections[0].fields[2].type`, `replaceValues.risk_flags.flags`).
//!
//! Keys this version does not know are sent as given: the record structure grows over time.

use serde_json::{Map, Value};

use super::models::{DependencyType, FieldType, RecordType, SectionCategory, DATE_MASKS, UID_FORBIDDEN};
use crate::error::{Error, Result};
use crate::operations::Checked;

/// A whole record (`record` of a record write).
pub(crate) static RECORD: Checked = Checked {
    describe: "a whole record: `{type, name, sections: [{category, label, fields: [{type, label, value, uid, ...}]}]}`; \
               `type` a live record type (2–5, 7–16), field `type`s as the reference spells them, `uid`s without `'`, `#` or `-`",
    check: record,
};

/// Dictionary values (`replaceValues`), keyed by field `uid`.
pub(crate) static REPLACE_VALUES: Checked = Checked {
    describe: "an object of values by field `uid` (no `'`, `#` or `-` in a key): text (numbers and booleans sent as their text), \
               `{flags: [...]}` for checkboxes and Flags sections, or a Speed, Charges (`{charges}`) or Record Link (`{records}`) section's data",
    check: replace_values,
};

/// The keys of a Speed section's data.
const SPEED_KEYS: &[&str] = &["vehicleSpeed", "speedLimit", "paceType", "date", "time", "fine"];

fn at(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

fn item(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// `key` of `object`, unless absent or `null`.
fn get<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|v| !v.is_null())
}

/// An object (Lua's empty table, which converts to `[]`, as an empty one).
fn object<'a>(path: &str, value: &'a Value, empty: &'a Map<String, Value>) -> Result<&'a Map<String, Value>> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Array(items) if items.is_empty() => Ok(empty),
        _ => Err(Error::invalid(path, "must be an object")),
    }
}

/// A list (an empty object, Lua's empty table, as an empty one).
fn list<'a>(path: &str, value: &'a Value) -> Result<&'a [Value]> {
    match value {
        Value::Array(items) => Ok(items),
        Value::Object(map) if map.is_empty() => Ok(&[]),
        _ => Err(Error::invalid(path, "must be a list")),
    }
}

fn string<'a>(path: &str, value: &'a Value) -> Result<&'a str> {
    value.as_str().ok_or_else(|| Error::invalid(path, "must be a string"))
}

fn boolean(path: &str, value: &Value) -> Result<()> {
    if value.is_boolean() {
        Ok(())
    } else {
        Err(Error::invalid(path, "must be true or false"))
    }
}

fn integer(path: &str, value: &Value) -> Result<i64> {
    value
        .as_i64()
        .or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
        .ok_or_else(|| Error::invalid(path, "must be an integer"))
}

/// Text as the API stores it: a string as it is, a number or a boolean as its text.
fn text(path: &str, value: &Value) -> Result<Value> {
    match value {
        Value::String(_) => Ok(value.clone()),
        Value::Number(n) => Ok(Value::String(n.to_string())),
        Value::Bool(b) => Ok(Value::String(b.to_string())),
        _ => Err(Error::invalid(path, "must be text (a string; numbers and booleans are sent as their text)")),
    }
}

fn strings(path: &str, value: &Value) -> Result<()> {
    for (i, entry) in list(path, value)?.iter().enumerate() {
        string(&item(path, i), entry)?;
    }
    Ok(())
}

fn objects(path: &str, value: &Value) -> Result<()> {
    let empty = Map::new();
    for (i, entry) in list(path, value)?.iter().enumerate() {
        object(&item(path, i), entry, &empty)?;
    }
    Ok(())
}

/// A field `uid` (or a dependency's `fid`, which names one): a string without `'`, `#` or `-`.
fn uid(path: &str, value: &Value) -> Result<()> {
    let uid = string(path, value)?;
    match uid.chars().find(|c| UID_FORBIDDEN.contains(c)) {
        Some(c) => Err(Error::invalid(path, format_args!("must not hold `{c}` (a field uid holds no `'`, `#` or `-`): {uid:?}"))),
        None => Ok(()),
    }
}

/// `record`: the whole record of a record write, returned as it will be sent (field values as
/// text, everything else as given).
fn record(name: &str, value: &Value) -> Result<Value> {
    let empty = Map::new();
    let mut record = object(name, value, &empty)?.clone();
    let family = match get(&record, "type") {
        Some(kind) => {
            let path = at(name, "type");
            let number = integer(&path, kind)?;
            match RecordType::live(number) {
                Some(family) => Some(family),
                None => {
                    let live: Vec<String> = RecordType::NAMES.iter().map(|(n, v)| format!("{v} ({n})")).collect();
                    return Err(Error::invalid(
                        &path,
                        format_args!(
                            "must be a live record type: {} (the others are removed or internal-only), not {number}",
                            live.join(", ")
                        ),
                    ));
                }
            }
        }
        None => None,
    };
    for key in ["recordTypeId", "id"] {
        if let Some(value) = get(&record, key) {
            integer(&at(name, key), value)?;
        }
    }
    for key in ["name", "img", "syncId", "syncUniqueId"] {
        if let Some(value) = get(&record, key) {
            string(&at(name, key), value)?;
        }
    }
    if let Some(previews) = get(&record, "previewFields") {
        objects(&at(name, "previewFields"), previews)?;
    }
    if let Some(sections) = record.get_mut("sections").filter(|v| !v.is_null()) {
        let path = at(name, "sections");
        let checked = list(&path, sections)?.iter().enumerate().map(|(i, s)| section(&item(&path, i), s, family)).collect::<Result<_>>()?;
        *sections = Value::Array(checked);
    }
    Ok(Value::Object(record))
}

/// One section of a whole record.
fn section(path: &str, value: &Value, family: Option<RecordType>) -> Result<Value> {
    let empty = Map::new();
    let mut section = object(path, value, &empty)?.clone();
    let category = match get(&section, "category") {
        Some(category) => {
            let number = integer(&at(path, "category"), category)?;
            if number < 0 {
                return Err(Error::invalid(&at(path, "category"), "must be a section category (0 or more)"));
            }
            Some(SectionCategory::from_i64(number))
        }
        None => None,
    };
    if let Some(label) = get(&section, "label") {
        string(&at(path, "label"), label)?;
    }
    for key in ["searchCiv", "searchVeh", "enableDuplicate", "isDuplicate"] {
        if let Some(value) = get(&section, key) {
            boolean(&at(path, key), value)?;
        }
    }
    if let Some(dependency) = get(&section, "dependency") {
        self::dependency(&at(path, "dependency"), dependency)?;
    }
    if let Some(fields) = section.get_mut("fields").filter(|v| !v.is_null()) {
        let fields_path = at(path, "fields");
        let checked: Vec<Value> =
            list(&fields_path, fields)?.iter().enumerate().map(|(i, f)| field(&item(&fields_path, i), f, family)).collect::<Result<_>>()?;
        if let (Some(category), Some(first)) = (category, checked.first()) {
            if let Some(data) = first.get("data").filter(|v| !v.is_null()) {
                section_data(&format!("{fields_path}[0].data"), category, data)?;
            }
        }
        *fields = Value::Array(checked);
    }
    Ok(Value::Object(section))
}

/// The payload of a premade section (`fields[0].data`), for the categories whose shape the
/// reference gives.
fn section_data(path: &str, category: SectionCategory, data: &Value) -> Result<()> {
    let empty = Map::new();
    let data = object(path, data, &empty)?;
    match category {
        SectionCategory::Flags => {
            if let Some(flags) = get(data, "flags") {
                strings(&at(path, "flags"), flags)?;
            }
        }
        SectionCategory::Charges => {
            if let Some(charges) = get(data, "charges") {
                objects(&at(path, "charges"), charges)?;
            }
        }
        SectionCategory::RecordLink => {
            if let Some(records) = get(data, "records") {
                links(&at(path, "records"), records)?;
            }
        }
        SectionCategory::Diagram => {
            if let Some(diagram) = get(data, "diagram") {
                object(&at(path, "diagram"), diagram, &empty)?;
            }
            if let Some(img) = get(data, "img") {
                string(&at(path, "img"), img)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A Record Link section's `records`: `{link, type, label}` each, `link` the linked record's
/// `syncUniqueId` (a string) or its numeric `id`.
fn links(path: &str, value: &Value) -> Result<()> {
    let empty = Map::new();
    for (i, link) in list(path, value)?.iter().enumerate() {
        let link_path = item(path, i);
        let link = object(&link_path, link, &empty)?;
        if let Some(target) = get(link, "link") {
            if !(target.is_string() || target.is_i64() || target.is_u64()) {
                return Err(Error::invalid(&at(&link_path, "link"), "must be the linked record's `syncUniqueId` (a string) or its `id`"));
            }
        }
        if let Some(kind) = get(link, "type") {
            integer(&at(&link_path, "type"), kind)?;
        }
        if let Some(label) = get(link, "label") {
            string(&at(&link_path, "label"), label)?;
        }
    }
    Ok(())
}

/// One field of a section, returned with its `value` as text.
fn field(path: &str, value: &Value, family: Option<RecordType>) -> Result<Value> {
    let empty = Map::new();
    let mut field = object(path, value, &empty)?.clone();
    let kind = match get(&field, "type") {
        Some(kind) => Some(field_type(&at(path, "type"), kind)?),
        None => None,
    };
    for key in ["label", "mask", "placeholder"] {
        if let Some(value) = get(&field, key) {
            string(&at(path, key), value)?;
        }
    }
    for key in ["isPreviewed", "isSupervisor", "isRequired", "unique", "readOnly", "maskReverse", "dbMap", "isFromSync"] {
        if let Some(value) = get(&field, key) {
            boolean(&at(path, key), value)?;
        }
    }
    if let Some(size) = get(&field, "size") {
        let size_path = at(path, "size");
        if !(1..=12).contains(&integer(&size_path, size)?) {
            return Err(Error::invalid(&size_path, "must be a grid width from 1 to 12"));
        }
    }
    if let Some(options) = get(&field, "options") {
        strings(&at(path, "options"), options)?;
    }
    if let Some(id) = get(&field, "uid") {
        uid(&at(path, "uid"), id)?;
    }
    if let Some(dependency) = get(&field, "dependency") {
        self::dependency(&at(path, "dependency"), dependency)?;
    }
    if let Some(data) = get(&field, "data") {
        let data_path = at(path, "data");
        let data = object(&data_path, data, &empty)?;
        match kind {
            Some(FieldType::Checkboxes) => {
                if let Some(flags) = get(data, "flags") {
                    strings(&at(&data_path, "flags"), flags)?;
                }
            }
            Some(FieldType::Label) => {
                if let Some(color) = get(data, "color") {
                    string(&at(&data_path, "color"), color)?;
                }
                if let Some(size) = get(data, "size") {
                    let size_path = at(&data_path, "size");
                    if !(5..=50).contains(&integer(&size_path, size)?) {
                        return Err(Error::invalid(&size_path, "must be a label size from 5 to 50"));
                    }
                }
            }
            _ => {}
        }
    }
    if kind == Some(FieldType::Date) {
        if let Some(mask) = get(&field, "mask").and_then(Value::as_str).filter(|m| !m.is_empty()) {
            if !DATE_MASKS.contains(&mask) {
                return Err(Error::invalid(&at(path, "mask"), format_args!("of a `date` field must be one of {}", DATE_MASKS.join(", "))));
            }
        }
    }
    if let Some(value) = field.get_mut("value").filter(|v| !v.is_null()) {
        let value_path = at(path, "value");
        let checked = text(&value_path, value).map_err(|_| {
            Error::invalid(&value_path, "must be text (numbers and booleans are sent as their text); structured values go in `data`")
        })?;
        if kind == Some(FieldType::Status) {
            status(&value_path, checked.as_str().unwrap_or_default(), family)?;
        }
        *value = checked;
    }
    Ok(Value::Object(field))
}

/// A field `type`: exactly as the reference spells it.
fn field_type(path: &str, value: &Value) -> Result<FieldType> {
    let name = string(path, value)?;
    match FieldType::from_name(name) {
        FieldType::Other(_) => match FieldType::NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)) {
            Some(spelled) => {
                Err(Error::invalid(path, format_args!("must be spelled `{spelled}`: field types are case-sensitive, not {name:?}")))
            }
            None => Err(Error::invalid(path, format_args!("must be a field type ({}), not {name:?}", FieldType::NAMES.join(", ")))),
        },
        known => Ok(known),
    }
}

/// A `status` field's value: a status string of the record's family (blank for none).
fn status(path: &str, value: &str, family: Option<RecordType>) -> Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    let allowed: &[(&str, &str)] = match family {
        Some(family) => family.statuses(),
        None => &[("0", ""), ("1", ""), ("2", "")],
    };
    if allowed.iter().any(|(v, _)| *v == value) {
        return Ok(());
    }
    let listed: Vec<String> =
        allowed.iter().map(|(v, meaning)| if meaning.is_empty() { format!("\"{v}\"") } else { format!("\"{v}\" ({meaning})") }).collect();
    let whose = family.map_or(String::new(), |f| format!(" of a {f} record"));
    Err(Error::invalid(path, format_args!("of a `status` field{whose} must be one of {}, not {value:?}", listed.join(", "))))
}

/// A dependency `{type, fid, acceptableValues}` of a section or a field.
fn dependency(path: &str, value: &Value) -> Result<()> {
    let empty = Map::new();
    let dependency = object(path, value, &empty)?;
    if let Some(kind) = get(dependency, "type") {
        let kind_path = at(path, "type");
        let name = string(&kind_path, kind)?;
        if let DependencyType::Other(_) = DependencyType::from_name(name) {
            let hint = match DependencyType::NAMES.iter().find(|n| n.eq_ignore_ascii_case(name)) {
                Some(spelled) => format!(" (spelled `{spelled}`)"),
                None => String::new(),
            };
            return Err(Error::invalid(&kind_path, format_args!("must be `EQUAL`, `NOTEQUAL`, `CONTAINS` or empty, not {name:?}{hint}")));
        }
    }
    if let Some(fid) = get(dependency, "fid") {
        uid(&at(path, "fid"), fid)?;
    }
    if let Some(values) = get(dependency, "acceptableValues") {
        strings(&at(path, "acceptableValues"), values)?;
    }
    Ok(())
}

/// `replaceValues`: values by field `uid`, returned as they will be sent (text values as text).
fn replace_values(name: &str, value: &Value) -> Result<Value> {
    let empty = Map::new();
    let values = object(name, value, &empty).map_err(|_| Error::invalid(name, "must be an object of values by field uid"))?;
    let mut out = Map::new();
    for (key, value) in values {
        let path = at(name, key);
        if let Some(c) = key.chars().find(|c| UID_FORBIDDEN.contains(c)) {
            return Err(Error::invalid(
                &path,
                format_args!("cannot name a field: a field uid holds no `'`, `#` or `-` (this key holds `{c}`)"),
            ));
        }
        let checked = match value {
            Value::Object(data) => {
                section_value(&path, data)?;
                value.clone()
            }
            Value::Array(_) => {
                return Err(Error::invalid(&path, "must be text or an object: a `checkboxes` value is `{\"flags\": [...]}`, not a list"))
            }
            _ => text(&path, value)?,
        };
        out.insert(key.clone(), checked);
    }
    Ok(Value::Object(out))
}

/// An object value of a dictionary replacement: the selected values of a `checkboxes` field or
/// a Flags section (`{flags}`), or the complete data of a Charges (`{charges}`), Record Link
/// (`{records}`) or Speed section. Diagram data is not replaced by dictionary mode.
fn section_value(path: &str, data: &Map<String, Value>) -> Result<()> {
    if data.contains_key("diagram") {
        return Err(Error::invalid(path, "is diagram data, which dictionary mode does not replace: send a whole `record` instead"));
    }
    let mut known = false;
    if let Some(flags) = data.get("flags") {
        strings(&at(path, "flags"), flags)?;
        known = true;
    }
    if let Some(charges) = data.get("charges") {
        objects(&at(path, "charges"), charges)?;
        known = true;
    }
    if let Some(records) = data.get("records") {
        links(&at(path, "records"), records)?;
        known = true;
    }
    if SPEED_KEYS.iter().any(|k| data.contains_key(*k)) {
        known = true;
    }
    if known {
        Ok(())
    } else {
        Err(Error::invalid(
            path,
            "must be text, or section data: `{flags: [...]}` (checkboxes, Flags), `{charges: [...]}`, `{records: [...]}` or a Speed object",
        ))
    }
}
