//! Push events: the catalog of every documented event type with its page's example `data`
//! (as valid JSON). The mock sends them as Sonoran CAD does (`MockServer::emit`): over an
//! authenticated hub session for the target server (`pushEvent`) when there is one, else as
//! an HTTP `POST` to the server's listener (`http://<mapIp>:<listenerPort>/sonorancad/event`),
//! loopback only.

use serde_json::Value;

/// Every push event type the pages document, in the pages' order, with the example `data`
/// of its page as JSON text (comments and trailing commas dropped, `"ident", "1"` pairs made
/// `"ident": "1"`, `000-000-000` made a string, the record events' empty `{}` record given a
/// small custom record). Where a page shows `data` as an array it stays one (`EVENT_DISPATCH_NEW`
/// and `EVENT_DISPATCH_EDIT` show key/value pairs inside brackets: an array of one object).
pub const DOCUMENTED: &[(&str, &str)] = &[
    ("EVENT_CHAR_SELECTED", r#"{"accId": "000-000-000", "id": 1}"#),
    ("EVENT_COMMUNITY_LINK_VERIFIED", r#"{"communityUserId": "license:abc123", "accountUuid": "00000000-0000-0000-0000-000000000000"}"#),
    ("EVENT_DISPATCH_UNIT_ATTACH", r#"{"eventOriginIdent": 123, "ident": 1, "idents": [123, 456], "callId": 111}"#),
    ("EVENT_DISPATCH_CLOSED", r#"{"eventOriginIdent": 123, "callIds": [1234, 5678]}"#),
    ("EVENT_DISPATCH_UNIT_DETACH", r#"{"eventOriginIdent": 123, "ident": 1, "idents": [123, 456], "callId": 123}"#),
    ("EVENT_DISPATCH_NEW", DISPATCH),
    (
        "EVENT_DISPATCH_NOTE",
        r#"{"callId": -1, "note": {"time": "12:00:00", "label": "A-10", "type": "text", "content": "Some message here!"}}"#,
    ),
    ("EVENT_DISPATCH_EDIT", DISPATCH),
    ("EVENT_DISPATCH_TOGGLE_BODYCAM", r#"{"ident": "1", "state": true}"#),
    (
        "EVENT_NEW_CALLOUT",
        r#"{"callout": {
            "calloutLocations": [{"x": 1234, "y": 5678, "z": 0}],
            "pedWeaponData": ["weapon_unarmed"],
            "pedActionOnNoActionFound": "none",
            "pedChanceToFleeFromPlayer": 0,
            "pedChanceToObtainWeapons": 0,
            "pedChanceToAttackPlayer": 0,
            "pedChanceToSurrender": 0
        }}"#,
    ),
    (
        "EVENT_911",
        r#"[{
            "call": {"callId": 1234, "isEmergency": true, "caller": "John Doe", "location": "1234 E Hawick Ave", "description": "This is a 911 call!"},
            "apiIds": ["Steam:1234", "11112222"],
            "communityUserId": "license:abc123",
            "metaData": {"someKey": "someValue"}
        }]"#,
    ),
    (
        "EVENT_PAGER_REBORN",
        r#"{"addresses": ["FIRE-1", "BATTALION-1"], "identIds": [12, 34], "nature": "Administrative", "body": "Respond to briefing room."}"#,
    ),
    ("EVENT_RECORD_ADD", RECORD),
    ("EVENT_RECORD_EDIT", RECORD),
    ("EVENT_RECORD_REMOVE", RECORD),
    ("EVENT_REMOVE_911", r#"[{"callIds": [1234, 5678]}]"#),
    ("EVENT_STREETSIGN_UPDATED", r#"{"signData": {"ids": [1, 2], "text1": "", "text2": "", "text3": ""}}"#),
    (
        "EVENT_STATION_ALERT",
        r#"{
            "locations": [{"name": "Fire Station One", "open": ["Door 1", "Door 2"], "close": ["Door 3"]}],
            "message": "Some TTS message here!",
            "colors": ["blue"],
            "tone": "tone1"
        }"#,
    ),
    (
        "EVENT_TONE",
        r#"{
            "url": "https://s3.sonoransoftware.com/someTone.mp3",
            "playTonesTo": [
                {"type": 1, "value": 123, "label": "Dispatch Call 123"},
                {"type": 3, "value": "Prescott PD", "label": "Prescott PD"}
            ]
        }"#,
    ),
    ("EVENT_UNIT_GROUP_ADD", r#"{"identId": 1, "identIds": [1, 2, 3], "groupName": "Ladder 61"}"#),
    ("EVENT_UNIT_GROUP_CHANGE_NAME", r#"{"identIds": [1, 2, 3], "oldName": "Some Old Group", "newName": "My New Group Name"}"#),
    ("EVENT_UNIT_GROUP_REMOVE", r#"{"identId": 1, "groupName": "Ladder 61"}"#),
    (
        "EVENT_UNIT_LOGIN",
        r#"[{
            "unit": {
                "id": -1,
                "accId": "123-456-7890",
                "status": 0,
                "isPanic": false,
                "location": "1234 E. Test Ave",
                "aop": "South District",
                "data": {
                    "apiIds": ["STEAM:1234"],
                    "unitNum": "A-10",
                    "name": "Brian Sosnowski",
                    "district": "Maricopa County",
                    "department": "MCSO",
                    "subdivision": "Speed Enforcement",
                    "rank": "CPT",
                    "group": "CAR 51",
                    "page": 0
                }
            },
            "isDispatch": false,
            "selfDispatch": false
        }]"#,
    ),
    ("EVENT_UNIT_LOGOUT", r#"[{"identId": 1}]"#),
    ("EVENT_UNIT_PANIC", r#"[{"identIds": [1, 2, 3], "isPanic": true}]"#),
    // The page's example has `"identIds": 1` (its text calls it an array); kept as shown.
    ("EVENT_UNIT_STATUS", r#"[{"identIds": 1, "status": 0}]"#),
];

/// `EVENT_DISPATCH_NEW` and `EVENT_DISPATCH_EDIT`: the same example.
const DISPATCH: &str = r#"[{
    "eventOriginIdent": 123,
    "dispatch": {
        "callId": -1,
        "origin": 0,
        "status": 0,
        "priority": 1,
        "block": "123",
        "address": "4234 E. Example Ave",
        "postal": "456",
        "title": "Traffic Stop",
        "code": "10-39 - Traffic Stop",
        "description": "Traffic Stop - Blue Sedan - XP123BS",
        "notes": "",
        "idents": [987, 123, 456],
        "metaData": {"origin911": 1}
    }
}]"#;

/// The record events: the pages show `{"record": {}}` (a custom record object); a small one.
const RECORD: &str = r#"{"record": {
    "id": 1,
    "recordTypeId": 7,
    "name": "Warrant",
    "fields": [
        {"uid": "first_name", "label": "First Name", "value": "John"},
        {"uid": "last_name", "label": "Last Name", "value": "Doe"},
        {"uid": "charge", "label": "Charge", "value": "22107 - Unsafe Lane Change"}
    ]
}}"#;

/// The example `data` of `event_type`'s page, if it is documented.
pub fn example(event_type: &str) -> Option<Value> {
    DOCUMENTED.iter().find(|(t, _)| *t == event_type).map(|(_, data)| serde_json::from_str(data).expect("every catalog entry is JSON"))
}

/// The catalog's event types, in order.
pub fn types() -> Vec<&'static str> {
    DOCUMENTED.iter().map(|(t, _)| *t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_entry_is_json_in_the_pages_shape() {
        assert_eq!(DOCUMENTED.len(), 26);
        let mut seen = std::collections::HashSet::new();
        for (event_type, data) in DOCUMENTED {
            assert!(seen.insert(*event_type), "{event_type} twice");
            let value: Value = serde_json::from_str(data).unwrap_or_else(|e| panic!("{event_type}: {e}"));
            assert!(value.is_object() || value.is_array(), "{event_type}");
            if let Some(items) = value.as_array() {
                assert!(items.len() == 1 && items[0].is_object(), "{event_type}");
            }
            assert_eq!(example(event_type), Some(value));
        }
        for array in [
            "EVENT_DISPATCH_NEW",
            "EVENT_DISPATCH_EDIT",
            "EVENT_911",
            "EVENT_REMOVE_911",
            "EVENT_UNIT_LOGIN",
            "EVENT_UNIT_LOGOUT",
            "EVENT_UNIT_PANIC",
            "EVENT_UNIT_STATUS",
        ] {
            assert!(example(array).unwrap().is_array(), "{array}");
        }
        assert_eq!(example("EVENT_DISPATCH_NEW").unwrap()[0]["eventOriginIdent"], 123);
        assert_eq!(example("EVENT_CHAR_SELECTED").unwrap()["accId"], "000-000-000");
        assert_eq!(example("EVENT_DISPATCH_TOGGLE_BODYCAM").unwrap()["ident"], "1");
        assert!(example("EVENT_RECORD_ADD").unwrap()["record"]["id"].is_number());
        assert_eq!(example("EVENT_NOPE"), None);
    }
}
