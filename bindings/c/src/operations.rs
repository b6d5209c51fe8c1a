//! One blocking C function per operation, `sonoran_<operation>`, generated from the core's
//! operation tables (`src/api/<area>/operations.rs` of the core) by `scripts/regenerate.sh`: do not edit.

use std::ffi::c_char;

use crate::{blocking_operation, SonoranClient};

/// `get_account_identifiers` (v1): All unit identifiers of the account with this apiId; answers the list of units.
///
/// Sends `POST /emergency/get_account_identifiers (GET_ACCOUNT_IDENTIFIERS)`, paced at 3 requests per 3 s per API key; a read: retried on transient failures.
/// Reference page: `v1-get-account-identifiers.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `apiId` (required; a non-empty string)
/// - `onlyOnline` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_account_identifiers", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_account_identifiers(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_account_identifiers", params_json) }
}

/// `get_account` (v1): One account, found by apiId, username or account UUID; answers the account.
///
/// Sends `POST /general/get_account (GET_ACCOUNT)`, paced at 3 requests per 3 s per API key; a read: retried on transient failures.
/// Reference page: `v1-get-account.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `apiId` (a non-empty string)
/// - `username` (a non-empty string)
/// - `account` (a non-empty string)
/// - exactly one of `apiId`, `username`, `account`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_account", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_account(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_account", params_json) }
}

/// `get_accounts` (v1): A page of the community's accounts, optionally by status; answers `{pagination, accounts}`.
///
/// Sends `POST /general/get_accounts (GET_ACCOUNTS)`, paced at 3 requests per 3 s per API key; a read: retried on transient failures.
/// Reference page: `v1-get-accounts.md`.
/// Paged with `limit`/`offset`: `sonoran_call(client, "get_all_accounts", params_json)` walks every page.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `limit` (an integer 1–100)
/// - `offset` (an integer ≥ 0)
/// - `status` (an integer)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_accounts", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_accounts(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_accounts", params_json) }
}

/// `modify_identifier` (v1): Adds, edits or removes one of an account's unit identifiers: ADD and EDIT need `identifier`, EDIT names its target by `identId` or `identifier.id`, REMOVE needs `identId`; answers the identifier, or a sentence for REMOVE.
///
/// Sends `POST /emergency/modify_identifier (MODIFY_IDENTIFIER)`, paced at 3 requests per 3 s per API key; a write: never resent once it may have reached the server.
/// Reference page: `v1-modify-identifier.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `apiId` (a non-empty string)
/// - `account` (a non-empty string)
/// - `action` (required; 0 or "ADD", 1 or "EDIT", 2 or "REMOVE")
/// - `identifier` (an object)
/// - `identId` (an integer)
/// - exactly one of `apiId`, `account`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "modify_identifier", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_modify_identifier(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "modify_identifier", params_json) }
}

/// `get_identifiers` (v1): An account's identifiers and which one is selected; answers `{selectedIdent, identifiers}`.
///
/// Sends `POST /emergency/get_identifiers (GET_IDENTIFIERS)`, paced at 3 requests per 3 s per API key; a read: retried on transient failures.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `apiId` (a non-empty string)
/// - `account` (a non-empty string)
/// - exactly one of `apiId`, `account`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_identifiers", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_identifiers(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_identifiers", params_json) }
}

/// `set_identifier` (v1): Selects which of its identifiers an account uses; answers `"Identifier Switched!"`.
///
/// Sends `POST /emergency/set_identifier (SET_IDENTIFIER)`, paced at 3 requests per 3 s per API key; a write: never resent once it may have reached the server.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `apiId` (a non-empty string)
/// - `account` (a non-empty string)
/// - `identId` (required; an integer)
/// - exactly one of `apiId`, `account`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_identifier", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_identifier(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_identifier", params_json) }
}

/// `idents_to_group` (v1): Puts identifiers in a unit group (an empty `groupName` clears it).
///
/// Sends `POST /emergency/idents_to_group (IDENTS_TO_GROUP)`, paced at 3 requests per 3 s per API key; a write: never resent once it may have reached the server.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `identIds` (required; a non-empty list of integers)
/// - `account` (a non-empty string)
/// - `groupName` (required; a string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "idents_to_group", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_idents_to_group(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "idents_to_group", params_json) }
}

/// `get_active_units` (v1): One page of the units on a server (`onlyUnits` defaults to true); answers the list of units.
///
/// Sends `POST /emergency/get_active_units (GET_ACTIVE_UNITS)`, paced at 3 requests per 3 s per API key; a read: retried on transient failures.
/// Paged with `limit`/`offset`: `sonoran_call(client, "get_all_active_units", params_json)` walks every page.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `onlyUnits` (true or false)
/// - `includeOffline` (true or false)
/// - `limit` (an integer 1–100)
/// - `offset` (an integer ≥ 0)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_active_units", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_active_units(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_active_units", params_json) }
}

/// `get_account_units` (v2): The units of one account on one server; answers `{units}` (`Units` accepted).
///
/// Sends `GET /v2/emergency/servers/{serverId}/accounts/{accountUuid}/units`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/units/get-account-units.md`.
/// Paged with `limit`/`offset`: `sonoran_call(client, "get_all_account_units", params_json)` walks every page.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `accountUuid` (required; a UUID)
/// - `onlyOnline` (true or false)
/// - `onlyUnits` (true or false)
/// - `limit` (an integer 1–100)
/// - `offset` (an integer ≥ 0)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_account_units", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_account_units(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_account_units", params_json) }
}

/// `get_identifiers_v2` (v2): An account's identifiers and the selected one; answers `{SelectedIdent, Identifiers}` (camelCase accepted).
///
/// Sends `GET /v2/emergency/accounts/{accountUuid}/identifiers`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/identifiers/get-identifiers.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_identifiers_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_identifiers_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_identifiers_v2", params_json) }
}

/// `select_identifier_v2` (v2): Selects an account's identifier; answers `{serverId, isDispatch, identifier}`.
///
/// Sends `PUT /v2/emergency/accounts/{accountUuid}/selected-identifier`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/identifiers/set-selected-identifier.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
/// - `identId` (required; an integer)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "select_identifier_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_select_identifier_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "select_identifier_v2", params_json) }
}

