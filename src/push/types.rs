//! Typed push events: the `data` of each event type Sonoran CAD documents under
//! "Push Events", and [`PushEvent`], which names the type and holds its typed data.
//!
//! Every push arrives as `{"key", "type", "data"}`. [`PushEvent::from_parts`] takes the `type`
//! string and the `data` value and never fails: a type this version does not know, or a known
//! type whose `data` does not fit its struct, becomes [`PushEvent::Other`] with the data as
//! received.
//!
//! The structs are liberal, since push payloads vary between CAD versions and between the
//! pages' examples and what is really sent:
//! - every field is an `Option` (absent and `null` both read as `None`);
//! - a nested object sent as an empty string (`"call": ""`) reads as `None` too;
//! - integer fields also accept an integral float (`3.0`) or a numeric string (`"3"`);
//! - id lists (`identIds`, `idents`, `callIds`) also accept a single id, read as a list of one;
//! - text fields that may arrive as numbers (`accId`, `block`, `postal`) read a number as its
//!   decimal text, and `apiIds` accepts a single string;
//! - fields this version does not know are kept in each struct's `extra`.
//!
//! Enum-like integers (`origin`, `status`, `page`, the tone target `type`) stay plain integers,
//! so values a community has customised are kept; their doc comments give the pages' tables.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Lenient field readers.
// ---------------------------------------------------------------------------------------------

/// The integer in `v`: a JSON integer, an integral float, or a numeric string.
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => {
            n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9.007_199_254_740_992e15).map(|f| f as i64))
        }
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The text in `v`: a string, or a number written in decimal.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An optional integer (see [`int_of`]); `null` is `None`.
fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => int_of(&v).map(Some).ok_or_else(|| D::Error::custom(format!("expected an integer, got {v}"))),
    }
}

/// An optional list of integers; a single integer is a list of one.
fn opt_ints<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| int_of(v).ok_or_else(|| D::Error::custom(format!("expected an integer, got {v}"))))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(v) => {
            int_of(&v).map(|n| Some(vec![n])).ok_or_else(|| D::Error::custom(format!("expected an integer or a list of them, got {v}")))
        }
    }
}

/// An optional text (see [`text_of`]); `null` is `None`.
fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(v) => text_of(&v).map(Some).ok_or_else(|| D::Error::custom(format!("expected a string, got {v}"))),
    }
}

/// An optional list of texts; a single text is a list of one.
fn opt_texts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| text_of(v).ok_or_else(|| D::Error::custom(format!("expected a string, got {v}"))))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(v) => {
            text_of(&v).map(|s| Some(vec![s])).ok_or_else(|| D::Error::custom(format!("expected a string or a list of them, got {v}")))
        }
    }
}

/// An optional nested object; `null` and an empty string (which some payloads send for "none")
/// are `None`, anything else must fit `T`.
fn opt_object<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(v) => T::deserialize(v).map(Some).map_err(D::Error::custom),
    }
}

/// A value the API sends either as a number or as a string: the selected character's `id`
/// (a record id or a sync key such as a Steam hex or a license), a tone target's `value`
/// (a call id or a department name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrText {
    /// Sent as a JSON integer.
    Number(i64),
    /// Sent as a JSON string.
    Text(String),
}

impl NumberOrText {
    /// The integer: the number, or the text if it is a decimal integer.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            NumberOrText::Number(n) => Some(*n),
            NumberOrText::Text(s) => s.trim().parse().ok(),
        }
    }

    /// The text, if it was sent as a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            NumberOrText::Number(_) => None,
            NumberOrText::Text(s) => Some(s),
        }
    }
}

impl std::fmt::Display for NumberOrText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NumberOrText::Number(n) => write!(f, "{n}"),
            NumberOrText::Text(s) => f.write_str(s),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 911 calls.
// ---------------------------------------------------------------------------------------------

