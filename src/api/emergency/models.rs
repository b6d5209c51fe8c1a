//! Models of the v2 emergency operations: identifiers, units, their status and locations,
//! 911 and dispatch calls. Response models keep the fields they do not know in `extra`,
//! since the API adds fields over time, and accept v2's PascalCase top-level keys (`Units`)
//! as well as camelCase; requests serialize to the same camelCase parameter objects the C
//! and Lua faces pass.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::api::wire::{api_enum, one_or_many};

api_enum! {
    /// A unit's status (`UNIT_STATUS`).
    UnitStatus {
        /** 0 */ Unavailable = 0 => "UNAVAILABLE",
        /** 1 */ Busy = 1 => "BUSY",
        /** 2 */ Available = 2 => "AVAILABLE",
        /** 3 */ Enroute = 3 => "ENROUTE",
        /** 4 */ OnScene = 4 => "ON_SCENE",
        /** 100 */ Offline = 100 => "OFFLINE",
    }
}

api_enum! {
    /// The page (department type) a unit belongs to (`UNIT_PAGE`).
    UnitPage {
        /** 0 */ Police = 0 => "POLICE",
        /** 1 */ Fire = 1 => "FIRE",
        /** 2 */ Ems = 2 => "EMS",
        /** 3 */ Dispatch = 3 => "DISPATCH",
        /** -1 */ Unknown = -1 => "UNKNOWN",
    }
}

/// What `modify_identifier` does. Sent as 0/1/2; read from the numbers or the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdentifierAction {
    /// 0: create an identifier.
    Add,
    /// 1: change an identifier.
    Edit,
    /// 2: delete an identifier.
    Remove,
}

impl IdentifierAction {
    /// Every action: the API's name and its integer.
    pub const NAMES: &'static [(&'static str, i64)] = crate::operations::IDENTIFIER_ACTIONS;

    /// The integer of an action's name, in any case (`"remove"` → 2).
    pub fn number_of(name: &str) -> Option<i64> {
        Self::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, number)| *number)
    }

    /// The action with integer `number`.
    pub fn from_number(number: i64) -> Option<IdentifierAction> {
        [IdentifierAction::Add, IdentifierAction::Edit, IdentifierAction::Remove].into_iter().find(|a| *a as i64 == number)
    }
}

impl Serialize for IdentifierAction {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(*self as u8)
    }
}

impl<'de> Deserialize<'de> for IdentifierAction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        value
            .as_i64()
            .or_else(|| value.as_str().and_then(IdentifierAction::number_of))
            .and_then(IdentifierAction::from_number)
            .ok_or_else(|| serde::de::Error::custom("expected 0/1/2 or ADD/EDIT/REMOVE"))
    }
}

