//! FiveM configuration, without HTTP: each game server's saved configuration (its revision,
//! catalog fingerprint and resolved values) and the revision its resource last acknowledged.
//!
//! Seed, from the get-fivem-configuration page's example: every server the mock starts with
//! has saved revision 4 (so the acknowledge page's example, revision 4 on server 1, succeeds),
//! `appliedRevision` 3 at `2026-09-21T15:30:00Z`, schema version 1, `templateRevision` 64
//! `A`s, and the values of [`default_values`]. A server added later (`set_servers_v2`) has no
//! saved configuration: revision 0, the defaults, nothing applied.

use std::collections::HashMap;

use serde_json::{json, Value};

/// The configuration protocol version.
pub const SCHEMA_VERSION: i64 = 1;

/// The seeded catalog fingerprint (the pages' illustrative one).
pub const TEMPLATE_REVISION: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// The resolved values every server starts with: a few core settings and submodules, with
/// the value types a real configuration has (booleans, numbers, strings, a map with numeric
/// keys, a list of objects, a vector).
pub fn default_values() -> Value {
    json!({
        "core": {
            "apiSendEnabled": true,
            "debugMode": false,
            "primaryIdentifier": "license",
            "statusLabels": {"0": "UNAVAILABLE", "1": "BUSY", "2": "AVAILABLE", "3": "ENROUTE", "4": "ON_SCENE"},
        },
        "plugins": {
            "locations": {"enabled": true, "checkTime": 1000, "prefixPostal": true},
            "callcommands": {"enabled": true, "callTypes": [{"command": "911", "isEmergency": true}, {"command": "311", "isEmergency": false}]},
            "lookups": {"enabled": false, "stationCoords": {"x": 441.2, "y": -981.9, "z": 30.7}},
        },
    })
}

/// One server's configuration.
#[derive(Debug, Clone)]
pub struct Configuration {
    /// The saved revision (0: never saved).
    pub revision: u64,
    /// The catalog fingerprint.
    pub template_revision: String,
    /// The resolved values (`core`, `plugins`).
    pub values: Value,
    /// The revision last acknowledged.
    pub applied_revision: Option<u64>,
    /// When.
    pub applied_at: Option<String>,
}

impl Configuration {
    /// Never saved: the defaults, revision 0.
    pub fn unsaved() -> Configuration {
        Configuration {
            revision: 0,
            template_revision: TEMPLATE_REVISION.into(),
            values: default_values(),
            applied_revision: None,
            applied_at: None,
        }
    }

    /// As get-fivem-configuration answers it for `server_id`.
    pub fn to_json(&self, server_id: u64) -> Value {
        json!({
            "revision": self.revision,
            "schemaVersion": SCHEMA_VERSION,
            "templateRevision": self.template_revision,
            "serverId": server_id,
            "values": self.values,
            "appliedRevision": self.applied_revision,
            "appliedAt": self.applied_at,
        })
    }

    /// The `data` of `EVENT_FIVEM_CONFIGURATION` for `server_id`.
    pub fn event(&self, server_id: u64) -> Value {
        json!({
            "serverId": server_id,
            "revision": self.revision,
            "schemaVersion": SCHEMA_VERSION,
            "templateRevision": self.template_revision,
        })
    }
}

/// Every server's configuration.
#[derive(Debug, Clone, Default)]
pub struct FiveM {
    servers: HashMap<u64, Configuration>,
}

impl FiveM {
    /// The seed (see the module's documentation) for `server_ids`.
    pub fn seeded(server_ids: &[u64]) -> FiveM {
        let saved = Configuration {
            revision: 4,
            applied_revision: Some(3),
            applied_at: Some("2026-09-21T15:30:00Z".into()),
            ..Configuration::unsaved()
        };
        FiveM { servers: server_ids.iter().map(|id| (*id, saved.clone())).collect() }
    }

    /// Server `server_id`'s configuration.
    pub fn get(&self, server_id: u64) -> Configuration {
        self.servers.get(&server_id).cloned().unwrap_or_else(Configuration::unsaved)
    }

    /// Server `server_id`'s configuration, to change it.
    pub fn get_mut(&mut self, server_id: u64) -> &mut Configuration {
        self.servers.entry(server_id).or_insert_with(Configuration::unsaved)
    }
}
