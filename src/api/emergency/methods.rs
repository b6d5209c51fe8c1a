//! Typed methods of the v2 emergency operations over [`Client::call`]. `server_id: None`
//! is the config's `defaultServerId`.

use serde_json::{json, Map, Value};

use crate::api::emergency::models::*;

use crate::client::Client;
use crate::client::{with_fields, Pages};
use crate::error::{Error, ErrorKind, Result};

impl Client {
    /// The units of one account on one server (v2 `GET .../accounts/{accountUuid}/units`).
    pub fn get_account_units(&self, request: &GetAccountUnits) -> Result<UnitList> {
        self.typed("get_account_units", request)
    }

    /// An account's identifiers and the selected one (v2).
    pub fn get_identifiers_v2(&self, account_uuid: &str) -> Result<IdentifierList> {
        self.typed("get_identifiers_v2", &json!({"accountUuid": account_uuid}))
    }

    /// Selects an account's identifier (v2 `PUT .../selected-identifier`).
    pub fn select_identifier_v2(&self, account_uuid: &str, ident_id: i64) -> Result<SelectedIdentifier> {
        self.typed("select_identifier_v2", &json!({"accountUuid": account_uuid, "identId": ident_id}))
    }

    /// Creates an identifier (v2 `POST .../identifiers`).
    pub fn create_identifier_v2(&self, account_uuid: &str, fields: &IdentifierFieldsV2) -> Result<CreatedIdentifier> {
        self.typed("create_identifier_v2", &with_fields(json!({"accountUuid": account_uuid}), fields)?)
    }

    /// Changes fields of an identifier (v2 `PATCH .../identifiers/{identId}`).
    pub fn update_identifier_v2(&self, account_uuid: &str, ident_id: i64, fields: &IdentifierFieldsV2) -> Result<UpdatedIdentifier> {
        self.typed("update_identifier_v2", &with_fields(json!({"accountUuid": account_uuid, "identId": ident_id}), fields)?)
    }

    /// Deletes an identifier (v2 `DELETE .../identifiers/{identId}`).
    pub fn delete_identifier_v2(&self, account_uuid: &str, ident_id: i64) -> Result<DeletedIdentifier> {
        self.typed("delete_identifier_v2", &json!({"accountUuid": account_uuid, "identId": ident_id}))
    }

    /// Puts one target's identifiers in a unit group on a server (v2 `PUT .../identifier-groups/{groupName}`).
    pub fn add_identifiers_to_group_v2(&self, server_id: Option<u64>, group_name: &str, target: &GroupTarget) -> Result<Confirmation> {
        let base = json!({"serverId": server_id, "groupName": group_name});
        self.typed("add_identifiers_to_group_v2", &with_fields(base, target)?)
    }

    /// One page of the units on a server (v2 `GET .../servers/{serverId}/units`, 3 a minute).
    pub fn get_units_v2(&self, request: &GetActiveUnits) -> Result<UnitList> {
        self.typed("get_units_v2", request)
    }

    /// Sets the status of one target's active units (v2 `PATCH .../units/status`, 30 a minute).
    pub fn set_unit_status_v2(&self, server_id: Option<u64>, target: &GroupTarget, status: UnitStatus) -> Result<UnitsUpdated> {
        self.typed("set_unit_status_v2", &with_fields(json!({"serverId": server_id, "status": status.as_i64()}), target)?)
    }

    /// Sets or clears the panic of one target's active units (v2 `PATCH .../units/panic`).
    pub fn set_unit_panic_v2(&self, server_id: Option<u64>, target: &GroupTarget, is_panic: bool) -> Result<UnitsUpdated> {
        self.typed("set_unit_panic_v2", &with_fields(json!({"serverId": server_id, "isPanic": is_panic}), target)?)
    }

    /// Forces one user's unit offline (v2 `POST .../units/kick`); the target is a
    /// community user id, Roblox id or Discord id.
    pub fn kick_unit_v2(&self, server_id: Option<u64>, target: &GroupTarget, reason: &str) -> Result<KickedUnit> {
        self.typed("kick_unit_v2", &with_fields(json!({"serverId": server_id, "reason": reason}), target)?)
    }

    /// Updates many units' map locations in one call (v2 `PATCH .../unit-locations`, 12 a minute).
    pub fn update_unit_locations_v2(&self, server_id: Option<u64>, updates: &[LocationUpdate]) -> Result<UnitsUpdated> {
        self.typed("update_unit_locations_v2", &json!({"serverId": server_id, "updates": updates}))
    }

    /// The active, 911 and recent closed calls (v2 `GET .../calls`, 5 a minute).
    pub fn get_calls_v2(&self, request: &GetCallsV2) -> Result<Calls> {
        self.typed("get_calls_v2", request)
    }

    /// An account's selected identifier and its call (v2 `GET .../current-call`).
    pub fn get_current_call_v2(&self, account_uuid: &str) -> Result<CurrentCall> {
        self.typed("get_current_call_v2", &json!({"accountUuid": account_uuid}))
    }