/// `EVENT_911`: a new 911/emergency call was placed, via the API or in the CAD.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct Event911 {
    /// The call.
    #[serde(deserialize_with = "opt_object")]
    pub call: Option<Call911>,
    /// The caller's account API ids (e.g. `Steam:1234`); only sent when the call was placed in
    /// the CAD, not via the API. A single string is read as a list of one.
    #[serde(deserialize_with = "opt_texts")]
    pub api_ids: Option<Vec<String>>,
    /// The in-game user id linked to the caller's CAD account (`license:abc123`), if any: the
    /// identifier v2 account linking uses.
    #[serde(deserialize_with = "opt_text")]
    pub community_user_id: Option<String>,
    /// Custom data stored with the call through the API, if any: an object on the page, kept
    /// as sent since its shape is the integration's own.
    pub meta_data: Option<Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The 911 call of an [`Event911`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct Call911 {
    /// The 911 call's id.
    #[serde(deserialize_with = "opt_int")]
    pub call_id: Option<i64>,
    /// `true` for an emergency call, `false` for a civil one.
    pub is_emergency: Option<bool>,
    /// The caller's name.
    pub caller: Option<String>,
    /// Where the call comes from.
    pub location: Option<String>,
    /// What the caller said.
    pub description: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_REMOVE_911`: 911 calls were removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct Remove911Event {
    /// The removed 911 calls' ids (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub call_ids: Option<Vec<i64>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// General.
// ---------------------------------------------------------------------------------------------

/// `EVENT_STREETSIGN_UPDATED`: street signs were updated from the CAD.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreetSignUpdatedEvent {
    /// The signs and their new text.
    #[serde(deserialize_with = "opt_object")]
    pub sign_data: Option<SignData>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `signData` of a [`StreetSignUpdatedEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct SignData {
    /// The ids of the updated signs (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub ids: Option<Vec<i64>>,
    /// First line of text.
    pub text1: Option<String>,
    /// Second line of text.
    pub text2: Option<String>,
    /// Third line of text.
    pub text3: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_TONE`: a tone was played in the CAD (tone board).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ToneEvent {
    /// URL of the tone's audio.
    pub url: Option<String>,
    /// Who or what the tone was played to.
    pub play_tones_to: Option<Vec<ToneTarget>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One entry of a [`ToneEvent`]'s `playTonesTo`: who or what a tone was played to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ToneTarget {
    /// The kind of target, an integer of the API's enum:
    ///
    /// | `type` | Target                     |
    /// | ------ | -------------------------- |
    /// | 0      | All active units           |
    /// | 1      | Specified dispatch call id |
    /// | 2      | Specified agency           |
    /// | 3      | Specified department       |
    /// | 4      | Specified subdivision      |
    /// | 5      | Specified unit identifier  |
    /// | 6      | Specified unit group       |
    #[serde(rename = "type", deserialize_with = "opt_int")]
    pub kind: Option<i64>,
    /// The target of that kind: a number (a dispatch call id for type 1) or a name (a
    /// department for type 3).
    pub value: Option<NumberOrText>,
    /// A label for the target (`Dispatch Call 123`).
    pub label: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_COMMUNITY_LINK_VERIFIED`: a player completed the CAD link flow of
/// "Create Community Link".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct CommunityLinkVerifiedEvent {
    /// The in-game user id of the linking session (`license:abc123`).
    #[serde(deserialize_with = "opt_text")]
    pub community_user_id: Option<String>,
    /// The CAD account's UUID it is now linked to.
    #[serde(deserialize_with = "opt_text")]
    pub account_uuid: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Civilian.
// ---------------------------------------------------------------------------------------------

/// `EVENT_CHAR_SELECTED`: a user selected a character on the civilian page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct CharSelectedEvent {
    /// The user account's SSO GUID (a number is read as its decimal text).
    #[serde(deserialize_with = "opt_text")]
    pub acc_id: Option<String>,
    /// The character: a numeric record id, or a DB sync key string (Steam hex, license, ...).
    pub id: Option<NumberOrText>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Dispatch.
// ---------------------------------------------------------------------------------------------

/// `EVENT_DISPATCH_UNIT_ATTACH` and `EVENT_DISPATCH_UNIT_DETACH`: units were attached to, or
/// detached from, a dispatch call (not sent for calls made through the API).
///
/// The page sends either `ident` (one unit) or `idents` (several); [`Self::all_idents`] gives
/// both as one list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchUnitEvent {
    /// The identifier that caused this event.
    #[serde(deserialize_with = "opt_int")]
    pub event_origin_ident: Option<i64>,
    /// The one identifier (unit) attached or detached, when there is one.
    #[serde(deserialize_with = "opt_int")]
    pub ident: Option<i64>,
    /// The identifiers attached or detached, when there are several (a single id is read as a
    /// list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub idents: Option<Vec<i64>>,
    /// The dispatch call's id.
    #[serde(deserialize_with = "opt_int")]
    pub call_id: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl DispatchUnitEvent {
    /// Every identifier concerned: `ident`, then those of `idents` not already listed.
    pub fn all_idents(&self) -> Vec<i64> {
        let mut all: Vec<i64> = self.ident.into_iter().collect();
        for id in self.idents.iter().flatten() {
            if !all.contains(id) {
                all.push(*id);
            }
        }
        all
    }
}

/// `EVENT_DISPATCH_CLOSED`: dispatch calls were closed (not sent for calls closed through the
/// API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchClosedEvent {
    /// The identifier that caused this event.
    #[serde(deserialize_with = "opt_int")]
    pub event_origin_ident: Option<i64>,
    /// The closed calls' ids (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub call_ids: Option<Vec<i64>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_DISPATCH_NEW` and `EVENT_DISPATCH_EDIT`: a dispatch call was created or modified
/// (not sent for calls made through the API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchCallEvent {
    /// The identifier that caused this event.
    #[serde(deserialize_with = "opt_int")]
    pub event_origin_ident: Option<i64>,
    /// The call, as it now is.
    #[serde(deserialize_with = "opt_object")]
    pub dispatch: Option<EventDispatchCall>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The dispatch call of a [`DispatchCallEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventDispatchCall {
    /// The call's id.
    #[serde(deserialize_with = "opt_int")]
    pub call_id: Option<i64>,
    /// How the call came in (`ORIGIN`):
    ///
    /// | `origin` | Origin         |
    /// | -------- | -------------- |
    /// | 0        | CALLER         |
    /// | 1        | RADIO DISPATCH |
    /// | 2        | OBSERVED       |
    /// | 3        | WALK UP        |
    #[serde(deserialize_with = "opt_int")]
    pub origin: Option<i64>,
    /// The call's status (`CALL_STATUS`):
    ///
    /// | `status` | Status  |
    /// | -------- | ------- |
    /// | 0        | PENDING |
    /// | 1        | ACTIVE  |
    /// | 2        | CLOSED  |
    #[serde(deserialize_with = "opt_int")]
    pub status: Option<i64>,
    /// Priority: 1, 2 or 3.
    #[serde(deserialize_with = "opt_int")]
    pub priority: Option<i64>,
    /// Block (a number is read as its decimal text).
    #[serde(deserialize_with = "opt_text")]
    pub block: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Postal code (a number is read as its decimal text).
    #[serde(deserialize_with = "opt_text")]
    pub postal: Option<String>,
    /// Title (`Traffic Stop`).
    pub title: Option<String>,
    /// Code (`10-39 - Traffic Stop`).
    pub code: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Notes: a string on the page (`""`), kept as sent since the CAD also keeps notes as a
    /// list of note objects.
    pub notes: Option<Value>,
    /// The attached identifiers' (units') ids (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub idents: Option<Vec<i64>>,
    /// Call metadata.
    #[serde(deserialize_with = "opt_object")]
    pub meta_data: Option<DispatchMetaData>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `metaData` of an [`EventDispatchCall`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchMetaData {
    /// The 911 call's id, when the dispatch call was created from a 911 call.
    #[serde(deserialize_with = "opt_int")]
    pub origin911: Option<i64>,
    /// Other metadata (custom keys stored through the API).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_DISPATCH_NOTE`: a note was added to a dispatch call (not sent for notes added
/// through the API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchNoteEvent {
    /// The dispatch call's id.
    #[serde(deserialize_with = "opt_int")]
    pub call_id: Option<i64>,
    /// The note.
    #[serde(deserialize_with = "opt_object")]
    pub note: Option<DispatchNote>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The note of a [`DispatchNoteEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchNote {
    /// When it was written (`12:00:00`).
    pub time: Option<String>,
    /// Who wrote it (`A-10`).
    pub label: Option<String>,
    /// Its kind (`text`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Its text.
    pub content: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_DISPATCH_TOGGLE_BODYCAM`: a unit's bodycam was toggled (the page's title is
/// `TOGGLE_BODYCAM`; not sent for toggles made through the API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct ToggleBodycamEvent {
    /// The identifier (unit) id; the page shows it as a string (`"1"`), which is read as its
    /// number.
    #[serde(deserialize_with = "opt_int")]
    pub ident: Option<i64>,
    /// The requested bodycam state: `true` on, `false` off.
    pub state: Option<bool>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// ERS, Inferno pager, station alert.
// ---------------------------------------------------------------------------------------------

/// `EVENT_NEW_CALLOUT`: a new ERS (Emergency Response Simulator) callout was requested on the
/// live map.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct NewCalloutEvent {
    /// The callout.
    #[serde(deserialize_with = "opt_object")]
    pub callout: Option<EventCallout>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The callout of a [`NewCalloutEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventCallout {
    /// Where: a single location; its `z` must be set by the game.
    pub callout_locations: Option<Vec<CalloutLocation>>,
    /// The ped's weapons (`weapon_unarmed`).
    #[serde(deserialize_with = "opt_texts")]
    pub ped_weapon_data: Option<Vec<String>>,
    /// What the ped does when no action is found: `none`, `flee`, `attack` or `surrender`.
    pub ped_action_on_no_action_found: Option<String>,
    /// Chance (0–100) that the ped flees from the player.
    pub ped_chance_to_flee_from_player: Option<f64>,
    /// Chance (0–100) that the ped obtains weapons.
    pub ped_chance_to_obtain_weapons: Option<f64>,
    /// Chance (0–100) that the ped attacks the player.
    pub ped_chance_to_attack_player: Option<f64>,
    /// Chance (0–100) that the ped surrenders.
    pub ped_chance_to_surrender: Option<f64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A map position of an [`EventCallout`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct CalloutLocation {
    /// X.
    pub x: Option<f64>,
    /// Y.
    pub y: Option<f64>,
    /// Z (sent as 0: set it in the game).
    pub z: Option<f64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_PAGER_REBORN`: a new Inferno page was sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct PagerRebornEvent {
    /// The routed Inferno pager addresses selected in the CAD (`FIRE-1`); a single string is
    /// read as a list of one.
    #[serde(deserialize_with = "opt_texts")]
    pub addresses: Option<Vec<String>>,
    /// The identifier (unit) ids paged directly, when paging specific online units (a single id
    /// is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub ident_ids: Option<Vec<i64>>,
    /// The page's nature: `Emergency`, `NonEmergency` or `Administrative`.
    pub nature: Option<String>,
    /// The message.
    pub body: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_STATION_ALERT`: a new station alert was sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct StationAlertEvent {
    /// The stations alerted and their doors.
    pub locations: Option<Vec<StationLocation>>,
    /// A text-to-speech message, or a base 64 string of AI audio.
    pub message: Option<String>,
    /// Light colours (`blue`); a single string is read as a list of one.
    #[serde(deserialize_with = "opt_texts")]
    pub colors: Option<Vec<String>>,
    /// The tone's name (`tone1`), or an S3 URL of hosted tone audio.
    pub tone: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A station of a [`StationAlertEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct StationLocation {
    /// The station's name (`Fire Station One`).
    pub name: Option<String>,
    /// Doors to open (a single string is read as a list of one).
    #[serde(deserialize_with = "opt_texts")]
    pub open: Option<Vec<String>>,
    /// Doors to close (a single string is read as a list of one).
    #[serde(deserialize_with = "opt_texts")]
    pub close: Option<Vec<String>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// Records.
// ---------------------------------------------------------------------------------------------

/// `EVENT_RECORD_ADD`, `EVENT_RECORD_EDIT` and `EVENT_RECORD_REMOVE`: a record was added,
/// edited or removed in the CAD (not sent for changes made through the API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecordEvent {
    /// The custom record object, kept as sent (the page shows `{}`);
    /// [`RecordEvent::parsed_record`] reads it as a [`crate::models::Record`].
    pub record: Option<Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RecordEvent {
    /// The record as a [`crate::models::Record`], if it has that shape.
    pub fn parsed_record(&self) -> Option<crate::models::Record> {
        self.record.as_ref().and_then(|r| crate::models::Record::deserialize(r).ok())
    }
}

// ---------------------------------------------------------------------------------------------
// Units.
// ---------------------------------------------------------------------------------------------

/// `EVENT_UNIT_GROUP_ADD`: a unit was added to a unit group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitGroupAddEvent {
    /// The identifier (unit) added.
    #[serde(deserialize_with = "opt_int")]
    pub ident_id: Option<i64>,
    /// Identifier ids; only sent when the group's name is being updated (a single id is read
    /// as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub ident_ids: Option<Vec<i64>>,
    /// The group's name (`Ladder 61`).
    pub group_name: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_GROUP_CHANGE_NAME`: a unit group was renamed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitGroupChangeNameEvent {
    /// The group's identifier (unit) ids (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub ident_ids: Option<Vec<i64>>,
    /// The old name.
    pub old_name: Option<String>,
    /// The new name.
    pub new_name: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_GROUP_REMOVE`: a unit was removed from a unit group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitGroupRemoveEvent {
    /// The identifier (unit) removed.
    #[serde(deserialize_with = "opt_int")]
    pub ident_id: Option<i64>,
    /// The group's name (`Ladder 61`).
    pub group_name: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_LOGIN`: a unit logged into the CAD.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitLoginEvent {
    /// The unit.
    #[serde(deserialize_with = "opt_object")]
    pub unit: Option<EventUnit>,
    /// Whether the unit is a dispatcher.
    pub is_dispatch: Option<bool>,
    /// Whether the unit dispatches itself.
    pub self_dispatch: Option<bool>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The unit of a [`UnitLoginEvent`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventUnit {
    /// The identifier's id (`identId` elsewhere).
    #[serde(deserialize_with = "opt_int")]
    pub id: Option<i64>,
    /// The account's UUID (a number is read as its decimal text).
    #[serde(deserialize_with = "opt_text")]
    pub acc_id: Option<String>,
    /// The unit's status (`UNIT_STATUS`; these are the defaults, a community may add its own):
    ///
    /// | `status` | Status      |
    /// | -------- | ----------- |
    /// | 0        | UNAVAILABLE |
    /// | 1        | BUSY        |
    /// | 2        | AVAILABLE   |
    /// | 3        | ENROUTE     |
    /// | 4        | ON_SCENE    |
    #[serde(deserialize_with = "opt_int")]
    pub status: Option<i64>,
    /// Whether the panic button is active.
    pub is_panic: Option<bool>,
    /// Free-text location.
    pub location: Option<String>,
    /// Area of patrol.
    pub aop: Option<String>,
    /// Descriptive data.
    #[serde(deserialize_with = "opt_object")]
    pub data: Option<EventUnitData>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The descriptive `data` of an [`EventUnit`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct EventUnitData {
    /// API ids, typically a Steam hex (a single string is read as a list of one).
    #[serde(deserialize_with = "opt_texts")]
    pub api_ids: Option<Vec<String>>,
    /// Call sign (`A-10`).
    pub unit_num: Option<String>,
    /// The officer's name.
    pub name: Option<String>,
    /// District.
    pub district: Option<String>,
    /// Department (`MCSO`).
    pub department: Option<String>,
    /// Subdivision.
    pub subdivision: Option<String>,
    /// Rank.
    pub rank: Option<String>,
    /// Name of the unit's group (`CAR 51`).
    pub group: Option<String>,
    /// The CAD page the unit is viewing:
    ///
    /// | `page` | Page     |
    /// | ------ | -------- |
    /// | 0      | POLICE   |
    /// | 1      | FIRE     |
    /// | 2      | EMS      |
    /// | 3      | DISPATCH |
    #[serde(deserialize_with = "opt_int")]
    pub page: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_LOGOUT`: a unit logged out of the CAD (the page is titled "Unit Logoff").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitLogoutEvent {
    /// The identifier (unit) id.
    #[serde(deserialize_with = "opt_int")]
    pub ident_id: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_PANIC`: units toggled their panic status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitPanicEvent {
    /// The identifier (unit) ids (a single id is read as a list of one).
    #[serde(deserialize_with = "opt_ints")]
    pub ident_ids: Option<Vec<i64>>,
    /// The panic state now.
    pub is_panic: Option<bool>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EVENT_UNIT_STATUS`: units' status changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitStatusEvent {
    /// The identifier (unit) ids. The page's text says an array, its example shows a single
    /// number: both are read, a single number as a list of one.
    #[serde(deserialize_with = "opt_ints")]
    pub ident_ids: Option<Vec<i64>>,
    /// The new status (`UNIT_STATUS`; these are the defaults, a community may add its own):
    ///
    /// | `status` | Status      |
    /// | -------- | ----------- |
    /// | 0        | UNAVAILABLE |
    /// | 1        | BUSY        |
    /// | 2        | AVAILABLE   |
    /// | 3        | ENROUTE     |
    /// | 4        | ON_SCENE    |
    #[serde(deserialize_with = "opt_int")]
    pub status: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// ---------------------------------------------------------------------------------------------
// The event.
// ---------------------------------------------------------------------------------------------

/// Declares [`PushEvent`], its type strings and its parsing from one table.
macro_rules! push_events {
    ($($(#[$doc:meta])* $text:literal => $variant:ident($ty:ty),)+) => {
        /// Every push event type the API documents, as its `type` string.
        pub const DOCUMENTED_EVENT_TYPES: &[&str] = &[$($text),+];

        /// A push event: its type, with its `data` typed.
        ///
        /// Built by [`PushEvent::from_parts`], which never fails: a type this version does not
        /// know, or a documented type whose `data` does not fit its struct, is
        /// [`PushEvent::Other`].
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // The variants are handled one event at a time; boxing them would only add allocations.
        #[allow(clippy::large_enum_variant)]
        pub enum PushEvent {
            $($(#[$doc])* $variant($ty),)+
            /// A type this version does not know, or a documented type whose `data` did not
            /// fit its struct (e.g. a list of several objects, a string): the type string and
            /// the `data` exactly as passed to [`PushEvent::from_parts`].
            Other {
                /// The `type` string.
                event_type: String,
                /// The `data`, as received.
                data: Value,
            },
        }

        impl PushEvent {
            /// The event of type `event_type` (e.g. `"EVENT_UNIT_STATUS"`, matched exactly)
            /// with `data`.
            ///
            /// `data` is normally an object; a list holding exactly one object (the shape
            /// several pages show) is read as that object. Never fails and never panics: an
            /// unknown type, or `data` that is not an object (a string, `null`, a list of
            /// several elements) or does not fit the type's struct (e.g. a non-numeric
            /// `callId`) gives [`PushEvent::Other`] with `data` as passed.
    ///
    /// Every field is optional, so any object whose fields have the right types fits its
    /// documented type: `{}` gives that type's struct with every field `None`.
            pub fn from_parts(event_type: &str, data: &Value) -> PushEvent {
                let object = match data {
                    Value::Object(_) => Some(data),
                    Value::Array(items) if items.len() == 1 && items[0].is_object() => Some(&items[0]),
                    _ => None,
                };
                let typed = object.and_then(|object| match event_type {
                    $($text => <$ty>::deserialize(object).ok().map(PushEvent::$variant),)+
                    _ => None,
                });
                typed.unwrap_or_else(|| PushEvent::Other {
                    event_type: event_type.to_string(),
                    data: data.clone(),
                })
            }

            /// The event's `type` string (`"EVENT_911"`), or the one given for
            /// [`PushEvent::Other`].
            pub fn event_type(&self) -> &str {
                match self {
                    $(PushEvent::$variant(_) => $text,)+
                    PushEvent::Other { event_type, .. } => event_type,
                }
            }
        }
    };
}

push_events! {
    /// `EVENT_911`: a new 911 call.
    "EVENT_911" => Event911(Event911),
    /// `EVENT_REMOVE_911`: 911 calls removed.
    "EVENT_REMOVE_911" => Remove911(Remove911Event),
    /// `EVENT_STREETSIGN_UPDATED`: street signs updated.
    "EVENT_STREETSIGN_UPDATED" => StreetSignUpdated(StreetSignUpdatedEvent),
    /// `EVENT_TONE`: a tone played.
    "EVENT_TONE" => Tone(ToneEvent),
    /// `EVENT_COMMUNITY_LINK_VERIFIED`: a player completed a community link.
    "EVENT_COMMUNITY_LINK_VERIFIED" => CommunityLinkVerified(CommunityLinkVerifiedEvent),
    /// `EVENT_CHAR_SELECTED`: a civilian character selected.
    "EVENT_CHAR_SELECTED" => CharSelected(CharSelectedEvent),
    /// `EVENT_DISPATCH_NEW`: a dispatch call created.
    "EVENT_DISPATCH_NEW" => DispatchNew(DispatchCallEvent),
    /// `EVENT_DISPATCH_EDIT`: a dispatch call modified.
    "EVENT_DISPATCH_EDIT" => DispatchEdit(DispatchCallEvent),
    /// `EVENT_DISPATCH_CLOSED`: dispatch calls closed.
    "EVENT_DISPATCH_CLOSED" => DispatchClosed(DispatchClosedEvent),
    /// `EVENT_DISPATCH_NOTE`: a note added to a dispatch call.
    "EVENT_DISPATCH_NOTE" => DispatchNote(DispatchNoteEvent),
    /// `EVENT_DISPATCH_UNIT_ATTACH`: units attached to a dispatch call.
    "EVENT_DISPATCH_UNIT_ATTACH" => DispatchUnitAttach(DispatchUnitEvent),
    /// `EVENT_DISPATCH_UNIT_DETACH`: units detached from a dispatch call.
    "EVENT_DISPATCH_UNIT_DETACH" => DispatchUnitDetach(DispatchUnitEvent),
    /// `EVENT_DISPATCH_TOGGLE_BODYCAM`: a unit's bodycam toggled.
    "EVENT_DISPATCH_TOGGLE_BODYCAM" => DispatchToggleBodycam(ToggleBodycamEvent),
    /// `EVENT_NEW_CALLOUT`: a new ERS callout.
    "EVENT_NEW_CALLOUT" => NewCallout(NewCalloutEvent),
    /// `EVENT_PAGER_REBORN`: a new Inferno page.
    "EVENT_PAGER_REBORN" => PagerReborn(PagerRebornEvent),
    /// `EVENT_STATION_ALERT`: a new station alert.
    "EVENT_STATION_ALERT" => StationAlert(StationAlertEvent),
    /// `EVENT_RECORD_ADD`: a record added.
    "EVENT_RECORD_ADD" => RecordAdd(RecordEvent),
    /// `EVENT_RECORD_EDIT`: a record edited.
    "EVENT_RECORD_EDIT" => RecordEdit(RecordEvent),
    /// `EVENT_RECORD_REMOVE`: a record removed.
    "EVENT_RECORD_REMOVE" => RecordRemove(RecordEvent),
    /// `EVENT_UNIT_GROUP_ADD`: a unit added to a unit group.
    "EVENT_UNIT_GROUP_ADD" => UnitGroupAdd(UnitGroupAddEvent),
    /// `EVENT_UNIT_GROUP_CHANGE_NAME`: a unit group renamed.
    "EVENT_UNIT_GROUP_CHANGE_NAME" => UnitGroupChangeName(UnitGroupChangeNameEvent),
    /// `EVENT_UNIT_GROUP_REMOVE`: a unit removed from a unit group.
    "EVENT_UNIT_GROUP_REMOVE" => UnitGroupRemove(UnitGroupRemoveEvent),
    /// `EVENT_UNIT_LOGIN`: a unit logged in.
    "EVENT_UNIT_LOGIN" => UnitLogin(UnitLoginEvent),
    /// `EVENT_UNIT_LOGOUT`: a unit logged out.
    "EVENT_UNIT_LOGOUT" => UnitLogout(UnitLogoutEvent),
    /// `EVENT_UNIT_PANIC`: units' panic state toggled.
    "EVENT_UNIT_PANIC" => UnitPanic(UnitPanicEvent),
    /// `EVENT_UNIT_STATUS`: units' status changed.
    "EVENT_UNIT_STATUS" => UnitStatus(UnitStatusEvent),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Parses `data` as the object and as a list of that one object, checks both agree, and
    /// that the result is the documented type (not `Other`).
    fn parse(event_type: &str, data: Value) -> PushEvent {
        assert!(data.is_object(), "test data must be an object");
        let event = PushEvent::from_parts(event_type, &data);
        let wrapped = PushEvent::from_parts(event_type, &Value::Array(vec![data]));
        assert_eq!(event, wrapped, "object and one-element list differ for {event_type}");
        assert!(!matches!(event, PushEvent::Other { .. }), "{event_type} was Other: {event:?}");
        assert_eq!(event.event_type(), event_type);
        event
    }

    #[test]
    fn event_911() {
        let PushEvent::Event911(e) = parse(
            "EVENT_911",
            json!({
                "call": {
                    "callId": 1234,
                    "isEmergency": true,
                    "caller": "John Doe",
                    "location": "1234 E Hawick Ave",
                    "description": "This is a 911 call!"
                },
                "apiIds": ["Steam:1234", "11112222"],
                "communityUserId": "license:abc123",
                "metaData": {"someKey": "someValue"}
            }),
        ) else {
            panic!("not Event911")
        };
        let call = e.call.unwrap();
        assert_eq!(call.call_id, Some(1234));
        assert_eq!(call.is_emergency, Some(true));
        assert_eq!(call.caller.as_deref(), Some("John Doe"));
        assert_eq!(call.location.as_deref(), Some("1234 E Hawick Ave"));
        assert_eq!(e.api_ids.unwrap(), vec!["Steam:1234", "11112222"]);
        assert_eq!(e.community_user_id.as_deref(), Some("license:abc123"));
        assert_eq!(e.meta_data.unwrap()["someKey"], "someValue");

        // An empty string for an absent nested object reads as None.
        let PushEvent::Event911(e) = parse("EVENT_911", json!({"call": "", "metaData": ""})) else { panic!("not Event911") };
        assert_eq!(e.call, None);
        assert_eq!(e.meta_data, Some(json!("")));
        assert!(e.extra.is_empty());
    }

    #[test]
    fn remove_911() {
        let PushEvent::Remove911(e) = parse("EVENT_REMOVE_911", json!({"callIds": [1234, 5678]})) else { panic!("not Remove911") };
        assert_eq!(e.call_ids.unwrap(), vec![1234, 5678]);
    }

    #[test]
    fn street_sign_updated() {
        let PushEvent::StreetSignUpdated(e) =
            parse("EVENT_STREETSIGN_UPDATED", json!({"signData": {"ids": [1, 2], "text1": "", "text2": "", "text3": ""}}))
        else {
            panic!("not StreetSignUpdated")
        };
        let sign = e.sign_data.unwrap();
        assert_eq!(sign.ids.unwrap(), vec![1, 2]);
        assert_eq!(sign.text1.as_deref(), Some(""));
        assert_eq!(sign.text3.as_deref(), Some(""));
    }

    #[test]
    fn tone() {
        let PushEvent::Tone(e) = parse(
            "EVENT_TONE",
            json!({
                "url": "https://s3.sonoransoftware.com/someTone.mp3",
                "playTonesTo": [
                    {"type": 1, "value": 123, "label": "Dispatch Call 123"},
                    {"type": 3, "value": "Prescott PD", "label": "Prescott PD"}
                ]
            }),
        ) else {
            panic!("not Tone")
        };
        assert_eq!(e.url.as_deref(), Some("https://s3.sonoransoftware.com/someTone.mp3"));
        let to = e.play_tones_to.unwrap();
        assert_eq!(to.len(), 2);
        assert_eq!(to[0].kind, Some(1));
        assert_eq!(to[0].value, Some(NumberOrText::Number(123)));
        assert_eq!(to[0].label.as_deref(), Some("Dispatch Call 123"));
        assert_eq!(to[1].kind, Some(3));
        assert_eq!(to[1].value, Some(NumberOrText::Text("Prescott PD".into())));
    }

    #[test]
    fn community_link_verified() {
        let PushEvent::CommunityLinkVerified(e) = parse(
            "EVENT_COMMUNITY_LINK_VERIFIED",
            json!({"communityUserId": "license:abc123", "accountUuid": "00000000-0000-0000-0000-000000000000"}),
        ) else {
            panic!("not CommunityLinkVerified")
        };
        assert_eq!(e.community_user_id.as_deref(), Some("license:abc123"));
        assert_eq!(e.account_uuid.as_deref(), Some("00000000-0000-0000-0000-000000000000"));
    }

    #[test]
    fn char_selected() {
        let PushEvent::CharSelected(e) = parse("EVENT_CHAR_SELECTED", json!({"accId": "000-000-000", "id": 1})) else {
            panic!("not CharSelected")
        };
        assert_eq!(e.acc_id.as_deref(), Some("000-000-000"));
        assert_eq!(e.id, Some(NumberOrText::Number(1)));
        assert_eq!(e.id.unwrap().as_i64(), Some(1));

        // The id may be a sync key string, and accId a number.
        let PushEvent::CharSelected(e) = parse("EVENT_CHAR_SELECTED", json!({"accId": 7, "id": "steam:11000010"})) else {
            panic!("not CharSelected")
        };
        assert_eq!(e.acc_id.as_deref(), Some("7"));
        assert_eq!(e.id.as_ref().and_then(NumberOrText::as_str), Some("steam:11000010"));
        assert_eq!(e.id.unwrap().to_string(), "steam:11000010");
    }

    fn dispatch_call_data() -> Value {
        json!({
            "eventOriginIdent": 123,
            "dispatch": {
                "callId": -1,
                "origin": 0,
                "status": 0,
                "priority": 1,
                "block": "123",
                "address": "4234 E. Example Ave",
                "postal": "456",
                "title": "Traffic Stop",
                "code": "10-39 - Traffic Stop",
                "description": "Traffic Stop - Blue Sedan - XP123BS",
                "notes": "",
                "idents": [987, 123, 456],
                "metaData": {"origin911": 1}
            }
        })
    }

    fn check_dispatch_call(e: DispatchCallEvent) {
        assert_eq!(e.event_origin_ident, Some(123));
        let d = e.dispatch.unwrap();
        assert_eq!(d.call_id, Some(-1));
        assert_eq!(d.origin, Some(0));
        assert_eq!(d.status, Some(0));
        assert_eq!(d.priority, Some(1));
        assert_eq!(d.block.as_deref(), Some("123"));
        assert_eq!(d.postal.as_deref(), Some("456"));
        assert_eq!(d.address.as_deref(), Some("4234 E. Example Ave"));
        assert_eq!(d.code.as_deref(), Some("10-39 - Traffic Stop"));
        assert_eq!(d.notes, Some(json!("")));
        assert_eq!(d.idents.unwrap(), vec![987, 123, 456]);
        assert_eq!(d.meta_data.unwrap().origin911, Some(1));
    }

    #[test]
    fn dispatch_new_and_edit() {
        let PushEvent::DispatchNew(e) = parse("EVENT_DISPATCH_NEW", dispatch_call_data()) else { panic!("not DispatchNew") };
        check_dispatch_call(e);
        let PushEvent::DispatchEdit(e) = parse("EVENT_DISPATCH_EDIT", dispatch_call_data()) else { panic!("not DispatchEdit") };
        check_dispatch_call(e);
    }

    #[test]
    fn dispatch_closed() {
        let PushEvent::DispatchClosed(e) = parse("EVENT_DISPATCH_CLOSED", json!({"eventOriginIdent": 123, "callIds": [1234, 5678]})) else {
            panic!("not DispatchClosed")
        };
        assert_eq!(e.event_origin_ident, Some(123));
        assert_eq!(e.call_ids.unwrap(), vec![1234, 5678]);
    }

    #[test]
    fn dispatch_note() {
        let PushEvent::DispatchNote(e) = parse(
            "EVENT_DISPATCH_NOTE",
            json!({"callId": -1, "note": {"time": "12:00:00", "label": "A-10", "type": "text", "content": "Some message here!"}}),
        ) else {
            panic!("not DispatchNote")
        };
        assert_eq!(e.call_id, Some(-1));
        let note = e.note.unwrap();
        assert_eq!(note.time.as_deref(), Some("12:00:00"));
        assert_eq!(note.label.as_deref(), Some("A-10"));
        assert_eq!(note.kind.as_deref(), Some("text"));
        assert_eq!(note.content.as_deref(), Some("Some message here!"));
    }

    #[test]
    fn dispatch_unit_attach_and_detach() {
        // The page's example, with both ident and idents.
        let PushEvent::DispatchUnitAttach(e) =
            parse("EVENT_DISPATCH_UNIT_ATTACH", json!({"eventOriginIdent": 123, "ident": 1, "idents": [123, 456], "callId": 111}))
        else {
            panic!("not DispatchUnitAttach")
        };
        assert_eq!(e.event_origin_ident, Some(123));
        assert_eq!(e.ident, Some(1));
        assert_eq!(e.idents.as_deref(), Some(&[123, 456][..]));
        assert_eq!(e.call_id, Some(111));
        assert_eq!(e.all_idents(), vec![1, 123, 456]);

        // Option 1: ident alone.
        let PushEvent::DispatchUnitAttach(e) =
            parse("EVENT_DISPATCH_UNIT_ATTACH", json!({"eventOriginIdent": 123, "ident": 1, "callId": 111}))
        else {
            panic!("not DispatchUnitAttach")
        };
        assert_eq!(e.idents, None);
        assert_eq!(e.all_idents(), vec![1]);

        // Option 2: idents alone.
        let PushEvent::DispatchUnitDetach(e) =
            parse("EVENT_DISPATCH_UNIT_DETACH", json!({"eventOriginIdent": 123, "idents": [123, 456], "callId": 123}))
        else {
            panic!("not DispatchUnitDetach")
        };
        assert_eq!(e.ident, None);
        assert_eq!(e.call_id, Some(123));
        assert_eq!(e.all_idents(), vec![123, 456]);
    }

    #[test]
    fn dispatch_toggle_bodycam() {
        // The page shows the ident as a string.
        let PushEvent::DispatchToggleBodycam(e) = parse("EVENT_DISPATCH_TOGGLE_BODYCAM", json!({"ident": "1", "state": true})) else {
            panic!("not DispatchToggleBodycam")
        };
        assert_eq!(e.ident, Some(1));
        assert_eq!(e.state, Some(true));
        let PushEvent::DispatchToggleBodycam(e) = parse("EVENT_DISPATCH_TOGGLE_BODYCAM", json!({"ident": 2, "state": false})) else {
            panic!("not DispatchToggleBodycam")
        };
        assert_eq!(e.ident, Some(2));
        assert_eq!(e.state, Some(false));
    }

    #[test]
    fn new_callout() {
        let PushEvent::NewCallout(e) = parse(
            "EVENT_NEW_CALLOUT",
            json!({
                "callout": {
                    "calloutLocations": [{"x": 1234, "y": 5678, "z": 0}],
                    "pedWeaponData": ["weapon_unarmed"],
                    "pedActionOnNoActionFound": "none",
                    "pedChanceToFleeFromPlayer": 0,
                    "pedChanceToObtainWeapons": 0,
                    "pedChanceToAttackPlayer": 0,
                    "pedChanceToSurrender": 0
                }
            }),
        ) else {
            panic!("not NewCallout")
        };
        let c = e.callout.unwrap();
        let locations = c.callout_locations.unwrap();
        assert_eq!(locations.len(), 1);
        assert_eq!((locations[0].x, locations[0].y, locations[0].z), (Some(1234.0), Some(5678.0), Some(0.0)));
        assert_eq!(c.ped_weapon_data.unwrap(), vec!["weapon_unarmed"]);
        assert_eq!(c.ped_action_on_no_action_found.as_deref(), Some("none"));
        assert_eq!(c.ped_chance_to_flee_from_player, Some(0.0));
        assert_eq!(c.ped_chance_to_surrender, Some(0.0));
    }

    #[test]
    fn pager_reborn() {
        let PushEvent::PagerReborn(e) = parse(
            "EVENT_PAGER_REBORN",
            json!({
                "addresses": ["FIRE-1", "BATTALION-1"],
                "identIds": [12, 34],
                "nature": "Administrative",
                "body": "Respond to briefing room."
            }),
        ) else {
            panic!("not PagerReborn")
        };
        assert_eq!(e.addresses.unwrap(), vec!["FIRE-1", "BATTALION-1"]);
        assert_eq!(e.ident_ids.unwrap(), vec![12, 34]);
        assert_eq!(e.nature.as_deref(), Some("Administrative"));
        assert_eq!(e.body.as_deref(), Some("Respond to briefing room."));
    }

    #[test]
    fn station_alert() {
        let PushEvent::StationAlert(e) = parse(
            "EVENT_STATION_ALERT",
            json!({
                "locations": [{"name": "Fire Station One", "open": ["Door 1", "Door 2"], "close": ["Door 3"]}],
                "message": "Some TTS message here!",
                "colors": ["blue"],
                "tone": "tone1"
            }),
        ) else {
            panic!("not StationAlert")
        };
        let locations = e.locations.unwrap();
        assert_eq!(locations[0].name.as_deref(), Some("Fire Station One"));
        assert_eq!(locations[0].open.as_deref(), Some(&["Door 1".to_string(), "Door 2".to_string()][..]));
        assert_eq!(locations[0].close.as_deref(), Some(&["Door 3".to_string()][..]));
        assert_eq!(e.message.as_deref(), Some("Some TTS message here!"));
        assert_eq!(e.colors.unwrap(), vec!["blue"]);
        assert_eq!(e.tone.as_deref(), Some("tone1"));
    }

    #[test]
    fn records() {
        for (event_type, name) in [("EVENT_RECORD_ADD", "add"), ("EVENT_RECORD_EDIT", "edit"), ("EVENT_RECORD_REMOVE", "remove")] {
            // The page's example is an empty record object.
            let event = parse(event_type, json!({"record": {}}));
            let (PushEvent::RecordAdd(e) | PushEvent::RecordEdit(e) | PushEvent::RecordRemove(e)) = &event else {
                panic!("not a record event: {event:?}")
            };
            assert_eq!(e.record, Some(json!({})), "{name}");

            let event = parse(event_type, json!({"record": {"id": 42, "recordTypeId": 3, "name": "Incident Report"}}));
            let e = match (event_type, event) {
                ("EVENT_RECORD_ADD", PushEvent::RecordAdd(e))
                | ("EVENT_RECORD_EDIT", PushEvent::RecordEdit(e))
                | ("EVENT_RECORD_REMOVE", PushEvent::RecordRemove(e)) => e,
                (t, other) => panic!("{t} gave {other:?}"),
            };
            assert_eq!(e.record.as_ref().unwrap()["id"], 42);
            let record = e.parsed_record().unwrap();
            assert_eq!(record.id, 42);
            assert_eq!(record.name.as_deref(), Some("Incident Report"));
        }
    }

    #[test]
    fn unit_group_add_change_remove() {
        let PushEvent::UnitGroupAdd(e) =
            parse("EVENT_UNIT_GROUP_ADD", json!({"identId": 1, "identIds": [1, 2, 3], "groupName": "Ladder 61"}))
        else {
            panic!("not UnitGroupAdd")
        };
        assert_eq!(e.ident_id, Some(1));
        assert_eq!(e.ident_ids.unwrap(), vec![1, 2, 3]);
        assert_eq!(e.group_name.as_deref(), Some("Ladder 61"));

        let PushEvent::UnitGroupChangeName(e) = parse(
            "EVENT_UNIT_GROUP_CHANGE_NAME",
            json!({"identIds": [1, 2, 3], "oldName": "Some Old Group", "newName": "My New Group Name"}),
        ) else {
            panic!("not UnitGroupChangeName")
        };
        assert_eq!(e.ident_ids.unwrap(), vec![1, 2, 3]);
        assert_eq!(e.old_name.as_deref(), Some("Some Old Group"));
        assert_eq!(e.new_name.as_deref(), Some("My New Group Name"));

        let PushEvent::UnitGroupRemove(e) = parse("EVENT_UNIT_GROUP_REMOVE", json!({"identId": 1, "groupName": "Ladder 61"})) else {
            panic!("not UnitGroupRemove")
        };
        assert_eq!(e.ident_id, Some(1));
        assert_eq!(e.group_name.as_deref(), Some("Ladder 61"));
    }

    #[test]
    fn unit_login() {
        let PushEvent::UnitLogin(e) = parse(
            "EVENT_UNIT_LOGIN",
            json!({
                "unit": {
                    "id": -1,
                    "accId": "123-456-7890",
                    "status": 0,
                    "isPanic": false,
                    "location": "1234 E. Test Ave",
                    "aop": "South District",
                    "data": {
                        "apiIds": ["STEAM:1234"],
                        "unitNum": "A-10",
                        "name": "Brian Sosnowski",
                        "district": "Maricopa County",
                        "department": "MCSO",
                        "subdivision": "Speed Enforcement",
                        "rank": "CPT",
                        "group": "CAR 51",
                        "page": 0
                    }
                },
                "isDispatch": false,
                "selfDispatch": false
            }),
        ) else {
            panic!("not UnitLogin")
        };
        assert_eq!(e.is_dispatch, Some(false));
        assert_eq!(e.self_dispatch, Some(false));
        let unit = e.unit.unwrap();
        assert_eq!(unit.id, Some(-1));
        assert_eq!(unit.acc_id.as_deref(), Some("123-456-7890"));
        assert_eq!(unit.status, Some(0));
        assert_eq!(unit.is_panic, Some(false));
        assert_eq!(unit.aop.as_deref(), Some("South District"));
        let data = unit.data.unwrap();
        assert_eq!(data.api_ids.unwrap(), vec!["STEAM:1234"]);
        assert_eq!(data.unit_num.as_deref(), Some("A-10"));
        assert_eq!(data.department.as_deref(), Some("MCSO"));
        assert_eq!(data.group.as_deref(), Some("CAR 51"));
        assert_eq!(data.page, Some(0));
    }

    #[test]
    fn unit_logout_panic_status() {
        let PushEvent::UnitLogout(e) = parse("EVENT_UNIT_LOGOUT", json!({"identId": 1})) else { panic!("not UnitLogout") };
        assert_eq!(e.ident_id, Some(1));

        let PushEvent::UnitPanic(e) = parse("EVENT_UNIT_PANIC", json!({"identIds": [1, 2, 3], "isPanic": true})) else {
            panic!("not UnitPanic")
        };
        assert_eq!(e.ident_ids.unwrap(), vec![1, 2, 3]);
        assert_eq!(e.is_panic, Some(true));

        // The page's example: identIds as a single number.
        let PushEvent::UnitStatus(e) = parse("EVENT_UNIT_STATUS", json!({"identIds": 1, "status": 0})) else { panic!("not UnitStatus") };
        assert_eq!(e.ident_ids.unwrap(), vec![1]);
        assert_eq!(e.status, Some(0));
        // The page's text: an array.
        let PushEvent::UnitStatus(e) = parse("EVENT_UNIT_STATUS", json!({"identIds": [4, 5], "status": 2})) else {
            panic!("not UnitStatus")
        };
        assert_eq!(e.ident_ids.unwrap(), vec![4, 5]);
        assert_eq!(e.status, Some(2));
    }

    #[test]
    fn documented_types_all_have_variants() {
        assert_eq!(DOCUMENTED_EVENT_TYPES.len(), 26);
        for t in DOCUMENTED_EVENT_TYPES {
            // Every field is optional: an empty object fits every type.
            let event = parse(t, json!({}));
            assert_eq!(event.event_type(), *t);
        }
        let mut sorted = DOCUMENTED_EVENT_TYPES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), DOCUMENTED_EVENT_TYPES.len(), "duplicate type string");
        // The pages' titles are not the type strings.
        assert!(DOCUMENTED_EVENT_TYPES.contains(&"EVENT_DISPATCH_TOGGLE_BODYCAM"));
        assert!(!DOCUMENTED_EVENT_TYPES.contains(&"TOGGLE_BODYCAM"));
        assert!(DOCUMENTED_EVENT_TYPES.contains(&"EVENT_UNIT_LOGOUT"));
        assert!(!DOCUMENTED_EVENT_TYPES.contains(&"EVENT_UNIT_LOGOFF"));
    }

    #[test]
    fn unknown_fields_land_in_extra() {
        let PushEvent::UnitStatus(e) =
            parse("EVENT_UNIT_STATUS", json!({"identIds": [1], "status": 3, "newField": {"a": 1}, "serverId": 2}))
        else {
            panic!("not UnitStatus")
        };
        assert_eq!(e.status, Some(3));
        assert_eq!(e.extra["newField"], json!({"a": 1}));
        assert_eq!(e.extra["serverId"], 2);
        assert_eq!(e.extra.len(), 2);

        // In nested objects too.
        let PushEvent::Event911(e) = parse("EVENT_911", json!({"call": {"callId": 5, "postal": "101"}, "origin": "api"})) else {
            panic!("not Event911")
        };
        assert_eq!(e.extra["origin"], "api");
        let call = e.call.unwrap();
        assert_eq!(call.call_id, Some(5));
        assert_eq!(call.extra["postal"], "101");
    }

    #[test]
    fn unknown_type_is_other() {
        let data = json!({"identId": 1});
        let event = PushEvent::from_parts("EVENT_SOMETHING_NEW", &data);
        assert_eq!(event, PushEvent::Other { event_type: "EVENT_SOMETHING_NEW".into(), data: data.clone() });
        assert_eq!(event.event_type(), "EVENT_SOMETHING_NEW");
        // Type strings are matched exactly.
        assert!(matches!(PushEvent::from_parts("event_unit_logout", &data), PushEvent::Other { .. }));
        assert!(matches!(PushEvent::from_parts("", &data), PushEvent::Other { .. }));
    }

    #[test]
    fn mis_shaped_known_type_is_other() {
        let bad = [
            json!("EVENT_UNIT_STATUS"),
            json!(null),
            json!(42),
            json!([]),
            json!([{"identIds": [1], "status": 0}, {"identIds": [2], "status": 1}]),
            json!([[{"identIds": [1]}]]),
            json!(["identIds"]),
            json!({"identIds": [1], "status": "high"}),
            json!({"identIds": "abc"}),
            json!({"identIds": [1, {"id": 2}]}),
        ];
        for data in bad {
            let event = PushEvent::from_parts("EVENT_UNIT_STATUS", &data);
            assert_eq!(event, PushEvent::Other { event_type: "EVENT_UNIT_STATUS".into(), data: data.clone() }, "{data}");
            assert_eq!(event.event_type(), "EVENT_UNIT_STATUS");
        }
        // A nested object of the wrong shape.
        let data = json!({"call": "not an object"});
        assert!(matches!(PushEvent::from_parts("EVENT_911", &data), PushEvent::Other { .. }));
        let data = json!({"dispatch": {"callId": "x-1"}});
        assert!(matches!(PushEvent::from_parts("EVENT_DISPATCH_NEW", &data), PushEvent::Other { .. }));
    }

    #[test]
    fn lenient_numbers() {
        let PushEvent::DispatchClosed(e) = parse("EVENT_DISPATCH_CLOSED", json!({"eventOriginIdent": "123", "callIds": 7.0})) else {
            panic!("not DispatchClosed")
        };
        assert_eq!(e.event_origin_ident, Some(123));
        assert_eq!(e.call_ids.unwrap(), vec![7]);
        let PushEvent::UnitLogout(e) = parse("EVENT_UNIT_LOGOUT", json!({"identId": null})) else { panic!("not UnitLogout") };
        assert_eq!(e.ident_id, None);
        let PushEvent::DispatchNew(e) = parse("EVENT_DISPATCH_NEW", json!({"dispatch": {"postal": 456, "block": 12}})) else {
            panic!("not DispatchNew")
        };
        let d = e.dispatch.unwrap();
        assert_eq!(d.postal.as_deref(), Some("456"));
        assert_eq!(d.block.as_deref(), Some("12"));
    }

    #[test]
    fn serializes_back_to_camel_case() {
        let PushEvent::UnitGroupChangeName(e) =
            parse("EVENT_UNIT_GROUP_CHANGE_NAME", json!({"identIds": [1], "oldName": "A", "newName": "B", "x": 1}))
        else {
            panic!("not UnitGroupChangeName")
        };
        let back = serde_json::to_value(&e).unwrap();
        assert_eq!(back, json!({"identIds": [1], "oldName": "A", "newName": "B", "x": 1}));
    }
}
