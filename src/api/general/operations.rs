//! v2 general operations: accounts, links, community and server configuration (`/v2/general/...`).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::*;

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
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_account_v2",
        sdk_method: "getAccountV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/get-account.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts/account" },
        params: &V2_ACCOUNT,
        one_of: &["accountUuid", "account", "communityUserId", "apiId", "roblox", "discord", "username"],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "One account, by UUID, community user id, Roblox id, Discord id or username; answers the account object.",
    },
    Operation {
        name: "get_accounts_v2",
        sdk_method: "getAccountsV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/get-accounts.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts" },
        params: &[param("limit", LIMIT), param("offset", OFFSET), param("status", ANY_INTEGER), param("username", Kind::Id)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: Some(Paging { items: Some("accounts"), total: true }),
        summary: "A page of accounts (active ones unless `status` says otherwise), by username; answers `{pagination, accounts}`.",
    },
];

// ---------------------------------------------------------------------------------------
// Accounts, links, community and server configuration.

/// A linked user named by community user id (`apiId` accepted, as sonoran.lua's FiveM tab
/// writes it), Roblox id (the pages give it as a number or a string) or Discord id.
const LINKED_USER: [Param; 4] = [
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("roblox", Kind::IdOrInteger),
    param("discord", Kind::Id),
];
const LINKED_USER_NAMES: &[&str] = &["communityUserId", "apiId", "roblox", "discord"];

/// [`LINKED_USER`] or an account UUID (bans, permissions).
const ACCOUNT_OR_USER: [Param; 6] = [
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("accountUuid", Kind::Uuid),
    alias("account", Kind::Uuid, "accountUuid"),
    param("roblox", Kind::IdOrInteger),
    param("discord", Kind::Id),
];
const ACCOUNT_OR_USER_NAMES: &[&str] = &["communityUserId", "apiId", "accountUuid", "account", "roblox", "discord"];

const NON_NEGATIVE: Kind = Kind::Integer { min: 0, max: i64::MAX };
const PERMISSION_NAMES: Kind = Kind::List { item: &Kind::Id, min: 0 };

/// One penal code of `set_penal_codes_v2` (the page's `PenalCode` schema).
const PENAL_CODE: Shape = Shape {
    fields: &[
        param("title", Kind::Text),
        required("code", Kind::Text),
        param("type", Kind::Text),
        param("bondType", Kind::Text),
        param("bondAmount", NON_NEGATIVE),
        param("jailTime", Kind::Text),
    ],
    one_of: &[],
};

/// `LIVE_MAP_FORMAT`: GTA V, Roblox.
pub(crate) const LIVE_MAP_FORMAT: Kind = Kind::OneOf(&[0, 1]);

/// One game server of `set_servers_v2` (the fields its page lists).
const SERVER: Shape = Shape {
    fields: &[
        required("id", Kind::Integer { min: 1, max: i64::MAX }),
        param("name", Kind::Text),
        param("description", Kind::Text),
        param("signal", Kind::Text),
        param("mapUrl", Kind::Text),
        param("mapIp", Kind::Text),
        param("listenerPort", Kind::Text),
        param("differingOutbound", Kind::Bool),
        param("outboundIp", Kind::Text),
        param("enableMap", Kind::Bool),
        param("mapType", Kind::Text),
        param("isStatic", Kind::Bool),
        param("liveMapFormat", LIVE_MAP_FORMAT),
    ],
    one_of: &[],
};

/// At least one of `fields` is given.
fn at_least_one(params: &Map<String, Value>, fields: &[&str], what: &str) -> Result<()> {
    if fields.iter().any(|f| params.contains_key(*f)) {
        Ok(())
    } else {
        Err(Error::invalid("params", format_args!("{what}: give at least one of `{}`", fields.join("`, `"))))
    }
}

/// `communityUserId` is at most 255 characters (set-community-link).
fn community_user_id_length(params: &Map<String, Value>) -> Result<()> {
    match params.get("communityUserId").and_then(Value::as_str) {
        Some(id) if id.chars().count() > 255 => Err(Error::invalid("communityUserId", "must be at most 255 characters")),
        _ => Ok(()),
    }
}

