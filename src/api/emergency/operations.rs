//! v2 emergency operations: units, identifiers, calls and dispatch (`/v2/emergency/...`).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::*;

/// The v2 identifier fields (create and update).
const V2_IDENTIFIER_FIELDS: [Param; 11] = [
    param("status", ANY_INTEGER),
    param("aop", Kind::Text),
    param("unitNum", Kind::Text),
    param("name", Kind::Text),
    param("district", Kind::Text),
    param("department", Kind::Text),
    param("subdivision", Kind::Text),
    param("rank", Kind::Text),
    param("group", Kind::Text),
    param("page", ANY_INTEGER),
    param("isDispatch", Kind::Bool),
];

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_account_units",
        sdk_method: "getAccountUnitsV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/get-account-units.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units" },
        params: &[
            param("serverId", Kind::ServerId),
            required("accountUuid", Kind::Uuid),
            param("onlyOnline", Kind::Bool),
            param("onlyUnits", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: Some(Paging { items: Some("units"), total: false }),
        summary: "The units of one account on one server; answers `{units}` (`Units` accepted).",
    },
    Operation {
        name: "get_identifiers_v2",
        sdk_method: "getIdentifiersV2",
        sdk_args: &["accountUuid"],
        page: Some("v2/emergency/identifiers/get-identifiers.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/accounts/{accountUuid}/identifiers" },
        params: &[required("accountUuid", Kind::Uuid)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "An account's identifiers and the selected one; answers `{SelectedIdent, Identifiers}` (camelCase accepted).",
    },
    Operation {
        name: "select_identifier_v2",
        sdk_method: "selectIdentifierV2",
        sdk_args: &["accountUuid", "identId"],
        page: Some("v2/emergency/identifiers/set-selected-identifier.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/accounts/{accountUuid}/selected-identifier" },
        params: &[required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Selects an account's identifier; answers `{serverId, isDispatch, identifier}`.",
    },
    Operation {
        name: "create_identifier_v2",
        sdk_method: "createIdentifierV2",
        sdk_args: &["accountUuid"],
        page: Some("v2/emergency/identifiers/create-identifier.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/accounts/{accountUuid}/identifiers" },
        params: params!([required("accountUuid", Kind::Uuid)], V2_IDENTIFIER_FIELDS),
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Creates an identifier for an account from flat fields; answers `{identId}`.",
    },
    Operation {
        name: "update_identifier_v2",
        sdk_method: "updateIdentifierV2",
        sdk_args: &["accountUuid", "identId"],
        page: Some("v2/emergency/identifiers/update-identifier.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}" },
        params: params!([required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)], V2_IDENTIFIER_FIELDS),
        one_of: &[],
        check: |p| {
            if V2_IDENTIFIER_FIELDS.iter().any(|f| p.contains_key(f.name)) {
                Ok(())
            } else {
                Err(Error::invalid("params", "name at least one field to change (status, aop, unitNum, name, ...)"))
            }
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Changes the fields given (at least one) of an identifier; answers `{identId, serverId, identifier}`.",
    },
    Operation {
        name: "delete_identifier_v2",
        sdk_method: "deleteIdentifierV2",
        sdk_args: &["accountUuid", "identId"],
        page: Some("v2/emergency/identifiers/delete-identifier.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}" },
        params: &[required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Deletes an identifier; answers `{identId, serverId}`.",
    },
    Operation {
        name: "add_identifiers_to_group_v2",
        sdk_method: "addIdentifiersToGroupV2",
        sdk_args: &[],
        page: Some("v2/emergency/identifiers/set-identifier-group.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/identifier-groups/{groupName}" },
        params: &[
            param("serverId", Kind::ServerId),
            required("groupName", Kind::Id),
            param("communityUserId", Kind::Id),
            alias("apiId", Kind::Id, "communityUserId"),
            param("communityUserIds", Kind::IdList),
            alias("apiIds", Kind::IdList, "communityUserIds"),
            param("roblox", Kind::Id),
            param("discord", Kind::Id),
            param("accountUuid", Kind::Uuid),
            param("identIds", Kind::IntegerList),
        ],
        one_of: &["communityUserId", "apiId", "communityUserIds", "apiIds", "roblox", "discord", "accountUuid", "identIds"],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Puts one target's identifiers in a unit group on a server (`apiId`/`apiIds` are sent as `communityUserId`/`communityUserIds`, as the official SDKs do); answers `{ok}`.",
    },
    Operation {
        name: "get_units_v2",
        sdk_method: "getUnitsV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/get-active-units.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/units" },
        params: &[
            param("serverId", Kind::ServerId),
            param("includeOffline", Kind::Bool),
            param("onlyUnits", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(3),
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: Some(Paging { items: Some("units"), total: false }),
        summary: "The units on a server; answers the list of units (`{units}` accepted too).",
    },
];

/// `UNIT_STATUS`: unavailable, busy, available, en route, on scene, offline.
pub(crate) const UNIT_STATUS: Kind = Kind::OneOf(&[0, 1, 2, 3, 4, 100]);
/// `CALL_STATUS`: pending, active, closed.
pub(crate) const CALL_STATUS: Kind = Kind::OneOf(&[0, 1, 2]);
/// `CALL_ORIGIN`, as the create page lists it (caller, radio dispatch, observed, walk-up);
/// the other pages list only 0 and 1.
pub(crate) const CALL_ORIGIN: Kind = Kind::OneOf(&[0, 1, 2, 3]);
/// `CALL_TABLE_TYPE`: dispatch calls, emergency calls, both.
pub(crate) const CALL_TABLE_TYPE: Kind = Kind::OneOf(&[0, 1, 100]);
const NON_NEGATIVE: Kind = Kind::Integer { min: 0, max: i64::MAX };
const POSITIVE: Kind = Kind::Integer { min: 1, max: i64::MAX };
const STRINGS: Kind = Kind::List { item: &Kind::Id, min: 0 };
const UUIDS: Kind = Kind::List { item: &Kind::Uuid, min: 0 };
const NOTES: Kind = Kind::List { item: &Kind::Object, min: 0 };

/// Which units a units or attachment call is about (`apiId`/`apiIds` sent as the API's names).
const UNIT_TARGETS: [Param; 8] = [
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("communityUserIds", Kind::IdList),
    alias("apiIds", Kind::IdList, "communityUserIds"),
    param("roblox", Kind::IdOrInteger),
    param("discord", Kind::Id),
    param("accountUuid", Kind::Uuid),
    param("identIds", Kind::IntegerList),
];
const UNIT_TARGET_NAMES: &[&str] =
    &["communityUserId", "apiId", "communityUserIds", "apiIds", "roblox", "discord", "accountUuid", "identIds"];
const ATTACH_TARGET_NAMES: &[&str] =
    &["groupName", "communityUserId", "apiId", "communityUserIds", "apiIds", "roblox", "discord", "accountUuid", "identIds"];

/// One linked user: kick and location updates.
const USER_TARGET_NAMES: &[&str] = &["communityUserId", "apiId", "roblox", "discord"];

/// One entry of `update_unit_locations_v2`'s `updates`.
const LOCATION_UPDATE: Shape = Shape {
    fields: &[
        param("communityUserId", Kind::Id),
        alias("apiId", Kind::Id, "communityUserId"),
        param("roblox", Kind::IdOrInteger),
        param("discord", Kind::Id),
        param("location", Kind::Text),
        param("coordinates", COORDINATES),
        param("peerId", Kind::Text),
        param("vehicle", Kind::Record(&Shape { fields: &[param("model", Kind::Text), param("headingOffset", Kind::Number)], one_of: &[] })),
    ],
    one_of: USER_TARGET_NAMES,
};

/// One unit's position for the location stream (`Client::push_unit_location`): the hub's
/// `unitLocationObject` (communityUserId, roblox, apiId or identId) plus REST's `discord`.
pub(crate) const UNIT_LOCATION: Shape = Shape {
    fields: &[
        param("communityUserId", Kind::Id),
        param("roblox", Kind::IdOrInteger),
        param("apiId", Kind::Id),
        param("identId", Kind::Integer { min: 1, max: i64::MAX }),
        param("discord", Kind::Id),
        required("location", Kind::Text),
        param("coordinates", COORDINATES),
        param("peerId", Kind::Text),
        param(
            "vehicle",
            Kind::Record(&Shape {
                fields: &[
                    param("model", Kind::Text),
                    param("zOffset", Kind::Number),
                    param("lightZOffset", Kind::Number),
                    param("sizeOffset", Kind::Number),
                    param("headingOffset", Kind::Number),
                    param("lights", Kind::Bool),
                ],
                one_of: &[],
            }),
        ),
    ],
    one_of: &["communityUserId", "roblox", "apiId", "identId", "discord"],
};

/// The editable fields of a dispatch call (create and update).
const DISPATCH_FIELDS: [Param; 9] = [
    param("block", Kind::Text),
    param("address", Kind::Text),
    param("postal", Kind::Text),
    param("code", Kind::Text),
    param("description", Kind::Text),
    param("metaData", Kind::StringMap),
    param("origin", CALL_ORIGIN),
    param("status", CALL_STATUS),
    param("priority", NON_NEGATIVE),
];

/// At least one of `names` is present.
fn at_least_one(params: &Map<String, Value>, names: &[&str], what: &str) -> Result<()> {
    if names.iter().any(|n| params.contains_key(*n)) {
        Ok(())
    } else {
        Err(Error::invalid("params", format_args!("{what} (one of `{}`)", names.join("`, `"))))
    }
}

/// The operations of units, calls and dispatch.
pub(crate) static CALL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "set_unit_status_v2",
        sdk_method: "setUnitStatusV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/set-unit-status.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/units/status" },
        params: params!([param("serverId", Kind::ServerId)], UNIT_TARGETS, [required("status", UNIT_STATUS)]),
        one_of: UNIT_TARGET_NAMES,
        check: no_rule,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Units],
        merge: Some(Merge::Targets),
        paging: None,
        summary: "Sets the status (`UNIT_STATUS` 0–4, 100) of one target's active identifiers; answers `{updated, status}`.",
    },
    Operation {
        name: "set_unit_panic_v2",
        sdk_method: "setUnitPanicV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/set-unit-panic.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/units/panic" },
        params: params!([param("serverId", Kind::ServerId)], UNIT_TARGETS, [required("isPanic", Kind::Bool)]),
        one_of: UNIT_TARGET_NAMES,
        check: no_rule,
        limit: per_minute(20),
        idempotent: false,
        touches: &[Subject::Units],
        merge: Some(Merge::Targets),
        paging: None,
        summary: "Sets or clears the panic of one target's active identifiers; answers `{updated, isPanic}`.",
    },
    Operation {
        name: "kick_unit_v2",
        sdk_method: "kickUnitV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/kick-unit.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/units/kick" },
        params: &[
            param("serverId", Kind::ServerId),
            param("communityUserId", Kind::Id),
            alias("apiId", Kind::Id, "communityUserId"),
            param("roblox", Kind::IdOrInteger),
            param("discord", Kind::Id),
            param("reason", Kind::Text),
        ],
        one_of: USER_TARGET_NAMES,
        check: no_rule,
        limit: per_minute(20),
        idempotent: false,
        touches: &[Subject::Units, Subject::Calls],
        merge: Some(Merge::Array),
        paging: None,
        summary: "Forces one user's selected unit offline, with a reason; answers `{identId, reason}`.",
    },
    Operation {
        name: "update_unit_locations_v2",
        sdk_method: "updateUnitLocationsV2",
        sdk_args: &[],
        page: Some("v2/emergency/units/update-unit-locations.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/unit-locations" },
        params: &[param("serverId", Kind::ServerId), required("updates", Kind::List { item: &Kind::Record(&LOCATION_UPDATE), min: 1 })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(12),
        idempotent: false,
        touches: &[Subject::Units],
        merge: Some(Merge::List("updates")),
        paging: None,
        summary: "Updates the map location of many units in one call (`updates[]`, each one user); answers `{updated}`.",
    },
    Operation {
        name: "get_calls_v2",
        sdk_method: "getCallsV2",
        sdk_args: &[],
        page: Some("v2/emergency/calls/get-calls.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/calls" },
        params: &[
            param("serverId", Kind::ServerId),
            param("closedLimit", NON_NEGATIVE),
            param("closedOffset", NON_NEGATIVE),
            param("type", CALL_TABLE_TYPE),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(5),
        idempotent: true,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "The active dispatch calls, 911 calls and recent closed calls; answers `{ActiveCalls, EmergencyCalls, ClosedCalls, ClosedCallCount}`.",
    },
    Operation {
        name: "get_current_call_v2",
        sdk_method: "getCurrentCallV2",
        sdk_args: &["accountUuid"],
        page: Some("v2/emergency/calls/get-current-call.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/accounts/{accountUuid}/current-call" },
        params: &[required("accountUuid", Kind::Uuid)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "An account's selected identifier and the call it is attached to; answers `{IdentId, CallId}`.",
    },
    Operation {
        name: "create_emergency_call_v2",
        sdk_method: "createEmergencyCallV2",
        sdk_args: &[],
        page: Some("v2/emergency/calls/create-911-call.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/calls/911" },
        params: &[
            param("serverId", Kind::ServerId),
            required("isEmergency", Kind::Bool),
            required("caller", Kind::Text),
            required("location", Kind::Text),
            required("description", Kind::Text),
            param("deleteAfterMinutes", POSITIVE),
            param("metaData", Kind::StringMap),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Creates a 911 call (`metaData` x/y place it on the map); answers the call with its `callId`.",
    },
    Operation {
        name: "delete_emergency_call_v2",
        sdk_method: "deleteEmergencyCallV2",
        sdk_args: &["callId", "serverId"],
        page: Some("v2/emergency/calls/remove-911-call.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/emergency/servers/{serverId}/calls/911/{callId}" },
        params: &[param("serverId", Kind::ServerId), required("callId", ANY_INTEGER)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Removes a 911 call; answers `{callId, serverId}`.",
    },
    Operation {
        name: "create_dispatch_call_v2",
        sdk_method: "createDispatchCallV2",
        sdk_args: &[],
        page: Some("v2/emergency/calls/create-dispatch-call.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/dispatch-calls" },
        params: params!(
            [param("serverId", Kind::ServerId), required("title", Kind::Text)],
            DISPATCH_FIELDS,
            [
                param("notes", NOTES),
                param("communityUserIds", STRINGS),
                alias("apiIds", STRINGS, "communityUserIds"),
                param("roblox", Kind::IdOrInteger),
                param("discord", Kind::Id),
                param("accounts", UUIDS),
                param("deleteAfterMinutes", POSITIVE),
            ]
        ),
        one_of: &[],
        check: |p| {
            for name in ["origin", "status", "priority"] {
                if !p.contains_key(name) {
                    return Err(Error::invalid(name, "is required"));
                }
            }
            at_least_one(p, &["communityUserIds", "apiIds", "accounts", "roblox", "discord"], "name the units to attach, `[]` for none")
        },
        limit: per_minute(20),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Creates a dispatch call (`origin`, `status`, `priority`, `title` required) with its units (`communityUserIds: []` for none); answers the call.",
    },
    Operation {
        name: "create_custom_dispatch_call_v2",
        sdk_method: "createCustomDispatchCallV2",
        sdk_args: &[],
        page: Some("v2/emergency/calls/create-custom-dispatch-call.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/custom-dispatch-calls" },
        params: params!(
            [param("serverId", Kind::ServerId), required("templateId", ANY_INTEGER), required("values", Kind::Object)],
            UNIT_TARGETS,
            [
                param("accounts", Kind::List { item: &Kind::Uuid, min: 1 }),
                param("notes", NOTES),
                param("metaData", Kind::StringMap),
                param("deleteAfterMinutes", POSITIVE),
            ]
        ),
        one_of: &[],
        check: |p| {
            let mut targets = UNIT_TARGET_NAMES.to_vec();
            targets.push("accounts");
            at_least_one(p, &targets, "name at least one unit to attach")
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Creates a dispatch call from a dispatch template (`values` keyed by field uid) with at least one unit; answers the call (not stated: paced at 10 a minute).",
    },
    Operation {
        name: "get_dispatch_templates_v2",
        sdk_method: "getDispatchTemplatesV2",
        sdk_args: &["templateId"],
        page: Some("v2/emergency/calls/get-dispatch-templates.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/dispatch-templates/{templateId?}" },
        params: &[param("templateId", ANY_INTEGER)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "The community's dispatch templates, or the one `templateId` names (not stated: paced at 10 a minute).",
    },
    Operation {
        name: "update_dispatch_call_v2",
        sdk_method: "updateDispatchCallV2",
        sdk_args: &["callId"],
        page: Some("v2/emergency/calls/update-dispatch-call.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}" },
        params: params!(
            [param("serverId", Kind::ServerId), required("callId", ANY_INTEGER), param("title", Kind::Text)],
            DISPATCH_FIELDS,
            [param("primary", ANY_INTEGER), param("trackPrimary", Kind::Bool)]
        ),
        one_of: &[],
        check: |p| {
            if p.keys().any(|k| k != "serverId" && k != "callId") {
                Ok(())
            } else {
                Err(Error::invalid("params", "name at least one field to change (status, postal, description, metaData, ...)"))
            }
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Changes the fields given of a dispatch call (`metaData` replaces the stored one); answers the call.",
    },
    Operation {
        name: "attach_units_to_dispatch_call_v2",
        sdk_method: "attachUnitsToDispatchCallV2",
        sdk_args: &["callId"],
        page: Some("v2/emergency/calls/attach-units.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/attachments" },
        params: params!([param("serverId", Kind::ServerId), required("callId", ANY_INTEGER), param("groupName", Kind::Id)], UNIT_TARGETS),
        one_of: ATTACH_TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls, Subject::Units],
        merge: None,
        paging: None,
        summary: "Attaches a group or one target's identifiers to a dispatch call; answers `{callId, identIds}`.",
    },
    Operation {
        name: "set_dispatch_postal_v2",
        sdk_method: "setDispatchPostalV2",
        sdk_args: &["callId", "postal", "serverId"],
        page: Some("v2/emergency/calls/update-call-postal.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/postal" },
        params: &[param("serverId", Kind::ServerId), required("callId", ANY_INTEGER), required("postal", Kind::Id)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(20),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Sets a dispatch call's postal; answers `{callId, postal}`.",
    },
    Operation {
        name: "set_dispatch_primary_v2",
        sdk_method: "setDispatchPrimaryV2",
        sdk_args: &["callId", "identId", "trackPrimary", "serverId"],
        page: Some("v2/emergency/calls/update-call-primary.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/primary" },
        params: &[
            param("serverId", Kind::ServerId),
            required("callId", ANY_INTEGER),
            required("identId", ANY_INTEGER),
            param("trackPrimary", Kind::Bool),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Makes an identifier the primary unit of a dispatch call; answers `{callId, identId, trackPrimary}`.",
    },
    Operation {
        name: "add_dispatch_note_v2",
        sdk_method: "addDispatchNoteV2",
        sdk_args: &["callId"],
        page: Some("v2/emergency/calls/add-call-note.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/dispatch-calls/{callId}/notes" },
        params: &[
            param("serverId", Kind::ServerId),
            required("callId", ANY_INTEGER),
            required("note", Kind::Id),
            param("noteType", Kind::Id),
            param("label", Kind::Text),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(60),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: None,
        paging: None,
        summary: "Adds a note to a dispatch call; answers `{callId, note}`.",
    },
    Operation {
        name: "detach_units_from_dispatch_call_v2",
        sdk_method: "detachUnitsFromDispatchCallV2",
        sdk_args: &[],
        page: Some("v2/emergency/calls/detach-units.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/emergency/servers/{serverId}/dispatch-calls/attachments" },
        params: params!([param("serverId", Kind::ServerId), param("groupName", Kind::Id)], UNIT_TARGETS),
        one_of: ATTACH_TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Calls, Subject::Units],
        merge: None,
        paging: None,
        summary: "Detaches a group or one target's identifiers from whatever call they are on (DELETE with a JSON body); answers `{identIds}`.",
    },
    Operation {
        name: "close_dispatch_calls_v2",
        sdk_method: "closeDispatchCallsV2",
        sdk_args: &["callIds", "serverId"],
        page: Some("v2/emergency/calls/close-dispatch-calls.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/dispatch-calls/close" },
        params: &[param("serverId", Kind::ServerId), required("callIds", Kind::IntegerList)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(20),
        idempotent: false,
        touches: &[Subject::Calls],
        merge: Some(Merge::List("callIds")),
        paging: None,
        summary: "Closes dispatch calls, which move to the closed calls; answers `{callIds}`.",
    },
];
