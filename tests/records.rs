//! Records, lookups and civilian characters (v2). Each operation's wire format from its
//! page's example, checked by a server that only records; its rules, checked before anything
//! is sent; its pacing against the page; and round trips on the mock, where what one
//! operation writes the others read.

mod common;

use common::*;
use serde_json::{json, Map, Value};
use sonoran::models::{
    DependencyType, FieldType, Lookup, Record, RecordContent, RecordTarget, RecordType, SectionCategory, DATE_MASKS, UID_FORBIDDEN,
};
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;
use sonoran_mock::{Fault, FaultKind, MockOptions, RateLimit, JOHN_UUID};

const NIL_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// The custom record reference's examples (records/README.md): its dictionary replacement, a
/// checkboxes value and each premade section's data under its first field's uid, and its
/// whole record structure, each sent as written.
fn reference_cases() -> Vec<PageCase<String>> {
    let same =
        |op: &'static str, method: &'static str, path: &str, body: Value| (op, body.clone(), method, path.to_string(), None, Some(body));
    vec![
        // The custom record reference (records/README.md): its dictionary replacement, a
        // checkboxes value and each premade section's data under its first field's uid, and
        // its whole record structure, all sent as written.
        same("create_record_v2", "POST", "/v2/general/records", with_target(dictionary_example())),
        (
            "update_record_v2",
            with(json!({"recordId": 451, "templateId": 120}), without(dictionary_example(), "recordTypeId")),
            "PATCH",
            "/v2/general/records/451".into(),
            None,
            Some(with(json!({"templateId": 120}), without(dictionary_example(), "recordTypeId"))),
        ),
        same(
            "create_record_v2",
            "POST",
            "/v2/general/records",
            with_target(json!({"useDictionary": true, "recordTypeId": 120, "replaceValues": premade_values()})),
        ),
        same(
            "send_record_draft_v2",
            "POST",
            "/v2/general/record-drafts",
            json!({"recordTypeId": 120, "replaceValues": premade_values(), "communityUserId": "player-1234"}),
        ),
        same("create_record_v2", "POST", "/v2/general/records", with_target(json!({"record": structure_example()}))),
        same("create_record_v2", "POST", "/v2/general/records", with_target(json!({"record": premade_record()}))),
    ]
}

fn with(mut params: Value, extra: Value) -> Value {
    params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    params
}

fn without(mut params: Value, key: &str) -> Value {
    params.as_object_mut().unwrap().remove(key);
    params
}

fn with_target(params: Value) -> Value {
    with(json!({"communityUserId": "player-1234"}), params)
}

/// The reference's Dictionary Replacement example.
fn dictionary_example() -> Value {
    json!({
        "useDictionary": true,
        "recordTypeId": 120,
        "replaceValues": {
            "case_number": "SC-2026-001",
            "summary": "Vehicle stopped after a traffic violation.",
            "risk_flags": {"flags": ["ARMED"]}
        }
    })
}

/// The reference's Premade Section Data, each under a first field's uid.
fn premade_values() -> Value {
    json!({
        "flags": {"flags": ["ARMED", "VIOLENT"]},
        "speed": {"vehicleSpeed": "75", "speedLimit": "55", "paceType": "RADAR", "date": "2026/08/31", "time": "14:30", "fine": 250},
        "charges": {"charges": [{
            "arrestCharge": "Reckless Driving", "arrestChargeType": "Misdemeanor", "arrestChargeCounts": 1,
            "arrestChargeCode": "TRF-101", "arrestBondType": "Cash", "arrestBondAmount": 500, "jailTime": "0"
        }]},
        "links": {"records": [{"link": 451, "type": 9, "label": "Incident Report #451"}]}
    })
}

/// The reference's Record Structure example.
fn structure_example() -> Value {
    let no_dependency = json!({"type": "", "fid": "", "acceptableValues": []});
    json!({
        "recordTypeId": 120, "id": 451, "syncUniqueId": "", "syncId": "", "name": "Incident Report", "img": "", "type": 9,
        "sections": [{
            "category": 0, "label": "Report Details",
            "fields": [{
                "type": "text", "label": "Case Number", "value": "SC-2026-001", "size": 6, "data": {}, "options": [],
                "isPreviewed": true, "isSupervisor": false, "isRequired": true, "unique": false, "readOnly": false, "mask": "",
                "maskReverse": false, "dbMap": false, "isFromSync": false, "uid": "case_number", "dependency": no_dependency,
                "placeholder": ""
            }],
            "searchCiv": false, "searchVeh": false, "enableDuplicate": false, "isDuplicate": false, "dependency": no_dependency
        }],
        "previewFields": []
    })
}

/// A record with each premade section of the reference, and a custom section with a field of
/// each type whose rules it gives (status, checkboxes, label, date, a unit field), one shown
/// by a dependency on the status.
fn premade_record() -> Value {
    let premade = |category: i64, label: &str, uid: &str, data: Value| json!({"category": category, "label": label, "fields": [{"uid": uid, "data": data}]});
    json!({
        "type": 4, "name": "License",
        "sections": [
            {"category": 0, "label": "License", "fields": [
                {"type": "status", "label": "Status", "value": "2", "uid": "status"},
                {"type": "checkboxes", "label": "Endorsements", "options": ["OPTION A", "OPTION B"], "data": {"flags": ["OPTION A"]}, "uid": "endorsements"},
                {"type": "label", "label": "Notice", "data": {"color": "#ff0000", "size": 50}, "uid": "notice"},
                {"type": "date", "label": "Expires", "mask": "MM/DD/YYYY", "value": "08/31/2027", "uid": "expires"},
                {"type": "UNIT_NUMBER", "label": "Issued by", "value": "", "uid": "issued_by", "readOnly": true},
                {"type": "textarea", "label": "Reason", "value": "", "uid": "reason",
                 "dependency": {"type": "EQUAL", "fid": "status", "acceptableValues": ["2"]}}
            ]},
            premade(1, "Flags", "flags", json!({"flags": ["ARMED", "VIOLENT"]})),
            premade(5, "Speed", "speed", premade_values()["speed"].clone()),
            premade(6, "Charges", "charges", premade_values()["charges"].clone()),
            premade(9, "Linked Records", "links", json!({"records": [{"link": "sync-451", "type": 9, "label": "Incident Report #451"}]})),
            premade(10, "Diagram", "diagram", json!({"diagram": {"version": "5.3.0", "objects": []}, "img": "https://example.com/d.png"}))
        ]
    })
}

