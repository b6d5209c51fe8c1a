//! Typed methods of the v2 general API (`/v2/general/...`) over [`Client::call`].

use serde_json::{json, Map, Value};

use super::models::*;
use crate::client::Client;
use crate::client::{with_fields, Pages};
use crate::error::{Error, ErrorKind, Result};

/// `target`'s fields, then those of `params`.
fn with_target(target: &AccountTarget, params: Value) -> Result<Value> {
    with_fields(serde_json::to_value(target).map_err(|e| Error::invalid("target", e))?, &params)
}

impl Client {
    /// One account, by any [`AccountTarget`] (v2 `GET /v2/general/accounts/account`).
    pub fn get_account_v2(&self, target: &AccountTarget) -> Result<Account> {
        self.typed("get_account_v2", target)
    }

    /// A page of accounts (v2 `GET /v2/general/accounts`).
    pub fn get_accounts_v2(&self, request: &GetAccountsV2) -> Result<AccountPage> {
        self.typed("get_accounts_v2", request)
    }

    /// Every account, page after page (`get_accounts_v2`).
    pub fn accounts_v2(&self, request: &GetAccountsV2) -> Pages<Account> {
        Pages::new(self, "get_accounts_v2", request)
    }

    /// The community's plan (v2 `GET /v2/general/version`): see [`Version::plan`].
    pub fn get_version_v2(&self) -> Result<Version> {
        self.call_as("get_version_v2", json!({}))
    }

    /// The community's UUID, details and shared codes (v2 `GET /v2/general/info`).
    pub fn get_info_v2(&self) -> Result<CommunityInfo> {
        self.call_as("get_info_v2", json!({}))
    }

    /// A community's public login-page details, sent without the API key.
    pub fn get_login_page_v2(&self, by: &LoginPageBy) -> Result<CommunityDetails> {
        self.call_as("get_login_page_v2", serde_json::to_value(by).map_err(|e| Error::invalid("by", e))?)
    }

    /// The community's game servers.
    pub fn get_servers_v2(&self) -> Result<ServerList> {
        self.call_as("get_servers_v2", json!({}))
    }

    /// Replaces the community's game servers; `deploy_map` as the page describes.
    pub fn set_servers_v2(&self, servers: &[GameServer], deploy_map: Option<bool>) -> Result<ServerList> {
        let mut params = json!({"servers": servers});
        if let Some(deploy) = deploy_map {
            params["deployMap"] = deploy.into();
        }
        self.call_as("set_servers_v2", params)
    }

    /// Reports a server alive with its player count (`server_id` `None`: the default server).
    pub fn heartbeat_v2(&self, server_id: Option<u64>, player_count: u64) -> Result<Heartbeat> {
        let mut params = json!({"playerCount": player_count});
        if let Some(id) = server_id {
            params["serverId"] = id.into();
        }
        self.call_as("heartbeat_v2", params)
    }

    /// Checks that this machine may drive a server's street signs.
    pub fn authorize_street_signs_v2(&self, server_id: Option<u64>) -> Result<StreetSignAuth> {
        self.call_as("authorize_street_signs_v2", server_id.map_or_else(|| json!({}), |id| json!({"serverId": id})))
    }

    /// The community's penal codes.
    pub fn get_penal_codes_v2(&self) -> Result<Vec<PenalCode>> {
        self.call_as("get_penal_codes_v2", json!({}))
    }

    /// Replaces the community's penal codes.
    pub fn set_penal_codes_v2(&self, codes: &[PenalCode]) -> Result<Updated> {
        self.call_as("set_penal_codes_v2", json!({"codes": codes}))
    }

    /// Replaces the community's postals (objects such as `{"code": "100", "x": 425.1, "y": -979.2}`).
    pub fn set_postals_v2(&self, postals: &[Value]) -> Result<Updated> {
        self.call_as("set_postals_v2", json!({"postals": postals}))
    }

    /// A link code for a player's community user id (show them [`LinkCode::link_url`]).
    pub fn create_community_link_v2(&self, community_user_id: &str) -> Result<LinkCode> {
        self.call_as("create_community_link_v2", json!({"communityUserId": community_user_id}))
    }

