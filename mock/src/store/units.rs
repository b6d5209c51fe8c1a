//! Units over the community's identifiers: which units a request's target names (its
//! accounts' selected or online units), and moving units on the map.

use serde_json::{Map, Value};

use super::accounts::Identifier;
use super::community::Community;

/// The target keys of unit writes and attachments, in the pages' order.
pub const TARGETS: [&str; 6] = ["communityUserId", "communityUserIds", "roblox", "discord", "accountUuid", "identIds"];

/// The text of a string or number value.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The UUIDs of the accounts `key` = `value` names (`value` one id or a list of them).
pub fn accounts(community: &Community, key: &str, value: &Value) -> Vec<String> {
    let key = match key {
        "communityUserIds" => "communityUserId",
        "accounts" => "accountUuid",
        other => other,
    };
    let values: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other).into_iter().collect(),
    };
    values.iter().flat_map(|v| community.accounts.iter().filter(move |a| a.is(key, v)).map(|a| a.uuid.clone())).collect()
}

/// An account's selected identifier: the one it selected, else its first online unit.
pub fn selected(community: &Community, acc_id: &str) -> Option<i64> {
    if let Some(id) = community.selected.get(acc_id) {
        if community.identifiers.iter().any(|i| i.id == *id && i.online()) {
            return Some(*id);
        }
    }
    community.identifiers.iter().find(|i| i.acc_id == acc_id && i.online() && !i.is_dispatch).map(|i| i.id)
}

/// The active (online) identifiers the one target of `body` names, or why not (it names
/// none or several).
pub fn targeted(community: &Community, body: &Map<String, Value>) -> Result<Vec<i64>, String> {
    let given: Vec<(&str, &Value)> = TARGETS.iter().filter_map(|k| body.get(*k).map(|v| (*k, v))).collect();
    let [(key, value)] = given.as_slice() else {
        return Err(format!("Give exactly one target: {}.", TARGETS.join(", ")));
    };
    Ok(match *key {
        "identIds" => {
            let ids: Vec<i64> = value.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default();
            community.identifiers.iter().filter(|i| ids.contains(&i.id) && i.online()).map(|i| i.id).collect()
        }
        key => {
            let owners = accounts(community, key, value);
            community.identifiers.iter().filter(|i| owners.contains(&i.acc_id) && i.online()).map(|i| i.id).collect()
        }
    })
}

/// Applies one location update (`location`, and `coordinates` or the websocket example's
/// `position`) to the online units `which` selects; answers whether there was one.
pub fn move_units(community: &mut Community, which: impl Fn(&Identifier) -> bool, update: &Map<String, Value>) -> bool {
    let mut found = false;
    for identifier in community.identifiers.iter_mut().filter(|u| u.online() && which(u)) {
        if let Some(location) = update.get("location").and_then(Value::as_str) {
            identifier.location = location.to_string();
        }
        if let Some(coordinates) = update.get("coordinates").or_else(|| update.get("position")) {
            identifier.coordinates = Some(coordinates.clone());
        }
        found = true;
    }
    found
}

/// The unit a websocket `unitLocation` update names.
pub enum LocationTarget {
    /// `identId`: one identifier.
    Ident(i64),
    /// `apiId`, `communityUserId` or `roblox`: the account's online units.
    Account(&'static str, Value),
}

impl LocationTarget {
    /// The target of `update`, in the page's order: `identId`, `apiId`, `communityUserId`,
    /// `roblox`.
    pub fn of(update: &Map<String, Value>) -> Option<LocationTarget> {
        if let Some(id) = update.get("identId") {
            let id = id.as_i64().or_else(|| id.as_str().and_then(|s| s.trim().parse().ok()))?;
            return Some(LocationTarget::Ident(id));
        }
        ["apiId", "communityUserId", "roblox"].iter().find_map(|key| {
            let value = update.get(*key).filter(|v| text(v).is_some_and(|t| !t.is_empty()))?;
            Some(LocationTarget::Account(key, value.clone()))
        })
    }
}

/// Applies a websocket `unitLocation` update to its target's online units (as
/// `update_unit_locations_v2` does); answers whether there was one.
pub fn place(community: &mut Community, target: &LocationTarget, update: &Map<String, Value>) -> bool {
    match target {
        LocationTarget::Ident(id) => move_units(community, |u| u.id == *id, update),
        LocationTarget::Account(key, value) => {
            let owners = accounts(community, key, value);
            move_units(community, |u| owners.contains(&u.acc_id), update)
        }
    }
}