/// The descriptive part of a unit identifier (its `data` object).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitData {
    /// Call sign, e.g. `A-10`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_num: Option<String>,
    /// The officer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// District.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Department, e.g. `LSPD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Subdivision, e.g. `Patrol`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    /// Rank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// Name of the unit's group, e.g. `CAR-51`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The unit's page (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<UnitPage>,
    /// The in-game user id the identifier belongs to (`license:...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_user_id: Option<String>,
    /// First API id (v1), typically a Steam hex.
    #[serde(default, rename = "apiId1", skip_serializing_if = "Option::is_none")]
    pub api_id1: Option<String>,
    /// Second API id (v1).
    #[serde(default, rename = "apiId2", skip_serializing_if = "Option::is_none")]
    pub api_id2: Option<String>,
    /// API ids (v2); a single string is read as a list of one.
    #[serde(default, deserialize_with = "one_or_many", skip_serializing_if = "Vec::is_empty")]
    pub api_ids: Vec<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A unit identifier, as the identifier and unit endpoints return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Unit {
    /// The identifier's id (`identId` elsewhere).
    pub id: i64,
    /// The account's UUID.
    #[serde(default)]
    pub acc_id: Option<String>,
    /// Current status.
    #[serde(default)]
    pub status: Option<UnitStatus>,
    /// Whether the panic button is active.
    #[serde(default)]
    pub is_panic: bool,
    /// Free-text location.
    #[serde(default)]
    pub location: Option<String>,
    /// Area of patrol.
    #[serde(default)]
    pub aop: Option<String>,
    /// Map position `{x, y, z, w}` (v2).
    #[serde(default)]
    pub coordinates: Option<Value>,
    /// Descriptive data.
    #[serde(default)]
    pub data: UnitData,
    /// Whether this is a dispatcher identifier.
    #[serde(default)]
    pub is_dispatch: Option<bool>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The units a v2 unit endpoint answers: `{units: [...]}` (`Units` accepted too), or the bare
/// list `get_units_v2`'s page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "UnitListShape")]
#[non_exhaustive]
pub struct UnitList {
    /// The units.
    #[serde(alias = "Units", default)]
    pub units: Vec<Unit>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The shapes a unit list arrives in.
#[derive(Deserialize)]
#[serde(untagged)]
enum UnitListShape {
    List(Vec<Unit>),
    Object {
        #[serde(alias = "Units", default)]
        units: Vec<Unit>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    },
}

impl From<UnitListShape> for UnitList {
    fn from(shape: UnitListShape) -> UnitList {
        match shape {
            UnitListShape::List(units) => UnitList { units, extra: Map::new() },
            UnitListShape::Object { units, extra } => UnitList { units, extra },
        }
    }
}

/// An account's identifiers and which one is selected (`get_identifiers`,
/// `get_identifiers_v2`; PascalCase keys accepted too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdentifierList {
    /// The selected identifier's id, if any.
    #[serde(default, alias = "SelectedIdent")]
    pub selected_ident: Option<i64>,
    /// The identifiers.
    #[serde(default, alias = "Identifiers")]
    pub identifiers: Vec<Unit>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `create_identifier_v2` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreatedIdentifier {
    /// The new identifier's id.
    #[serde(alias = "IdentId")]
    pub ident_id: i64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `select_identifier_v2` answers: the server, whether the selected identifier is a
/// dispatcher, and the identifier now selected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SelectedIdentifier {
    /// The server the selection applies to.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// Whether the selected identifier is a dispatcher.
    #[serde(default)]
    pub is_dispatch: Option<bool>,
    /// The identifier now selected.
    #[serde(default)]
    pub identifier: Option<Unit>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `update_identifier_v2` answers: the identifier as it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdatedIdentifier {
    /// The identifier's id.
    pub ident_id: i64,
    /// The server it was updated on.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// The identifier after the change.
    #[serde(default)]
    pub identifier: Option<Unit>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `delete_identifier_v2` answers: which identifier was deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeletedIdentifier {
    /// The deleted identifier's id.
    pub ident_id: i64,
    /// The server it was deleted on.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a v2 write that only confirms answers (`{"ok": true}`, e.g. `add_identifiers_to_group_v2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Confirmation {
    /// Whether the API applied it.
    pub ok: bool,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Parameters of [`crate::Client::get_active_units`] (and `get_units_v2`, which adds nothing).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetActiveUnits {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// Hide dispatchers (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_units: Option<bool>,
    /// Include offline units (default false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_offline: Option<bool>,
    /// At most this many, 1..=100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Units to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

/// The flat identifier fields of v2 `create_identifier_v2` / `update_identifier_v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierFieldsV2 {
    /// Status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<UnitStatus>,
    /// Area of patrol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aop: Option<String>,
    /// Call sign.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_num: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// District.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// Department.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// Subdivision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<String>,
    /// Rank.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
    /// Group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<UnitPage>,
    /// Whether it is a dispatcher identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_dispatch: Option<bool>,
}

/// Whose identifiers `add_identifiers_to_group_v2` moves: exactly one of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum GroupTarget {
    /// One community user id.
    CommunityUserId(String),
    /// Several community user ids.
    CommunityUserIds(Vec<String>),
    /// A linked Roblox id.
    Roblox(String),
    /// A linked Discord id.
    Discord(String),
    /// An account UUID.
    AccountUuid(String),
    /// These identifiers.
    IdentIds(Vec<i64>),
}

/// Parameters of [`crate::Client::get_account_units`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountUnits {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// The account's UUID.
    pub account_uuid: String,
    /// Only online identifiers (API default `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_online: Option<bool>,
    /// Hide dispatcher identifiers (API default `true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_units: Option<bool>,
    /// At most this many rows, 1..=100 (API default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Rows to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

// --- v2 units, calls and dispatch --------------------------------------------------------

/// What `set_unit_status_v2`, `set_unit_panic_v2` and `update_unit_locations_v2` answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UnitsUpdated {
    /// How many identifiers (or location updates) were applied.
    #[serde(default, alias = "Updated")]
    pub updated: u64,
    /// The status set, by name (`"ENROUTE"`), for `set_unit_status_v2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    /// The panic state set, for `set_unit_panic_v2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_panic: Option<bool>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `kick_unit_v2` answers for one kick.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KickedUnit {
    /// The identifier forced offline.
    #[serde(default, alias = "IdentId")]
    pub ident_id: i64,
    /// The reason given.
    #[serde(default)]
    pub reason: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A map position: `x` and `y`, optionally height `z` and heading `w`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Coordinates {
    /// East–west.
    pub x: f64,
    /// North–south.
    pub y: f64,
    /// Height.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub z: Option<f64>,
    /// Heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub w: Option<f64>,
}

impl Coordinates {
    /// A position with height and heading.
    pub fn new(x: f64, y: f64, z: f64, w: f64) -> Self {
        Coordinates { x, y, z: Some(z), w: Some(w) }
    }
}

/// One entry of `update_unit_locations_v2`: exactly one of `community_user_id`, `roblox`,
/// `discord`, and where that user's unit is.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocationUpdate {
    /// The linked community user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community_user_id: Option<String>,
    /// Or a linked Roblox id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roblox: Option<String>,
    /// Or a linked Discord id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discord: Option<String>,
    /// Location text (street, postal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Map position.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// Voice peer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peer_id: Option<String>,
    /// Vehicle `{model, headingOffset}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<Value>,
}

/// A note on a dispatch call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CallNote {
    /// When it was written.
    #[serde(default)]
    pub time: Option<String>,
    /// Who wrote it.
    #[serde(default)]
    pub label: Option<String>,
    /// `"text"`, ...
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// The note.
    #[serde(default)]
    pub content: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A dispatch call (`ActiveCalls`, `ClosedCalls`, and what the dispatch writes answer).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchCall {
    /// Its id.
    #[serde(default, alias = "CallId")]
    pub call_id: i64,
    /// `CALL_ORIGIN`.
    #[serde(default)]
    pub origin: Option<i64>,
    /// `CALL_STATUS`: 0 pending, 1 active, 2 closed.
    #[serde(default)]
    pub status: Option<i64>,
    /// Priority: an integer, or a custom template's option text.
    #[serde(default)]
    pub priority: Option<Value>,
    /// Block or intersection.
    #[serde(default)]
    pub block: Option<String>,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// Postal.
    #[serde(default)]
    pub postal: Option<String>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Code (`211`).
    #[serde(default)]
    pub code: Option<String>,
    /// The primary unit's identifier.
    #[serde(default)]
    pub primary: Option<i64>,
    /// Whether the call follows its primary unit on the map.
    #[serde(default)]
    pub track_primary: Option<bool>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Notes, oldest first.
    #[serde(default)]
    pub notes: Vec<CallNote>,
    /// Attached identifiers.
    #[serde(default)]
    pub idents: Vec<i64>,
    /// String metadata (`x`, `y`, `radius`, ...).
    #[serde(default)]
    pub meta_data: Map<String, Value>,
    /// Last change.
    #[serde(default)]
    pub updated: Option<String>,
    /// Fields this version does not know (`template`, `values`, `statusId` of custom calls).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A 911 call (`EmergencyCalls`, and what `create_emergency_call_v2` answers).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct EmergencyCall {
    /// Its id.
    #[serde(default, alias = "CallId")]
    pub call_id: i64,
    /// Whether it is marked an emergency.
    #[serde(default)]
    pub is_emergency: Option<bool>,
    /// Caller.
    #[serde(default)]
    pub caller: Option<String>,
    /// Location.
    #[serde(default)]
    pub location: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// String metadata.
    #[serde(default)]
    pub meta_data: Map<String, Value>,
    /// Last change.
    #[serde(default)]
    pub updated: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `get_calls_v2` answers (`ActiveCalls`, ... or camelCase alike).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Calls {
    /// Open dispatch calls.
    #[serde(default, alias = "ActiveCalls")]
    pub active_calls: Vec<DispatchCall>,
    /// 911 calls.
    #[serde(default, alias = "EmergencyCalls")]
    pub emergency_calls: Vec<EmergencyCall>,
    /// Recent closed dispatch calls (`closedLimit`/`closedOffset`).
    #[serde(default, alias = "ClosedCalls")]
    pub closed_calls: Vec<DispatchCall>,
    /// How many closed calls there are in all.
    #[serde(default, alias = "ClosedCallCount")]
    pub closed_call_count: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `get_current_call_v2` answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CurrentCall {
    /// The account's selected identifier.
    #[serde(default, alias = "IdentId")]
    pub ident_id: Option<i64>,
    /// The call it is attached to, if any.
    #[serde(default, alias = "CallId")]
    pub call_id: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the small call writes answer: delete (`callId, serverId`), attach/detach
/// (`callId, identIds`), postal, primary, note, close (`callIds`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CallChange {
    /// The call changed.
    #[serde(default, alias = "CallId")]
    pub call_id: Option<i64>,
    /// The calls closed.
    #[serde(default)]
    pub call_ids: Vec<i64>,
    /// The identifiers attached or detached.
    #[serde(default)]
    pub ident_ids: Vec<i64>,
    /// The primary set.
    #[serde(default)]
    pub ident_id: Option<i64>,
    /// Fields this version does not know (`postal`, `note`, `trackPrimary`, `serverId`).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A dispatch template (`get_dispatch_templates_v2`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DispatchTemplate {
    /// Its id, for `create_custom_dispatch_call_v2`.
    #[serde(default)]
    pub template_id: i64,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Status options `{id, label, status}`.
    #[serde(default)]
    pub status_options: Vec<Value>,
    /// Sections with their fields (`uid` keys the values of a custom call).
    #[serde(default)]
    pub sections: Vec<Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Parameters of [`crate::Client::get_calls_v2`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetCallsV2 {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// Most closed calls returned (API default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_limit: Option<u64>,
    /// Closed calls to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_offset: Option<u64>,
    /// `CALL_TABLE_TYPE`: 0 dispatch, 1 emergency, 100 both (the default).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<i64>,
}

/// Parameters of [`crate::Client::create_emergency_call_v2`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewEmergencyCall {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// Mark it an emergency.
    pub is_emergency: bool,
    /// Caller.
    pub caller: String,
    /// Location text.
    pub location: String,
    /// What happened.
    pub description: String,
    /// Delete it after this many minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_after_minutes: Option<u64>,
    /// String metadata: `x`, `y` place it on the map; `z`, `postal`, ...
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub meta_data: Map<String, Value>,
}

/// Parameters of [`crate::Client::create_dispatch_call_v2`]: give `community_user_ids`
/// (empty for no units) or another target.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDispatchCall {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// `CALL_ORIGIN`.
    pub origin: i64,
    /// `CALL_STATUS`.
    pub status: i64,
    /// Priority.
    pub priority: i64,
    /// Title.
    pub title: String,
    /// Block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal: Option<String>,
    /// Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Initial notes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<Value>>,
    /// Community users whose units are attached (`Some(vec![])`: none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub community_user_ids: Option<Vec<String>>,
    /// Accounts whose selected units are attached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<String>>,
    /// A linked Roblox id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roblox: Option<String>,
    /// A linked Discord id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discord: Option<String>,
    /// String metadata.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub meta_data: Map<String, Value>,
    /// Delete it after this many minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_after_minutes: Option<u64>,
}

/// Fields of [`crate::Client::update_dispatch_call_v2`]: only those given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DispatchCallChanges {
    /// `CALL_ORIGIN`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<i64>,
    /// `CALL_STATUS`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i64>,
    /// Priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i64>,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Block.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Postal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal: Option<String>,
    /// Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Primary identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub primary: Option<i64>,
    /// Follow the primary on the map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track_primary: Option<bool>,
    /// Replaces the stored metadata (include the keys to keep).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta_data: Option<Map<String, Value>>,
}

/// Which units an attach or detach is about: a unit group, or one [`GroupTarget`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attach {
    /// Every unit in this group.
    Group(String),
    /// One target's units.
    Units(GroupTarget),
}

impl Serialize for Attach {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Attach::Group(name) => {
                use serde::ser::SerializeMap;
                let mut map = s.serialize_map(Some(1))?;
                map.serialize_entry("groupName", name)?;
                map.end()
            }
            Attach::Units(target) => target.serialize(s),
        }
    }
}