#[test]
fn the_custom_record_references_examples_go_out_as_written() {
    assert_sent_as_documented(&reference_cases(), 3);
}

#[test]
fn every_operation_sends_its_pages_example_as_the_page_documents() {
    assert_sent_as_documented(&pages::records(), 14);
}

#[test]
fn each_operation_is_paced_at_its_pages_limit_and_reads_alone_are_retried() {
    let pages = [
        ("lookup_v2", 30, true),
        ("lookup_by_value_v2", 30, true),
        ("lookup_custom_v2", 30, true),
        ("create_record_v2", 30, false),
        ("update_record_v2", 10, false),
        ("remove_record_v2", 10, false),
        ("get_templates_v2", 10, true),
        ("send_record_draft_v2", 10, false),
        ("get_characters_v2", 10, true),
        ("remove_character_v2", 10, false),
        ("set_selected_character_v2", 10, false),
        ("get_character_links_v2", 10, true),
        ("add_character_link_v2", 10, false),
        ("remove_character_link_v2", 10, false),
    ];
    assert_paced_as_documented(&pages);
    // Over the wire: a read goes again after a 503, a write never does.
    let (mock, client) = mock();
    let down = || FaultKind::Status { status: 503, body: String::new(), retry_after: None, json: false };
    mock.set_fault("lookup_v2", Fault::times(down(), 1));
    let before = mock.request_count();
    client.call("lookup_v2", &json!({"plate": "ABC123"})).expect("retried once");
    assert_eq!(mock.request_count() - before, 2);
    for kind in [down(), FaultKind::Reset] {
        mock.set_fault("create_record_v2", Fault::always(kind.clone()));
        let before = mock.request_count();
        let params = json!({"accountUuid": JOHN_UUID, "useDictionary": true, "recordTypeId": 12, "replaceValues": {"case_number": "X"}});
        client.call("create_record_v2", &params).expect_err("the fault");
        assert_eq!(mock.request_count() - before, 1, "{kind:?}: a record write is not resent");
    }
}

#[test]
fn the_mock_keeps_each_routes_limit_30_for_lookups_and_creation_10_elsewhere() {
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..Default::default() });
    for _ in 0..30 {
        assert_eq!(client.call("lookup_v2", &json!({"plate": "ABC123"})).unwrap().status, 200);
    }
    let err = client.call("lookup_v2", &json!({"plate": "ABC123"})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::RateLimited, Some(429)));
    // Another lookup route keeps its own budget.
    assert_eq!(client.call("lookup_custom_v2", &json!({"map": "vehicle", "value": "ABC123"})).unwrap().status, 200);
    for _ in 0..10 {
        client.call("get_templates_v2", &json!({})).unwrap();
    }
    assert_eq!(
        client.call("get_templates_v2", &json!({"recordTypeId": 5})).unwrap_err().status,
        Some(429),
        "one budget for both template paths"
    );
}