    /// Whether a community user id is linked to an account yet.
    pub fn check_community_link_v2(&self, community_user_id: &str) -> Result<CommunityLink> {
        self.call_as("check_community_link_v2", json!({"communityUserId": community_user_id}))
    }

    /// Links a community user id to the account whose UUID and secret match.
    pub fn set_community_link_v2(&self, account_uuid: &str, secret_uuid: &str, community_user_id: &str) -> Result<CommunityLink> {
        self.call_as(
            "set_community_link_v2",
            json!({"accountUuid": account_uuid, "secretUuid": secret_uuid, "communityUserId": community_user_id}),
        )
    }

    /// The UUID of the account an account secret belongs to.
    pub fn verify_secret_v2(&self, secret: &str) -> Result<String> {
        let answer: Map<String, Value> = self.call_as("verify_secret_v2", json!({"secret": secret}))?;
        answer
            .get(secret)
            .or_else(|| answer.values().next())
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| Error::new(ErrorKind::Decode, "the answer names no account"))
    }

    /// Kicks (`is_kick`) or bans (`is_ban`) an account.
    pub fn ban_user_v2(&self, target: &AccountTarget, is_ban: bool, is_kick: bool) -> Result<BanOutcome> {
        self.call_as("ban_user_v2", with_target(target, json!({"isBan": is_ban, "isKick": is_kick}))?)
    }

    /// Grants and revokes permissions and sets the account's active status.
    pub fn set_account_permissions_v2(&self, target: &AccountTarget, changes: &PermissionChanges) -> Result<PermissionsChanged> {
        let changes = serde_json::to_value(changes).map_err(|e| Error::invalid("changes", e))?;
        self.call_as("set_account_permissions_v2", with_target(target, changes)?)
    }

    /// Applies a permission key to a linked user's account.
    pub fn apply_permission_key_v2(&self, target: &AccountTarget, permission_key: &str) -> Result<PermissionsChanged> {
        self.call_as("apply_permission_key_v2", with_target(target, json!({"permissionKey": permission_key}))?)
    }

    /// Shows a photo URL on a linked user's active connections.
    pub fn send_photo_v2(&self, target: &AccountTarget, url: &str) -> Result<PhotoSent> {
        self.call_as("send_photo_v2", with_target(target, json!({"url": url}))?)
    }

    /// Temporary TURN credentials, optionally for a user id.
    pub fn get_turn_credentials_v2(&self, user_id: Option<&str>) -> Result<TurnCredentials> {
        self.call_as("get_turn_credentials_v2", user_id.map_or_else(|| json!({}), |u| json!({"userId": u})))
    }

    /// Uploads a bodycam clip as `multipart/form-data`; answers the stored file URLs.
    pub fn upload_bodycam_recording_v2(&self, upload: &BodycamUpload) -> Result<Vec<String>> {
        self.call_as("upload_bodycam_recording_v2", upload.to_params())
    }

    /// Whether database sync and its mappings are on (v2 `GET /v2/general/database-sync`).
    pub fn get_database_sync_configuration_v2(&self) -> Result<DatabaseSyncConfiguration> {
        self.call_as("get_database_sync_configuration_v2", json!({}))
    }

    /// A server's resolved FiveM configuration (v2 `GET /v2/fivem/servers/{serverId}/configuration`).
    pub fn get_fivem_configuration_v2(&self, server_id: Option<u64>) -> Result<FiveMConfiguration> {
        self.call_as("get_fivem_configuration_v2", json!({"serverId": server_id}))
    }

    /// Reports the saved revision the resource loaded (v2 `POST .../configuration/acknowledge/{revision}`);
    /// a stale revision is refused with `409` (`bad_request`).
    pub fn acknowledge_fivem_configuration_v2(&self, server_id: Option<u64>, revision: u64) -> Result<Value> {
        self.call_as("acknowledge_fivem_configuration_v2", json!({"serverId": server_id, "revision": revision}))
    }
}
