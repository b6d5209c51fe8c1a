//! v1 operations: `POST` with the `{id, key, type, data}` envelope. Sonoran retired v1 in
//! 2026; these stay because they are the reference pages the library began from.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::*;

/// Which account a v1 call is about.
const V1_ACCOUNT: [Param; 2] = [param("apiId", Kind::Id), param("account", Kind::Id)];

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_account_identifiers",
        sdk_method: "getAccountIdentifiers",
        sdk_args: &[],
        page: Some("v1-get-account-identifiers.md"),
        route: Route::V1 { path: "/emergency/get_account_identifiers", request_type: "GET_ACCOUNT_IDENTIFIERS" },
        params: &[param("serverId", Kind::ServerId), required("apiId", Kind::Id), param("onlyOnline", Kind::Bool)],
        one_of: &[],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "All unit identifiers of the account with this apiId; answers the list of units.",
    },
    Operation {
        name: "get_account",
        sdk_method: "getAccount",
        sdk_args: &[],
        page: Some("v1-get-account.md"),
        route: Route::V1 { path: "/general/get_account", request_type: "GET_ACCOUNT" },
        params: &[param("apiId", Kind::Id), param("username", Kind::Id), param("account", Kind::Id)],
        one_of: &["apiId", "username", "account"],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "One account, found by apiId, username or account UUID; answers the account.",
    },
    Operation {
        name: "get_accounts",
        sdk_method: "getAccounts",
        sdk_args: &[],
        page: Some("v1-get-accounts.md"),
        route: Route::V1 { path: "/general/get_accounts", request_type: "GET_ACCOUNTS" },
        params: &[param("limit", LIMIT), param("offset", OFFSET), param("status", ANY_INTEGER)],
        one_of: &[],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: Some(Paging { items: Some("accounts"), total: true }),
        summary: "A page of the community's accounts, optionally by status; answers `{pagination, accounts}`.",
    },
    Operation {
        name: "modify_identifier",
        sdk_method: "modifyIdentifier",
        sdk_args: &[],
        page: Some("v1-modify-identifier.md"),
        route: Route::V1 { path: "/emergency/modify_identifier", request_type: "MODIFY_IDENTIFIER" },
        params: &[
            param("apiId", Kind::Id),
            param("account", Kind::Id),
            required("action", Kind::Action),
            param("identifier", Kind::Object),
            param("identId", ANY_INTEGER),
        ],
        one_of: &["apiId", "account"],
        check: check_modify_identifier,
        limit: V1_LIMIT,
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Adds, edits or removes one of an account's unit identifiers: ADD and EDIT need `identifier`, EDIT names its target by `identId` or `identifier.id`, REMOVE needs `identId`; answers the identifier, or a sentence for REMOVE.",
    },
    Operation {
        name: "get_identifiers",
        sdk_method: "getIdentifiers",
        sdk_args: &[],
        page: None,
        route: Route::V1 { path: "/emergency/get_identifiers", request_type: "GET_IDENTIFIERS" },
        params: &V1_ACCOUNT,
        one_of: &["apiId", "account"],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "An account's identifiers and which one is selected; answers `{selectedIdent, identifiers}`.",
    },
    Operation {
        name: "set_identifier",
        sdk_method: "setIdentifier",
        sdk_args: &[],
        page: None,
        route: Route::V1 { path: "/emergency/set_identifier", request_type: "SET_IDENTIFIER" },
        params: params!(V1_ACCOUNT, [required("identId", ANY_INTEGER)]),
        one_of: &["apiId", "account"],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Selects which of its identifiers an account uses; answers `\"Identifier Switched!\"`.",
    },
    Operation {
        name: "idents_to_group",
        sdk_method: "setIdentifiersToGroup",
        sdk_args: &[],
        page: None,
        route: Route::V1 { path: "/emergency/idents_to_group", request_type: "IDENTS_TO_GROUP" },
        params: &[
            param("serverId", Kind::ServerId),
            required("identIds", Kind::IntegerList),
            param("account", Kind::Id),
            required("groupName", Kind::Text),
        ],
        one_of: &[],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: false,
        touches: &[Subject::Units],
        merge: None,
        paging: None,
        summary: "Puts identifiers in a unit group (an empty `groupName` clears it).",
    },
    Operation {
        name: "get_active_units",
        sdk_method: "getActiveUnits",
        sdk_args: &[],
        page: None,
        route: Route::V1 { path: "/emergency/get_active_units", request_type: "GET_ACTIVE_UNITS" },
        params: &[
            param("serverId", Kind::ServerId),
            param("onlyUnits", Kind::Bool),
            param("includeOffline", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        one_of: &[],
        check: no_rule,
        limit: V1_LIMIT,
        idempotent: true,
        touches: &[Subject::Units],
        merge: None,
        paging: Some(Paging { items: None, total: false }),
        summary: "One page of the units on a server (`onlyUnits` defaults to true); answers the list of units.",
    },
];

fn check_modify_identifier(params: &Map<String, Value>) -> Result<()> {
    let action = params.get("action").and_then(Value::as_i64);
    let ident_id_given =
        params.contains_key("identId") || params.get("identifier").and_then(|i| i.get("id")).is_some_and(|id| !id.is_null());
    match action {
        Some(0) | Some(1) if !params.contains_key("identifier") => Err(Error::invalid("identifier", "is required for ADD and EDIT")),
        Some(1) if !ident_id_given => {
            Err(Error::invalid("identId", "is required for EDIT (or give `identifier.id`): it names the identifier to change"))
        }
        Some(2) if !params.contains_key("identId") => Err(Error::invalid("identId", "is required for REMOVE")),
        _ => Ok(()),
    }
}