#[test]
fn bad_values_are_refused_naming_the_field_before_anything_is_sent() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let record = json!({"type": 9, "name": "R", "sections": []});
    refused(&client, "lookup_v2", json!({"mi": "", "plate": " "}), "plate");
    refused(&client, "lookup_v2", json!({}), "first");
    refused(&client, "lookup_v2", json!({"plate": "A", "types": [1, "x"]}), "types[1]");
    refused(&client, "lookup_v2", json!({"plate": "A", "partial": "yes"}), "partial");
    refused(&client, "lookup_v2", json!({"plate": "A", "notifyDiscord": "1", "notifyCommunityUserId": "p"}), "notify");
    refused(&client, "lookup_v2", json!({"plate": "A", "notifyAccountUuid": "nope"}), "notifyAccountUuid");
    refused(&client, "lookup_v2", json!({"plate": "A", "vin": "1"}), "vin");
    refused(&client, "lookup_by_value_v2", json!({"value": "451"}), "searchType");
    refused(&client, "lookup_by_value_v2", json!({"searchType": "NUMBER", "value": ""}), "value");
    refused(&client, "lookup_custom_v2", json!({"value": "D1"}), "map");
    refused(&client, "create_record_v2", json!({"recordTypeId": 7, "replaceValues": {}}), "communityUserId");
    refused(&client, "create_record_v2", json!({"communityUserId": "p", "discord": "1", "record": record}), "exactly one");
    refused(&client, "create_record_v2", json!({"communityUserId": "p"}), "recordTypeId");
    refused(&client, "create_record_v2", json!({"communityUserId": "p", "recordTypeId": 7}), "replaceValues");
    refused(
        &client,
        "create_record_v2",
        json!({"communityUserId": "p", "recordTypeId": 7, "replaceValues": {}, "record": record}),
        "record",
    );
    refused(&client, "create_record_v2", json!({"communityUserId": "p", "useDictionary": true, "record": record}), "useDictionary");
    refused(&client, "create_record_v2", json!({"communityUserId": "p", "recordTypeId": 0, "replaceValues": {}}), "recordTypeId");
    refused(
        &client,
        "create_record_v2",
        json!({"communityUserId": "p", "recordTypeId": 7, "replaceValues": {"first": {"a": 1}}}),
        "replaceValues.first",
    );
    refused(&client, "create_record_v2", json!({"communityUserId": "p", "record": "text"}), "record");
    refused(&client, "update_record_v2", json!({"templateId": 12, "replaceValues": {}}), "recordId");
    refused(&client, "update_record_v2", json!({"recordId": "abc", "templateId": 12, "replaceValues": {}}), "recordId");
    refused(&client, "update_record_v2", json!({"recordId": 1, "templateId": 12}), "replaceValues");
    refused(&client, "update_record_v2", json!({"recordId": 1, "templateId": 12, "recordTypeId": 12, "replaceValues": {}}), "recordTypeId");
    refused(&client, "update_record_v2", json!({"recordId": 1, "roblox": 1, "discord": "2", "record": record}), "discord");
    refused(&client, "remove_record_v2", json!({}), "recordId");
    refused(&client, "remove_record_v2", json!({"recordId": -3}), "recordId");
    refused(&client, "get_templates_v2", json!({"recordTypeId": "x"}), "recordTypeId");
    refused(&client, "send_record_draft_v2", json!({"replaceValues": {}}), "recordTypeId");
    refused(
        &client,
        "send_record_draft_v2",
        json!({"recordTypeId": 12, "accountUuid": NIL_UUID, "communityUserId": "p"}),
        "communityUserId",
    );
    refused(&client, "get_characters_v2", json!({}), "exactly one");
    refused(&client, "get_characters_v2", json!({"accountUuid": "not-a-uuid"}), "accountUuid");
    refused(&client, "remove_character_v2", json!({"characterId": "x"}), "characterId");
    refused(&client, "set_selected_character_v2", json!({"communityUserId": "p"}), "characterId");
    refused(&client, "set_selected_character_v2", json!({"characterId": "", "communityUserId": "p"}), "characterId");
    refused(&client, "get_character_links_v2", json!({"roblox": 1, "discord": "2"}), "exactly one");
    refused(&client, "add_character_link_v2", json!({"communityUserId": "p"}), "syncId");
    refused(&client, "add_character_link_v2", json!({"syncId": "citizen:1"}), "exactly one");
    refused(&client, "remove_character_link_v2", json!({"syncId": " ", "communityUserId": "p"}), "syncId");
    assert!(server.requests().is_empty(), "nothing was sent");
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array().expect("a list").iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

fn field<'a>(record: &'a Value, uid: &str) -> &'a Value {
    record["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap())
        .find(|f| f["uid"] == uid)
        .map(|f| &f["value"])
        .unwrap_or(&Value::Null)
}

#[test]
fn a_vehicle_registration_is_found_by_plate_until_it_is_deleted() {
    let (_mock, client) = mock();
    let created = data(
        &client,
        "create_record_v2",
        json!({
            "communityUserId": "license:abc123", "useDictionary": true, "recordTypeId": 5,
            "replaceValues": {"plate": "RT 001", "model": "Sultan", "first": "John", "last": "Doe"}
        }),
    );
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        (created["recordTypeId"].as_i64(), created["type"].as_i64(), created["name"].as_str()),
        (Some(5), Some(5), Some("Vehicle Registration"))
    );
    assert_eq!(field(&created, "plate"), "RT 001");
    assert_eq!(field(&created, "model"), "Sultan");
    let plate = |plate: &str, partial: bool| ids(&data(&client, "lookup_v2", json!({"plate": plate, "types": [5], "partial": partial})));
    assert_eq!(plate("rt 001", false), vec![id], "whole plate, any case");
    assert_eq!(plate("RT", true), vec![id], "partial");
    assert!(plate("RT", false).is_empty(), "not partial: the whole value");
    assert_eq!(ids(&data(&client, "lookup_by_value_v2", json!({"searchType": "plate", "value": "RT 001"}))), vec![id]);
    assert_eq!(ids(&data(&client, "lookup_custom_v2", json!({"map": "vehicle", "value": "RT 001", "types": [5]}))), vec![id]);
    // A name lookup finds the seeded character and both registrations of John Doe.
    assert_eq!(ids(&data(&client, "lookup_v2", json!({"first": "john", "last": "Doe", "types": [5, 7]}))), vec![2451, 501, id]);
    // Update: the new plate is found, the old is not; the record keeps its other fields.
    let updated = data(
        &client,
        "update_record_v2",
        json!({"recordId": id, "useDictionary": true, "templateId": 5, "replaceValues": {"plate": "RT 002"}}),
    );
    assert_eq!(
        (updated["id"].as_i64(), field(&updated, "plate").as_str(), field(&updated, "model").as_str()),
        (Some(id), Some("RT 002"), Some("Sultan"))
    );
    assert!(plate("RT 001", false).is_empty());
    assert_eq!(plate("RT 002", false), vec![id]);
    // Another registration's plate is taken: 409, and nothing changes.
    let err = client.call("update_record_v2", &json!({"recordId": id, "templateId": 5, "replaceValues": {"plate": "ABC123"}})).unwrap_err();
    assert_eq!(err.status, Some(409), "{err}");
    assert!(err.message.contains("ABC123"), "{err}");
    assert_eq!(plate("RT 002", false), vec![id]);
    let err = client
        .call("create_record_v2", &json!({"accountUuid": JOHN_UUID, "recordTypeId": 5, "replaceValues": {"plate": "rt 002"}}))
        .unwrap_err();
    assert_eq!(err.status, Some(409), "creation clashes too");
    // Delete: gone from lookups, and a second delete is a 404.
    assert_eq!(data(&client, "remove_record_v2", json!({"recordId": id})), json!({"recordId": id}));
    assert!(plate("RT 002", false).is_empty());
    assert_eq!(client.call("remove_record_v2", &json!({"recordId": id})).unwrap_err().status, Some(404));
    assert_eq!(
        client.call("update_record_v2", &json!({"recordId": id, "templateId": 5, "replaceValues": {}})).unwrap_err().status,
        Some(404)
    );
}

