//! The community's calls: 911 calls, dispatch calls and dispatch templates, kept per game
//! server, so that what one route writes the others read (`get_calls_v2`,
//! `get_current_call_v2`).

use serde_json::{json, Map, Value};

use super::clock;

/// One call, on one game server.
#[derive(Debug, Clone)]
pub struct Call {
    /// The server it is on.
    pub server: u64,
    /// The call object as the pages show it (`callId` first).
    pub fields: Map<String, Value>,
}

impl Call {
    /// Its `callId`.
    pub fn id(&self) -> i64 {
        self.fields.get("callId").and_then(Value::as_i64).unwrap_or(0)
    }

    /// The identifiers attached to it.
    pub fn idents(&self) -> Vec<i64> {
        self.fields.get("idents").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
    }

    /// Marks it updated now.
    pub fn touch(&mut self) {
        self.fields.insert("updated".into(), json!(now()));
    }
}

/// The community's calls and dispatch templates.
#[derive(Debug, Clone)]
pub struct Calls {
    next_id: i64,
    /// Open dispatch calls (`ActiveCalls`).
    pub dispatch: Vec<Call>,
    /// 911 calls (`EmergencyCalls`).
    pub emergency: Vec<Call>,
    /// Closed dispatch calls, newest first (`ClosedCalls`).
    pub closed: Vec<Call>,
    /// Dispatch templates, as `get_dispatch_templates_v2` answers them.
    pub templates: Vec<Value>,
}

impl Calls {
    /// No calls, and the dispatch template of the pages' example.
    pub fn seeded() -> Calls {
        let field = |uid: &str, label: &str, kind: &str, binding: Option<&str>, options: Value| json!({"uid": uid, "label": label, "type": kind, "binding": binding, "required": binding.is_some(), "size": 6, "options": options});
        let template = json!({
            "templateId": 1,
            "name": "UK Control Room",
            "version": 2,
            "isDefault": true,
            "statusOptions": [
                { "id": "awaiting_deployment", "label": "Awaiting Deployment", "status": 0 },
                { "id": "deployed", "label": "Deployed", "status": 1 },
                { "id": "resolved", "label": "Resolved", "status": 2 }
            ],
            "sections": [
                {
                    "uid": "call_source", "label": "Call Source", "icon": "fas fa-broadcast-tower", "size": 6,
                    "fields": [
                        field("status", "Status", "select", Some("status"), json!([])),
                        field("priority", "Grade", "select", None, json!(["Immediate", "Priority", "Scheduled"])),
                        field("code", "Incident Code", "text", None, json!([])),
                        field("caller_name", "Caller Name", "text", None, json!([])),
                        field("description", "Description", "textarea", Some("description"), json!([])),
                        field("units", "Units", "units", Some("units"), json!([])),
                    ]
                }
            ]
        });
        Calls { next_id: 1000, dispatch: Vec::new(), emergency: Vec::new(), closed: Vec::new(), templates: vec![template] }
    }

    /// A new call id.
    pub fn next_id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Removes `idents` from every open dispatch call; answers the ones that were attached.
    pub fn detach(&mut self, idents: &[i64]) -> Vec<i64> {
        let mut detached = Vec::new();
        for call in &mut self.dispatch {
            let before = call.idents();
            let after: Vec<i64> = before.iter().copied().filter(|i| !idents.contains(i)).collect();
            if after.len() != before.len() {
                detached.extend(before.iter().filter(|i| idents.contains(i)));
                call.fields.insert("idents".into(), json!(after));
                call.touch();
            }
        }
        detached.sort_unstable();
        detached.dedup();
        detached
    }

    /// The open dispatch call `call_id` on `server`.
    pub fn open(&mut self, server: u64, call_id: &str) -> Option<&mut Call> {
        let id: i64 = call_id.parse().ok()?;
        self.dispatch.iter_mut().find(|c| c.server == server && c.id() == id)
    }

    /// Closes the open call at `index`; answers its id.
    pub fn close(&mut self, index: usize) -> i64 {
        let mut call = self.dispatch.remove(index);
        call.fields.insert("status".into(), json!(2));
        call.touch();
        let id = call.id();
        self.closed.insert(0, call);
        id
    }

    /// Adds a 911 call on `server` with `fields` (its `callId` replaced by the next id);
    /// answers the call object.
    pub fn add_emergency(&mut self, server: u64, mut fields: Map<String, Value>) -> Map<String, Value> {
        let mut call_fields = Map::new();
        call_fields.insert("callId".into(), json!(self.next_id()));
        fields.remove("callId");
        call_fields.extend(fields);
        let mut call = Call { server, fields: call_fields };
        call.touch();
        self.emergency.push(call.clone());
        call.fields
    }

    /// Removes 911 call `call_id` (of any server); answers its server.
    pub fn remove_emergency(&mut self, call_id: i64) -> Option<u64> {
        let index = self.emergency.iter().position(|c| c.id() == call_id)?;
        Some(self.emergency.remove(index).server)
    }
}

/// Now as RFC 3339 UTC (`2026-04-08T21:30:00Z`).
pub fn now() -> String {
    clock::rfc3339(clock::unix_now())
}

/// `EVENT_911`'s data for `call`, as its page shows it: `[{"call": {callId, isEmergency,
/// caller, location, description}, "metaData": {...}}]`, plus `extra` (`apiIds`,
/// `communityUserId`: the page sends them for calls placed in the CAD).
pub fn emergency_event(call: &Map<String, Value>, extra: &Map<String, Value>) -> Value {
    let mut shown = Map::new();
    for name in ["callId", "isEmergency", "caller", "location", "description"] {
        shown.insert(name.into(), call.get(name).cloned().unwrap_or(Value::Null));
    }
    let mut entry = Map::new();
    entry.insert("call".into(), Value::Object(shown));
    entry.extend(extra.clone());
    entry.insert("metaData".into(), call.get("metaData").cloned().unwrap_or_else(|| json!({})));
    json!([entry])
}
