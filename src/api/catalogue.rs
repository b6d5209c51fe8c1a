//! The catalogue: every operation of every area, and looking one up by name.
//!
//! It names each area's table file directly (not the area's module, which also holds the
//! typed methods), so the client can look operations up without reaching the methods that
//! call it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::error::Error;
use crate::operations::{Operation, ALL_PAGES_PREFIX};

use super::emergency::operations as emergency;
use super::general::operations as general;
use super::integration_panels::operations as integration_panels;
use super::map::operations as map;
use super::permissions::operations as permissions;
use super::records::operations as records;
use super::v1::operations as v1;

/// Every operation, area by area.
pub fn all() -> impl Iterator<Item = &'static Operation> {
    v1::OPERATIONS
        .iter()
        .chain(emergency::OPERATIONS)
        .chain(emergency::CALL_OPERATIONS)
        .chain(general::OPERATIONS)
        .chain(general::GENERAL_OPERATIONS)
        .chain(general::CONFIGURATION_OPERATIONS)
        .chain(permissions::OPERATIONS)
        .chain(map::OPERATIONS)
        .chain(records::OPERATIONS)
        .chain(integration_panels::OPERATIONS)
}

/// Whether `op` is sent with the API key (every operation but the public login page).
pub fn sends_key(op: &Operation) -> bool {
    !general::KEYLESS.contains(&op.name)
}

/// Whether `op` sends `multipart/form-data` (a file upload) rather than JSON.
pub fn is_multipart(op: &Operation) -> bool {
    general::MULTIPART.contains(&op.name)
}

/// The operation called `name`, if there is one (an index built on first use: every call
/// of every face looks its operation up here).
pub fn find(name: &str) -> Option<&'static Operation> {
    static BY_NAME: OnceLock<HashMap<&'static str, &'static Operation>> = OnceLock::new();
    BY_NAME.get_or_init(|| all().map(|op| (op.name, op)).collect()).get(name).copied()
}

/// For `get_all_X`: the paged operation `get_X` it walks.
pub fn find_all_pages(name: &str) -> Option<&'static Operation> {
    let rest = name.strip_prefix(ALL_PAGES_PREFIX)?;
    all().find(|op| op.paging.is_some() && op.name.strip_prefix("get_") == Some(rest))
}

/// Every name `Client::call` accepts: each operation, and `get_all_X` for each paged `get_X`.
pub fn call_names() -> impl Iterator<Item = String> {
    all().map(|op| op.name.to_string()).chain(
        all()
            .filter(|op| op.paging.is_some())
            .filter_map(|op| op.name.strip_prefix("get_").map(|rest| format!("{ALL_PAGES_PREFIX}{rest}"))),
    )
}

/// The error for a name that is not an operation, listing the ones that are.
pub fn unknown(name: &str) -> Error {
    let names: Vec<String> = call_names().collect();
    Error::invalid("operation", format_args!("`{name}` is not an operation (expected one of {})", names.join(", ")))
}