#[test]
fn templates_drafts_and_whole_records() {
    let (_mock, client) = mock();
    let all = data(&client, "get_templates_v2", json!({}));
    let types: Vec<i64> = all.as_array().unwrap().iter().map(|t| t["recordTypeId"].as_i64().unwrap()).collect();
    assert!(types.contains(&7) && types.contains(&5) && types.contains(&12), "{types:?}");
    let one = data(&client, "get_templates_v2", json!({"recordTypeId": 12}));
    assert_eq!((one["id"].as_i64(), one["name"].as_str(), one["type"].as_i64()), (Some(0), Some("Incident Report"), Some(9)));
    assert_eq!(one["sections"][0]["label"], "Report Details");
    assert_eq!(client.call("get_templates_v2", &json!({"recordTypeId": 999})).unwrap_err().status, Some(404));
    // A draft is the template filled in (placeholders with or without braces), not stored.
    let draft = data(
        &client,
        "send_record_draft_v2",
        json!({"recordTypeId": 12, "replaceValues": {"{{plate}}": "DR 1", "case_number": "SC-9"}, "accountUuid": JOHN_UUID}),
    );
    assert_eq!(
        (draft["id"].as_i64(), field(&draft, "plate").as_str(), field(&draft, "case_number").as_str()),
        (Some(0), Some("DR 1"), Some("SC-9"))
    );
    assert!(ids(&data(&client, "lookup_v2", json!({"plate": "DR 1"}))).is_empty());
    assert_eq!(
        client.call("send_record_draft_v2", &json!({"recordTypeId": 12, "communityUserId": "nobody"})).unwrap_err().status,
        Some(404)
    );
    // A whole record is stored as given, sections and unknown keys included.
    let sections =
        json!([{"category": 2, "label": "Narrative", "fields": [{"label": "Plate", "value": "WR 7", "uid": "plate", "size": 12}]}]);
    let whole = data(
        &client,
        "create_record_v2",
        json!({"accountUuid": JOHN_UUID, "record": {"type": 9, "name": "Traffic Stop", "sections": sections}}),
    );
    assert_eq!((whole["name"].as_str(), whole["sections"].clone()), (Some("Traffic Stop"), sections));
    assert_eq!(ids(&data(&client, "lookup_v2", json!({"plate": "wr 7"}))), vec![whole["id"].as_i64().unwrap()]);
    // Unknown accounts and templates are 404s, a missing target a 422.
    assert_eq!(
        client
            .call("create_record_v2", &json!({"communityUserId": "player-0000", "recordTypeId": 12, "replaceValues": {}}))
            .unwrap_err()
            .status,
        Some(404)
    );
    assert_eq!(
        client.call("create_record_v2", &json!({"accountUuid": JOHN_UUID, "recordTypeId": 99, "replaceValues": {}})).unwrap_err().status,
        Some(404)
    );
}

#[test]
fn characters_are_listed_selected_created_removed_and_linked() {
    let (_mock, client) = mock();
    let john = json!({"accountUuid": JOHN_UUID});
    let with = |extra: Value| {
        let mut params = john.clone();
        params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        params
    };
    let listed = data(&client, "get_characters_v2", json!({"communityUserId": "license:abc123"}));
    assert_eq!(ids(&listed), vec![2451, 2452, 42, 1042]);
    assert_eq!(
        (listed[0]["syncId"].as_str(), listed[0]["name"].as_str(), listed[0]["type"].as_i64()),
        (Some("citizen:1234"), Some("John Doe"), Some(7))
    );
    assert_eq!(field(&listed[0], "first_name"), "John");
    assert_eq!(data(&client, "get_characters_v2", json!({"roblox": 123456789})), listed, "the same account by its Roblox id");
    // Select by Sonoran id (number or text) and by linked sync id; another's or an unknown one is a 404.
    assert_eq!(
        data(&client, "set_selected_character_v2", with(json!({"characterId": 2452}))),
        json!({"accountUuid": JOHN_UUID, "characterId": 2452})
    );
    assert_eq!(data(&client, "set_selected_character_v2", with(json!({"characterId": "2451"})))["characterId"], "2451");
    assert_eq!(data(&client, "set_selected_character_v2", with(json!({"characterId": "citizen:5678"})))["characterId"], "citizen:5678");
    assert_eq!(client.call("set_selected_character_v2", &with(json!({"characterId": "citizen:9999"}))).unwrap_err().status, Some(404));
    assert_eq!(
        client.call("set_selected_character_v2", &json!({"communityUserId": "Steam:1234", "characterId": 2451})).unwrap_err().status,
        Some(404)
    );
    // A character created through records appears in the list; removing it takes it away.
    let created = data(
        &client,
        "create_record_v2",
        with(json!({"useDictionary": true, "recordTypeId": 7, "replaceValues": {"first": "Jim", "last": "Beam", "dob": "03/03/1990"}})),
    );
    let new_id = created["id"].as_i64().unwrap();
    assert_eq!(created["name"], "Jim Beam");
    assert_eq!(ids(&data(&client, "get_characters_v2", john.clone())), vec![2451, 2452, 42, 1042, new_id]);
    assert_eq!(data(&client, "remove_character_v2", json!({"characterId": new_id})), json!({"characterId": new_id}));
    assert_eq!(ids(&data(&client, "get_characters_v2", john.clone())), vec![2451, 2452, 42, 1042]);
    assert_eq!(
        client.call("remove_character_v2", &json!({"characterId": 501})).unwrap_err().status,
        Some(404),
        "a record that is not a character"
    );
    // Links: list, add (twice is one link), remove, remove again is a 404.
    assert_eq!(data(&client, "get_character_links_v2", john.clone()), json!(["citizen:1234", "citizen:5678", "CHAR_123"]));
    let added = data(&client, "add_character_link_v2", with(json!({"syncId": "citizen:42"})));
    assert_eq!(added, json!({"accountUuid": JOHN_UUID, "syncId": "citizen:42", "action": "ADD"}));
    data(&client, "add_character_link_v2", json!({"syncId": "citizen:42", "communityUserId": "license:abc123"}));
    assert_eq!(
        data(&client, "get_character_links_v2", json!({"roblox": "123456789"})),
        json!(["citizen:1234", "citizen:5678", "CHAR_123", "citizen:42"])
    );
    let removed = data(&client, "remove_character_link_v2", with(json!({"syncId": "citizen:1234"})));
    assert_eq!(removed["action"], "REMOVE");
    assert_eq!(data(&client, "get_character_links_v2", john.clone()), json!(["citizen:5678", "CHAR_123", "citizen:42"]));
    assert_eq!(client.call("remove_character_link_v2", &with(json!({"syncId": "citizen:1234"}))).unwrap_err().status, Some(404));
    assert_eq!(
        client.call("set_selected_character_v2", &with(json!({"characterId": "citizen:1234"}))).unwrap_err().status,
        Some(404),
        "unlinked"
    );
    assert_eq!(data(&client, "get_character_links_v2", json!({"discord": "274658103720132609"})), json!([]), "Brian has none");
    assert_eq!(client.call("get_character_links_v2", &json!({"communityUserId": "player-0000"})).unwrap_err().status, Some(404));
}