    /// Creates a 911 call (v2 `POST .../calls/911`).
    pub fn create_emergency_call_v2(&self, call: &NewEmergencyCall) -> Result<EmergencyCall> {
        self.typed("create_emergency_call_v2", call)
    }

    /// Removes a 911 call (v2 `DELETE .../calls/911/{callId}`).
    pub fn delete_emergency_call_v2(&self, server_id: Option<u64>, call_id: i64) -> Result<CallChange> {
        self.typed("delete_emergency_call_v2", &json!({"serverId": server_id, "callId": call_id}))
    }

    /// Creates a dispatch call (v2 `POST .../dispatch-calls`).
    pub fn create_dispatch_call_v2(&self, call: &NewDispatchCall) -> Result<DispatchCall> {
        self.typed("create_dispatch_call_v2", call)
    }

    /// Creates a dispatch call from a template, `values` keyed by field uid, with one
    /// target's units (v2 `POST .../custom-dispatch-calls`).
    pub fn create_custom_dispatch_call_v2(
        &self,
        server_id: Option<u64>,
        template_id: i64,
        values: &Map<String, Value>,
        target: &GroupTarget,
    ) -> Result<DispatchCall> {
        let base = json!({"serverId": server_id, "templateId": template_id, "values": values});
        self.typed("create_custom_dispatch_call_v2", &with_fields(base, target)?)
    }

    /// Every dispatch template, or the one `template_id` names (v2 `GET /v2/emergency/dispatch-templates[/{templateId}]`).
    pub fn get_dispatch_templates_v2(&self, template_id: Option<i64>) -> Result<Vec<DispatchTemplate>> {
        let value: Value = self.typed("get_dispatch_templates_v2", &json!({"templateId": template_id}))?;
        let list = if value.is_array() { value } else { Value::Array(vec![value]) };
        serde_json::from_value(list).map_err(|e| Error::new(ErrorKind::Decode, format!("unexpected templates: {e}")))
    }

    /// Changes the fields given of a dispatch call (v2 `PATCH .../dispatch-calls/{callId}`).
    pub fn update_dispatch_call_v2(&self, server_id: Option<u64>, call_id: i64, changes: &DispatchCallChanges) -> Result<DispatchCall> {
        self.typed("update_dispatch_call_v2", &with_fields(json!({"serverId": server_id, "callId": call_id}), changes)?)
    }

    /// Attaches a group or one target's units to a dispatch call (v2 `POST .../attachments`).
    pub fn attach_units_to_dispatch_call_v2(&self, server_id: Option<u64>, call_id: i64, units: &Attach) -> Result<CallChange> {
        self.typed("attach_units_to_dispatch_call_v2", &with_fields(json!({"serverId": server_id, "callId": call_id}), units)?)
    }

    /// Detaches a group or one target's units from their call (v2 `DELETE .../dispatch-calls/attachments`).
    pub fn detach_units_from_dispatch_call_v2(&self, server_id: Option<u64>, units: &Attach) -> Result<CallChange> {
        self.typed("detach_units_from_dispatch_call_v2", &with_fields(json!({"serverId": server_id}), units)?)
    }

    /// Sets a dispatch call's postal (v2 `PATCH .../postal`).
    pub fn set_dispatch_postal_v2(&self, server_id: Option<u64>, call_id: i64, postal: &str) -> Result<CallChange> {
        self.typed("set_dispatch_postal_v2", &json!({"serverId": server_id, "callId": call_id, "postal": postal}))
    }

    /// Sets a dispatch call's primary unit (v2 `PATCH .../primary`).
    pub fn set_dispatch_primary_v2(&self, server_id: Option<u64>, call_id: i64, ident_id: i64, track_primary: bool) -> Result<CallChange> {
        self.typed(
            "set_dispatch_primary_v2",
            &json!({"serverId": server_id, "callId": call_id, "identId": ident_id, "trackPrimary": track_primary}),
        )
    }

    /// Adds a note to a dispatch call (v2 `POST .../notes`, 60 a minute).
    pub fn add_dispatch_note_v2(&self, server_id: Option<u64>, call_id: i64, note: &str, label: Option<&str>) -> Result<CallChange> {
        self.typed(
            "add_dispatch_note_v2",
            &json!({"serverId": server_id, "callId": call_id, "note": note, "noteType": "text", "label": label}),
        )
    }

    /// Closes dispatch calls (v2 `POST .../dispatch-calls/close`).
    pub fn close_dispatch_calls_v2(&self, server_id: Option<u64>, call_ids: &[i64]) -> Result<CallChange> {
        self.typed("close_dispatch_calls_v2", &json!({"serverId": server_id, "callIds": call_ids}))
    }

    /// Every unit on a server, page after page (`get_units_v2`).
    pub fn units_v2(&self, request: &GetActiveUnits) -> Pages<Unit> {
        Pages::new(self, "get_units_v2", request)
    }
}
