//! Models of the v2 records, lookups and civilian character operations.
//!
//! Records are template-driven: a [`Record`] keeps its `sections` and their `fields` as the
//! API sends them (each with its unknown keys), so a community's own templates come through
//! whole.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use crate::api::wire::api_enum;

api_enum! {
    /// A record family (a record's `type`): the live ones the record system accepts. Types 2–5
    /// and 7 have fixed templates of the same id; the others' templates have ids of their
    /// community's own (from `get_templates_v2`).
    RecordType {
        /** 2 */ Warrant = 2 => "Warrant",
        /** 3 */ Bolo = 3 => "BOLO",
        /** 4 */ License = 4 => "License",
        /** 5 */ VehicleRegistration = 5 => "Vehicle Registration",
        /** 7 */ Character = 7 => "Character",
        /** 8 */ PoliceRecord = 8 => "Police Record",
        /** 9 */ PoliceReport = 9 => "Police Report",
        /** 10 */ MedicalRecord = 10 => "Medical Record",
        /** 11 */ MedicalReport = 11 => "Medical Report",
        /** 12 */ FireRecord = 12 => "Fire Record",
        /** 13 */ FireReport = 13 => "Fire Report",
        /** 14 */ DmvRecord = 14 => "DMV Record",
        /** 15 */ LawyerRecord = 15 => "Lawyer Record",
        /** 16 */ LawyerReport = 16 => "Lawyer Report",
    }
}

impl RecordType {
    /// The live record type `n`; `None` for the values the record system removed or keeps
    /// internal (a write of a record of such a type is refused before it is sent).
    pub fn live(n: i64) -> Option<RecordType> {
        match RecordType::from_i64(n) {
            RecordType::Other(_) => None,
            known => Some(known),
        }
    }

    /// The values a `status` field of a record of this family takes, with their meaning:
    /// `"0"` Pending, `"1"` Approved, `"2"` Rejected for licenses, vehicle registrations and
    /// DMV records; `"0"` Active/Open, `"1"` Closed for the others.
    pub fn statuses(self) -> &'static [(&'static str, &'static str)] {
        match self {
            RecordType::License | RecordType::VehicleRegistration | RecordType::DmvRecord => {
                &[("0", "Pending"), ("1", "Approved"), ("2", "Rejected")]
            }
            _ => &[("0", "Active/Open"), ("1", "Closed")],
        }
    }
}

api_enum! {
    /// A section's `category`: the ones the custom record editor authors. Premade sections
    /// (all but `Custom`) keep their payload in `fields[0].data`. Older categories (agency,
    /// civilian, vehicle, status) still come in records read from the API, as `Other(n)`.
    SectionCategory {
        /** 0: each field holds its own `value` or `data`. */ Custom = 0 => "Custom",
        /** 1: `{"flags": ["ARMED"]}`. */ Flags = 1 => "Flags",
        /** 5: `{vehicleSpeed, speedLimit, paceType, date, time, fine}`. */ Speed = 5 => "Speed",
        /** 6: `{"charges": [...]}`. */ Charges = 6 => "Charges",
        /** 9: `{"records": [{link, type, label}]}`. */ RecordLink = 9 => "Record Link",
        /** 10: `{"diagram": {...}, "img": "..."}`. */ Diagram = 10 => "Diagram",
    }
}

/// The characters a field `uid` may not hold (`replaceValues` keys and dependency `fid`s name
/// uids, so they may not either).
pub const UID_FORBIDDEN: &[char] = &['\'', '#', '-'];

/// The `mask`s a `date` field takes.
pub const DATE_MASKS: &[&str] = &["YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY"];

/// Declares a string enum of the record structure, spelled exactly (case-sensitive), that
/// keeps values it does not know as `Other(text)`.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of the library does not know, as sent.
            Other(String),
        }

        impl $name {
            /// Every known value, spelled as the API spells it.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value spelled exactly `name` (any other spelling is `Other`).
            pub fn from_name(name: &str) -> Self {
                match name {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_string()),
                }
            }

            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(text) => text,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            /// A string as its value; anything else (which the API does not send) as `Other`
            /// holding its JSON text, so that one odd field does not fail a whole answer.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(match Value::deserialize(d)? {
                    Value::String(text) => $name::from_name(&text),
                    other => $name::Other(other.to_string()),
                })
            }
        }
    };
}