/// `create_identifier_v2` (v2): Creates an identifier for an account from flat fields; answers `{identId}`.
///
/// Sends `POST /v2/emergency/accounts/{accountUuid}/identifiers`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/identifiers/create-identifier.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
/// - `status` (an integer)
/// - `aop` (a string)
/// - `unitNum` (a string)
/// - `name` (a string)
/// - `district` (a string)
/// - `department` (a string)
/// - `subdivision` (a string)
/// - `rank` (a string)
/// - `group` (a string)
/// - `page` (an integer)
/// - `isDispatch` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_identifier_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_identifier_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_identifier_v2", params_json) }
}

/// `update_identifier_v2` (v2): Changes the fields given (at least one) of an identifier; answers `{identId, serverId, identifier}`.
///
/// Sends `PATCH /v2/emergency/accounts/{accountUuid}/identifiers/{identId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/identifiers/update-identifier.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
/// - `identId` (required; an integer)
/// - `status` (an integer)
/// - `aop` (a string)
/// - `unitNum` (a string)
/// - `name` (a string)
/// - `district` (a string)
/// - `department` (a string)
/// - `subdivision` (a string)
/// - `rank` (a string)
/// - `group` (a string)
/// - `page` (an integer)
/// - `isDispatch` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_identifier_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_identifier_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_identifier_v2", params_json) }
}

/// `delete_identifier_v2` (v2): Deletes an identifier; answers `{identId, serverId}`.
///
/// Sends `DELETE /v2/emergency/accounts/{accountUuid}/identifiers/{identId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/identifiers/delete-identifier.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
/// - `identId` (required; an integer)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "delete_identifier_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_delete_identifier_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "delete_identifier_v2", params_json) }
}

/// `add_identifiers_to_group_v2` (v2): Puts one target's identifiers in a unit group on a server (`apiId`/`apiIds` are sent as `communityUserId`/`communityUserIds`, as the official SDKs do); answers `{ok}`.
///
/// Sends `PUT /v2/emergency/servers/{serverId}/identifier-groups/{groupName}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/identifiers/set-identifier-group.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `groupName` (required; a non-empty string)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - exactly one of `communityUserId`, `apiId`, `communityUserIds`, `apiIds`, `roblox`, `discord`, `accountUuid`, `identIds`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "add_identifiers_to_group_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_add_identifiers_to_group_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "add_identifiers_to_group_v2", params_json) }
}

/// `get_units_v2` (v2): The units on a server; answers the list of units (`{units}` accepted too).
///
/// Sends `GET /v2/emergency/servers/{serverId}/units`, paced at 3 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/units/get-active-units.md`.
/// Paged with `limit`/`offset`: `sonoran_call(client, "get_all_units_v2", params_json)` walks every page.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `includeOffline` (true or false)
/// - `onlyUnits` (true or false)
/// - `limit` (an integer 1–100)
/// - `offset` (an integer ≥ 0)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_units_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_units_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_units_v2", params_json) }
}

/// `set_unit_status_v2` (v2): Sets the status (`UNIT_STATUS` 0–4, 100) of one target's active identifiers; answers `{updated, status}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/units/status`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/units/set-unit-status.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - `status` (required; one of 0, 1, 2, 3, 4, 100)
/// - exactly one of `communityUserId`, `apiId`, `communityUserIds`, `apiIds`, `roblox`, `discord`, `accountUuid`, `identIds`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_unit_status_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_unit_status_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_unit_status_v2", params_json) }
}

/// `set_unit_panic_v2` (v2): Sets or clears the panic of one target's active identifiers; answers `{updated, isPanic}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/units/panic`, paced at 20 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/units/set-unit-panic.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - `isPanic` (required; true or false)
/// - exactly one of `communityUserId`, `apiId`, `communityUserIds`, `apiIds`, `roblox`, `discord`, `accountUuid`, `identIds`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_unit_panic_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_unit_panic_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_unit_panic_v2", params_json) }
}

/// `kick_unit_v2` (v2): Forces one user's selected unit offline, with a reason; answers `{identId, reason}`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/units/kick`, paced at 20 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/units/kick-unit.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `reason` (a string)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "kick_unit_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_kick_unit_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "kick_unit_v2", params_json) }
}

/// `update_unit_locations_v2` (v2): Updates the map location of many units in one call (`updates[]`, each one user); answers `{updated}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/unit-locations`, paced at 12 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/units/update-unit-locations.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `updates` (required; a non-empty list, each an object: `communityUserId` (a non-empty string), `apiId` (a non-empty string; sent as `communityUserId`), `roblox` (a non-empty string or an integer), `discord` (a non-empty string), `location` (a string), `coordinates` (an object: `x` (required; a number), `y` (required; a number), `z` (a number), `w` (a number)), `peerId` (a string), `vehicle` (an object: `model` (a string), `headingOffset` (a number)); exactly one of `communityUserId`, `apiId`, `roblox`, `discord`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_unit_locations_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_unit_locations_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_unit_locations_v2", params_json) }
}

/// `get_calls_v2` (v2): The active dispatch calls, 911 calls and recent closed calls; answers `{ActiveCalls, EmergencyCalls, ClosedCalls, ClosedCallCount}`.
///
/// Sends `GET /v2/emergency/servers/{serverId}/calls`, paced at 5 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/calls/get-calls.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `closedLimit` (an integer ≥ 0)
/// - `closedOffset` (an integer ≥ 0)
/// - `type` (one of 0, 1, 100)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_calls_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_calls_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_calls_v2", params_json) }
}

/// `get_current_call_v2` (v2): An account's selected identifier and the call it is attached to; answers `{IdentId, CallId}`.
///
/// Sends `GET /v2/emergency/accounts/{accountUuid}/current-call`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/calls/get-current-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_current_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_current_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_current_call_v2", params_json) }
}

