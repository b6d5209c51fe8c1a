//! Granular (v2) permissions, without HTTP: the community's catalog of grant ids, the legacy
//! flag conversion map, and each account's explicit grant list.
//!
//! The catalog: `global.<flag>` for every legacy permission flag (`global.police`, label and
//! action `police`, no template), then `record.<templateId>.<action>` for every record
//! template of the community (`store::records`: 1, 2, 3, 4 "License", 5, 7, 12) and every
//! record action, `edit.selected` included (this mock's backend supports limited editing).
//! `legacyGrants` maps each flag in upper case (`POLICE`) to `global.<flag>` and, for the
//! flags that reach records, that action on every template: the reading flags (`CIVILIAN`,
//! `LAWYER`, `DMV`, `POLICE`, `FIRE`, `EMS`, `DISPATCH`) give `read`, `*RECADD` `create`,
//! `*RECEDIT` `edit.own`, `*RECREMOVE` `delete.own`, `*SUPER` `supervise`, `edit.any` and
//! `delete.any` (so `POLICE` is `global.police`, `record.1.read`, ... `record.4.read`, ...).
//!
//! Seed: `SonoranBrian` is the community's owner (every catalog grant, not editable);
//! `JohnDoe` (`00000000-0000-0000-0000-000000000000`, the pages' example account) has the
//! explicit list `["global.police"]`, as the get-account-permissions page answers; every
//! other account reads the grants its legacy flags convert to until a list is set for it.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::accounts::{Account, BRIAN_UUID, JOHN_UUID, PERMISSIONS};
use super::records::templates;

/// The record actions, in the catalog's order.
pub const RECORD_ACTIONS: &[&str] = &["read", "create", "edit.own", "edit.any", "delete.own", "delete.any", "supervise", "edit.selected"];

/// The permission document version.
pub const VERSION: i64 = 2;

/// One grant of the catalog.
#[derive(Debug, Clone)]
pub struct Grant {
    /// Its id (`global.police`, `record.4.read`).
    pub id: String,
    /// Its label.
    pub label: String,
    /// The record template it is for.
    pub template_id: Option<i64>,
    /// That template's name.
    pub template_name: Option<String>,
    /// Its action (the flag for a global grant).
    pub action: String,
}

/// The record templates: (id, name).
fn template_names() -> Vec<(i64, String)> {
    templates().filter_map(|t| Some((t.get("recordTypeId")?.as_i64()?, t.get("name")?.as_str()?.to_string()))).collect()
}

/// The community's catalog, in order.
pub fn catalog() -> Vec<Grant> {
    let global = PERMISSIONS.iter().map(|flag| Grant {
        id: format!("global.{flag}"),
        label: flag.to_string(),
        template_id: None,
        template_name: None,
        action: flag.to_string(),
    });
    let records = template_names().into_iter().flat_map(|(id, name)| {
        RECORD_ACTIONS.iter().map(move |action| Grant {
            id: format!("record.{id}.{action}"),
            label: action.to_string(),
            template_id: Some(id),
            template_name: Some(name.clone()),
            action: action.to_string(),
        })
    });
    global.chain(records).collect()
}

/// The record actions legacy flag `flag` converts to.
fn record_actions(flag: &str) -> &'static [&'static str] {
    let flag = flag.to_ascii_lowercase();
    if ["civilian", "lawyer", "dmv", "police", "fire", "ems", "dispatch"].contains(&flag.as_str()) {
        &["read"]
    } else if flag.ends_with("recadd") {
        &["create"]
    } else if flag.ends_with("recedit") {
        &["edit.own"]
    } else if flag.ends_with("recremove") {
        &["delete.own"]
    } else if flag.ends_with("super") {
        &["supervise", "edit.any", "delete.any"]
    } else {
        &[]
    }
}

/// The grants legacy flag `flag` converts to.
fn converted(flag: &str, templates: &[(i64, String)]) -> Vec<String> {
    let mut grants = vec![format!("global.{flag}")];
    for action in record_actions(flag) {
        grants.extend(templates.iter().map(|(id, _)| format!("record.{id}.{action}")));
    }
    grants
}

/// The legacy conversion map: each flag in upper case to its grants.
pub fn legacy_grants() -> Map<String, Value> {
    let templates = template_names();
    PERMISSIONS.iter().map(|flag| (flag.to_ascii_uppercase(), json!(converted(flag, &templates)))).collect()
}

/// Each account's explicit grants.
#[derive(Debug, Clone)]
pub struct Permissions {
    /// Explicit grant lists, by account UUID (accounts without one read their legacy flags).
    pub explicit: HashMap<String, Vec<String>>,
    /// The community owner's account UUID.
    pub owner: String,
}

impl Permissions {
    /// The seed (see the module's documentation).
    pub fn seeded() -> Permissions {
        Permissions { explicit: HashMap::from([(JOHN_UUID.to_string(), vec!["global.police".to_string()])]), owner: BRIAN_UUID.into() }
    }

    /// Whether `account` is the owner.
    pub fn is_owner(&self, account: &Account) -> bool {
        account.uuid == self.owner
    }

    /// `account`'s grants: every catalog grant for the owner, its explicit list, else what its
    /// legacy flags convert to (in catalog order).
    pub fn grants(&self, account: &Account) -> Vec<String> {
        if self.is_owner(account) {
            return catalog().into_iter().map(|g| g.id).collect();
        }
        if let Some(grants) = self.explicit.get(&account.uuid) {
            return grants.clone();
        }
        let templates = template_names();
        let flags = account.permissions();
        let granted: Vec<String> = PERMISSIONS
            .iter()
            .filter(|p| flags.get(**p).and_then(Value::as_bool) == Some(true))
            .flat_map(|p| converted(p, &templates))
            .collect();
        catalog().into_iter().map(|g| g.id).filter(|id| granted.contains(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_holds_the_pages_example_grants_and_every_conversion_is_in_it() {
        let catalog = catalog();
        let ids: Vec<&str> = catalog.iter().map(|g| g.id.as_str()).collect();
        assert!(ids.contains(&"global.police") && ids.contains(&"record.4.read") && ids.contains(&"record.4.edit.selected"));
        let legacy = legacy_grants();
        let police: Vec<&str> = legacy["POLICE"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        assert!(police.starts_with(&["global.police"]) && police.contains(&"record.4.read"));
        for grants in legacy.values() {
            assert!(grants.as_array().unwrap().iter().all(|g| ids.contains(&g.as_str().unwrap())));
        }
        assert_eq!(legacy.len(), PERMISSIONS.len());
    }
}
