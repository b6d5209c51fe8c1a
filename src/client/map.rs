//! Typed methods of the v2 map and emergency configuration operations. `server_id: None`
//! is the config's `defaultServerId`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use super::Client;
use crate::error::{Error, Result};
use crate::models::*;

/// `base` with the fields of `fields` (an object) added.
fn merged<T: Serialize>(mut base: Value, fields: &T) -> Result<Value> {
    if let (Some(base), Value::Object(extra)) = (base.as_object_mut(), serde_json::to_value(fields).map_err(|e| Error::invalid("request", e))?) {
        base.extend(extra);
    }
    Ok(base)
}

impl Client {
    fn map_call<Resp: DeserializeOwned>(&self, operation: &str, params: &Value) -> Result<Resp> {
        self.call(operation, params)?.decode()
    }

    /// The custom blips of a server (v2 `GET .../blips`, 10 a minute).
    pub fn get_blips_v2(&self, server_id: Option<u64>) -> Result<Vec<Blip>> {
        self.map_call("get_blips_v2", &json!({"serverId": server_id}))
    }

    /// Creates a custom blip; `fields.coordinates` is required (v2 `POST .../blips`).
    pub fn create_blip_v2(&self, server_id: Option<u64>, fields: &BlipFields) -> Result<Blip> {
        self.map_call("create_blip_v2", &merged(json!({"serverId": server_id}), fields)?)
    }

    /// Changes the fields given of a custom blip (v2 `PATCH .../blips/{blipId}`).
    pub fn update_blip_v2(&self, server_id: Option<u64>, blip_id: i64, changes: &BlipFields) -> Result<BlipId> {
        self.map_call("update_blip_v2", &merged(json!({"serverId": server_id, "blipId": blip_id}), changes)?)
    }

    /// Deletes custom blips; answers the ids deleted (v2 `POST .../blips/delete`).
    pub fn delete_blips_v2(&self, server_id: Option<u64>, ids: &[i64]) -> Result<ChangedIds> {
        self.map_call("delete_blips_v2", &json!({"serverId": server_id, "ids": ids}))
    }

    /// Replaces a server's ERS callouts (v2 `PUT .../callouts`, 2 a minute).
    pub fn set_available_callouts_v2(&self, server_id: Option<u64>, callouts: &[Callout]) -> Result<ConfigurationSaved> {
        self.map_call("set_available_callouts_v2", &json!({"serverId": server_id, "callouts": callouts}))
    }

    /// A server's Inferno pager configuration (v2 `GET .../pager-config`, 2 a minute).
    pub fn get_pager_config_v2(&self, server_id: Option<u64>) -> Result<PagerConfig> {
        self.map_call("get_pager_config_v2", &json!({"serverId": server_id}))
    }

    /// Replaces a server's Inferno pager configuration (v2 `PUT .../pager-config`, 2 a minute).
    pub fn set_pager_config_v2(&self, server_id: Option<u64>, config: &PagerConfig) -> Result<ConfigurationSaved> {
        self.map_call("set_pager_config_v2", &merged(json!({"serverId": server_id}), config)?)
    }

    /// Replaces a server's station alert configuration (v2 `PUT .../stations`, 2 a minute).
    pub fn set_stations_v2(&self, server_id: Option<u64>, config: &StationConfig) -> Result<ConfigurationSaved> {
        self.map_call("set_stations_v2", &merged(json!({"serverId": server_id}), config)?)
    }

    /// Replaces a server's street signs (v2 `PUT .../street-sign-config`, 2 a minute).
    pub fn set_street_sign_config_v2(&self, server_id: Option<u64>, signs: &[StreetSign]) -> Result<ConfigurationSaved> {
        self.map_call("set_street_sign_config_v2", &json!({"serverId": server_id, "signs": signs}))
    }

    /// Sets the lines given on configured street signs; answers the ids updated (v2
    /// `PATCH .../street-signs`).
    pub fn update_street_signs_v2(&self, server_id: Option<u64>, ids: &[i64], text: &StreetSignText) -> Result<ChangedIds> {
        self.map_call("update_street_signs_v2", &merged(json!({"serverId": server_id, "ids": ids}), text)?)
    }
}