/// `create_emergency_call_v2` (v2): Creates a 911 call (`metaData` x/y place it on the map); answers the call with its `callId`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/calls/911`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/create-911-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `isEmergency` (required; true or false)
/// - `caller` (required; a string)
/// - `location` (required; a string)
/// - `description` (required; a string)
/// - `deleteAfterMinutes` (an integer ≥ 1)
/// - `metaData` (an object of string values)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_emergency_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_emergency_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_emergency_call_v2", params_json) }
}

/// `delete_emergency_call_v2` (v2): Removes a 911 call; answers `{callId, serverId}`.
///
/// Sends `DELETE /v2/emergency/servers/{serverId}/calls/911/{callId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/remove-911-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "delete_emergency_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_delete_emergency_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "delete_emergency_call_v2", params_json) }
}

/// `create_dispatch_call_v2` (v2): Creates a dispatch call (`origin`, `status`, `priority`, `title` required) with its units (`communityUserIds: []` for none); answers the call.
///
/// Sends `POST /v2/emergency/servers/{serverId}/dispatch-calls`, paced at 20 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/create-dispatch-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `title` (required; a string)
/// - `block` (a string)
/// - `address` (a string)
/// - `postal` (a string)
/// - `code` (a string)
/// - `description` (a string)
/// - `metaData` (an object of string values)
/// - `origin` (one of 0, 1, 2, 3)
/// - `status` (one of 0, 1, 2)
/// - `priority` (an integer ≥ 0)
/// - `notes` (a list (may be empty), each an object)
/// - `communityUserIds` (a list (may be empty), each a non-empty string)
/// - `apiIds` (a list (may be empty), each a non-empty string; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accounts` (a list (may be empty), each a UUID)
/// - `deleteAfterMinutes` (an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_dispatch_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_dispatch_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_dispatch_call_v2", params_json) }
}

/// `create_custom_dispatch_call_v2` (v2): Creates a dispatch call from a dispatch template (`values` keyed by field uid) with at least one unit; answers the call (not stated: paced at 10 a minute).
///
/// Sends `POST /v2/emergency/servers/{serverId}/custom-dispatch-calls`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/create-custom-dispatch-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `templateId` (required; an integer)
/// - `values` (required; an object)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - `accounts` (a non-empty list, each a UUID)
/// - `notes` (a list (may be empty), each an object)
/// - `metaData` (an object of string values)
/// - `deleteAfterMinutes` (an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_custom_dispatch_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_custom_dispatch_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_custom_dispatch_call_v2", params_json) }
}

/// `get_dispatch_templates_v2` (v2): The community's dispatch templates, or the one `templateId` names (not stated: paced at 10 a minute).
///
/// Sends `GET /v2/emergency/dispatch-templates/{templateId?}`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/calls/get-dispatch-templates.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `templateId` (an integer)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_dispatch_templates_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_dispatch_templates_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_dispatch_templates_v2", params_json) }
}

/// `update_dispatch_call_v2` (v2): Changes the fields given of a dispatch call (`metaData` replaces the stored one); answers the call.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/dispatch-calls/{callId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/update-dispatch-call.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
/// - `title` (a string)
/// - `block` (a string)
/// - `address` (a string)
/// - `postal` (a string)
/// - `code` (a string)
/// - `description` (a string)
/// - `metaData` (an object of string values)
/// - `origin` (one of 0, 1, 2, 3)
/// - `status` (one of 0, 1, 2)
/// - `priority` (an integer ≥ 0)
/// - `primary` (an integer)
/// - `trackPrimary` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_dispatch_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_dispatch_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_dispatch_call_v2", params_json) }
}

/// `attach_units_to_dispatch_call_v2` (v2): Attaches a group or one target's identifiers to a dispatch call; answers `{callId, identIds}`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/dispatch-calls/{callId}/attachments`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/attach-units.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
/// - `groupName` (a non-empty string)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - exactly one of `groupName`, `communityUserId`, `apiId`, `communityUserIds`, `apiIds`, `roblox`, `discord`, `accountUuid`, `identIds`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "attach_units_to_dispatch_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_attach_units_to_dispatch_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "attach_units_to_dispatch_call_v2", params_json) }
}

/// `set_dispatch_postal_v2` (v2): Sets a dispatch call's postal; answers `{callId, postal}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/dispatch-calls/{callId}/postal`, paced at 20 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/update-call-postal.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
/// - `postal` (required; a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_dispatch_postal_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_dispatch_postal_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_dispatch_postal_v2", params_json) }
}

/// `set_dispatch_primary_v2` (v2): Makes an identifier the primary unit of a dispatch call; answers `{callId, identId, trackPrimary}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/dispatch-calls/{callId}/primary`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/update-call-primary.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
/// - `identId` (required; an integer)
/// - `trackPrimary` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_dispatch_primary_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_dispatch_primary_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_dispatch_primary_v2", params_json) }
}

/// `add_dispatch_note_v2` (v2): Adds a note to a dispatch call; answers `{callId, note}`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/dispatch-calls/{callId}/notes`, paced at 60 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/add-call-note.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callId` (required; an integer)
/// - `note` (required; a non-empty string)
/// - `noteType` (a non-empty string)
/// - `label` (a string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "add_dispatch_note_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_add_dispatch_note_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "add_dispatch_note_v2", params_json) }
}

/// `detach_units_from_dispatch_call_v2` (v2): Detaches a group or one target's identifiers from whatever call they are on (DELETE with a JSON body); answers `{identIds}`.
///
/// Sends `DELETE /v2/emergency/servers/{serverId}/dispatch-calls/attachments`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/detach-units.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `groupName` (a non-empty string)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `communityUserIds` (a non-empty list of strings)
/// - `apiIds` (a non-empty list of strings; sent as `communityUserIds`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `identIds` (a non-empty list of integers)
/// - exactly one of `groupName`, `communityUserId`, `apiId`, `communityUserIds`, `apiIds`, `roblox`, `discord`, `accountUuid`, `identIds`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "detach_units_from_dispatch_call_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_detach_units_from_dispatch_call_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "detach_units_from_dispatch_call_v2", params_json) }
}

