//! Records, lookups and civilian characters (v2). Each operation's wire format from its
//! page's example, checked by a server that only records; its rules, checked before anything
//! is sent; its pacing against the page; and round trips on the mock, where what one
//! operation writes the others read.

mod common;

use common::*;
use serde_json::{json, Map, Value};
use sonoran::models::{Lookup, RecordContent, RecordTarget};
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;
use sonoran_mock::{Fault, FaultKind, MockOptions, RateLimit, JOHN_UUID};

const NIL_UUID: &str = "00000000-0000-0000-0000-000000000000";

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
