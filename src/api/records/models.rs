//! Models of the v2 records, lookups and civilian character operations.
//!
//! Records are template-driven: a [`Record`] keeps its `sections` and their `fields` as the
//! API sends them (each with its unknown keys), so a community's own templates come through
//! whole.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

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
    pub(crate) fn params(&self, id_name: &str) -> Value {
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