/// `close_dispatch_calls_v2` (v2): Closes dispatch calls, which move to the closed calls; answers `{callIds}`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/dispatch-calls/close`, paced at 20 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/calls/close-dispatch-calls.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callIds` (required; a non-empty list of integers)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "close_dispatch_calls_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_close_dispatch_calls_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "close_dispatch_calls_v2", params_json) }
}

/// `get_account_v2` (v2): One account, by UUID, community user id, Roblox id, Discord id or username; answers the account object.
///
/// Sends `GET /v2/general/accounts/account`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/get-account.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (a UUID)
/// - `account` (a UUID; sent as `accountUuid`)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string)
/// - `discord` (a non-empty string)
/// - `username` (a non-empty string)
/// - exactly one of `accountUuid`, `account`, `communityUserId`, `apiId`, `roblox`, `discord`, `username`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_account_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_account_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_account_v2", params_json) }
}

/// `get_accounts_v2` (v2): A page of accounts (active ones unless `status` says otherwise), by username; answers `{pagination, accounts}`.
///
/// Sends `GET /v2/general/accounts`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/get-accounts.md`.
/// Paged with `limit`/`offset`: `sonoran_call(client, "get_all_accounts_v2", params_json)` walks every page.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `limit` (an integer 1–100)
/// - `offset` (an integer ≥ 0)
/// - `status` (an integer)
/// - `username` (a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_accounts_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_accounts_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_accounts_v2", params_json) }
}

/// `ban_user_v2` (v2): Kicks (`isKick`) or bans (`isBan`) one account; answers `{accountUuid, action, message}`.
///
/// Sends `POST /v2/general/account-bans`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/ban-user.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `accountUuid` (a UUID)
/// - `account` (a UUID; sent as `accountUuid`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `isBan` (true or false)
/// - `isKick` (true or false)
/// - exactly one of `communityUserId`, `apiId`, `accountUuid`, `account`, `roblox`, `discord`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "ban_user_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_ban_user_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "ban_user_v2", params_json) }
}

/// `set_account_permissions_v2` (v2): Legacy (still supported): grants (`add`) and revokes (`remove`) permissions by name and sets `active`; answers `{accountUuid, permissions, active}`. New code: `replace_account_permissions_v2` with the grants of `get_permission_catalog_v2`.
///
/// Sends `PATCH /v2/general/accounts/permissions`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/modify-account-permissions.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `accountUuid` (a UUID)
/// - `account` (a UUID; sent as `accountUuid`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `username` (a non-empty string)
/// - `add` (a list (may be empty), each a non-empty string)
/// - `remove` (a list (may be empty), each a non-empty string)
/// - `active` (true or false)
/// - exactly one of `communityUserId`, `apiId`, `accountUuid`, `account`, `roblox`, `discord`, `username`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_account_permissions_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_account_permissions_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_account_permissions_v2", params_json) }
}

/// `upload_bodycam_recording_v2` (v2): Uploads one `.webm` clip (at most 6,000,000 bytes) as `multipart/form-data`, from `filePath` (read on the I/O thread) or `fileBase64`; answers the list of stored URLs.
///
/// Sends `POST /v2/general/bodycam-recordings`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/upload-bodycam-recording.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (a non-empty string)
/// - `account` (a non-empty string; sent as `accountUuid`)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `durationMs` (required; an integer 1–120000)
/// - `identId` (an integer)
/// - `unitNumber` (a string)
/// - `unitLocation` (a string)
/// - `filePath` (a non-empty string)
/// - `fileBase64` (a non-empty string)
/// - `fileName` (a non-empty string)
/// - `contentType` (a non-empty string)
/// - exactly one of `accountUuid`, `account`, `communityUserId`, `apiId`, `roblox`, `discord`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "upload_bodycam_recording_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_upload_bodycam_recording_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "upload_bodycam_recording_v2", params_json) }
}

/// `get_info_v2` (v2): The community's UUID, metadata and shared codes; answers `{uuid, community, codes}`.
///
/// Sends `GET /v2/general/info`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-info.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_info_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_info_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_info_v2", params_json) }
}

/// `check_community_link_v2` (v2): Whether a community user id is linked to an account; answers `{communityUserId, linked, accountUuid}`.
///
/// Sends `POST /v2/general/links/check`, paced at 30 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/check-community-link.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (required; a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "check_community_link_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_check_community_link_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "check_community_link_v2", params_json) }
}

/// `set_community_link_v2` (v2): Links a community user id to the account whose UUID and secret match (403 otherwise); answers `{linked, accountUuid, communityUserId}`.
///
/// Sends `POST /v2/general/links/set`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/set-community-link.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountUuid` (required; a UUID)
/// - `secretUuid` (required; a UUID)
/// - `communityUserId` (required; a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_community_link_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_community_link_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_community_link_v2", params_json) }
}

/// `create_community_link_v2` (v2): A 4-character link code for a community user id, valid 10 minutes; answers `{code, communityUserId, communityUuid, expiresAt, expiresInSeconds}`.
///
/// Sends `POST /v2/general/links`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/create-community-link.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (required; a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_community_link_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_community_link_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_community_link_v2", params_json) }
}

/// `get_login_page_v2` (v2): A community's public login-page details, by community id or URL; sent without the API key; answers `{comId, name, timezone, customLoginUrl}`.
///
/// Sends `GET /v2/general/login-page`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-login-page.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityId` (a non-empty string)
/// - `url` (a non-empty string)
/// - exactly one of `communityId`, `url`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_login_page_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_login_page_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_login_page_v2", params_json) }
}

/// `get_penal_codes_v2` (v2): The community's penal codes; answers the list of `{title, code, type, bondType, bondAmount, jailTime}`.
///
/// Sends `GET /v2/general/penal-codes`, paced at 4 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-penal-codes.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_penal_codes_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_penal_codes_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_penal_codes_v2", params_json) }
}

