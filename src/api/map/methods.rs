//! Typed methods of the v2 map and emergency configuration operations. `server_id: None`
//! is the config's `defaultServerId`.

use serde_json::json;

use super::models::*;
use crate::client::with_fields;
use crate::client::Client;
use crate::error::Result;

impl Client {
    /// The custom blips of a server (v2 `GET .../blips`, 10 a minute).
    pub fn get_blips_v2(&self, server_id: Option<u64>) -> Result<Vec<Blip>> {
        self.call_as("get_blips_v2", json!({"serverId": server_id}))
    }

    /// Creates a custom blip; `fields.coordinates` is required (v2 `POST .../blips`).
    pub fn create_blip_v2(&self, server_id: Option<u64>, fields: &BlipFields) -> Result<Blip> {
        self.call_as("create_blip_v2", &with_fields(json!({"serverId": server_id}), fields)?)
    }

    /// Changes the fields given of a custom blip (v2 `PATCH .../blips/{blipId}`).
    pub fn update_blip_v2(&self, server_id: Option<u64>, blip_id: i64, changes: &BlipFields) -> Result<BlipId> {
        self.call_as("update_blip_v2", &with_fields(json!({"serverId": server_id, "blipId": blip_id}), changes)?)
    }

    /// Deletes custom blips; answers the ids deleted (v2 `POST .../blips/delete`).
    pub fn delete_blips_v2(&self, server_id: Option<u64>, ids: &[i64]) -> Result<ChangedIds> {
        self.call_as("delete_blips_v2", json!({"serverId": server_id, "ids": ids}))
    }

    /// Replaces a server's ERS callouts (v2 `PUT .../callouts`, 2 a minute).
    pub fn set_available_callouts_v2(&self, server_id: Option<u64>, callouts: &[Callout]) -> Result<ConfigurationSaved> {
        self.call_as("set_available_callouts_v2", json!({"serverId": server_id, "callouts": callouts}))
    }

    /// A server's Inferno pager configuration (v2 `GET .../pager-config`, 2 a minute).
    pub fn get_pager_config_v2(&self, server_id: Option<u64>) -> Result<PagerConfig> {
        self.call_as("get_pager_config_v2", json!({"serverId": server_id}))
    }

    /// Replaces a server's Inferno pager configuration (v2 `PUT .../pager-config`, 2 a minute).
    pub fn set_pager_config_v2(&self, server_id: Option<u64>, config: &PagerConfig) -> Result<ConfigurationSaved> {
        self.call_as("set_pager_config_v2", &with_fields(json!({"serverId": server_id}), config)?)
    }

    /// Replaces a server's station alert configuration (v2 `PUT .../stations`, 2 a minute).
    pub fn set_stations_v2(&self, server_id: Option<u64>, config: &StationConfig) -> Result<ConfigurationSaved> {
        self.call_as("set_stations_v2", &with_fields(json!({"serverId": server_id}), config)?)
    }

    /// Replaces a server's street signs (v2 `PUT .../street-sign-config`, 2 a minute).
    pub fn set_street_sign_config_v2(&self, server_id: Option<u64>, signs: &[StreetSign]) -> Result<ConfigurationSaved> {
        self.call_as("set_street_sign_config_v2", json!({"serverId": server_id, "signs": signs}))
    }

    /// Sets the lines given on configured street signs; answers the ids updated (v2
    /// `PATCH .../street-signs`).
    pub fn update_street_signs_v2(&self, server_id: Option<u64>, ids: &[i64], text: &StreetSignText) -> Result<ChangedIds> {
        self.call_as("update_street_signs_v2", &with_fields(json!({"serverId": server_id, "ids": ids}), text)?)
    }
}
