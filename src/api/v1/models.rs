//! Models of the v1 operations (the reference pages the library began from): what they take
//! and answer beyond the accounts and units they share with v2.

use serde::{Deserialize, Serialize};

use crate::api::emergency::models::*;
use crate::api::general::models::*;

/// What `modify_identifier` answered: the identifier (ADD, EDIT) or a sentence (REMOVE).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ModifyOutcome {
    /// The identifier as it now is.
    Identifier(Box<Unit>),
    /// The server's message, e.g. `"Identifier 123 removed!"`.
    Message(String),
}

/// Parameters of [`crate::Client::set_identifier`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetIdentifier {
    /// Whose identifier: `ApiId` or `Account`.
    #[serde(flatten)]
    pub target: AccountTarget,
    /// The identifier to select.
    pub ident_id: i64,
}

/// Parameters of [`crate::Client::idents_to_group`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentsToGroup {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// The identifiers to put in the group.
    pub ident_ids: Vec<i64>,
    /// Only this account's identifiers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The group; `""` clears it.
    pub group_name: String,
}

/// Parameters of [`crate::Client::get_account_identifiers`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountIdentifiers {
    /// Server; the config's default when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<u64>,
    /// The account's API id (Steam hex, ...).
    pub api_id: String,
    /// Only identifiers the user has online.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_online: Option<bool>,
}

/// Parameters of [`crate::Client::get_accounts`]; all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccounts {
    /// Page size, 1..=100 (API default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Accounts to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Only accounts with this status (API default active).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AccountStatus>,
}

/// The identifier fields sent with ADD and EDIT.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierFields {
    /// For EDIT: the identifier to change (alternative to `ident_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<UnitStatus>,
    /// Location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Area of patrol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aop: Option<String>,
    /// Descriptive data.
    pub data: UnitData,
}

/// Parameters of [`crate::Client::modify_identifier`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ModifyIdentifier {
    /// Whose identifier: `ApiId` or `Account` (a username is not accepted here).
    #[serde(flatten)]
    pub target: AccountTarget,
    /// What to do.
    pub action: IdentifierAction,
    /// The fields, for ADD and EDIT.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<IdentifierFields>,
    /// The identifier to change or remove.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ident_id: Option<i64>,
}