/// `set_penal_codes_v2` (v2): Replaces the community's penal codes; answers `{updated}`.
///
/// Sends `PUT /v2/general/penal-codes`, paced at 4 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/set-penal-codes.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `codes` (required; a list (may be empty), each an object: `title` (a string), `code` (required; a string), `type` (a string), `bondType` (a string), `bondAmount` (an integer ≥ 0), `jailTime` (a string))
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_penal_codes_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_penal_codes_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_penal_codes_v2", params_json) }
}

/// `apply_permission_key_v2` (v2): Applies a permission key to a linked user's account; answers `{accountUuid, username, message, permissions}`.
///
/// Sends `POST /v2/general/permission-keys/applications`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/apply-permission-key.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `permissionKey` (required; a non-empty string)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "apply_permission_key_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_apply_permission_key_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "apply_permission_key_v2", params_json) }
}

/// `send_photo_v2` (v2): Shows a photo URL on every active connection of a linked user; answers `{communityUserId, delivered}`.
///
/// Sends `POST /v2/general/photos`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/send-photo.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `url` (required; a non-empty string)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "send_photo_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_send_photo_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "send_photo_v2", params_json) }
}

/// `set_postals_v2` (v2): Replaces the community's postals (objects such as `{code, x, y}`); answers `{updated}`.
///
/// Sends `PUT /v2/general/postals`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/set-postal-config.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `postals` (required; a list (may be empty), each an object)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_postals_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_postals_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_postals_v2", params_json) }
}

/// `verify_secret_v2` (v2): The account an account secret belongs to; answers `{<secret>: <accountUuid>}`.
///
/// Sends `POST /v2/general/secrets/verify`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/verify-secret.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `secret` (required; a UUID)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "verify_secret_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_verify_secret_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "verify_secret_v2", params_json) }
}

/// `heartbeat_v2` (v2): Reports a game server alive with its player count; answers `{serverId, playerCount, receivedAtUtc}`.
///
/// Sends `POST /v2/general/servers/{serverId}/heartbeat`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/heartbeat.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `playerCount` (required; an integer ≥ 0)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "heartbeat_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_heartbeat_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "heartbeat_v2", params_json) }
}

/// `authorize_street_signs_v2` (v2): Checks that this machine's IP is the server's configured smart-sign address; answers `{authorized, serverId}`.
///
/// Sends `POST /v2/general/servers/{serverId}/street-sign-auth`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/auth-street-signs.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "authorize_street_signs_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_authorize_street_signs_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "authorize_street_signs_v2", params_json) }
}

/// `get_servers_v2` (v2): The community's game servers; answers `{servers}`.
///
/// Sends `GET /v2/general/servers`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-servers.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_servers_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_servers_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_servers_v2", params_json) }
}

/// `set_servers_v2` (v2): Replaces the community's game servers (their ids are the `serverId`s other routes take); answers `{servers}`.
///
/// Sends `PUT /v2/general/servers`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/set-servers.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `servers` (required; a non-empty list, each an object: `id` (required; an integer ≥ 1), `name` (a string), `description` (a string), `signal` (a string), `mapUrl` (a string), `mapIp` (a string), `listenerPort` (a string), `differingOutbound` (true or false), `outboundIp` (a string), `enableMap` (true or false), `mapType` (a string), `isStatic` (true or false), `liveMapFormat` (one of 0, 1))
/// - `deployMap` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_servers_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_servers_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_servers_v2", params_json) }
}

/// `get_turn_credentials_v2` (v2): Temporary TURN credentials for WebRTC clients; answers `{iceServers, ttl}`.
///
/// Sends `GET /v2/general/turn`, paced at 20 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-turn-credentials.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `userId` (a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_turn_credentials_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_turn_credentials_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_turn_credentials_v2", params_json) }
}

/// `get_version_v2` (v2): The community's plan (`name`: FREE, STARTER, STANDARD, PLUS, PRO, ONE); answers `{version, name}`.
///
/// Sends `GET /v2/general/version`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-version.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_version_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_version_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_version_v2", params_json) }
}

/// `get_database_sync_configuration_v2` (v2): Whether database sync is on, and its character, license and vehicle registration mappings; answers `{enabled, character, licenses, vehicleRegistrations}`.
///
/// Sends `GET /v2/general/database-sync`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-database-sync-configuration.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_database_sync_configuration_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_database_sync_configuration_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_database_sync_configuration_v2", params_json) }
}

/// `get_fivem_configuration_v2` (v2): A server's resolved FiveM configuration (`revision` 0 before the first save); answers `{revision, schemaVersion, templateRevision, serverId, values, appliedRevision, appliedAt}`.
///
/// Sends `GET /v2/fivem/servers/{serverId}/configuration`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/configuration/get-fivem-configuration.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_fivem_configuration_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_fivem_configuration_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_fivem_configuration_v2", params_json) }
}

/// `acknowledge_fivem_configuration_v2` (v2): Reports the saved revision the resource loaded (`409` when a newer one was saved); answers `{success: true}`.
///
/// Sends `POST /v2/fivem/servers/{serverId}/configuration/acknowledge/{revision}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/configuration/acknowledge-fivem-configuration.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `revision` (required; an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "acknowledge_fivem_configuration_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_acknowledge_fivem_configuration_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "acknowledge_fivem_configuration_v2", params_json) }
}

/// `get_permission_catalog_v2` (v2): The community's grant ids (`global.<field>`, `record.<templateId>.<action>`) and the legacy flag map; answers the catalog.
///
/// Sends `GET /v2/general/permissions/catalog`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/get-permission-catalog.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_permission_catalog_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_permission_catalog_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_permission_catalog_v2", params_json) }
}

/// `get_account_permissions_v2` (v2): An account's permission snapshot by account UUID; answers `{permissions: {version, grants}, owner, migrated, status}`.
///
/// Sends `GET /v2/general/permissions/accounts/{accountId}`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/accounts/get-account-permissions.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountId` (required; a UUID)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_account_permissions_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_account_permissions_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_account_permissions_v2", params_json) }
}

