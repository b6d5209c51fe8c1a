//! The picture itself: the online units (as `get_units_v2` lists them), the open dispatch
//! calls (`ActiveCalls` of `get_calls_v2`) and the 911 calls (`EmergencyCalls`), each by its
//! id, and how every documented event, every own dispatch write and every position the game
//! pushes changes them. Plain data: the locking, the journal and the resyncs are the
//! caller's ([`super::Mirror`]).
//!
//! Every change sets a value (a status, a list of units) rather than adding to one, so that
//! a change applied twice (once live, once replayed on a fresh read) leaves the picture as
//! applying it once does; a note is the exception, and is appended only when the call does
//! not hold it yet.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

/// The unit status that means offline: such a unit leaves the picture.
const OFFLINE: i64 = 100;
/// The call status that means closed: such a call leaves the picture.
const CLOSED: i64 = 2;

/// Something that changes the picture.
#[derive(Debug, Clone)]
pub(crate) enum Change {
    /// A push event: its type and its data as the queue holds it.
    Event(String, Value),
    /// A dispatch write of this client that succeeded: the operation and its answer. The
    /// CAD sends no event for these ("not sent triggered via the API").
    Write(&'static str, Value),
    /// A position the game pushed (`push_unit_location`'s fields).
    Location(Map<String, Value>),
}

/// What applying a change did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Applied {
    /// The units changed.
    pub units: bool,
    /// The calls (dispatch or 911) changed.
    pub calls: bool,
    /// Units it named that the picture does not hold.
    pub unknown_units: Vec<i64>,
    /// Calls it named that the picture does not hold.
    pub unknown_calls: Vec<i64>,
    /// The calls need a read: the change's effect cannot be known from it (a note added
    /// through the API, whose time the CAD sets).
    pub calls_stale: bool,
}

/// The units and calls of one server.
#[derive(Debug, Default, Clone)]
pub(crate) struct Picture {
    pub units: BTreeMap<i64, Arc<Value>>,
    pub calls: BTreeMap<i64, Arc<Value>>,
    pub emergency: BTreeMap<i64, Arc<Value>>,
}

