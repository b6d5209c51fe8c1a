//! The community's calls: 911 calls, dispatch calls and dispatch templates, kept per game
//! server, so that what one route writes the others read (`get_calls_v2`,
//! `get_current_call_v2`). A unit is on at most one dispatch call: attaching it to one takes
//! it off any other ("detach ... from any currently attached dispatch call", as the
//! detach-units page puts it).
//!
//! Seed, from the calls pages' examples (all on server 1): dispatch call 501 (the get-calls
//! page's `Armed Robbery` at Mission Row, with JohnDoe's unit 12 attached and primary, so the
//! get-current-call page's answer, call 501 for identifier 12, holds), dispatch calls 1042 and
//! 1043 (the close-dispatch-calls page's request) without units, and 911 call 501 (the
//! remove-911-call page's example; 911 calls are a table of their own, `CALL_TABLE_TYPE` 1).
//! New calls are numbered from 1001, skipping the seeded numbers.

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

    /// Appends `note` (`{time, label, type, content}`) to its notes and marks it updated.
    pub fn add_note(&mut self, note: Value) {
        match self.fields.get_mut("notes") {
            Some(Value::Array(notes)) => notes.push(note),
            _ => {
                self.fields.insert("notes".into(), json!([note]));
            }
        }
        self.touch();
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
        let meta = json!({"source": "integration", "x": "425.1", "y": "-979.2", "z": "30.7", "radius": "75"});
        let dispatch = |id: i64, title: &str, code: &str, idents: Value, notes: Value| {
            let (primary, description) = (idents.get(0).cloned().unwrap_or(json!(0)), format!("{title} reported."));
            call(json!({
                "callId": id, "origin": 0, "status": 1, "priority": 1, "block": "100", "address": "Mission Row",
                "postal": "9001", "title": title, "code": code, "primary": primary, "trackPrimary": false,
                "description": description, "notes": notes, "idents": idents, "metaData": meta.clone(), "updated": SEEDED_AT,
            }))
        };
        let mut robbery = dispatch(
            501,
            "Armed Robbery",
            "211",
            json!([12]),
            json!([{"time": SEEDED_AT, "label": "Sonoran CAD", "type": "text", "content": "Caller is hiding."}]),
        );
        robbery.fields.insert("description".into(), json!("Clerk reports a firearm."));
        let medical = call(json!({
            "callId": 501, "isEmergency": true, "caller": "Jane Doe", "location": "Innocence Blvd",
            "description": "Medical emergency reported.",
            "metaData": {"phone": "555-0100", "x": "425.1", "y": "-979.2", "z": "30.7", "postal": "9001"},
            "updated": SEEDED_AT,
        }));
        Calls {
            next_id: 1000,
            dispatch: vec![
                robbery,
                dispatch(1042, "Traffic Stop", "10-38", json!([]), json!([])),
                dispatch(1043, "Noise Complaint", "415", json!([]), json!([])),
            ],
            emergency: vec![medical],
            closed: Vec::new(),
            templates: vec![template],
        }
    }

    /// A new call id: the next number no call (open, closed or 911) has.
    pub fn next_id(&mut self) -> i64 {
        loop {
            self.next_id += 1;
            let taken = self.dispatch.iter().chain(&self.emergency).chain(&self.closed).any(|c| c.id() == self.next_id);
            if !taken {
                return self.next_id;
            }
        }
    }

    /// Takes `idents` off every open dispatch call but `call_id` (a unit is on one call at a time).
    pub fn detach_elsewhere(&mut self, idents: &[i64], call_id: i64) {
        self.take_off(idents, Some(call_id));
    }

    /// Adds `call` to the open calls, as a create does: its units leave any other call, and
    /// a call created closed (status 2) goes straight to the closed calls. Answers the call
    /// object as created.
    pub fn add_dispatch(&mut self, mut call: Call) -> Map<String, Value> {
        call.touch();
        let answer = call.fields.clone();
        let closed = answer["status"] == 2;
        if !closed {
            self.detach(&call.idents());
        }
        self.dispatch.push(call);
        if closed {
            self.close(self.dispatch.len() - 1);
        }
        answer
    }

    /// Where open dispatch call `call_id` (of any server) is in [`Calls::dispatch`].
    pub fn position(&self, call_id: i64) -> Option<usize> {
        self.dispatch.iter().position(|c| c.id() == call_id)
    }

    /// Attaches `idents` to the open call at `index`: they leave any other call first (a unit
    /// is on one call at a time), those not on it yet are added in order, and the first
    /// becomes primary when the call has none. Answers the call.
    pub fn attach(&mut self, index: usize, idents: &[i64]) -> &Call {
        let call_id = self.dispatch[index].id();
        self.detach_elsewhere(idents, call_id);
        let call = &mut self.dispatch[index];
        let mut attached = call.idents();
        for id in idents {
            if !attached.contains(id) {
                attached.push(*id);
            }
        }
        if call.fields.get("primary").is_none_or(|p| *p == 0) {
            if let Some(first) = attached.first() {
                call.fields.insert("primary".into(), json!(first));
            }
        }
        call.fields.insert("idents".into(), json!(attached));
        call.touch();
        call
    }

    /// Takes `idents` off the open call at `index` only; answers those that were on it (in
    /// the call's order). The call is marked updated when one was.
    pub fn detach_from(&mut self, index: usize, idents: &[i64]) -> Vec<i64> {
        let call = &mut self.dispatch[index];
        let before = call.idents();
        let (gone, kept): (Vec<i64>, Vec<i64>) = before.into_iter().partition(|i| idents.contains(i));
        if !gone.is_empty() {
            call.fields.insert("idents".into(), json!(kept));
            call.touch();
        }
        gone
    }

    /// Removes `idents` from every open dispatch call; answers the ones that were attached.
    pub fn detach(&mut self, idents: &[i64]) -> Vec<i64> {
        self.take_off(idents, None)
    }

    /// Removes `idents` from every open dispatch call but `keep`; answers the ones that were attached.
    fn take_off(&mut self, idents: &[i64], keep: Option<i64>) -> Vec<i64> {
        let mut detached = Vec::new();
        for call in self.dispatch.iter_mut().filter(|c| Some(c.id()) != keep) {
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

/// When the seeded calls were last updated (the pages' example time).
const SEEDED_AT: &str = "2026-04-08T21:30:00Z";

/// A seeded call on server 1.
fn call(fields: Value) -> Call {
    Call { server: 1, fields: fields.as_object().cloned().unwrap_or_default() }
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