/// `replace_account_permissions_v2` (v2): Replaces an account's whole explicit grant list (omitted grants are removed; `[]` clears); answers `{accountUuid, permissions}`.
///
/// Sends `PUT /v2/general/permissions/accounts/{accountId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/accounts/replace-account-permissions.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `accountId` (required; a UUID)
/// - `version` (one of 2)
/// - `grants` (required; a list (may be empty), each a non-empty string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "replace_account_permissions_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_replace_account_permissions_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "replace_account_permissions_v2", params_json) }
}

/// `get_blips_v2` (v2): The custom blips of a server; answers the list of blips.
///
/// Sends `GET /v2/emergency/servers/{serverId}/blips`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/map/get-blips.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_blips_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_blips_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_blips_v2", params_json) }
}

/// `create_blip_v2` (v2): Creates a custom blip at `coordinates` (required), with icon, color, tooltip, radius and `data` menu entries (`{title, text}`, or an integration panel reference `{panelKey, instanceKey, title}`); answers the blip with its `id`.
///
/// Sends `POST /v2/emergency/servers/{serverId}/blips`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/map/create-blip.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `coordinates` (an object: `x` (required; a number), `y` (required; a number), `z` (a number), `w` (a number))
/// - `subType` (a string)
/// - `icon` (a string)
/// - `color` (a string)
/// - `tooltip` (a string)
/// - `radius` (a number)
/// - `data` (a list (may be empty), each a menu entry: `{title, text}` (`title` required), or a panel reference `{panelKey, instanceKey, title}` (`panelKey` required; keys of 2–80 lowercase letters, digits, `.`, `_` or `-`; `instanceKey` default `default`))
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_blip_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_blip_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_blip_v2", params_json) }
}

/// `update_blip_v2` (v2): Changes the fields given (at least one) of a custom blip; `data` replaces the whole menu (`[]` clears it, left out it stays); answers `{id}`.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/blips/{blipId}`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/map/update-blip.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `blipId` (required; an integer)
/// - `coordinates` (an object: `x` (required; a number), `y` (required; a number), `z` (a number), `w` (a number))
/// - `subType` (a string)
/// - `icon` (a string)
/// - `color` (a string)
/// - `tooltip` (a string)
/// - `radius` (a number)
/// - `data` (a list (may be empty), each a menu entry: `{title, text}` (`title` required), or a panel reference `{panelKey, instanceKey, title}` (`panelKey` required; keys of 2–80 lowercase letters, digits, `.`, `_` or `-`; `instanceKey` default `default`))
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_blip_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_blip_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_blip_v2", params_json) }
}

/// `delete_blips_v2` (v2): Deletes custom blips by id; answers `{ids}`, the ones deleted.
///
/// Sends `POST /v2/emergency/servers/{serverId}/blips/delete`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/map/delete-blips.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `ids` (required; a non-empty list of integers)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "delete_blips_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_delete_blips_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "delete_blips_v2", params_json) }
}

/// `set_available_callouts_v2` (v2): Replaces a server's ERS callouts (`[{id, data}]`, `data` sent as given); answers `{serverId, callouts}`, the count.
///
/// Sends `PUT /v2/emergency/servers/{serverId}/callouts`, paced at 2 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/configuration/set-callouts.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `callouts` (required; a list (may be empty), each an object: `id` (required; a non-empty string), `data` (an object))
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_available_callouts_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_available_callouts_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_available_callouts_v2", params_json) }
}

/// `get_pager_config_v2` (v2): A server's Inferno pager configuration; answers `{natureWords, maxAddresses, maxBodyLength, nodes, perms}`.
///
/// Sends `GET /v2/emergency/servers/{serverId}/pager-config`, paced at 2 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/emergency/configuration/get-pager-config.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_pager_config_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_pager_config_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_pager_config_v2", params_json) }
}

/// `set_pager_config_v2` (v2): Replaces a server's Inferno pager configuration (without `nodes` the stored node tree stays; `perms` as `get_pager_config_v2` answers it); answers `{serverId}`.
///
/// Sends `PUT /v2/emergency/servers/{serverId}/pager-config`, paced at 2 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/configuration/set-pager-config.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `natureWords` (required; an object of string values)
/// - `maxAddresses` (required; an integer ≥ 1)
/// - `maxBodyLength` (required; an integer ≥ 1)
/// - `nodes` (a list (may be empty), each an object: `id` (required; a non-empty string), `name` (required; a string), `description` (a string), `permission` (a string), `address` (a string), `shortCode` (a string), `kind` (a string), `children` (a list (may be empty), each an object))
/// - `perms` (an object)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_pager_config_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_pager_config_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_pager_config_v2", params_json) }
}

/// `set_stations_v2` (v2): Replaces a server's station alert configuration (`locations`, `tones`, `unitColors`); answers `{serverId}`.
///
/// Sends `PUT /v2/emergency/servers/{serverId}/stations`, paced at 2 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/configuration/set-stations.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `locations` (required; a list (may be empty), each an object: `name` (required; a string), `coordinates` (an object: `x` (required; a number), `y` (required; a number), `z` (a number), `w` (a number)), `doors` (a list (may be empty), each a string), `icon` (a string))
/// - `tones` (required; a list (may be empty), each a string)
/// - `unitColors` (required; a list (may be empty), each a string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_stations_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_stations_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_stations_v2", params_json) }
}

/// `set_street_sign_config_v2` (v2): Replaces a server's street signs (`[{id, coordinates, label, text1, text2, text3}]`); answers `{serverId, signs}`, the count.
///
/// Sends `PUT /v2/emergency/servers/{serverId}/street-sign-config`, paced at 2 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/configuration/set-street-sign-config.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `signs` (required; a list (may be empty), each an object: `id` (required; an integer), `coordinates` (required; an object: `x` (required; a number), `y` (required; a number), `z` (a number), `w` (a number)), `label` (a string), `text1` (a string), `text2` (a string), `text3` (a string))
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_street_sign_config_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_street_sign_config_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_street_sign_config_v2", params_json) }
}

