//! v2 general operations: accounts, links, community and server configuration (`/v2/general/...`).

use super::*;

/// Which account a v2 call is about: `account` and `apiId` are accepted as the official
/// SDKs accept them, and sent under the API's names.
const V2_ACCOUNT: [Param; 7] = [
    param("accountUuid", Kind::Uuid),
    alias("account", Kind::Uuid, "accountUuid"),
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("roblox", Kind::Id),
    param("discord", Kind::Id),
    param("username", Kind::Id),
];

/// The operations of this area.
pub(super) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_account_v2",
        lua: "getAccountV2",
        lua_args: &[],
        page: Some("v2/general/accounts/get-account.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts/account" },
        params: &V2_ACCOUNT,
        one_of: &["accountUuid", "account", "communityUserId", "apiId", "roblox", "discord", "username"],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        paging: None,
        summary: "One account, by UUID, community user id, Roblox id, Discord id or username; answers the account object.",
    },
    Operation {
        name: "get_accounts_v2",
        lua: "getAccountsV2",
        lua_args: &[],
        page: Some("v2/general/accounts/get-accounts.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts" },
        params: &[param("limit", LIMIT), param("offset", OFFSET), param("status", ANY_INTEGER), param("username", Kind::Id)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        paging: Some(Paging { items: Some("accounts"), total: true }),
        summary: "A page of accounts (active ones unless `status` says otherwise), by username; answers `{pagination, accounts}`.",
    },
];