#[test]
fn the_typed_methods_keep_sections_fields_and_unknown_keys() {
    let (_mock, client) = mock();
    let john = RecordTarget::AccountUuid(JOHN_UUID.into());
    let mut values = Map::new();
    values.insert("plate".into(), json!("TY 1"));
    values.insert("color".into(), json!("Red"));
    let created = client.create_record_v2(&john, &RecordContent::Template { id: 5, values }).unwrap();
    assert_eq!((created.record_type_id, created.kind, created.value("plate").as_deref()), (Some(5), Some(5), Some("TY 1")));
    assert_eq!(created.sections.len(), 2);
    assert_eq!(created.sections[0].fields[2].label.as_deref(), Some("Color"));
    let found = client.lookup_v2(&Lookup { plate: Some("TY 1".into()), ..Default::default() }).unwrap();
    assert_eq!(found.iter().map(|r| r.id).collect::<Vec<_>>(), vec![created.id]);
    let mut change = Map::new();
    change.insert("color".into(), json!("Blue"));
    let updated = client.update_record_v2(created.id, None, &RecordContent::Template { id: 5, values: change }).unwrap();
    assert_eq!((updated.value("color").as_deref(), updated.value("plate").as_deref()), (Some("Blue"), Some("TY 1")));
    assert_eq!(client.lookup_by_value_v2("plate", "TY 1", &[5]).unwrap().len(), 1);
    assert_eq!(client.lookup_custom_v2("vehicle", "TY", &[], true).unwrap().len(), 1);
    assert_eq!(client.remove_record_v2(created.id).unwrap().record_id, created.id);
    // A whole record's unknown keys, in sections and fields, survive the round trip.
    let raw = json!({"type": 9, "name": "Raw", "sections": [{"category": 1, "label": "S", "color": "red", "fields": [{"label": "L", "value": 5, "uid": "u", "mask": "##"}]}]});
    let whole = client.create_record_v2(&john, &RecordContent::Whole(raw)).unwrap();
    assert_eq!(whole.sections[0].extra["color"], "red");
    assert_eq!(whole.sections[0].fields[0].extra["mask"], "##");
    assert_eq!(whole.value("u").as_deref(), Some("5"));
    assert_eq!(serde_json::to_value(&whole.sections[0]).unwrap()["color"], "red");
    let templates = client.get_templates_v2(None).unwrap();
    assert!(templates.iter().any(|t| t.record_type_id == Some(7)));
    assert_eq!(client.get_templates_v2(Some(12)).unwrap()[0].name.as_deref(), Some("Incident Report"));
    let draft = client.send_record_draft_v2(12, &Map::new(), Some(&john)).unwrap();
    assert_eq!(draft.id, 0);
    let characters = client.get_characters_v2(&john).unwrap();
    assert_eq!(characters[0].sync_id.as_deref(), Some("citizen:1234"));
    let selected = client.set_selected_character_v2(&john, json!("citizen:1234")).unwrap();
    assert_eq!((selected.account_uuid.as_deref(), selected.character_id.clone()), (Some(JOHN_UUID), json!("citizen:1234")));
    let link = client.add_character_link_v2("citizen:77", &john).unwrap();
    assert_eq!((link.sync_id.as_deref(), link.action.as_deref()), (Some("citizen:77"), Some("ADD")));
    assert!(client.get_character_links_v2(&john).unwrap().contains(&"citizen:77".to_string()));
    assert_eq!(client.remove_character_link_v2("citizen:77", &john).unwrap().action.as_deref(), Some("REMOVE"));
    assert_eq!(client.remove_character_v2(2452).unwrap().character_id, 2452);
}

/// A whole record for `create_record_v2` with one custom section holding `field`.
fn record_with_field(kind: i64, field: Value) -> Value {
    json!({"accountUuid": JOHN_UUID, "record": {"type": kind, "name": "R", "sections": [{"category": 0, "label": "S", "fields": [field]}]}})
}