/// Integer ids as the pages write them: a number, a numeric string, or a list of them.
pub(crate) fn ids(value: Option<&Value>) -> Vec<i64> {
    fn one(value: &Value) -> Option<i64> {
        match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(one).collect(),
        Some(value) => one(value).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The id under `key` of an object.
fn id_of(value: &Value, key: &str) -> Option<i64> {
    ids(value.get(key)).first().copied()
}

/// The objects of an event's data: the object itself, or each object of a list (an event
/// may carry several, e.g. two units logging off at once).
fn objects(data: &Value) -> Vec<&Map<String, Value>> {
    match data {
        Value::Object(map) => vec![map],
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

impl Picture {
    /// Applies `change`.
    pub(crate) fn apply(&mut self, change: &Change) -> Applied {
        let mut applied = Applied::default();
        match change {
            Change::Event(event_type, data) => {
                for object in objects(data) {
                    self.event(event_type, object, &mut applied);
                }
            }
            Change::Write(operation, answer) => self.write(operation, answer, &mut applied),
            Change::Location(fields) => self.location(fields, &mut applied),
        }
        applied
    }

    /// The unit whose `identId` or account (`communityUserId`, an API id, `accId`) is `who`.
    pub(crate) fn find_unit(&self, who: &str) -> Option<&Arc<Value>> {
        if let Ok(id) = who.trim().parse::<i64>() {
            if let Some(unit) = self.units.get(&id) {
                return Some(unit);
            }
        }
        self.units.values().find(|unit| unit_is(unit, who))
    }

    fn event(&mut self, event_type: &str, data: &Map<String, Value>, applied: &mut Applied) {
        let object = Value::Object(data.clone());
        match event_type {
            "EVENT_UNIT_LOGIN" => {
                let Some(mut unit) = data.get("unit").filter(|u| u.is_object()).cloned() else { return };
                match id_of(&unit, "id").filter(|id| *id > 0) {
                    // The page's example carries `"id": -1`: such a unit is read instead.
                    None => applied.unknown_units.push(-1),
                    Some(id) => {
                        if unit.get("isDispatch").is_none() {
                            if let (Some(map), Some(is)) = (unit.as_object_mut(), data.get("isDispatch")) {
                                map.insert("isDispatch".into(), is.clone());
                            }
                        }
                        if id_of(&unit, "status") == Some(OFFLINE) {
                            applied.units |= self.units.remove(&id).is_some();
                        } else if self.units.get(&id).map(|u| **u != unit) != Some(false) {
                            self.units.insert(id, Arc::new(unit));
                            applied.units = true;
                        }
                    }
                }
            }
            "EVENT_UNIT_LOGOUT" => {
                let gone = ids(data.get("identId").or_else(|| data.get("identIds")));
                for id in &gone {
                    applied.units |= self.units.remove(id).is_some();
                }
                // Off duty is off every call (the CAD sends no detach for it).
                applied.calls |= self.take_off_calls(&gone, None);
            }
            "EVENT_UNIT_STATUS" => {
                let Some(status) = data.get("status").filter(|s| s.is_i64()).cloned() else { return };
                for id in ids(data.get("identIds").or_else(|| data.get("identId"))) {
                    if status.as_i64() == Some(OFFLINE) {
                        applied.units |= self.units.remove(&id).is_some();
                    } else {
                        self.set_unit(id, applied, |unit| set(unit, "status", status.clone()));
                    }
                }
            }
            "EVENT_UNIT_PANIC" => {
                let Some(panic) = data.get("isPanic").filter(|p| p.is_boolean()).cloned() else { return };
                for id in ids(data.get("identIds").or_else(|| data.get("identId"))) {
                    self.set_unit(id, applied, |unit| set(unit, "isPanic", panic.clone()));
                }
            }
            "EVENT_UNIT_GROUP_ADD" | "EVENT_UNIT_GROUP_REMOVE" => {
                let group = match event_type {
                    "EVENT_UNIT_GROUP_ADD" => data.get("groupName").cloned().unwrap_or(Value::Null),
                    // Out of a group is the empty group, as `get_units_v2` shows it.
                    _ => Value::String(String::new()),
                };
                let mut who = ids(data.get("identId"));
                who.extend(ids(data.get("identIds")));
                who.dedup();
                for id in who {
                    self.set_unit(id, applied, |unit| set_data(unit, "group", group.clone()));
                }
            }
            "EVENT_UNIT_GROUP_CHANGE_NAME" => {
                let (Some(old), Some(new)) = (data.get("oldName"), data.get("newName").cloned()) else { return };
                let named = ids(data.get("identIds"));
                let members: Vec<i64> = self
                    .units
                    .iter()
                    .filter(|(id, unit)| named.contains(id) || unit.pointer("/data/group") == Some(old))
                    .map(|(id, _)| *id)
                    .collect();
                for id in members {
                    self.set_unit(id, applied, |unit| set_data(unit, "group", new.clone()));
                }
            }
            "EVENT_911" => {
                let Some(call) = data.get("call").and_then(Value::as_object) else { return };
                let Some(id) = id_of(&Value::Object(call.clone()), "callId").filter(|id| *id > 0) else {
                    applied.unknown_calls.push(-1);
                    return;
                };
                let mut fields = call.clone();
                fields.insert("metaData".into(), data.get("metaData").cloned().unwrap_or_else(|| Value::Object(Map::new())));
                // The CAD's own time of the change is not in the event; the one it had is kept.
                if let Some(updated) = self.emergency.get(&id).and_then(|c| c.get("updated")).cloned() {
                    fields.insert("updated".into(), updated);
                }
                applied.calls |= upsert(&mut self.emergency, id, Value::Object(fields));
            }
            "EVENT_REMOVE_911" => {
                let mut gone = ids(data.get("callIds"));
                gone.extend(ids(data.get("callId")));
                for id in gone {
                    applied.calls |= self.emergency.remove(&id).is_some();
                }
            }
            "EVENT_DISPATCH_NEW" | "EVENT_DISPATCH_EDIT" => {
                let Some(call) = data.get("dispatch").filter(|c| c.is_object()) else { return };
                self.put_call(call.clone(), applied);
            }
            "EVENT_DISPATCH_CLOSED" => {
                for id in ids(data.get("callIds")) {
                    applied.calls |= self.calls.remove(&id).is_some();
                }
            }
            "EVENT_DISPATCH_NOTE" => {
                let (Some(id), Some(note)) = (id_of(&object, "callId"), data.get("note")) else { return };
                let Some(call) = self.calls.get_mut(&id) else {
                    applied.unknown_calls.push(id);
                    return;
                };
                let held = call.get("notes").and_then(Value::as_array).is_some_and(|notes| notes.contains(note));
                if !held {
                    let call = Arc::make_mut(call);
                    match call.get_mut("notes") {
                        Some(Value::Array(notes)) => notes.push(note.clone()),
                        _ => set(call, "notes", Value::Array(vec![note.clone()])),
                    }
                    applied.calls = true;
                }
            }
            "EVENT_DISPATCH_UNIT_ATTACH" | "EVENT_DISPATCH_UNIT_DETACH" => {
                let Some(id) = id_of(&object, "callId") else { return };
                let mut who = ids(data.get("ident"));
                who.extend(ids(data.get("idents")));
                if event_type == "EVENT_DISPATCH_UNIT_ATTACH" {
                    self.attach(id, &who, applied);
                } else {
                    self.set_call(id, applied, |call| {
                        let kept: Vec<i64> = ids(call.get("idents")).into_iter().filter(|i| !who.contains(i)).collect();
                        set(call, "idents", Value::from(kept));
                    });
                }
            }
            _ => {}
        }
    }

    /// An own dispatch write, from its answer (see `mock`'s answers and the pages).
    fn write(&mut self, operation: &str, answer: &Value, applied: &mut Applied) {
        match operation {
            // The answer is the call as created or changed.
            "create_dispatch_call_v2" | "create_custom_dispatch_call_v2" | "update_dispatch_call_v2" if answer.get("callId").is_some() => {
                self.put_call(answer.clone(), applied);
            }
            "close_dispatch_calls_v2" => {
                for id in ids(answer.get("callIds")) {
                    applied.calls |= self.calls.remove(&id).is_some();
                }
            }
            "attach_units_to_dispatch_call_v2" => {
                if let Some(id) = id_of(answer, "callId") {
                    self.attach(id, &ids(answer.get("identIds")), applied);
                }
            }
            "detach_units_from_dispatch_call_v2" => {
                applied.calls |= self.take_off_calls(&ids(answer.get("identIds")), None);
            }
            "set_dispatch_postal_v2" => {
                if let (Some(id), Some(postal)) = (id_of(answer, "callId"), answer.get("postal")) {
                    self.set_call(id, applied, |call| set(call, "postal", postal.clone()));
                }
            }
            "set_dispatch_primary_v2" => {
                if let (Some(id), Some(ident)) = (id_of(answer, "callId"), answer.get("identId")) {
                    let track = answer.get("trackPrimary").cloned().unwrap_or(Value::Bool(false));
                    self.set_call(id, applied, |call| {
                        set(call, "primary", ident.clone());
                        set(call, "trackPrimary", track.clone());
                    });
                }
            }
            // The note's time is the CAD's: only a read shows the note as the CAD keeps it.
            "add_dispatch_note_v2" => applied.calls_stale = true,
            "create_emergency_call_v2" => {
                if let Some(id) = id_of(answer, "callId") {
                    applied.calls |= upsert(&mut self.emergency, id, answer.clone());
                }
            }
            "delete_emergency_call_v2" => {
                if let Some(id) = id_of(answer, "callId") {
                    applied.calls |= self.emergency.remove(&id).is_some();
                }
            }
            _ => {}
        }
    }

    /// A position the game pushed: the units it names (by `identId`, or every online unit
    /// of the account it names) take its `location` and `coordinates`.
    fn location(&mut self, fields: &Map<String, Value>, applied: &mut Applied) {
        let targets: Vec<i64> = match ids(fields.get("identId")).first() {
            Some(id) => vec![*id],
            None => {
                let who = ["communityUserId", "apiId"].iter().find_map(|k| fields.get(*k).and_then(Value::as_str));
                let Some(who) = who else { return };
                self.units.iter().filter(|(_, unit)| unit_is(unit, who)).map(|(id, _)| *id).collect()
            }
        };
        for id in targets {
            if !self.units.contains_key(&id) {
                continue;
            }
            self.set_unit(id, applied, |unit| {
                if let Some(location) = fields.get("location").filter(|l| l.is_string()) {
                    set(unit, "location", location.clone());
                }
                if let Some(coordinates) = fields.get("coordinates").or_else(|| fields.get("position")) {
                    set(unit, "coordinates", coordinates.clone());
                }
            });
        }
    }

    /// Adds or replaces dispatch call `call` (a closed one leaves); its units leave any
    /// other call, as the CAD keeps a unit on one call at a time.
    fn put_call(&mut self, call: Value, applied: &mut Applied) {
        let Some(id) = id_of(&call, "callId").filter(|id| *id > 0) else {
            applied.unknown_calls.push(-1);
            return;
        };
        if id_of(&call, "status") == Some(CLOSED) {
            applied.calls |= self.calls.remove(&id).is_some();
            return;
        }
        let on_it = ids(call.get("idents"));
        applied.calls |= self.take_off_calls(&on_it, Some(id));
        let mut call = call;
        // Events do not carry the CAD's time of the change: the one held is kept.
        if call.get("updated").is_none() {
            if let (Some(updated), Some(map)) = (self.calls.get(&id).and_then(|c| c.get("updated")).cloned(), call.as_object_mut()) {
                map.insert("updated".into(), updated);
            }
        }
        applied.calls |= upsert(&mut self.calls, id, call);
    }

    /// Attaches `who` to call `id`: they leave any other call, and the first becomes the
    /// call's primary when it has none.
    fn attach(&mut self, id: i64, who: &[i64], applied: &mut Applied) {
        if !self.calls.contains_key(&id) {
            applied.unknown_calls.push(id);
            return;
        }
        applied.calls |= self.take_off_calls(who, Some(id));
        self.set_call(id, applied, |call| {
            let mut attached = ids(call.get("idents"));
            for ident in who {
                if !attached.contains(ident) {
                    attached.push(*ident);
                }
            }
            if call.get("primary").is_none_or(|p| p.as_i64() == Some(0) || p.is_null()) {
                if let Some(first) = attached.first() {
                    set(call, "primary", Value::from(*first));
                }
            }
            set(call, "idents", Value::from(attached));
        });
    }

    /// Takes `who` off every open call but `keep`; whether any was on one.
    fn take_off_calls(&mut self, who: &[i64], keep: Option<i64>) -> bool {
        if who.is_empty() {
            return false;
        }
        let mut changed = false;
        for (id, call) in self.calls.iter_mut() {
            if Some(*id) == keep {
                continue;
            }
            let before = ids(call.get("idents"));
            if before.iter().any(|i| who.contains(i)) {
                let after: Vec<i64> = before.into_iter().filter(|i| !who.contains(i)).collect();
                set(Arc::make_mut(call), "idents", Value::from(after));
                changed = true;
            }
        }
        changed
    }

    /// Changes unit `id` with `edit` (counted when it changed anything); an unknown unit
    /// is reported.
    fn set_unit(&mut self, id: i64, applied: &mut Applied, edit: impl FnOnce(&mut Value)) {
        match self.units.get_mut(&id) {
            Some(unit) => applied.units |= edit_arc(unit, edit),
            None => applied.unknown_units.push(id),
        }
    }

    /// Changes open call `id` with `edit`; an unknown call is reported.
    fn set_call(&mut self, id: i64, applied: &mut Applied, edit: impl FnOnce(&mut Value)) {
        match self.calls.get_mut(&id) {
            Some(call) => applied.calls |= edit_arc(call, edit),
            None => applied.unknown_calls.push(id),
        }
    }
}

/// Whether `unit` belongs to the account `who` names: its `communityUserId`, one of its API
/// ids (case aside, as Steam hex varies) or its account UUID.
fn unit_is(unit: &Value, who: &str) -> bool {
    let same = |v: Option<&Value>| v.and_then(Value::as_str).is_some_and(|s| !s.is_empty() && s.eq_ignore_ascii_case(who));
    same(unit.pointer("/data/communityUserId"))
        || same(unit.get("accId"))
        || unit.pointer("/data/apiIds").and_then(Value::as_array).is_some_and(|ids| ids.iter().any(|id| same(Some(id))))
}

/// Runs `edit` on a copy only when it changes something; whether it did.
fn edit_arc(value: &mut Arc<Value>, edit: impl FnOnce(&mut Value)) -> bool {
    let mut copy = (**value).clone();
    edit(&mut copy);
    if copy == **value {
        return false;
    }
    *value = Arc::new(copy);
    true
}

/// Puts `value` under `id`; whether it changed anything.
fn upsert(map: &mut BTreeMap<i64, Arc<Value>>, id: i64, value: Value) -> bool {
    if map.get(&id).is_some_and(|held| **held == value) {
        return false;
    }
    map.insert(id, Arc::new(value));
    true
}

/// Sets `key` of object `value`.
fn set(value: &mut Value, key: &str, to: Value) {
    if let Some(map) = value.as_object_mut() {
        map.insert(key.into(), to);
    }
}

/// Sets `data.key` of a unit (making `data` when it has none).
fn set_data(unit: &mut Value, key: &str, to: Value) {
    let Some(map) = unit.as_object_mut() else { return };
    match map.entry("data").or_insert_with(|| Value::Object(Map::new())) {
        Value::Object(data) => {
            data.insert(key.into(), to);
        }
        other => *other = serde_json::json!({ key: to }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn unit(id: i64, status: i64) -> Value {
        json!({"id": id, "accId": format!("acc-{id}"), "status": status, "isPanic": false, "location": "", "aop": "",
               "data": {"group": "", "apiIds": [format!("license:unit{id}")], "communityUserId": format!("license:unit{id}")},
               "isDispatch": false})
    }

    fn event(event_type: &str, data: Value) -> Change {
        Change::Event(event_type.into(), data)
    }

    fn picture() -> Picture {
        let mut p = Picture::default();
        for id in [1, 2, 3] {
            p.units.insert(id, Arc::new(unit(id, 2)));
        }
        p.calls.insert(10, Arc::new(json!({"callId": 10, "status": 1, "primary": 1, "idents": [1], "notes": [], "updated": "t0"})));
        p
    }

    #[test]
    fn unit_events_set_what_they_name_and_report_unknown_units() {
        let mut p = picture();
        let applied = p.apply(&event("EVENT_UNIT_STATUS", json!({"identIds": 1, "status": 3})));
        assert!(applied.units);
        assert_eq!(p.units[&1]["status"], 3);
        // The same change again changes nothing.
        assert_eq!(p.apply(&event("EVENT_UNIT_STATUS", json!({"identIds": [1], "status": 3}))), Applied::default());
        let applied = p.apply(&event("EVENT_UNIT_PANIC", json!({"identIds": [2, 9], "isPanic": true})));
        assert_eq!((applied.units, applied.unknown_units), (true, vec![9]));
        p.apply(&event("EVENT_UNIT_GROUP_ADD", json!({"identId": 2, "groupName": "Ladder 61"})));
        p.apply(&event("EVENT_UNIT_GROUP_ADD", json!({"identId": 3, "groupName": "Ladder 61"})));
        p.apply(&event("EVENT_UNIT_GROUP_CHANGE_NAME", json!({"identIds": [2, 3], "oldName": "Ladder 61", "newName": "L-62"})));
        assert_eq!((p.units[&2]["data"]["group"].clone(), p.units[&3]["data"]["group"].clone()), (json!("L-62"), json!("L-62")));
        p.apply(&event("EVENT_UNIT_GROUP_REMOVE", json!({"identId": 3, "groupName": "L-62"})));
        assert_eq!(p.units[&3]["data"]["group"], "");
        // Logging off leaves the picture and every call.
        let applied = p.apply(&event("EVENT_UNIT_LOGOUT", json!([{"identId": 1}])));
        assert!(applied.units && applied.calls);
        assert!(!p.units.contains_key(&1));
        assert_eq!(p.calls[&10]["idents"], json!([]));
        // A login with the page's `-1` id cannot be placed: read instead.
        let applied = p.apply(&event("EVENT_UNIT_LOGIN", json!({"unit": {"id": -1}, "isDispatch": false})));
        assert_eq!(applied.unknown_units, vec![-1]);
        let applied = p.apply(&event("EVENT_UNIT_LOGIN", json!({"unit": unit(4, 0), "isDispatch": true})));
        assert!(applied.units);
        assert_eq!(p.units[&4]["isDispatch"], false, "the unit's own isDispatch is kept");
        assert_eq!(p.find_unit("LICENSE:unit4").map(|u| u["id"].clone()), Some(json!(4)));
        assert_eq!(p.find_unit("4").map(|u| u["id"].clone()), Some(json!(4)));
        p.apply(&event("EVENT_UNIT_STATUS", json!({"identIds": [4], "status": 100})));
        assert!(p.find_unit("4").is_none());
    }

    #[test]
    fn dispatch_events_and_own_writes_keep_one_call_per_unit() {
        let mut p = picture();
        let call = json!({"callId": 11, "status": 0, "primary": 0, "idents": [1, 2], "notes": []});
        let applied = p.apply(&event("EVENT_DISPATCH_NEW", json!({"eventOriginIdent": 1, "dispatch": call})));
        assert!(applied.calls);
        assert_eq!(p.calls[&10]["idents"], json!([]), "unit 1 left call 10");
        p.apply(&event("EVENT_DISPATCH_UNIT_ATTACH", json!({"callId": 10, "ident": 3})));
        assert_eq!((p.calls[&10]["idents"].clone(), p.calls[&10]["primary"].clone()), (json!([3]), json!(1)));
        p.apply(&event("EVENT_DISPATCH_UNIT_ATTACH", json!({"callId": 11, "idents": [3]})));
        assert_eq!(p.calls[&11]["idents"], json!([1, 2, 3]));
        assert_eq!(p.calls[&10]["idents"], json!([]));
        p.apply(&event("EVENT_DISPATCH_UNIT_DETACH", json!({"callId": 11, "idents": [2]})));
        assert_eq!(p.calls[&11]["idents"], json!([1, 3]));
        // A detach names the call: a unit named but on another call stays there.
        p.apply(&event("EVENT_DISPATCH_UNIT_ATTACH", json!({"callId": 10, "idents": [2]})));
        p.apply(&event("EVENT_DISPATCH_UNIT_DETACH", json!({"callId": 11, "idents": [2]})));
        assert_eq!(p.calls[&10]["idents"], json!([2]));
        p.apply(&event("EVENT_DISPATCH_UNIT_DETACH", json!({"callId": 10, "idents": [2]})));
        let note = json!({"time": "12:00:00", "label": "A-10", "type": "text", "content": "hi"});
        assert!(p.apply(&event("EVENT_DISPATCH_NOTE", json!({"callId": 11, "note": note}))).calls);
        assert!(!p.apply(&event("EVENT_DISPATCH_NOTE", json!({"callId": 11, "note": note}))).calls, "a note is held once");
        assert_eq!(p.apply(&event("EVENT_DISPATCH_NOTE", json!({"callId": 99, "note": note}))).unknown_calls, vec![99]);
        p.apply(&event("EVENT_DISPATCH_CLOSED", json!({"callIds": [11]})));
        assert!(!p.calls.contains_key(&11));
        // Own writes: the answers carry what changed.
        p.apply(&Change::Write("set_dispatch_postal_v2", json!({"callId": 10, "postal": "101"})));
        p.apply(&Change::Write("attach_units_to_dispatch_call_v2", json!({"callId": 10, "identIds": [2]})));
        p.apply(&Change::Write("set_dispatch_primary_v2", json!({"callId": 10, "identId": 2, "trackPrimary": true})));
        assert_eq!((p.calls[&10]["postal"].clone(), p.calls[&10]["primary"].clone()), (json!("101"), json!(2)));
        p.apply(&Change::Write("detach_units_from_dispatch_call_v2", json!({"identIds": [2]})));
        assert_eq!(p.calls[&10]["idents"], json!([]));
        assert!(p.apply(&Change::Write("add_dispatch_note_v2", json!({"callId": 10, "note": "x"}))).calls_stale);
        p.apply(&Change::Write("update_dispatch_call_v2", json!({"callId": 10, "status": 2})));
        assert!(p.calls.is_empty());
        // 911 calls.
        let e911 =
            json!([{"call": {"callId": 5, "isEmergency": true, "caller": "A", "location": "B", "description": "C"}, "metaData": {}}]);
        p.apply(&event("EVENT_911", e911));
        assert_eq!(p.emergency[&5]["caller"], "A");
        p.apply(&event("EVENT_REMOVE_911", json!({"callIds": [5]})));
        assert!(p.emergency.is_empty());
    }

    #[test]
    fn positions_the_game_pushes_move_the_units_they_name() {
        let mut p = picture();
        let fields = json!({"communityUserId": "license:unit2", "location": "Vinewood", "coordinates": {"x": 1.0, "y": 2.0}});
        assert!(p.apply(&Change::Location(fields.as_object().unwrap().clone())).units);
        assert_eq!((p.units[&2]["location"].clone(), p.units[&2]["coordinates"]["x"].clone()), (json!("Vinewood"), json!(1.0)));
        let by_id = json!({"identId": 3, "location": "Paleto"});
        p.apply(&Change::Location(by_id.as_object().unwrap().clone()));
        assert_eq!(p.units[&3]["location"], "Paleto");
    }
}
