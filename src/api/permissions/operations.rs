//! The granular permission operations (`/v2/general/permissions/...`): the community's
//! catalog of grant ids, and an account's explicit grant list read and replaced whole.
//! Their pages state no rate limit: paced at 10 a minute like the other account routes.

use crate::operations::*;

/// The permission document's version: 2 (the only one; the server defaults to it).
const VERSION: Kind = Kind::OneOf(&[2]);
/// Grant ids, exact and case-sensitive (`global.police`, `record.4.read`); `[]` clears.
const GRANTS: Kind = Kind::List { item: &Kind::Id, min: 0 };

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_permission_catalog_v2",
        sdk_method: "getPermissionCatalogV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/get-permission-catalog.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/permissions/catalog" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "The community's grant ids (`global.<field>`, `record.<templateId>.<action>`) and the legacy flag map; answers the catalog.",
    },
    Operation {
        name: "get_account_permissions_v2",
        sdk_method: "getAccountPermissionsV2",
        sdk_args: &["accountId"],
        page: Some("v2/general/accounts/get-account-permissions.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/permissions/accounts/{accountId}" },
        params: &[required("accountId", Kind::Uuid)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "An account's permission snapshot by account UUID; answers `{permissions: {version, grants}, owner, migrated, status}`.",
    },
    Operation {
        name: "replace_account_permissions_v2",
        sdk_method: "replaceAccountPermissionsV2",
        sdk_args: &["accountId", "grants"],
        page: Some("v2/general/accounts/replace-account-permissions.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/general/permissions/accounts/{accountId}" },
        params: &[required("accountId", Kind::Uuid), param("version", VERSION), required("grants", GRANTS)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "Replaces an account's whole explicit grant list (omitted grants are removed; `[]` clears); answers `{accountUuid, permissions}`.",
    },
];