#[test]
fn the_custom_record_reference_is_checked_before_sending_naming_the_field() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let whole = |record: Value| json!({"accountUuid": JOHN_UUID, "record": record});
    let field = |field: Value| record_with_field(9, field);
    const F: &str = "`record.sections[0].fields[0]";
    // Record types: only the live families.
    for kind in [0, 1, 6, 17, 99] {
        refused(
            &client,
            "create_record_v2",
            whole(json!({"type": kind, "name": "R", "sections": []})),
            "`record.type` must be a live record type",
        );
    }
    refused(&client, "create_record_v2", whole(json!({"type": "9", "sections": []})), "`record.type` must be an integer");
    refused(&client, "create_record_v2", whole(json!({"type": 9, "sections": {"label": "S"}})), "`record.sections` must be a list");
    refused(&client, "create_record_v2", whole(json!({"type": 9, "sections": ["S"]})), "`record.sections[0]` must be an object");
    refused(&client, "create_record_v2", whole(json!({"type": 9, "name": 9})), "`record.name` must be a string");
    // Section categories and their booleans.
    let section = |section: Value| whole(json!({"type": 9, "sections": [section]}));
    refused(
        &client,
        "create_record_v2",
        section(json!({"category": "0", "fields": []})),
        "`record.sections[0].category` must be an integer",
    );
    refused(&client, "create_record_v2", section(json!({"category": -1, "fields": []})), "`record.sections[0].category`");
    refused(&client, "create_record_v2", section(json!({"category": 0, "searchCiv": "yes"})), "`record.sections[0].searchCiv`");
    // Premade sections' data in fields[0].data.
    let premade = |category: i64, data: Value| section(json!({"category": category, "fields": [{"uid": "p", "data": data}]}));
    refused(&client, "create_record_v2", premade(1, json!({"flags": "ARMED"})), "`record.sections[0].fields[0].data.flags` must be a list");
    refused(
        &client,
        "create_record_v2",
        premade(1, json!({"flags": [1]})),
        "`record.sections[0].fields[0].data.flags[0]` must be a string",
    );
    refused(&client, "create_record_v2", premade(6, json!({"charges": ["Reckless"]})), "`record.sections[0].fields[0].data.charges[0]`");
    refused(
        &client,
        "create_record_v2",
        premade(9, json!({"records": [{"link": {"id": 451}}]})),
        "`record.sections[0].fields[0].data.records[0].link`",
    );
    refused(
        &client,
        "create_record_v2",
        premade(9, json!({"records": [{"link": 451, "type": "report"}]})),
        "`record.sections[0].fields[0].data.records[0].type`",
    );
    refused(&client, "create_record_v2", premade(10, json!({"diagram": "canvas"})), "`record.sections[0].fields[0].data.diagram`");
    refused(&client, "create_record_v2", premade(5, json!("75 mph")), "`record.sections[0].fields[0].data` must be an object");
    // Field types, spelled exactly.
    refused(&client, "create_record_v2", field(json!({"type": "Text", "uid": "a"})), &format!("{F}.type` must be spelled `text`"));
    refused(
        &client,
        "create_record_v2",
        field(json!({"type": "unit_number", "uid": "a"})),
        &format!("{F}.type` must be spelled `UNIT_NUMBER`"),
    );
    refused(&client, "create_record_v2", field(json!({"type": "dropdown", "uid": "a"})), &format!("{F}.type` must be a field type"));
    refused(&client, "create_record_v2", field(json!({"type": 1, "uid": "a"})), &format!("{F}.type` must be a string"));
    // Uids: no `'`, `#` or `-`.
    for uid in ["case-number", "case#1", "o'brien"] {
        refused(&client, "create_record_v2", field(json!({"type": "text", "uid": uid})), &format!("{F}.uid` must not hold"));
    }
    assert_eq!(UID_FORBIDDEN, &['\'', '#', '-']);
    // The other field properties.
    for size in [0, 13] {
        refused(
            &client,
            "create_record_v2",
            field(json!({"uid": "a", "size": size})),
            &format!("{F}.size` must be a grid width from 1 to 12"),
        );
    }
    refused(&client, "create_record_v2", field(json!({"uid": "a", "isRequired": 1})), &format!("{F}.isRequired` must be true or false"));
    refused(&client, "create_record_v2", field(json!({"uid": "a", "options": "A, B"})), &format!("{F}.options` must be a list"));
    refused(&client, "create_record_v2", field(json!({"uid": "a", "value": {"text": "x"}})), &format!("{F}.value` must be text"));
    refused(&client, "create_record_v2", field(json!({"uid": "a", "value": ["x"]})), "structured values go in `data`");
    refused(
        &client,
        "create_record_v2",
        field(json!({"type": "checkboxes", "data": {"flags": "OPTION A"}})),
        &format!("{F}.data.flags` must be a list"),
    );
    refused(
        &client,
        "create_record_v2",
        field(json!({"type": "label", "data": {"size": 4}})),
        &format!("{F}.data.size` must be a label size from 5 to 50"),
    );
    refused(&client, "create_record_v2", field(json!({"type": "label", "data": {"size": 51}})), &format!("{F}.data.size`"));
    refused(
        &client,
        "create_record_v2",
        field(json!({"type": "label", "data": {"color": 255}})),
        &format!("{F}.data.color` must be a string"),
    );
    refused(
        &client,
        "create_record_v2",
        field(json!({"type": "date", "mask": "YYYY-MM-DD"})),
        &format!("{F}.mask` of a `date` field must be one of"),
    );
    assert_eq!(DATE_MASKS, &["YYYY/MM/DD", "DD/MM/YYYY", "MM/DD/YYYY"]);
    // Status strings, by record family: "2" (Rejected) only for licenses, registrations, DMV.
    refused(
        &client,
        "create_record_v2",
        record_with_field(2, json!({"type": "status", "value": "2"})),
        &format!("{F}.value` of a `status` field of a Warrant record"),
    );
    refused(
        &client,
        "create_record_v2",
        record_with_field(9, json!({"type": "status", "value": "Closed"})),
        "\"0\" (Active/Open), \"1\" (Closed)",
    );
    refused(&client, "create_record_v2", record_with_field(4, json!({"type": "status", "value": "3"})), "\"2\" (Rejected)");
    // Dependencies, of fields and of sections.
    let dependency = |dependency: Value| field(json!({"uid": "a", "dependency": dependency}));
    refused(
        &client,
        "create_record_v2",
        dependency(json!({"type": "equal", "fid": "status", "acceptableValues": ["1"]})),
        "(spelled `EQUAL`)",
    );
    refused(
        &client,
        "create_record_v2",
        dependency(json!({"type": "GREATER", "fid": "status", "acceptableValues": ["1"]})),
        &format!("{F}.dependency.type` must be `EQUAL`, `NOTEQUAL`, `CONTAINS` or empty"),
    );
    refused(
        &client,
        "create_record_v2",
        dependency(json!({"type": "EQUAL", "fid": "risk-level", "acceptableValues": ["1"]})),
        &format!("{F}.dependency.fid` must not hold `-`"),
    );
    refused(
        &client,
        "create_record_v2",
        dependency(json!({"type": "EQUAL", "fid": "status", "acceptableValues": "1"})),
        &format!("{F}.dependency.acceptableValues` must be a list"),
    );
    refused(&client, "create_record_v2", dependency(json!("status = 1")), &format!("{F}.dependency` must be an object"));
    refused(
        &client,
        "create_record_v2",
        section(json!({"category": 0, "dependency": {"type": "NOT", "fid": "", "acceptableValues": []}})),
        "`record.sections[0].dependency.type`",
    );
    // The same rules on update.
    refused(
        &client,
        "update_record_v2",
        json!({"recordId": 451, "record": {"type": 9, "sections": [{"fields": [{"type": "TEXT"}]}]}}),
        "`record.sections[0].fields[0].type` must be spelled `text`",
    );
    // Dictionary replacement: keys are uids; values text or section data.
    let values = |values: Value| json!({"accountUuid": JOHN_UUID, "recordTypeId": 120, "replaceValues": values});
    for key in ["case-number", "case#", "o'brien"] {
        refused(&client, "create_record_v2", values(json!({key: "x"})), &format!("`replaceValues.{key}` cannot name a field"));
    }
    refused(&client, "create_record_v2", values(json!({"risk_flags": ["ARMED"]})), "`replaceValues.risk_flags` must be text or an object");
    refused(
        &client,
        "create_record_v2",
        values(json!({"risk_flags": {"flags": "ARMED"}})),
        "`replaceValues.risk_flags.flags` must be a list",
    );
    refused(
        &client,
        "create_record_v2",
        values(json!({"charges": {"charges": "Reckless"}})),
        "`replaceValues.charges.charges` must be a list",
    );
    refused(&client, "create_record_v2", values(json!({"links": {"records": [{"link": [451]}]}})), "`replaceValues.links.records[0].link`");
    refused(
        &client,
        "create_record_v2",
        values(json!({"diagram": {"diagram": {}, "img": ""}})),
        "`replaceValues.diagram` is diagram data, which dictionary mode does not replace",
    );
    refused(&client, "create_record_v2", values(json!({"summary": null})), "`replaceValues.summary` must be text");
    refused(
        &client,
        "update_record_v2",
        json!({"recordId": 451, "templateId": 120, "replaceValues": {"case-number": "x"}}),
        "`replaceValues.case-number`",
    );
    refused(
        &client,
        "send_record_draft_v2",
        json!({"recordTypeId": 120, "replaceValues": {"{{case-number}}": "x"}}),
        "`replaceValues.{{case-number}}`",
    );
    assert!(server.requests().is_empty(), "nothing refused was sent");
}

