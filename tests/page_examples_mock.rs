//! Every reference page's example, sent through the client to a default mock (a fresh one per
//! example, as a user trying the page would start it): each succeeds, as on the CAD the pages
//! describe, because the mock is seeded with the ids the examples use (call 501, character 42,
//! sync id `CHAR_123`, the account `USER_ACCOUNT_UUID`, ...). What the seed answers then keeps
//! its state as the CAD would: what an example deletes is gone afterwards.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::ErrorKind;
use sonoran_mock::JOHN_UUID;

/// Examples whose request contradicts its own page, and what the mock answers them
/// (operation, the offending parameter, status): the page's answer and its Sonoran.lua example
/// name identifier 12 (JohnDoe's unit, seeded on call 501), its JSON request names 15, which
/// no example's account holds.
const CONTRADICTED: &[(&str, (&str, i64), u16)] =
    &[("select_identifier_v2", ("identId", 15), 404), ("set_dispatch_primary_v2", ("identId", 15), 422)];

/// Every page's example: (operation, params).
fn every_example() -> Vec<(&'static str, Value)> {
    let mut all: Vec<(&'static str, Value)> = Vec::new();
    for cases in [pages::emergency(), pages::records(), pages::newer(), pages::units_and_accounts()] {
        all.extend(cases.into_iter().map(|c| (c.0, c.1)));
    }
    all.extend(pages::general().into_iter().map(|c| (c.0, c.1)));
    all.push(("upload_bodycam_recording_v2", pages::bodycam_upload(b"\x1a\x45\xdf\xa3 a webm clip")));
    all
}

#[test]
fn the_identifier_unit_and_account_examples_go_out_as_their_pages_document() {
    assert_sent_as_documented(&pages::units_and_accounts(), 10);
}

#[test]
fn every_pages_example_succeeds_on_a_default_mock() {
    let examples = every_example();
    let operations: std::collections::BTreeSet<&str> = examples.iter().map(|e| e.0).collect();
    // Every built v2 operation with a page but the map area's 10, whose cases live in
    // tests/map.rs (their Sonoran.lua examples run against the mock in the test command).
    assert_eq!(operations.len(), 75, "{operations:?}");
    let mut failed = Vec::new();
    for (op, params) in &examples {
        let (_mock, client) = mock();
        let contradicted = CONTRADICTED.iter().find(|(name, (key, value), _)| name == op && params.get(*key) == Some(&json!(value)));
        match (client.call(op, params), contradicted) {
            (Ok(_), None) => {}
            (Err(error), Some((_, _, status))) if error.status == Some(*status) => {}
            (Ok(_), Some(_)) => failed.push(format!("{op} {params}: succeeded, listed as contradicted")),
            (Err(error), _) => failed.push(format!("{op} {params}: {error}")),
        }
    }
    assert!(failed.is_empty(), "{} of {} examples did not do as their page says:\n{}", failed.len(), examples.len(), failed.join("\n"));
}

fn call_ids(calls: &Value, list: &str) -> Vec<i64> {
    calls[list].as_array().unwrap().iter().map(|c| c["callId"].as_i64().unwrap()).collect()
}

#[test]
fn the_seeded_calls_keep_their_state() {
    let (_mock, client) = mock();
    let calls = data(&client, "get_calls_v2", json!({}));
    assert_eq!((call_ids(&calls, "ActiveCalls"), call_ids(&calls, "EmergencyCalls")), (vec![501, 1042, 1043], vec![501]));
    assert_eq!(calls["ActiveCalls"][0]["title"], "Armed Robbery");
    assert_eq!(data(&client, "get_current_call_v2", json!({"accountUuid": JOHN_UUID})), json!({"IdentId": 12, "CallId": 501}));
    // The 911 call 501 is removed once; the dispatch call 501 is another table's.
    assert_eq!(data(&client, "delete_emergency_call_v2", json!({"callId": 501})), json!({"callId": 501, "serverId": 1}));
    let again = client.call("delete_emergency_call_v2", &json!({"callId": 501})).unwrap_err();
    assert_eq!((again.kind, again.status), (ErrorKind::NotFound, Some(404)));
    assert_eq!(call_ids(&data(&client, "get_calls_v2", json!({})), "EmergencyCalls"), Vec::<i64>::new());
    // Closing dispatch call 501 ends John's current call; it can no longer be changed.
    assert_eq!(data(&client, "close_dispatch_calls_v2", json!({"callIds": [501]})), json!({"callIds": [501]}));
    let calls = data(&client, "get_calls_v2", json!({}));
    assert_eq!((call_ids(&calls, "ActiveCalls"), call_ids(&calls, "ClosedCalls")), (vec![1042, 1043], vec![501]));
    assert_eq!(data(&client, "get_current_call_v2", json!({"accountUuid": JOHN_UUID}))["CallId"], Value::Null);
    let closed = client.call("add_dispatch_note_v2", &json!({"callId": 501, "note": "late"})).unwrap_err();
    assert_eq!(closed.kind, ErrorKind::NotFound);
    // New calls never take a seeded number.
    let created = data(&client, "create_dispatch_call_v2", json!({"origin": 0, "status": 1, "priority": 1, "title": "T", "accounts": []}));
    assert_eq!(created["callId"], 1001);
}

#[test]
fn the_seeded_characters_and_links_keep_their_state() {
    let (_mock, client) = mock();
    let john = json!({"communityUserId": "player-1234"});
    let with = |extra: Value| {
        let mut params = john.clone();
        params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        params
    };
    assert_eq!(data(&client, "set_selected_character_v2", with(json!({"characterId": "42"})))["characterId"], "42");
    assert_eq!(data(&client, "remove_character_v2", json!({"characterId": 42})), json!({"characterId": 42}));
    let gone = client.call("set_selected_character_v2", &with(json!({"characterId": "42"}))).unwrap_err();
    assert_eq!(gone.kind, ErrorKind::NotFound);
    assert_eq!(data(&client, "set_selected_character_v2", with(json!({"characterId": "1042"})))["characterId"], "1042");
    assert_eq!(data(&client, "remove_character_link_v2", with(json!({"syncId": "CHAR_123"})))["action"], "REMOVE");
    let unlinked = client.call("remove_character_link_v2", &with(json!({"syncId": "CHAR_123"}))).unwrap_err();
    assert_eq!(unlinked.kind, ErrorKind::NotFound);
    assert_eq!(data(&client, "get_character_links_v2", john.clone()), json!(["citizen:1234", "citizen:5678"]));
}

#[test]
fn the_pages_other_account_ids_are_john_does() {
    let (mock, client) = mock();
    // The verify-secret page's secret and the set-community-link page's account and secret.
    assert_eq!(
        data(&client, "verify_secret_v2", json!({"secret": "00000000-0000-0000-0000-000000000000"})),
        json!({"00000000-0000-0000-0000-000000000000": JOHN_UUID})
    );
    let link = json!({"accountUuid": "11111111-1111-1111-1111-111111111111", "secretUuid": "22222222-2222-2222-2222-222222222222", "communityUserId": "fivem:12345"});
    assert_eq!(
        data(&client, "set_community_link_v2", link),
        json!({"linked": true, "accountUuid": JOHN_UUID, "communityUserId": "fivem:12345"})
    );
    assert_eq!(data(&client, "get_account_v2", json!({"communityUserId": "fivem:12345"}))["uuid"], JOHN_UUID);
    // A wrong secret for that account is still refused.
    let wrong = json!({"accountUuid": "11111111-1111-1111-1111-111111111111", "secretUuid": "33333333-3333-3333-3333-333333333333", "communityUserId": "fivem:1"});
    assert_eq!(client.call("set_community_link_v2", &wrong).unwrap_err().status, Some(403));
    // The bodycam page's USER_ACCOUNT_UUID is stored as John's upload.
    data(&client, "upload_bodycam_recording_v2", pages::bodycam_upload(b"\x1a\x45\xdf\xa3 clip"));
    let stats: Value =
        serde_json::from_str(&reqwest::blocking::get(format!("{}/_mock/stats", mock.url())).unwrap().text().unwrap()).unwrap();
    assert_eq!(stats["general"]["uploads"][0]["accountUuid"], JOHN_UUID, "{stats}");
    // The legacy-alias examples' apiId and the OpenAPI examples' Discord and Roblox ids.
    for target in [json!({"communityUserId": "1234567890"}), json!({"discord": "123456789012345678"}), json!({"roblox": "123456789"})] {
        assert_eq!(data(&client, "get_account_v2", target.clone())["uuid"], JOHN_UUID, "{target}");
    }
}
