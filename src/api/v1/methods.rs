//! Typed methods of the v1 operations over [`Client::call`].

use super::models::*;
use crate::api::emergency::models::*;
use crate::api::general::models::*;
use crate::client::Client;
use crate::client::Pages;
use crate::error::Result;

impl Client {
    /// All unit identifiers of an account (v1 `GET_ACCOUNT_IDENTIFIERS`).
    pub fn get_account_identifiers(&self, request: &GetAccountIdentifiers) -> Result<Vec<Unit>> {
        self.typed("get_account_identifiers", request)
    }

    /// One account, by apiId, username or account UUID (v1 `GET_ACCOUNT`).
    pub fn get_account(&self, target: &AccountTarget) -> Result<Account> {
        self.typed("get_account", target)
    }

    /// A page of the community's accounts (v1 `GET_ACCOUNTS`).
    pub fn get_accounts(&self, request: &GetAccounts) -> Result<AccountPage> {
        self.typed("get_accounts", request)
    }

    /// Adds, edits or removes an identifier (v1 `MODIFY_IDENTIFIER`).
    pub fn modify_identifier(&self, request: &ModifyIdentifier) -> Result<ModifyOutcome> {
        self.typed("modify_identifier", request)
    }

    /// An account's identifiers and the selected one (v1 `GET_IDENTIFIERS`).
    pub fn get_identifiers(&self, target: &AccountTarget) -> Result<IdentifierList> {
        self.typed("get_identifiers", target)
    }

    /// Selects an account's identifier (v1 `SET_IDENTIFIER`); answers the server's message.
    pub fn set_identifier(&self, request: &SetIdentifier) -> Result<String> {
        self.typed("set_identifier", request)
    }

    /// Puts identifiers in a unit group, `""` clearing it (v1 `IDENTS_TO_GROUP`).
    pub fn idents_to_group(&self, request: &IdentsToGroup) -> Result<String> {
        self.typed("idents_to_group", request)
    }

    /// One page of the units on a server (v1 `GET_ACTIVE_UNITS`).
    pub fn get_active_units(&self, request: &GetActiveUnits) -> Result<Vec<Unit>> {
        self.typed("get_active_units", request)
    }

    /// Every account, page after page (`get_accounts`, starting at `request`'s offset),
    /// fetched as the iterator is consumed and paced like any call.
    pub fn accounts(&self, request: &GetAccounts) -> Pages<Account> {
        Pages::new(self, "get_accounts", request)
    }

    /// Every unit on a server, page after page (`get_active_units`).
    pub fn active_units(&self, request: &GetActiveUnits) -> Pages<Unit> {
        Pages::new(self, "get_active_units", request)
    }
}