/// `update_street_signs_v2` (v2): Sets the text lines given (at least one of `text1`–`text3`) on configured street signs; answers `{ids}`, the ones updated.
///
/// Sends `PATCH /v2/emergency/servers/{serverId}/street-signs`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/emergency/configuration/update-street-signs.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `ids` (required; a non-empty list of integers)
/// - `text1` (a string)
/// - `text2` (a string)
/// - `text3` (a string)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_street_signs_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_street_signs_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_street_signs_v2", params_json) }
}

/// `lookup_v2` (v2): Records matching a name (`first`, `last`, `mi`) or a `plate`, of the record type ids in `types`, partly matching when `partial`; answers the list of records.
///
/// Sends `POST /v2/general/lookups`, paced at 30 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/lookups/lookup-name-or-plate.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `first` (a string)
/// - `last` (a string)
/// - `mi` (a string)
/// - `plate` (a string)
/// - `notifyCommunityUserId` (a non-empty string)
/// - `notifyRoblox` (a non-empty string or an integer)
/// - `notifyDiscord` (a non-empty string)
/// - `notifyAccountUuid` (a UUID)
/// - `types` (a list (may be empty), each an integer)
/// - `partial` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "lookup_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_lookup_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "lookup_v2", params_json) }
}

/// `lookup_by_value_v2` (v2): Records holding `value` as a `searchType` value (`NUMBER`, `plate`, ...); answers the list of records.
///
/// Sends `POST /v2/general/lookups/by-value`, paced at 30 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/lookups/lookup-by-value.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `searchType` (required; a non-empty string)
/// - `value` (required; a non-empty string)
/// - `notifyCommunityUserId` (a non-empty string)
/// - `notifyRoblox` (a non-empty string or an integer)
/// - `notifyDiscord` (a non-empty string)
/// - `notifyAccountUuid` (a UUID)
/// - `types` (a list (may be empty), each an integer)
/// - `partial` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "lookup_by_value_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_lookup_by_value_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "lookup_by_value_v2", params_json) }
}

/// `lookup_custom_v2` (v2): Records whose field under the custom lookup mapping `map` holds `value`; answers the list of records.
///
/// Sends `POST /v2/general/lookups/custom`, paced at 30 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/lookups/lookup-by-custom.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `map` (required; a non-empty string)
/// - `value` (required; a non-empty string)
/// - `types` (a list (may be empty), each an integer)
/// - `partial` (true or false)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "lookup_custom_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_lookup_custom_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "lookup_custom_v2", params_json) }
}

/// `create_record_v2` (v2): Creates a record (a character with `recordTypeId` 7) for one account, from a template's `recordTypeId` and `replaceValues`, or from a whole `record`; answers the record.
///
/// Sends `POST /v2/general/records`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/records/create-record.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `useDictionary` (true or false)
/// - `recordTypeId` (an integer ≥ 1)
/// - `replaceValues` (an object of values by field `uid` (no `'`, `#` or `-` in a key): text (numbers and booleans sent as their text), `{flags: [...]}` for checkboxes and Flags sections, or a Speed, Charges (`{charges}`) or Record Link (`{records}`) section's data)
/// - `record` (a whole record: `{type, name, sections: [{category, label, fields: [{type, label, value, uid, ...}]}]}`; `type` a live record type (2–5, 7–16), field `type`s as the reference spells them, `uid`s without `'`, `#` or `-`)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "create_record_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_create_record_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "create_record_v2", params_json) }
}

/// `update_record_v2` (v2): Changes a record from a template's `templateId` (`recordTypeId` is sent as `templateId`) and `replaceValues`, or replaces it with a whole `record`; at most one account target; answers the record.
///
/// Sends `PATCH /v2/general/records/{recordId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/records/update-record.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `recordId` (required; an integer ≥ 1)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - `useDictionary` (true or false)
/// - `templateId` (an integer ≥ 1)
/// - `recordTypeId` (an integer ≥ 1; sent as `templateId`)
/// - `replaceValues` (an object of values by field `uid` (no `'`, `#` or `-` in a key): text (numbers and booleans sent as their text), `{flags: [...]}` for checkboxes and Flags sections, or a Speed, Charges (`{charges}`) or Record Link (`{records}`) section's data)
/// - `record` (a whole record: `{type, name, sections: [{category, label, fields: [{type, label, value, uid, ...}]}]}`; `type` a live record type (2–5, 7–16), field `type`s as the reference spells them, `uid`s without `'`, `#` or `-`)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "update_record_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_update_record_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "update_record_v2", params_json) }
}

/// `remove_record_v2` (v2): Deletes a record; answers `{recordId}`.
///
/// Sends `DELETE /v2/general/records/{recordId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/records/delete-record.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `recordId` (required; an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "remove_record_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_remove_record_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "remove_record_v2", params_json) }
}

/// `get_templates_v2` (v2): The community's record templates, or the one `recordTypeId` names (`v2/general/records/get-template.md`); answers the list, or the template.
///
/// Sends `GET /v2/general/templates/{recordTypeId?}`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/general/records/get-templates.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `recordTypeId` (an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_templates_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_templates_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_templates_v2", params_json) }
}

/// `send_record_draft_v2` (v2): Fills a template's `replaceValues` into a draft record, sent to the one account given (if any) over its live session; answers the draft (id 0).
///
/// Sends `POST /v2/general/record-drafts`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/general/records/send-draft.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `recordTypeId` (required; an integer ≥ 1)
/// - `replaceValues` (an object of values by field `uid` (no `'`, `#` or `-` in a key): text (numbers and booleans sent as their text), `{flags: [...]}` for checkboxes and Flags sections, or a Speed, Charges (`{charges}`) or Record Link (`{records}`) section's data)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "send_record_draft_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_send_record_draft_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "send_record_draft_v2", params_json) }
}

/// `get_characters_v2` (v2): One account's civilian characters (character records, type 7); answers the list of records.
///
/// Sends `GET /v2/civilian/characters`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/civilian/get-characters.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_characters_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_characters_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_characters_v2", params_json) }
}

/// `remove_character_v2` (v2): Deletes a civilian character; answers `{characterId}`.
///
/// Sends `DELETE /v2/civilian/characters/{characterId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/civilian/delete-character.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `characterId` (required; an integer ≥ 1)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "remove_character_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_remove_character_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "remove_character_v2", params_json) }
}

