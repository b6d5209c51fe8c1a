//! Typed methods of the v2 records, lookups and civilian character operations over
//! [`Client::call`].

use serde_json::{json, Map, Value};

use super::models::*;
use crate::client::with_fields;
use crate::client::Client;
use crate::error::{Error, Result};

impl Client {
    /// Records by name or plate (v2 `POST /v2/general/lookups`, 30 a minute).
    pub fn lookup_v2(&self, lookup: &Lookup) -> Result<Vec<Record>> {
        self.call_as("lookup_v2", &with_fields(json!({}), lookup)?)
    }

    /// Records holding `value` as a `search_type` value (v2 `POST /v2/general/lookups/by-value`).
    pub fn lookup_by_value_v2(&self, search_type: &str, value: &str, types: &[i64]) -> Result<Vec<Record>> {
        self.call_as("lookup_by_value_v2", json!({"searchType": search_type, "value": value, "types": types}))
    }

    /// Records by a custom lookup mapping (v2 `POST /v2/general/lookups/custom`).
    pub fn lookup_custom_v2(&self, map: &str, value: &str, types: &[i64], partial: bool) -> Result<Vec<Record>> {
        self.call_as("lookup_custom_v2", json!({"map": map, "value": value, "types": types, "partial": partial}))
    }

    /// Creates a record (a character with template 7) for one account (v2 `POST /v2/general/records`).
    pub fn create_record_v2(&self, target: &RecordTarget, content: &RecordContent) -> Result<Record> {
        self.call_as("create_record_v2", &with_fields(content.params("recordTypeId"), &target)?)
    }

    /// Changes a record (v2 `PATCH /v2/general/records/{recordId}`).
    pub fn update_record_v2(&self, record_id: i64, target: Option<&RecordTarget>, content: &RecordContent) -> Result<Record> {
        let params = with_fields(content.params("templateId"), &target)?;
        self.call_as("update_record_v2", &with_fields(params, &json!({"recordId": record_id}))?)
    }

    /// Deletes a record (v2 `DELETE /v2/general/records/{recordId}`).
    pub fn remove_record_v2(&self, record_id: i64) -> Result<RemovedRecord> {
        self.call_as("remove_record_v2", json!({"recordId": record_id}))
    }

    /// Every record template, or the one `record_type_id` names (v2 `GET /v2/general/templates[/{recordTypeId}]`).
    pub fn get_templates_v2(&self, record_type_id: Option<i64>) -> Result<Vec<Record>> {
        let value: Value = self.call_as("get_templates_v2", json!({"recordTypeId": record_type_id}))?;
        let list = if value.is_array() { value } else { Value::Array(vec![value]) };
        serde_json::from_value(list).map_err(|e| Error::new(crate::error::ErrorKind::Decode, format!("unexpected templates: {e}")))
    }

    /// A draft record from a template, sent to `target`'s live session when given (v2 `POST /v2/general/record-drafts`).
    pub fn send_record_draft_v2(&self, record_type_id: i64, values: &Map<String, Value>, target: Option<&RecordTarget>) -> Result<Record> {
        self.call_as("send_record_draft_v2", &with_fields(json!({"recordTypeId": record_type_id, "replaceValues": values}), &target)?)
    }

    /// One account's characters (v2 `GET /v2/civilian/characters`).
    pub fn get_characters_v2(&self, target: &RecordTarget) -> Result<Vec<Record>> {
        self.call_as("get_characters_v2", &with_fields(json!({}), &target)?)
    }

    /// Deletes a character (v2 `DELETE /v2/civilian/characters/{characterId}`).
    pub fn remove_character_v2(&self, character_id: i64) -> Result<RemovedCharacter> {
        self.call_as("remove_character_v2", json!({"characterId": character_id}))
    }

    /// Selects an account's character: a Sonoran character id (`json!(2451)`) or a sync
    /// character id (`json!("citizen:1234")`) (v2 `PUT /v2/civilian/selected-character`).
    pub fn set_selected_character_v2(&self, target: &RecordTarget, character_id: Value) -> Result<SelectedCharacter> {
        self.call_as("set_selected_character_v2", &with_fields(json!({"characterId": character_id}), &target)?)
    }

    /// The sync character ids linked to an account (v2 `GET /v2/civilian/character-links`).
    pub fn get_character_links_v2(&self, target: &RecordTarget) -> Result<Vec<String>> {
        self.call_as("get_character_links_v2", &with_fields(json!({}), &target)?)
    }

    /// Links a sync character id to an account (v2 `PUT /v2/civilian/character-links/{syncId}`).
    pub fn add_character_link_v2(&self, sync_id: &str, target: &RecordTarget) -> Result<CharacterLink> {
        self.call_as("add_character_link_v2", &with_fields(json!({"syncId": sync_id}), &target)?)
    }

    /// Unlinks a sync character id from an account (v2 `DELETE /v2/civilian/character-links/{syncId}`).
    pub fn remove_character_link_v2(&self, sync_id: &str, target: &RecordTarget) -> Result<CharacterLink> {
        self.call_as("remove_character_link_v2", &with_fields(json!({"syncId": sync_id}), &target)?)
    }
}
