//! Models of the granular permission operations. Every answer keeps the fields this version
//! does not know in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The community's catalog of grant ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionCatalog {
    /// The permission document's version (2).
    #[serde(default)]
    pub version: u32,
    /// The community.
    #[serde(default)]
    pub community_uuid: Option<String>,
    /// Every grant id available in this community.
    #[serde(default)]
    pub permissions: Vec<PermissionEntry>,
    /// The grants each uppercase legacy flag (`POLICE`) migrates to.
    #[serde(default)]
    pub legacy_grants: Map<String, Value>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One grant id of the catalog.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionEntry {
    /// The exact, case-sensitive id (`global.police`, `record.4.read`).
    #[serde(default)]
    pub id: String,
    /// Its label.
    #[serde(default)]
    pub label: Option<String>,
    /// The record template of a `record.*` grant.
    #[serde(default)]
    pub template_id: Option<i64>,
    /// That template's name.
    #[serde(default)]
    pub template_name: Option<String>,
    /// Its action (`read`, `edit.own`, `police`, ...).
    #[serde(default)]
    pub action: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A permission document: its version and grants.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PermissionGrants {
    /// The document's version (2).
    #[serde(default)]
    pub version: u32,
    /// The explicit grants.
    #[serde(default)]
    pub grants: Vec<String>,
    /// Fields this version does not know (`legacy`, `legacyTemplates` on legacy-derived reads).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An account's permission snapshot.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountPermissions {
    /// Its grants.
    #[serde(default)]
    pub permissions: PermissionGrants,
    /// Whether it owns the community (owners hold every grant).
    #[serde(default)]
    pub owner: bool,
    /// Whether the community's v2 permission storage is available.
    #[serde(default)]
    pub migrated: bool,
    /// Its membership status (0 pending, 1 active; others are not editable).
    #[serde(default)]
    pub status: i64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What replacing an account's grants answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionsReplaced {
    /// The account.
    #[serde(default)]
    pub account_uuid: String,
    /// Its grants now.
    #[serde(default)]
    pub permissions: PermissionGrants,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
