//! Typed models and methods of the v2 records, lookups and civilian character operations.
//!
//! Records are template-driven: a [`Record`] keeps its `sections` and their `fields` as the
//! API sends them (each with its unknown keys), so a community's own templates come through
//! whole. Re-exported from [`crate::models`].

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::Client;

/// One field of a record section: its label, value and template uid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecordField {
    /// What the CAD shows beside it (`First Name`).
    #[serde(default)]
    pub label: Option<String>,
    /// Its value, as sent (usually a string; `""` when blank).
    #[serde(default)]
    pub value: Value,
    /// The template's id for the field (`first_name`), the key lookups and updates use.
    #[serde(default)]
    pub uid: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RecordField {
    /// The value as text: a string as it is, a number or boolean as written, else `None`.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// One section of a record: a category, a label and its fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecordSection {
    /// The section's category number.
    #[serde(default)]
    pub category: Option<i64>,
    /// Its heading (`Civilian Info`).
    #[serde(default)]
    pub label: Option<String>,
    /// Its fields, in order.
    #[serde(default)]
    pub fields: Vec<RecordField>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A record, a record template (id 0) or a civilian character (type 7): what lookups,
/// record writes, drafts, templates and `get_characters_v2` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Record {
    /// The template it was made from.
    #[serde(default)]
    pub record_type_id: Option<i64>,
    /// The record's id (0 for templates and drafts).
    #[serde(default)]
    pub id: i64,
    /// The sync character id, for characters that have one.
    #[serde(default)]
    pub sync_id: Option<String>,
    /// Its name (`John Doe`, `Incident Report`).
    #[serde(default)]
    pub name: Option<String>,
    /// The record kind: 2 warrant, 3 BOLO, 4 license, 5 vehicle registration, 7 character,
    /// 8–16 custom records and reports.
    #[serde(default, rename = "type")]
    pub kind: Option<i64>,
    /// Its sections, as data.
    #[serde(default)]
    pub sections: Vec<RecordSection>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Record {
    /// The first field with template uid `uid`, in any section.
    pub fn field(&self, uid: &str) -> Option<&RecordField> {
        self.sections.iter().flat_map(|s| &s.fields).find(|f| f.uid.as_deref() == Some(uid))
    }

    /// The text of the first field with template uid `uid`.
    pub fn value(&self, uid: &str) -> Option<String> {
        self.field(uid).and_then(RecordField::text)
    }
}

/// Which account a record, draft or character call is about: one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RecordTarget {
    /// The in-game community user id (the default way).
    CommunityUserId(String),
    /// A linked Roblox user id.
    Roblox(String),
    /// A linked Discord user id.
    Discord(String),
    /// A Sonoran account UUID.
    AccountUuid(String),
}

/// Parameters of [`Client::lookup_v2`]: a name or a plate (blank fields are not searched).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lookup {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// Middle initial.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mi: Option<String>,
    /// Plate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plate: Option<String>,
    /// Record type ids to search (empty: all).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<i64>,
    /// Match part of a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partial: Option<bool>,
    /// Who is notified of the result (the in-game user id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_community_user_id: Option<String>,
}

/// A record's content for a write: a template id with `replaceValues` keyed by the
/// template's placeholders, or a whole record.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordContent {
    /// `useDictionary: true`, the template id and its values (the recommended way).
    Template {
        /// The template (`recordTypeId` when creating, `templateId` when updating).
        id: i64,
        /// Values by placeholder (`first`, `plate`, `case_number`).
        values: Map<String, Value>,
    },
    /// A fully assembled record (`{type, name, sections}`).
    Whole(Value),
}

impl RecordContent {
    fn params(&self, id_name: &str) -> Value {
        match self {
            RecordContent::Template { id, values } => json!({"useDictionary": true, id_name: id, "replaceValues": values}),
            RecordContent::Whole(record) => json!({"record": record}),
        }
    }
}