#[test]
fn what_the_reference_allows_is_sent_with_field_values_as_text() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    let sent = |op: &str, params: Value| {
        client.call(op, &params).unwrap_or_else(|e| panic!("{op}: {e}"));
        server.requests().last().unwrap().json()
    };
    // Every live record type, every field type as spelled, every dependency type.
    for (_, kind) in RecordType::NAMES {
        sent("create_record_v2", json!({"accountUuid": JOHN_UUID, "record": {"type": kind, "sections": []}}));
    }
    for name in FieldType::NAMES {
        sent("create_record_v2", record_with_field(9, json!({"type": name, "uid": "a"})));
    }
    for name in DependencyType::NAMES {
        sent(
            "create_record_v2",
            record_with_field(9, json!({"uid": "a", "dependency": {"type": name, "fid": "b", "acceptableValues": []}})),
        );
    }
    // Older section categories, still in records read from the API, may be written back.
    let legacy = json!({"accountUuid": JOHN_UUID, "record": {"type": 7, "sections": [{"category": 3, "label": "Civilian", "fields": []}]}});
    assert_eq!(sent("create_record_v2", legacy.clone())["record"], legacy["record"]);
    // A status "2" is Rejected for licenses, registrations and DMV records.
    for kind in [4, 5, 14] {
        sent("create_record_v2", record_with_field(kind, json!({"type": "status", "value": "2"})));
    }
    // Field values are text: numbers and booleans are sent as their text (a status 1 is "1").
    let body = sent("create_record_v2", record_with_field(2, json!({"type": "status", "value": 1, "uid": "status"})));
    assert_eq!(body["record"]["sections"][0]["fields"][0]["value"], "1");
    let body = sent(
        "update_record_v2",
        json!({"recordId": 451, "record": {"type": 9, "sections": [{"fields": [{"uid": "n", "value": 12.5}, {"uid": "b", "value": true}]}]}}),
    );
    assert_eq!(body["record"]["sections"][0]["fields"][0]["value"], "12.5");
    assert_eq!(body["record"]["sections"][0]["fields"][1]["value"], "true");
    let body =
        sent("send_record_draft_v2", json!({"recordTypeId": 120, "replaceValues": {"fine": 250, "armed": false, "{{plate}}": "ABC123"}}));
    assert_eq!(body["replaceValues"], json!({"fine": "250", "armed": "false", "{{plate}}": "ABC123"}));
    // Lua's empty tables: an empty object for `data`, an empty list for `options`.
    let body = sent("create_record_v2", record_with_field(9, json!({"type": "text", "uid": "a", "data": [], "options": {}})));
    assert_eq!(body["record"]["sections"][0]["fields"][0]["data"], json!([]), "sent as given");
}