text_enum! {
    /// A field's `type`, case-sensitive (`UNIT_NUMBER` is not `unit_number`). Where its value
    /// lives: `data.flags` for `checkboxes`, `data` for `label`, `value` for the others.
    FieldType {
        /** Single-line text. */ Text => "text",
        /** Multi-line text. */ Textarea => "textarea",
        /** An address, with the CAD's address search. */ Address => "address",
        /** One value of `options`. */ Select => "select",
        /** Any values of `options`, in `data.flags`. */ Checkboxes => "checkboxes",
        /** A date in the field's `mask` (`YYYY/MM/DD`, `DD/MM/YYYY` or `MM/DD/YYYY`). */ Date => "date",
        /** A time. */ Time => "time",
        /** An image URL. */ Image => "image",
        /** The record's status: a string of [`RecordType::statuses`]. */ Status => "status",
        /** Display only: `data.color`, `data.size` (5–50). */ Label => "label",
        /** The stored record's id, read-only. */ Id => "id",
        /** A value the CAD generates from `mask`. */ Random => "random",
        /** The active unit's number, filled in by the CAD. */ UnitNumber => "UNIT_NUMBER",
        /** The active unit's name. */ UnitName => "UNIT_NAME",
        /** The active unit's rank. */ UnitRank => "UNIT_RANK",
        /** The active unit's agency (district). */ UnitAgency => "UNIT_AGENCY",
        /** The active unit's department. */ UnitDepartment => "UNIT_DEPARTMENT",
        /** The active unit's subdivision. */ UnitSubdivision => "UNIT_SUBDIVISION",
        /** The active agency's location. */ UnitAgencyLocation => "UNIT_AGENCY_LOCATION",
        /** The active agency's ZIP or postal code. */ UnitAgencyZip => "UNIT_AGENCY_ZIP",
        /** The active unit's location. */ UnitLocation => "UNIT_LOCATION",
    }
}

text_enum! {
    /// How a dependency compares the field `fid` names with its `acceptableValues`.
    DependencyType {
        /** Visible when the value is exactly one of them (for checkboxes: exactly one selected value matches). */ Equal => "EQUAL",
        /** Visible when the value is none of them. */ NotEqual => "NOTEQUAL",
        /** Visible when the value holds one of them (for checkboxes: at least one selected value matches). */ Contains => "CONTAINS",
        /** Empty: behaves as `CONTAINS`; with an empty `fid`, no dependency. */ Unset => "",
    }
}

/// A visibility rule of a section or a field: shown when the field whose uid is `fid`
/// compares with `acceptable_values` as `kind` says. An empty `fid` is no rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Dependency {
    /// `EQUAL`, `NOTEQUAL`, `CONTAINS` or empty (`CONTAINS`).
    #[serde(default, rename = "type")]
    pub kind: String,
    /// The uid of the field it looks at.
    #[serde(default)]
    pub fid: String,
    /// The values it compares with.
    #[serde(default)]
    pub acceptable_values: Vec<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Dependency {
    /// Its comparison.
    pub fn dependency_type(&self) -> DependencyType {
        DependencyType::from_name(&self.kind)
    }

    /// Whether it is a rule at all (a `fid` is given).
    pub fn is_set(&self) -> bool {
        !self.fid.is_empty()
    }
}

/// The `dependency` of a section's or a field's `extra`, when it reads as one.
fn dependency_in(extra: &Map<String, Value>) -> Option<Dependency> {
    extra.get("dependency").and_then(|d| serde_json::from_value(d.clone()).ok())
}