/// What `remove_record_v2` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RemovedRecord {
    /// The deleted record's id.
    pub record_id: i64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `remove_character_v2` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RemovedCharacter {
    /// The deleted character's id.
    pub character_id: i64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `set_selected_character_v2` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SelectedCharacter {
    /// The account.
    #[serde(default)]
    pub account_uuid: Option<String>,
    /// The character now selected: a Sonoran character id or a sync character id, as given.
    #[serde(default)]
    pub character_id: Value,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `add_character_link_v2` and `remove_character_link_v2` answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CharacterLink {
    /// The account.
    #[serde(default)]
    pub account_uuid: Option<String>,
    /// The sync character id.
    #[serde(default)]
    pub sync_id: Option<String>,
    /// `ADD` or `REMOVE`.
    #[serde(default)]
    pub action: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `base` with the fields of `extra` added.
fn merged(mut base: Value, extra: impl Serialize) -> Result<Value> {
    let extra = serde_json::to_value(extra).map_err(|e| Error::invalid("request", e))?;
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), extra) {
        base.extend(extra);
    }
    Ok(base)
}

impl Client {
    fn records_call<T: serde::de::DeserializeOwned>(&self, operation: &str, params: &Value) -> Result<T> {
        self.call(operation, params)?.decode()
    }

    /// Records by name or plate (v2 `POST /v2/general/lookups`, 30 a minute).
    pub fn lookup_v2(&self, lookup: &Lookup) -> Result<Vec<Record>> {
        self.records_call("lookup_v2", &merged(json!({}), lookup)?)
    }

    /// Records holding `value` as a `search_type` value (v2 `POST /v2/general/lookups/by-value`).
    pub fn lookup_by_value_v2(&self, search_type: &str, value: &str, types: &[i64]) -> Result<Vec<Record>> {
        self.records_call("lookup_by_value_v2", &json!({"searchType": search_type, "value": value, "types": types}))
    }

    /// Records by a custom lookup mapping (v2 `POST /v2/general/lookups/custom`).
    pub fn lookup_custom_v2(&self, map: &str, value: &str, types: &[i64], partial: bool) -> Result<Vec<Record>> {
        self.records_call("lookup_custom_v2", &json!({"map": map, "value": value, "types": types, "partial": partial}))
    }

    /// Creates a record (a character with template 7) for one account (v2 `POST /v2/general/records`).
    pub fn create_record_v2(&self, target: &RecordTarget, content: &RecordContent) -> Result<Record> {
        self.records_call("create_record_v2", &merged(content.params("recordTypeId"), target)?)
    }

    /// Changes a record (v2 `PATCH /v2/general/records/{recordId}`).
    pub fn update_record_v2(&self, record_id: i64, target: Option<&RecordTarget>, content: &RecordContent) -> Result<Record> {
        let params = merged(content.params("templateId"), target)?;
        self.records_call("update_record_v2", &merged(params, json!({"recordId": record_id}))?)
    }

    /// Deletes a record (v2 `DELETE /v2/general/records/{recordId}`).
    pub fn remove_record_v2(&self, record_id: i64) -> Result<RemovedRecord> {
        self.records_call("remove_record_v2", &json!({"recordId": record_id}))
    }

    /// Every record template, or the one `record_type_id` names (v2 `GET /v2/general/templates[/{recordTypeId}]`).
    pub fn get_templates_v2(&self, record_type_id: Option<i64>) -> Result<Vec<Record>> {
        let value: Value = self.records_call("get_templates_v2", &json!({"recordTypeId": record_type_id}))?;
        let list = if value.is_array() { value } else { Value::Array(vec![value]) };
        serde_json::from_value(list).map_err(|e| Error::new(crate::ErrorKind::Decode, format!("unexpected templates: {e}")))
    }

    /// A draft record from a template, sent to `target`'s live session when given (v2 `POST /v2/general/record-drafts`).
    pub fn send_record_draft_v2(&self, record_type_id: i64, values: &Map<String, Value>, target: Option<&RecordTarget>) -> Result<Record> {
        self.records_call("send_record_draft_v2", &merged(json!({"recordTypeId": record_type_id, "replaceValues": values}), target)?)
    }

    /// One account's characters (v2 `GET /v2/civilian/characters`).
    pub fn get_characters_v2(&self, target: &RecordTarget) -> Result<Vec<Record>> {
        self.records_call("get_characters_v2", &merged(json!({}), target)?)
    }

    /// Deletes a character (v2 `DELETE /v2/civilian/characters/{characterId}`).
    pub fn remove_character_v2(&self, character_id: i64) -> Result<RemovedCharacter> {
        self.records_call("remove_character_v2", &json!({"characterId": character_id}))
    }

    /// Selects an account's character: a Sonoran character id (`json!(2451)`) or a sync
    /// character id (`json!("citizen:1234")`) (v2 `PUT /v2/civilian/selected-character`).
    pub fn set_selected_character_v2(&self, target: &RecordTarget, character_id: Value) -> Result<SelectedCharacter> {
        self.records_call("set_selected_character_v2", &merged(json!({"characterId": character_id}), target)?)
    }

    /// The sync character ids linked to an account (v2 `GET /v2/civilian/character-links`).
    pub fn get_character_links_v2(&self, target: &RecordTarget) -> Result<Vec<String>> {
        self.records_call("get_character_links_v2", &merged(json!({}), target)?)
    }

    /// Links a sync character id to an account (v2 `PUT /v2/civilian/character-links/{syncId}`).
    pub fn add_character_link_v2(&self, sync_id: &str, target: &RecordTarget) -> Result<CharacterLink> {
        self.records_call("add_character_link_v2", &merged(json!({"syncId": sync_id}), target)?)
    }

    /// Unlinks a sync character id from an account (v2 `DELETE /v2/civilian/character-links/{syncId}`).
    pub fn remove_character_link_v2(&self, sync_id: &str, target: &RecordTarget) -> Result<CharacterLink> {
        self.records_call("remove_character_link_v2", &merged(json!({"syncId": sync_id}), target)?)
    }
}
