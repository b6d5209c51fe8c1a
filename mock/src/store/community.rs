//! The mock's in-memory community: its accounts, unit identifiers and game servers, and each
//! area's own state beside them. One lock holds it all, so that what one route writes the
//! next one reads.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::accounts::{on_duty, seed, Account, Identifier, Server, OFFLINE};
use super::calls::Calls;
use super::fivem::FiveM;
use super::general::General;
use super::map::MapState;
use super::panels::Panels;
use super::permissions::Permissions;
use super::records::Records;

/// The mutable community.
pub struct Community {
    /// Every account, in seed order.
    pub accounts: Vec<Account>,
    /// Every unit identifier, in creation order.
    pub identifiers: Vec<Identifier>,
    /// The id the next identifier gets.
    pub next_ident_id: i64,
    /// Each account's selected identifier, by account UUID.
    pub selected: HashMap<String, i64>,
    /// The configured game servers, in order.
    pub servers: Vec<Server>,
    /// The plan number `GET_VERSION` answers.
    pub plan: u8,
    /// Dispatch calls, 911 calls and dispatch templates.
    pub calls: Calls,
    /// Blips and map/emergency configuration, per server.
    pub map: MapState,
    /// Records, record templates, characters and their links.
    pub records: Records,
    /// Penal codes, postals, heartbeats, link codes, uploads (`/v2/general/...`).
    pub general: General,
    /// Each account's explicit grants (`/v2/general/permissions/...`).
    pub permissions: Permissions,
    /// Integration panels, their instances and their action queue.
    pub panels: Panels,
    /// Each server's FiveM configuration.
    pub fivem: FiveM,
    /// Push events a route caused (server, type, data), sent once the route has answered.
    pub outbox: Vec<(u64, String, Value)>,
}

impl Community {
    /// The seed community (plus `extra_accounts` generated members) on `server_ids`, on `plan`.
    pub fn seeded(extra_accounts: usize, server_ids: &[u64], plan: u8) -> Community {
        let (accounts, identifiers) = seed(extra_accounts);
        let next_ident_id = identifiers.iter().map(|i| i.id).max().unwrap_or(0).max(99) + 1;
        Community {
            accounts,
            identifiers,
            next_ident_id,
            selected: HashMap::new(),
            servers: server_ids.iter().copied().map(Server::seeded).collect(),
            plan,
            calls: Calls::seeded(),
            map: MapState::default(),
            records: Records::seeded(),
            general: General::seeded(),
            permissions: Permissions::seeded(),
            panels: Panels::seeded(server_ids),
            fivem: FiveM::seeded(server_ids),
            outbox: Vec::new(),
        }
    }

    /// Whether `id` is a configured server.
    pub fn has_server(&self, id: u64) -> bool {
        self.servers.iter().any(|s| s.id == id)
    }

    /// The server an answer names when the request names none: the first configured one.
    pub fn default_server_id(&self) -> u64 {
        self.servers.first().map_or(1, |s| s.id)
    }

    /// A new identifier for `acc_id`, with the next id.
    pub fn new_identifier(&mut self, acc_id: String) -> &mut Identifier {
        let id = self.next_ident_id;
        self.next_ident_id += 1;
        self.identifiers.push(Identifier {
            id,
            acc_id,
            status: 0,
            is_panic: false,
            location: String::new(),
            aop: String::new(),
            coordinates: None,
            data: Map::new(),
            is_dispatch: false,
        });
        let last = self.identifiers.len() - 1;
        &mut self.identifiers[last]
    }

    /// Takes identifier `id` offline, as a logout or a kick does: status OFFLINE, panic off,
    /// off every dispatch call. Answers the calls it left (none when `id` is unknown).
    pub fn log_out(&mut self, id: i64) -> Vec<i64> {
        let Some(identifier) = self.identifiers.iter_mut().find(|i| i.id == id) else { return Vec::new() };
        identifier.status = OFFLINE;
        identifier.is_panic = false;
        let calls: Vec<i64> = self.calls.dispatch.iter().filter(|c| c.idents().contains(&id)).map(|c| c.id()).collect();
        self.calls.detach(&[id]);
        calls
    }

    /// Puts identifier `id` in unit group `name` (`""`: no group, as the seeded units without
    /// one show it); answers its group before (`""` when it had none), or `None` when `id` is
    /// unknown. Nothing is written when the group does not change (a unit without a `group`
    /// key keeps none), so that what the reads show changes only with a group event.
    pub fn set_group(&mut self, id: i64, name: &str) -> Option<String> {
        let identifier = self.identifiers.iter_mut().find(|i| i.id == id)?;
        let old = identifier.data.get("group").and_then(Value::as_str).unwrap_or_default().to_string();
        if old != name {
            identifier.data.insert("group".into(), json!(name));
        }
        Some(old)
    }

    /// The push events of unit group changes `(identId, group before, group now)` for
    /// `server`: `EVENT_UNIT_GROUP_ADD` `{identId, groupName}` for a unit put in a group,
    /// `EVENT_UNIT_GROUP_REMOVE` `{identId, groupName: <its old group>}` for one taken out;
    /// none where the group did not change.
    pub fn group_events(server: u64, changes: &[(i64, String, String)]) -> Vec<(u64, String, Value)> {
        changes
            .iter()
            .filter(|(_, old, new)| old != new)
            .map(|(id, old, new)| match new.is_empty() {
                false => (server, "EVENT_UNIT_GROUP_ADD".to_string(), json!({"identId": id, "groupName": new})),
                true => (server, "EVENT_UNIT_GROUP_REMOVE".to_string(), json!({"identId": id, "groupName": old})),
            })
            .collect()
    }

    /// `count` units on duty: each a new identifier (online, AVAILABLE, not a dispatcher) of
    /// a new account of its own; answers their ids.
    pub fn seed_units(&mut self, count: usize) -> Vec<i64> {
        let mut ids = Vec::with_capacity(count);
        for _ in 0..count {
            let id = self.next_ident_id;
            let (account, identifier) = on_duty(id);
            self.accounts.push(account);
            self.identifiers.push(identifier);
            self.next_ident_id += 1;
            ids.push(id);
        }
        ids
    }

    /// An account's identifiers and its selected one, under the given key names (v1 and v2
    /// name them differently).
    pub fn identifier_list(&self, acc_id: &str, selected_key: &str, list_key: &str) -> Value {
        let identifiers: Vec<Value> = self.identifiers.iter().filter(|i| i.acc_id == acc_id).map(Identifier::to_json).collect();
        let selected = self.selected.get(acc_id).copied();
        json!({ selected_key: selected, list_key: identifiers })
    }
}