/// `set_selected_character_v2` (v2): Selects one account's character, by Sonoran character id or sync character id (sent as given); answers `{accountUuid, characterId}`.
///
/// Sends `PUT /v2/civilian/selected-character`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/civilian/set-selected-character.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `characterId` (required; a non-empty string or an integer)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_selected_character_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_selected_character_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_selected_character_v2", params_json) }
}

/// `get_character_links_v2` (v2): The sync character ids linked to one account; answers the list of ids.
///
/// Sends `GET /v2/civilian/character-links`, paced at 10 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/civilian/get-character-links.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_character_links_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_character_links_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_character_links_v2", params_json) }
}

/// `add_character_link_v2` (v2): Links a sync character id to one account; answers `{accountUuid, syncId, action}`.
///
/// Sends `PUT /v2/civilian/character-links/{syncId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/civilian/add-character-link.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `syncId` (required; a non-empty string)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "add_character_link_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_add_character_link_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "add_character_link_v2", params_json) }
}

/// `remove_character_link_v2` (v2): Unlinks a sync character id from one account; answers `{accountUuid, syncId, action}`.
///
/// Sends `DELETE /v2/civilian/character-links/{syncId}`, paced at 10 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/civilian/remove-character-link.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `syncId` (required; a non-empty string)
/// - `communityUserId` (a non-empty string)
/// - `apiId` (a non-empty string; sent as `communityUserId`)
/// - `roblox` (a non-empty string or an integer)
/// - `discord` (a non-empty string)
/// - `accountUuid` (a UUID)
/// - exactly one of `communityUserId`, `apiId`, `roblox`, `discord`, `accountUuid`
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "remove_character_link_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_remove_character_link_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "remove_character_link_v2", params_json) }
}

/// `get_integration_panels_v2` (v2): Every active integration panel of the community with its stored instances; answers the list.
///
/// Sends `GET /v2/integration-panels`, paced at 120 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/integration-panels/list-panels.md`.
///
/// Parameters: none (`params_json` NULL or `"{}"`).
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_integration_panels_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_integration_panels_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_integration_panels_v2", params_json) }
}

/// `get_integration_panel_v2` (v2): One active integration panel and its stored instances (state, revision); answers the panel.
///
/// Sends `GET /v2/integration-panels/{panelKey}`, paced at 120 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/integration-panels/get-panel.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_integration_panel_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_integration_panel_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_integration_panel_v2", params_json) }
}

/// `set_integration_panel_v2` (v2): Creates a panel or replaces its whole definition (schema version 1, at most 128 KiB and 200 root nodes); answers the panel.
///
/// Sends `PUT /v2/integration-panels/{panelKey}`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/integration-panels/set-panel.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
/// - `definition` (required; an object of at most 128 KiB as JSON)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_integration_panel_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_integration_panel_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_integration_panel_v2", params_json) }
}

/// `delete_integration_panel_v2` (v2): Disables a panel (its definition and data are kept); answers `{key, enabled: false}`.
///
/// Sends `DELETE /v2/integration-panels/{panelKey}`, paced at 30 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/integration-panels/delete-panel.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "delete_integration_panel_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_delete_integration_panel_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "delete_integration_panel_v2", params_json) }
}

/// `set_integration_panel_state_v2` (v2): Replaces one instance's whole state (at most 512 KiB) and updates connected CAD clients; answers the instance with its new revision.
///
/// Sends `PUT /v2/integration-panels/servers/{serverId}/panels/{panelKey}/instances/{instanceKey}/state`, paced at 300 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/integration-panels/set-state.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
/// - `instanceKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
/// - `state` (required; an object of at most 512 KiB as JSON)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "set_integration_panel_state_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_set_integration_panel_state_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "set_integration_panel_state_v2", params_json) }
}

/// `get_integration_panel_actions_v2` (v2): The recovery poll: unexpired, unacknowledged CAD actions after the cursor `after` (3 a minute for all panels and servers); answers `{events, nextCursor}`.
///
/// Sends `GET /v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions`, paced at 3 requests per minute per API key; a read: retried on transient failures.
/// Reference page: `v2/integration-panels/poll-actions.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
/// - `after` (an integer ≥ 0)
/// - `limit` (an integer 1–100)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "get_integration_panel_actions_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_get_integration_panel_actions_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "get_integration_panel_actions_v2", params_json) }
}

/// `acknowledge_integration_panel_action_v2` (v2): Acknowledges an action with its result (`success`, a message of at most 500 characters, a result of at most 32 KiB), pushed to CAD; answers the acknowledgement.
///
/// Sends `POST /v2/integration-panels/servers/{serverId}/panels/{panelKey}/actions/{eventId}/ack`, paced at 240 requests per minute per API key; a write: never resent once it may have reached the server.
/// Reference page: `v2/integration-panels/acknowledge-action.md`.
///
/// Parameters, as a JSON object in `params_json` (plus `timeoutMs`):
/// - `serverId` (a positive integer; default: the config's `defaultServerId`)
/// - `panelKey` (required; a key: 2–80 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit)
/// - `eventId` (required; a UUID)
/// - `success` (required; true or false)
/// - `message` (a string of at most 500 characters)
/// - `result` (an object of at most 32 KiB as JSON)
///
/// Blocks until the answer and returns the result envelope, as `sonoran_call` does; free it
/// with `sonoran_string_free`. From a game thread use
/// `sonoran_submit(client, "acknowledge_integration_panel_action_v2", params_json)` instead.
///
/// # Safety
/// As for `sonoran_call`.
#[no_mangle]
pub unsafe extern "C" fn sonoran_acknowledge_integration_panel_action_v2(client: *const SonoranClient, params_json: *const c_char) -> *mut c_char {
    // SAFETY: the caller keeps the promises of `sonoran_call`, which `blocking_operation` needs.
    unsafe { blocking_operation(client, "acknowledge_integration_panel_action_v2", params_json) }
}