/// One field of a lookup's light answer (`previewFields`): the fields marked `isPreviewed`,
/// flags, charges and a character's date of birth, without the record's sections.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PreviewField {
    /// The field's uid (`case_number`).
    #[serde(default)]
    pub uid: Option<String>,
    /// Its label (`Case Number`).
    #[serde(default)]
    pub label: Option<String>,
    /// Its field type.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<FieldType>,
    /// Its value, as sent.
    #[serde(default)]
    pub value: Value,
    /// The category of the section it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A value as text: a string as it is, a number or boolean as written, else `None`.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One field of a record section: its type, label, value and template uid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecordField {
    /// Its field type (`text`, `checkboxes`, `UNIT_NUMBER`, ...); `None` when the API leaves
    /// it out, as the pages' short examples do.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<FieldType>,
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
        value_text(&self.value)
    }

    /// The values selected in a `checkboxes` field (`data.flags`).
    pub fn flags(&self) -> Vec<String> {
        let flags = self.extra.get("data").and_then(|d| d.get("flags")).and_then(Value::as_array);
        flags.map(|f| f.iter().filter_map(Value::as_str).map(str::to_string).collect()).unwrap_or_default()
    }

    /// Its visibility rule, when it has one that reads as a dependency.
    pub fn dependency(&self) -> Option<Dependency> {
        dependency_in(&self.extra)
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

impl RecordSection {
    /// Its category (`None` when the API leaves it out).
    pub fn section_category(&self) -> Option<SectionCategory> {
        self.category.map(SectionCategory::from_i64)
    }

    /// A premade section's payload (`fields[0].data`: `{flags}`, `{charges}`, `{records}`, a
    /// speed object, a diagram).
    pub fn premade_data(&self) -> Option<&Value> {
        self.fields.first().and_then(|f| f.extra.get("data"))
    }

    /// Its visibility rule, when it has one that reads as a dependency.
    pub fn dependency(&self) -> Option<Dependency> {
        dependency_in(&self.extra)
    }
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
    /// The Database Sync identifier, when configured (the sync character id of a character).
    #[serde(default)]
    pub sync_id: Option<String>,
    /// The Database Sync unique identifier, when configured (what a record link names the
    /// record by, when it has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_unique_id: Option<String>,
    /// Its name (`John Doe`, `Incident Report`).
    #[serde(default)]
    pub name: Option<String>,
    /// The record family: 2 warrant, 3 BOLO, 4 license, 5 vehicle registration, 7 character,
    /// 8–16 custom records and reports (see [`RecordType`], [`Record::record_type`]).
    #[serde(default, rename = "type")]
    pub kind: Option<i64>,
    /// Its sections, as data (empty in a lookup's light answer, which has `preview_fields`).
    #[serde(default)]
    pub sections: Vec<RecordSection>,
    /// A lookup's light values: the fields marked `isPreviewed`, flags, charges and a
    /// character's date of birth. `None` when the answer has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_fields: Option<Vec<PreviewField>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Record {
    /// Its family, when `type` is a live record type.
    pub fn record_type(&self) -> Option<RecordType> {
        self.kind.and_then(RecordType::live)
    }

    /// The first field with template uid `uid`, in any section.
    pub fn field(&self, uid: &str) -> Option<&RecordField> {
        self.sections.iter().flat_map(|s| &s.fields).find(|f| f.uid.as_deref() == Some(uid))
    }

    /// The preview field with uid `uid` of a lookup's light answer.
    pub fn preview(&self, uid: &str) -> Option<&PreviewField> {
        self.preview_fields.as_deref().unwrap_or_default().iter().find(|f| f.uid.as_deref() == Some(uid))
    }

    /// The text of the first field with template uid `uid`: from its sections, else from its
    /// preview fields (a lookup's light answer has only those).
    pub fn value(&self, uid: &str) -> Option<String> {
        match self.field(uid) {
            Some(field) => field.text(),
            None => self.preview(uid).and_then(|p| value_text(&p.value)),
        }
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

/// Parameters of [`crate::Client::lookup_v2`]: a name or a plate (blank fields are not searched).
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
/// template's field uids (dictionary replacement, the usual way), or a whole record (for
/// what dictionary replacement cannot change, such as a diagram).
#[derive(Debug, Clone, PartialEq)]
pub enum RecordContent {
    /// `useDictionary: true`, the template id and its values (the recommended way).
    Template {
        /// The template (`recordTypeId` when creating, `templateId` when updating).
        id: i64,
        /// Values by field uid (`case_number`, `plate`): text for a custom section's field,
        /// `{"flags": [...]}` for `checkboxes`, and for a Flags, Speed, Charges or Record Link
        /// section the complete section data under its first field's uid.
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