/// The operations of `/v2/general/...` beyond accounts.
pub(crate) static GENERAL_OPERATIONS: &[Operation] = &[
    Operation {
        name: "ban_user_v2",
        sdk_method: "banUserV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/ban-user.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/account-bans" },
        params: params!(ACCOUNT_OR_USER, [param("isBan", Kind::Bool), param("isKick", Kind::Bool)]),
        one_of: ACCOUNT_OR_USER_NAMES,
        check: |p| {
            if p.get("isBan") == Some(&Value::Bool(true)) || p.get("isKick") == Some(&Value::Bool(true)) {
                Ok(())
            } else {
                Err(Error::invalid("isBan", "or `isKick` must be true (a call that neither kicks nor bans does nothing)"))
            }
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Accounts, Subject::Units],
        merge: None,
        paging: None,
        summary: "Kicks (`isKick`) or bans (`isBan`) one account; answers `{accountUuid, action, message}`.",
    },
    Operation {
        name: "set_account_permissions_v2",
        sdk_method: "setAccountPermissionsV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/modify-account-permissions.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/general/accounts/permissions" },
        params: params!(
            ACCOUNT_OR_USER,
            [param("username", Kind::Id), param("add", PERMISSION_NAMES), param("remove", PERMISSION_NAMES), param("active", Kind::Bool)]
        ),
        one_of: &["communityUserId", "apiId", "accountUuid", "account", "roblox", "discord", "username"],
        check: |p| at_least_one(p, &["add", "remove", "active"], "nothing to change"),
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "Legacy (still supported): grants (`add`) and revokes (`remove`) permissions by name and sets `active`; answers `{accountUuid, permissions, active}`. New code: `replace_account_permissions_v2` with the grants of `get_permission_catalog_v2`.",
    },
    Operation {
        name: "upload_bodycam_recording_v2",
        sdk_method: "uploadBodycamRecordingV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/upload-bodycam-recording.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/bodycam-recordings" },
        params: &[
            // Not checked as a UUID: the API itself answers an unknown account (its page's
            // example sends the placeholder `USER_ACCOUNT_UUID`).
            param("accountUuid", Kind::Id),
            alias("account", Kind::Id, "accountUuid"),
            param("communityUserId", Kind::Id),
            alias("apiId", Kind::Id, "communityUserId"),
            param("roblox", Kind::IdOrInteger),
            param("discord", Kind::Id),
            required("durationMs", Kind::Integer { min: 1, max: crate::upload::MAX_DURATION_MS }),
            param("identId", ANY_INTEGER),
            param("unitNumber", Kind::Text),
            param("unitLocation", Kind::Text),
            param("filePath", Kind::Id),
            param("fileBase64", Kind::Id),
            param("fileName", Kind::Id),
            param("contentType", Kind::Id),
        ],
        one_of: &["accountUuid", "account", "communityUserId", "apiId", "roblox", "discord"],
        check: crate::upload::check,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Uploads one `.webm` clip (at most 6,000,000 bytes) as `multipart/form-data`, from `filePath` (read on the I/O thread) or `fileBase64`; answers the list of stored URLs.",
    },
    Operation {
        name: "get_info_v2",
        sdk_method: "getInfoV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-info.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/info" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "The community's UUID, metadata and shared codes; answers `{uuid, community, codes}`.",
    },
    Operation {
        name: "check_community_link_v2",
        sdk_method: "checkCommunityLinkV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/check-community-link.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/links/check" },
        params: &[required("communityUserId", Kind::Id)],
        one_of: &[],
        check: no_rule,
        // A lookup sent as POST: resending it is harmless.
        limit: per_minute(30),
        idempotent: true,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "Whether a community user id is linked to an account; answers `{communityUserId, linked, accountUuid}`.",
    },
    Operation {
        name: "set_community_link_v2",
        sdk_method: "setCommunityLinkV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/set-community-link.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/links/set" },
        params: &[required("accountUuid", Kind::Uuid), required("secretUuid", Kind::Uuid), required("communityUserId", Kind::Id)],
        one_of: &[],
        check: community_user_id_length,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "Links a community user id to the account whose UUID and secret match (403 otherwise); answers `{linked, accountUuid, communityUserId}`.",
    },
    Operation {
        name: "create_community_link_v2",
        sdk_method: "createCommunityLinkV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/create-community-link.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/links" },
        params: &[required("communityUserId", Kind::Id)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "A 4-character link code for a community user id, valid 10 minutes; answers `{code, communityUserId, communityUuid, expiresAt, expiresInSeconds}`.",
    },
    Operation {
        name: "get_login_page_v2",
        sdk_method: "getLoginPageV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-login-page.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/login-page" },
        params: &[param("communityId", Kind::Id), param("url", Kind::Id)],
        one_of: &["communityId", "url"],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "A community's public login-page details, by community id or URL; sent without the API key; answers `{comId, name, timezone, customLoginUrl}`.",
    },
    Operation {
        name: "get_penal_codes_v2",
        sdk_method: "getPenalCodesV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-penal-codes.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/penal-codes" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(4),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "The community's penal codes; answers the list of `{title, code, type, bondType, bondAmount, jailTime}`.",
    },
    Operation {
        name: "set_penal_codes_v2",
        sdk_method: "setPenalCodesV2",
        sdk_args: &["codes"],
        page: Some("v2/general/configuration/set-penal-codes.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/general/penal-codes" },
        params: &[required("codes", Kind::List { item: &Kind::Record(&PENAL_CODE), min: 0 })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(4),
        idempotent: false,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Replaces the community's penal codes; answers `{updated}`.",
    },
    Operation {
        name: "apply_permission_key_v2",
        sdk_method: "applyPermissionKeyV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/apply-permission-key.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/permission-keys/applications" },
        params: params!(LINKED_USER, [required("permissionKey", Kind::Id)]),
        one_of: LINKED_USER_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Accounts],
        merge: None,
        paging: None,
        summary: "Applies a permission key to a linked user's account; answers `{accountUuid, username, message, permissions}`.",
    },
    Operation {
        name: "send_photo_v2",
        sdk_method: "sendPhotoV2",
        sdk_args: &[],
        page: Some("v2/general/accounts/send-photo.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/photos" },
        // Not checked as a URL: the page's own Lua example sends `https =//...`.
        params: params!(LINKED_USER, [required("url", Kind::Id)]),
        one_of: LINKED_USER_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Shows a photo URL on every active connection of a linked user; answers `{communityUserId, delivered}`.",
    },
    Operation {
        name: "set_postals_v2",
        sdk_method: "setPostalsV2",
        sdk_args: &["postals"],
        page: Some("v2/general/configuration/set-postal-config.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/general/postals" },
        params: &[required("postals", Kind::List { item: &Kind::Object, min: 0 })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Replaces the community's postals (objects such as `{code, x, y}`); answers `{updated}`.",
    },
    Operation {
        name: "verify_secret_v2",
        sdk_method: "verifySecretV2",
        sdk_args: &["secret"],
        page: Some("v2/general/accounts/verify-secret.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/secrets/verify" },
        params: &[required("secret", Kind::Uuid)],
        one_of: &[],
        check: no_rule,
        // A lookup sent as POST: resending it is harmless.
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "The account an account secret belongs to; answers `{<secret>: <accountUuid>}`.",
    },
    Operation {
        name: "heartbeat_v2",
        sdk_method: "heartbeatV2",
        sdk_args: &["serverId", "playerCount"],
        page: Some("v2/general/configuration/heartbeat.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/servers/{serverId}/heartbeat" },
        params: &[param("serverId", Kind::ServerId), required("playerCount", NON_NEGATIVE)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Reports a game server alive with its player count; answers `{serverId, playerCount, receivedAtUtc}`.",
    },
    Operation {
        name: "authorize_street_signs_v2",
        sdk_method: "authorizeStreetSignsV2",
        sdk_args: &["serverId"],
        page: Some("v2/general/configuration/auth-street-signs.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/servers/{serverId}/street-sign-auth" },
        params: &[param("serverId", Kind::ServerId)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Checks that this machine's IP is the server's configured smart-sign address; answers `{authorized, serverId}`.",
    },
    Operation {
        name: "get_servers_v2",
        sdk_method: "getServersV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-servers.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/servers" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "The community's game servers; answers `{servers}`.",
    },
    Operation {
        name: "set_servers_v2",
        sdk_method: "setServersV2",
        sdk_args: &["servers", "deployMap"],
        page: Some("v2/general/configuration/set-servers.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/general/servers" },
        params: &[required("servers", Kind::List { item: &Kind::Record(&SERVER), min: 1 }), param("deployMap", Kind::Bool)],
        one_of: &[],
        check: |p| {
            let ids: Vec<i64> = p["servers"].as_array().into_iter().flatten().filter_map(|s| s["id"].as_i64()).collect();
            match ids.iter().enumerate().find(|(i, id)| ids[..*i].contains(id)) {
                Some((i, id)) => Err(Error::invalid(&format!("servers[{i}].id"), format_args!("repeats server id {id}"))),
                None => Ok(()),
            }
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Replaces the community's game servers (their ids are the `serverId`s other routes take); answers `{servers}`.",
    },
    Operation {
        name: "get_turn_credentials_v2",
        sdk_method: "getTurnCredentialsV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-turn-credentials.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/turn" },
        params: &[param("userId", Kind::Id)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(20),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Temporary TURN credentials for WebRTC clients; answers `{iceServers, ttl}`.",
    },
    Operation {
        name: "get_version_v2",
        sdk_method: "getVersionV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-version.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/version" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "The community's plan (`name`: FREE, STARTER, STANDARD, PLUS, PRO, ONE); answers `{version, name}`.",
    },
];

/// Configuration added to the API after August 2026: database sync and the FiveM resource's
/// configuration. The FiveM pages state no rate limit: paced at 10 a minute.
pub(crate) static CONFIGURATION_OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_database_sync_configuration_v2",
        sdk_method: "getDatabaseSyncConfigurationV2",
        sdk_args: &[],
        page: Some("v2/general/configuration/get-database-sync-configuration.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/database-sync" },
        params: &[],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Whether database sync is on, and its character, license and vehicle registration mappings; answers `{enabled, character, licenses, vehicleRegistrations}`.",
    },
    Operation {
        name: "get_fivem_configuration_v2",
        sdk_method: "getFiveMConfigurationV2",
        sdk_args: &["serverId"],
        page: Some("v2/general/configuration/get-fivem-configuration.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/fivem/servers/{serverId}/configuration" },
        params: &[param("serverId", Kind::ServerId)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "A server's resolved FiveM configuration (`revision` 0 before the first save); answers `{revision, schemaVersion, templateRevision, serverId, values, appliedRevision, appliedAt}`.",
    },
    Operation {
        name: "acknowledge_fivem_configuration_v2",
        sdk_method: "acknowledgeFiveMConfigurationV2",
        sdk_args: &["serverId", "revision"],
        page: Some("v2/general/configuration/acknowledge-fivem-configuration.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/fivem/servers/{serverId}/configuration/acknowledge/{revision}" },
        params: &[param("serverId", Kind::ServerId), required("revision", Kind::Integer { min: 1, max: i64::MAX })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Community],
        merge: None,
        paging: None,
        summary: "Reports the saved revision the resource loaded (`409` when a newer one was saved); answers `{success: true}`.",
    },
];

/// Operations sent without the API key, as their pages and the official SDKs send them.
pub(crate) const KEYLESS: &[&str] = &["get_login_page_v2"];

/// Operations sent as `multipart/form-data` (see [`crate::upload`]).
pub(crate) const MULTIPART: &[&str] = &["upload_bodycam_recording_v2"];
