//! Typed methods of the granular permission operations over [`Client::call`].

use serde_json::json;

use super::models::*;
use crate::client::Client;
use crate::error::Result;

impl Client {
    /// The community's grant ids and legacy flag map (v2 `GET /v2/general/permissions/catalog`).
    pub fn get_permission_catalog_v2(&self) -> Result<PermissionCatalog> {
        self.call_as("get_permission_catalog_v2", json!({}))
    }

    /// An account's permission snapshot, by account UUID (v2 `GET .../permissions/accounts/{accountId}`).
    pub fn get_account_permissions_v2(&self, account_uuid: &str) -> Result<AccountPermissions> {
        self.call_as("get_account_permissions_v2", json!({"accountId": account_uuid}))
    }

    /// Replaces an account's whole grant list (v2 `PUT .../permissions/accounts/{accountId}`);
    /// an empty list clears it.
    pub fn replace_account_permissions_v2(&self, account_uuid: &str, grants: &[String]) -> Result<PermissionsReplaced> {
        self.call_as("replace_account_permissions_v2", json!({"accountId": account_uuid, "version": 2, "grants": grants}))
    }
}