#[test]
fn whole_records_of_the_reference_round_trip_through_the_mock_and_the_typed_models() {
    let (mock, client) = mock();
    let john = RecordTarget::AccountUuid(JOHN_UUID.into());
    let created = client.create_record_v2(&john, &RecordContent::Whole(premade_record())).unwrap();
    assert_eq!((created.kind, created.record_type()), (Some(4), Some(RecordType::License)));
    let categories: Vec<Option<SectionCategory>> = created.sections.iter().map(|s| s.section_category()).collect();
    use SectionCategory::*;
    assert_eq!(categories, [Custom, Flags, Speed, Charges, RecordLink, Diagram].map(Some).to_vec());
    let custom = &created.sections[0];
    let kinds: Vec<Option<FieldType>> = custom.fields.iter().map(|f| f.kind.clone()).collect();
    use FieldType::*;
    assert_eq!(kinds, [Status, Checkboxes, Label, Date, UnitNumber, Textarea].map(Some).to_vec());
    assert_eq!(created.value("status").as_deref(), Some("2"));
    assert_eq!(RecordType::License.statuses().iter().find(|(v, _)| *v == "2").map(|(_, m)| *m), Some("Rejected"));
    assert_eq!(custom.fields[1].flags(), vec!["OPTION A".to_string()]);
    let rule = custom.fields[5].dependency().expect("a dependency");
    assert_eq!(
        (rule.dependency_type(), rule.fid.as_str(), rule.acceptable_values.clone()),
        (DependencyType::Equal, "status", vec!["2".to_string()])
    );
    assert!(rule.is_set());
    assert_eq!(created.sections[1].premade_data(), Some(&json!({"flags": ["ARMED", "VIOLENT"]})));
    assert_eq!(created.sections[4].premade_data().unwrap()["records"][0]["link"], "sync-451");
    // What was read is written back as it is: the whole record, field types included.
    let mut back = serde_json::to_value(&created).unwrap();
    assert_eq!(back["sections"][0]["fields"][0]["type"], "status");
    back.as_object_mut().unwrap().remove("id");
    let updated = client.update_record_v2(created.id, None, &RecordContent::Whole(back)).unwrap();
    assert_eq!(updated.sections, created.sections);
    // The reference's structure, its empty dependencies and previewFields included.
    let example = client.create_record_v2(&john, &RecordContent::Whole(structure_example())).unwrap();
    assert_eq!(example.record_type(), Some(RecordType::PoliceReport));
    assert_eq!(example.sync_unique_id.as_deref(), Some(""));
    assert_eq!(example.preview_fields, Some(Vec::new()));
    let field = &example.sections[0].fields[0];
    assert_eq!((field.kind.clone(), field.uid.as_deref(), field.text().as_deref()), (Some(Text), Some("case_number"), Some("SC-2026-001")));
    let none = field.dependency().expect("an empty dependency");
    assert_eq!((none.dependency_type(), none.is_set()), (DependencyType::Unset, false));
    // A refused record never reaches the mock.
    let before = mock.request_count();
    let bad = RecordContent::Whole(json!({"type": 4, "sections": [{"fields": [{"type": "status", "value": "Approved"}]}]}));
    let err = client.update_record_v2(created.id, None, &bad).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("`record.sections[0].fields[0].value`"), "{err}");
    assert_eq!(mock.request_count(), before, "nothing was sent");
}

#[test]
fn a_lookups_light_answer_is_read_through_its_preview_fields() {
    let light = json!([{
        "recordTypeId": 120, "id": 451, "name": "Incident Report", "type": 9, "sections": [],
        "previewFields": [
            {"uid": "case_number", "label": "Case Number", "type": "text", "value": "SC-2026-001", "category": 0},
            {"uid": "risk_flags", "label": "Flags", "type": "checkboxes", "value": "", "category": 1, "data": {"flags": ["ARMED"]}}
        ]
    }]);
    let (_server, client) = recorder(Canned::json(200, &light.to_string()));
    let found = client.lookup_by_value_v2("NUMBER", "451", &[120]).unwrap();
    let record: &Record = &found[0];
    assert!(record.sections.is_empty());
    assert_eq!(record.value("case_number").as_deref(), Some("SC-2026-001"), "read from the preview fields");
    let preview = record.preview("risk_flags").unwrap();
    assert_eq!(
        (preview.kind.clone(), preview.category, preview.extra["data"]["flags"][0].as_str()),
        (Some(FieldType::Checkboxes), Some(1), Some("ARMED"))
    );
    assert_eq!(record.preview_fields.as_ref().map(Vec::len), Some(2));
    assert_eq!(record.value("missing"), None);
    // A field type this version does not know is kept as sent.
    let odd: Record = serde_json::from_value(json!({"sections": [{"fields": [{"type": "signature", "uid": "s"}]}]})).unwrap();
    assert_eq!(odd.sections[0].fields[0].kind, Some(FieldType::Other("signature".into())));
    assert_eq!(serde_json::to_value(&odd.sections[0].fields[0]).unwrap()["type"], "signature");
}
