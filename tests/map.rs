//! The v2 map and emergency configuration operations: custom blips, Inferno pager
//! configuration, ERS callouts, station alerts and street signs. Each operation's wire format
//! from its page's example, checked by a server that only records; its rules, checked before
//! anything is sent; its pacing against the page; the page's example answer read by the typed
//! methods; and round trips on the mock, where what one route writes another reads.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::models::*;
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;
use sonoran_mock::{MockOptions, RateLimit};

const S: &str = "/v2/emergency/servers/1";

fn create_blip_body() -> Value {
    json!({
        "coordinates": {"x": 441.2, "y": -981.9, "z": 0.0, "w": 0.0},
        "subType": "scene", "icon": "fa-solid fa-location-crosshairs", "color": "red",
        "tooltip": "Scene perimeter", "radius": 50.0, "data": [{"title": "Units", "text": "2"}]
    })
}

fn callouts_body() -> Value {
    json!({"callouts": [{"id": "armed_suspect", "data": {
        "PedActionOnNoActionFound": "Flee", "PedActionMinimumTimeoutInMs": 2000, "PedChanceToFleeFromPlayer": 50,
        "PedChanceToObtainWeapons": 30, "CalloutName": "Armed Suspect",
        "CalloutDescriptions": ["Reports of an armed suspect in the area."], "PedChanceToAttackPlayer": 20,
        "PedActionMaximumTimeoutInMs": 10000, "Enabled": true, "CalloutLocations": [], "PedChanceToSurrender": 30,
        "PedWeaponData": ["WEAPON_PISTOL"],
        "CalloutUnitsRequired": {"towRequired": false, "fireRequired": false, "description": "Single suspect, use caution.", "policeRequired": true, "ambulanceRequired": false}
    }}]})
}

fn pager_body() -> Value {
    json!({
        "natureWords": {"Emergency": "Emergency", "NonEmergency": "Non-Emergency", "Administrative": "Administrative"},
        "maxAddresses": 5, "maxBodyLength": 250,
        "nodes": [{"id": "root-1", "name": "Fire", "description": "Fire services", "permission": "fire", "address": "FIRE-01", "shortCode": "F1", "kind": "group", "children": []}]
    })
}

fn stations_body() -> Value {
    json!({
        "locations": [{"name": "Mission Row", "coordinates": {"x": 425.1, "y": -979.2, "z": 30.7, "w": 0.0}, "doors": ["bay_1", "bay_2"], "icon": "fas fa-building"}],
        "tones": ["tone_station_open.mp3"], "unitColors": ["#2563eb", "#ef4444"]
    })
}

fn signs_body() -> Value {
    json!({"signs": [{"id": 7, "coordinates": {"x": 420.1, "y": -980.4, "z": 30.8, "w": 0.0}, "label": "Mission Row", "text1": "Mission Row", "text2": "Integrity Way", "text3": ""}]})
}

fn with(mut params: Value, extra: Value) -> Value {
    params.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    params
}

/// (operation, params, method, path, body) for each page's example.
fn page_cases() -> Vec<(&'static str, Value, &'static str, String, Option<Value>)> {
    let update = json!({"tooltip": "Updated perimeter", "color": "#00a3ff", "radius": 150});
    let texts = json!({"ids": [1, 2], "text1": "Mission Row", "text2": "Alta St", "text3": "Integrity Way"});
    vec![
        ("get_blips_v2", json!({"serverId": 1}), "GET", format!("{S}/blips"), None),
        ("create_blip_v2", with(json!({"serverId": 1}), create_blip_body()), "POST", format!("{S}/blips"), Some(create_blip_body())),
        ("update_blip_v2", with(json!({"serverId": 1, "blipId": 32}), update.clone()), "PATCH", format!("{S}/blips/32"), Some(update)),
        ("delete_blips_v2", json!({"serverId": 1, "ids": [14, 15]}), "POST", format!("{S}/blips/delete"), Some(json!({"ids": [14, 15]}))),
        ("set_available_callouts_v2", with(json!({"serverId": 1}), callouts_body()), "PUT", format!("{S}/callouts"), Some(callouts_body())),
        ("get_pager_config_v2", json!({"serverId": 1}), "GET", format!("{S}/pager-config"), None),
        ("set_pager_config_v2", with(json!({"serverId": 1}), pager_body()), "PUT", format!("{S}/pager-config"), Some(pager_body())),
        ("set_stations_v2", with(json!({"serverId": 1}), stations_body()), "PUT", format!("{S}/stations"), Some(stations_body())),
        (
            "set_street_sign_config_v2",
            with(json!({"serverId": 1}), signs_body()),
            "PUT",
            format!("{S}/street-sign-config"),
            Some(signs_body()),
        ),
        ("update_street_signs_v2", with(json!({"serverId": 1}), texts.clone()), "PATCH", format!("{S}/street-signs"), Some(texts)),
        // The Sonoran.lua examples' forms: default server, Lua's empty tables.
        ("get_blips_v2", json!({}), "GET", format!("{S}/blips"), None),
        (
            "set_available_callouts_v2",
            json!({"callouts": [{"id": "armed_suspect", "data": []}]}),
            "PUT",
            format!("{S}/callouts"),
            Some(json!({"callouts": [{"id": "armed_suspect", "data": {}}]})),
        ),
        (
            "set_stations_v2",
            json!({"locations": {}, "tones": {}, "unitColors": {}}),
            "PUT",
            format!("{S}/stations"),
            Some(json!({"locations": [], "tones": [], "unitColors": []})),
        ),
        ("get_pager_config_v2", json!({"serverId": 2}), "GET", "/v2/emergency/servers/2/pager-config".into(), None),
    ]
}

#[test]
fn every_operation_sends_its_pages_example_as_the_page_documents() {
    let cases: Vec<PageCase<String>> =
        page_cases().into_iter().map(|(op, params, method, path, body)| (op, params, method, path, None, body)).collect();
    let server = assert_sent_as_documented(&cases, 10);
    // Numbers go out as written (`50.0` stays a float, `150` an integer).
    let sent = server.requests()[1].body.clone();
    assert!(sent.contains("\"radius\":50.0"), "{sent}");
}

#[test]
fn each_operation_is_paced_at_its_pages_limit_and_the_mock_enforces_the_same() {
    let pages = [
        ("get_blips_v2", 10, true),
        ("create_blip_v2", 30, false),
        ("update_blip_v2", 30, false),
        ("delete_blips_v2", 30, false),
        ("set_available_callouts_v2", 2, false),
        ("get_pager_config_v2", 2, true),
        ("set_pager_config_v2", 2, false),
        ("set_stations_v2", 2, false),
        ("set_street_sign_config_v2", 2, false),
        ("update_street_signs_v2", 10, false),
    ];
    assert_paced_as_documented(&pages);
}

#[test]
fn the_mock_allows_two_configuration_writes_a_minute_per_route() {
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..Default::default() });
    let stations = json!({"locations": [], "tones": [], "unitColors": []});
    for _ in 0..2 {
        assert_eq!(client.call("set_stations_v2", &stations).unwrap().status, 200);
    }
    let err = client.call("set_stations_v2", &stations).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::RateLimited, Some(429)));
    assert!(err.retry_after_ms.is_some_and(|ms| (1_000..=60_000).contains(&ms)));
    // Each route keeps its own budget: pager reads and writes, callouts, street signs.
    for op in ["get_pager_config_v2", "set_street_sign_config_v2"] {
        let params = if op == "get_pager_config_v2" { json!({}) } else { json!({"signs": []}) };
        for _ in 0..2 {
            assert_eq!(client.call(op, &params).unwrap().status, 200, "{op}");
        }
        assert_eq!(client.call(op, &params).unwrap_err().status, Some(429), "{op}");
    }
    assert_eq!(client.call("set_available_callouts_v2", &json!({"callouts": []})).unwrap().status, 200);
    // Ten blip reads a minute, then 429.
    for _ in 0..10 {
        client.call("get_blips_v2", &json!({})).unwrap();
    }
    assert_eq!(client.call("get_blips_v2", &json!({})).unwrap_err().status, Some(429));
}

#[test]
fn bad_values_are_refused_naming_the_field_before_anything_is_sent() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    refused(&client, "get_blips_v2", json!({"serverId": 0}), "`serverId`");
    refused(&client, "create_blip_v2", json!({"icon": "fire"}), "`coordinates` is required");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": 1}}), "`coordinates.y` is required");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": "east", "y": 1}}), "`coordinates.x`");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": 1, "y": 1}, "radius": "wide"}), "`radius`");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": 1, "y": 1}, "data": [{"text": "2"}]}), "`data[0].title` is required");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": 1, "y": 1}, "colour": "red"}), "`colour`");
    refused(&client, "update_blip_v2", json!({"color": "red"}), "`blipId` is required");
    refused(&client, "update_blip_v2", json!({"blipId": 32}), "at least one field");
    refused(&client, "update_blip_v2", json!({"blipId": "first", "color": "red"}), "`blipId`");
    refused(&client, "delete_blips_v2", json!({"ids": []}), "`ids` must not be empty");
    refused(&client, "delete_blips_v2", json!({"ids": ["32"]}), "`ids`");
    refused(&client, "set_available_callouts_v2", json!({}), "`callouts` is required");
    refused(&client, "set_available_callouts_v2", json!({"callouts": [{"data": {}}]}), "`callouts[0].id` is required");
    refused(&client, "set_available_callouts_v2", json!({"callouts": [{"id": "a", "data": "x"}]}), "`callouts[0].data`");
    refused(&client, "set_pager_config_v2", json!({"natureWords": {}, "maxAddresses": 5}), "`maxBodyLength` is required");
    refused(&client, "set_pager_config_v2", json!({"natureWords": {}, "maxAddresses": 0, "maxBodyLength": 1}), "`maxAddresses`");
    refused(&client, "set_pager_config_v2", with(pager_body(), json!({"nodes": [{"id": "n", "name": "N", "kind": 3}]})), "`nodes[0].kind`");
    refused(&client, "set_pager_config_v2", with(pager_body(), json!({"nodes": [{"name": "N"}]})), "`nodes[0].id` is required");
    refused(&client, "set_stations_v2", json!({"locations": [], "tones": []}), "`unitColors` is required");
    refused(
        &client,
        "set_stations_v2",
        json!({"locations": [{"name": "A", "doors": "bay_1"}], "tones": [], "unitColors": []}),
        "`locations[0].doors`",
    );
    refused(&client, "set_street_sign_config_v2", json!({"signs": [{"id": 1, "label": "A"}]}), "`signs[0].coordinates` is required");
    refused(&client, "set_street_sign_config_v2", json!({"signs": [{"id": "one", "coordinates": {"x": 0, "y": 0}}]}), "`signs[0].id`");
    refused(&client, "update_street_signs_v2", json!({"ids": [1]}), "text1");
    refused(&client, "update_street_signs_v2", json!({"text1": "A"}), "`ids` is required");
    refused(&client, "update_street_signs_v2", json!({"ids": [1], "text1": 5}), "`text1`");
    assert!(server.requests().is_empty(), "nothing refused was sent");
}

/// What the mock stored for `server` (its `/_mock` control route).
fn stored(mock: &sonoran_mock::MockServer, server: u64) -> Value {
    let response = reqwest::blocking::get(format!("{}/_mock/servers/{server}/configuration", mock.url())).expect("the mock answers");
    assert_eq!(response.status().as_u16(), 200);
    serde_json::from_str(&response.text().unwrap()).unwrap()
}

fn blip_ids(list: &Value) -> Vec<i64> {
    list.as_array().unwrap().iter().map(|b| b["id"].as_i64().unwrap()).collect()
}

#[test]
fn blips_are_created_updated_listed_and_deleted_by_id_per_server() {
    let (_mock, client) = mock();
    let seeded = data(&client, "get_blips_v2", json!({}));
    assert_eq!(blip_ids(&seeded), vec![32], "the page's blip");
    assert_eq!(seeded[0]["data"], json!([{"title": "Assigned Unit", "text": "A-10"}]));
    let created = data(&client, "create_blip_v2", create_blip_body());
    let id = created["id"].as_i64().unwrap();
    assert_eq!(with(json!({"id": id}), create_blip_body()), created);
    let other = data(&client, "create_blip_v2", json!({"serverId": 2, "coordinates": {"x": 1, "y": 2}, "tooltip": "Sandy"}))["id"]
        .as_i64()
        .unwrap();
    assert_eq!(data(&client, "update_blip_v2", json!({"blipId": id, "tooltip": "Updated perimeter", "radius": 150})), json!({"id": id}));
    let listed = data(&client, "get_blips_v2", json!({}));
    assert_eq!(blip_ids(&listed), vec![32, id]);
    assert_eq!(
        (listed[1]["tooltip"].as_str(), listed[1]["radius"].as_i64(), listed[1]["color"].as_str()),
        (Some("Updated perimeter"), Some(150), Some("red"))
    );
    assert_eq!(blip_ids(&data(&client, "get_blips_v2", json!({"serverId": 2}))), vec![other]);
    // A blip of server 2 is not found on server 1.
    let err = client.call("update_blip_v2", &json!({"blipId": other, "color": "blue"})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::NotFound, Some(404)));
    assert_eq!(data(&client, "delete_blips_v2", json!({"ids": [32, id, other]})), json!({"ids": [32, id]}));
    assert_eq!(data(&client, "get_blips_v2", json!({})), json!([]));
    assert_eq!(client.call("delete_blips_v2", &json!({"ids": [32]})).unwrap_err().status, Some(404));
    // A server the community does not have.
    let err = client.call("get_blips_v2", &json!({"serverId": 9})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::NotFound, Some(404)));
}

#[test]
fn the_pager_configuration_is_stored_and_read_back_keeping_nodes_when_omitted() {
    let (mock, client) = mock();
    let default = data(&client, "get_pager_config_v2", json!({}));
    assert_eq!(default["maxAddresses"], 5);
    assert_eq!(default["nodes"], json!([]));
    assert_eq!(default["perms"], json!({"roles": [], "players": []}));
    assert_eq!(data(&client, "set_pager_config_v2", pager_body()), json!({"serverId": 1}));
    let read = data(&client, "get_pager_config_v2", json!({}));
    assert_eq!(read["nodes"], pager_body()["nodes"]);
    assert_eq!(read["natureWords"], pager_body()["natureWords"]);
    // Without `nodes`, the stored tree stays; the limits change.
    data(&client, "set_pager_config_v2", json!({"natureWords": {"Emergency": "Urgent"}, "maxAddresses": 3, "maxBodyLength": 100}));
    let read = data(&client, "get_pager_config_v2", json!({}));
    assert_eq!((read["maxAddresses"].as_i64(), read["maxBodyLength"].as_i64()), (Some(3), Some(100)));
    assert_eq!(read["natureWords"], json!({"Emergency": "Urgent"}));
    assert_eq!(read["nodes"], pager_body()["nodes"]);
    // What was read can be written back as it is (`perms` included), on another server.
    data(&client, "set_pager_config_v2", with(read.clone(), json!({"serverId": 2})));
    assert_eq!(data(&client, "get_pager_config_v2", json!({"serverId": 2})), read);
    assert_eq!(stored(&mock, 2)["pagerConfig"], read);
}

#[test]
fn callouts_stations_and_street_signs_are_stored_per_server() {
    let (mock, client) = mock();
    assert_eq!(data(&client, "set_available_callouts_v2", callouts_body()), json!({"serverId": 1, "callouts": 1}));
    assert_eq!(data(&client, "set_stations_v2", stations_body()), json!({"serverId": 1}));
    assert_eq!(data(&client, "set_street_sign_config_v2", signs_body()), json!({"serverId": 1, "signs": 1}));
    let on_1 = stored(&mock, 1);
    assert_eq!(on_1["callouts"], callouts_body()["callouts"]);
    assert_eq!(on_1["stations"], stations_body());
    assert_eq!(on_1["streetSigns"], signs_body()["signs"]);
    let on_2 = stored(&mock, 2);
    assert_eq!((on_2["callouts"].clone(), on_2["stations"].clone(), on_2["streetSigns"].clone()), (json!([]), Value::Null, json!([])));
    // Street sign text changes the configured signs (sign 7 now; 1 and 2 went with the replacement).
    assert_eq!(data(&client, "update_street_signs_v2", json!({"ids": [7, 8], "text1": "ALTA", "text3": "ST"})), json!({"ids": [7]}));
    let sign = &stored(&mock, 1)["streetSigns"][0];
    assert_eq!((sign["text1"].as_str(), sign["text2"].as_str(), sign["text3"].as_str()), (Some("ALTA"), Some("Integrity Way"), Some("ST")));
    let err = client.call("update_street_signs_v2", &json!({"ids": [1], "text1": "A"})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::NotFound, Some(404)));
    // Replacing with fewer clears the rest.
    data(&client, "set_available_callouts_v2", json!({"callouts": []}));
    assert_eq!(stored(&mock, 1)["callouts"], json!([]));
}

#[test]
fn the_mock_refuses_what_the_api_would_with_problem_documents() {
    let (mock, _) = mock();
    let http = reqwest::blocking::Client::new();
    let send = |method: reqwest::Method, path: &str, body: Value| {
        let response = http
            .request(method, format!("{}{path}", mock.url()))
            .bearer_auth("demo-api-key")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap();
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (response.status().as_u16(), kind, serde_json::from_str::<Value>(&response.text().unwrap()).unwrap_or(Value::Null))
    };
    use reqwest::Method;
    let (status, kind, body) = send(Method::POST, &format!("{S}/blips"), json!({"icon": "fire"}));
    assert_eq!((status, kind.as_str()), (422, "application/problem+json"));
    assert!(body["detail"].as_str().unwrap().contains("coordinates"));
    let (status, _, body) =
        send(Method::PUT, &format!("{S}/pager-config"), json!({"natureWords": {}, "maxAddresses": -1, "maxBodyLength": 1}));
    assert_eq!(status, 422);
    assert!(body["detail"].as_str().unwrap().contains("maxAddresses"));
    let (status, _, _) = send(Method::PUT, &format!("{S}/stations"), json!({"locations": []}));
    assert_eq!(status, 422);
    let (status, _, _) = send(Method::PUT, &format!("{S}/street-sign-config"), json!({"signs": [{"id": 1}]}));
    assert_eq!(status, 422);
    let (status, _, _) = send(Method::PUT, "/v2/emergency/servers/9/callouts", json!({"callouts": []}));
    assert_eq!(status, 404, "an unknown server");
    let response = reqwest::blocking::get(format!("{}/_mock/servers/9/configuration", mock.url())).unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

#[test]
fn the_typed_methods_round_trip() {
    let (mock, client) = mock();
    let fields = BlipFields {
        coordinates: Some(Coordinates::new(425.1, -979.2, 30.7, 0.0)),
        sub_type: Some("radius".into()),
        icon: Some("fire".into()),
        color: Some("#ff0000".into()),
        tooltip: Some("Structure Fire".into()),
        radius: Some(25.0),
        data: Some(vec![BlipRow::new("Units", "2")]),
    };
    let blip = client.create_blip_v2(None, &fields).unwrap();
    assert_eq!((blip.tooltip.as_deref(), blip.radius, blip.data[0].text.as_deref()), (Some("Structure Fire"), Some(25.0), Some("2")));
    let changed = client.update_blip_v2(None, blip.id, &BlipFields { color: Some("#ffaa00".into()), ..Default::default() }).unwrap();
    assert_eq!(changed.id, Some(blip.id));
    let blips = client.get_blips_v2(Some(1)).unwrap();
    assert_eq!(blips.iter().find(|b| b.id == blip.id).unwrap().color.as_deref(), Some("#ffaa00"));
    assert_eq!(client.delete_blips_v2(None, &[blip.id]).unwrap().ids, vec![blip.id]);
    let mut config = client.get_pager_config_v2(None).unwrap();
    assert_eq!((config.max_addresses, config.max_body_length), (5, 250));
    config.max_addresses = 4;
    config.nodes = Some(vec![json!({"id": "root-1", "name": "Fire", "kind": "group", "children": []})]);
    assert_eq!(client.set_pager_config_v2(Some(2), &config).unwrap().server_id, Some(2));
    let read = client.get_pager_config_v2(Some(2)).unwrap();
    assert_eq!((read.max_addresses, read.nodes.as_ref().map(Vec::len)), (4, Some(1)));
    let mut callout = Callout { id: "armed_suspect".into(), ..Default::default() };
    callout.data.insert("Enabled".into(), json!(true));
    assert_eq!(client.set_available_callouts_v2(None, &[callout]).unwrap().callouts, Some(1));
    let stations = StationConfig {
        locations: vec![Station { name: "Mission Row".into(), doors: vec!["bay_1".into()], ..Default::default() }],
        tones: vec!["tone.mp3".into()],
        unit_colors: vec!["#2563eb".into()],
    };
    assert_eq!(client.set_stations_v2(None, &stations).unwrap().server_id, Some(1));
    let sign = StreetSign { id: 7, coordinates: Coordinates::new(1.0, 2.0, 3.0, 0.0), label: Some("Alta".into()), ..Default::default() };
    assert_eq!(client.set_street_sign_config_v2(None, &[sign]).unwrap().signs, Some(1));
    let text = StreetSignText { text1: Some("ALTA".into()), ..Default::default() };
    assert_eq!(client.update_street_signs_v2(None, &[7], &text).unwrap().ids, vec![7]);
    let on_1 = stored(&mock, 1);
    assert_eq!(on_1["callouts"][0]["data"], json!({"Enabled": true}));
    assert_eq!(on_1["stations"]["locations"][0]["doors"], json!(["bay_1"]));
    assert_eq!(on_1["streetSigns"][0]["text1"], "ALTA");
}

#[test]
fn the_pages_example_answers_are_read_by_the_typed_methods() {
    let blip = json!({
        "id": 32, "coordinates": {"x": 425.5, "y": -979.8, "z": 0.0, "w": 0.0}, "subType": "radius", "icon": "fa-location-dot",
        "color": "#ff0000", "tooltip": "Perimeter", "data": [{"title": "Assigned Unit", "text": "A-10"}], "radius": 100.0, "zone": "north"
    });
    let answer = |body: Value| recorder(Canned::json(200, &body.to_string()));
    let (_s1, c1) = answer(json!([blip.clone()]));
    let list = c1.get_blips_v2(None).unwrap();
    assert_eq!((list[0].id, list[0].sub_type.as_deref(), list[0].radius), (32, Some("radius"), Some(100.0)));
    assert_eq!(list[0].coordinates.as_ref().map(|c| c.x), Some(425.5));
    assert_eq!(list[0].extra["zone"], "north", "unknown fields are kept");
    let (_s2, c2) = answer(blip);
    let created =
        c2.create_blip_v2(None, &BlipFields { coordinates: Some(Coordinates::new(0.0, 0.0, 0.0, 0.0)), ..Default::default() }).unwrap();
    assert_eq!(created.data[0].title, "Assigned Unit");
    let changes = BlipFields { tooltip: Some("T".into()), ..Default::default() };
    let (_s3, c3) = answer(json!({"id": 32}));
    assert_eq!(c3.update_blip_v2(None, 32, &changes).unwrap().id, Some(32));
    let (_s4, c4) = answer(json!({"ids": [32, 33]}));
    assert_eq!(c4.delete_blips_v2(None, &[14, 15]).unwrap().ids, vec![32, 33]);
    let (_s5, c5) = answer(json!({
        "natureWords": {"Emergency": "Emergency", "NonEmergency": "Non-Emergency", "Administrative": "Administrative"},
        "maxAddresses": 5, "maxBodyLength": 250, "nodes": [], "perms": {"roles": [], "players": []}
    }));
    let pager = c5.get_pager_config_v2(None).unwrap();
    assert_eq!((pager.max_addresses, pager.nature_words["NonEmergency"].as_str()), (5, Some("Non-Emergency")));
    let (_s6, c6) = answer(json!({"serverId": 1, "callouts": 1}));
    let saved = c6.set_available_callouts_v2(None, &[]).unwrap();
    assert_eq!((saved.server_id, saved.callouts), (Some(1), Some(1)));
    let (_s7, c7) = answer(json!({"serverId": 1, "signs": 1}));
    let saved = c7.set_street_sign_config_v2(None, &[]).unwrap();
    assert_eq!(saved.signs, Some(1));
    let (_s8, c8) = answer(json!({"serverId": 1}));
    let saved = c8.set_stations_v2(None, &StationConfig::default()).unwrap();
    assert_eq!(saved.server_id, Some(1));
    let text = StreetSignText { text1: Some("A".into()), ..Default::default() };
    let (_s9, c9) = answer(json!({"ids": [7, 8]}));
    assert_eq!(c9.update_street_signs_v2(None, &[1, 2], &text).unwrap().ids, vec![7, 8]);
}

#[test]
fn the_client_paces_configuration_writes_at_two_a_minute_without_sending_a_third() {
    // The client's own pacing at the documented limits (no override), against a mock that
    // enforces the same: the third write in a minute is refused before it is sent.
    let mock =
        sonoran_mock::MockServer::start_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..Default::default() }).unwrap();
    let config = sonoran::Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url());
    let client = sonoran::Client::new(config).unwrap();
    for op in ["set_stations_v2", "get_pager_config_v2"] {
        let params = if op == "set_stations_v2" { json!({"locations": [], "tones": [], "unitColors": []}) } else { json!({}) };
        let before = mock.request_count();
        for _ in 0..2 {
            assert_eq!(client.call(op, &params).unwrap().status, 200, "{op}");
        }
        let started = std::time::Instant::now();
        let err = client.call(op, &with(params, json!({"timeoutMs": 500}))).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_millis(400), "{op}: it did not wait for nothing");
        assert_eq!(err.kind, ErrorKind::RateLimited, "{op}: {err}");
        assert!(err.retry_after_ms.is_some_and(|ms| (55_000..=62_000).contains(&ms)), "{op}: {err:?}");
        assert_eq!(mock.request_count(), before + 2, "{op}: the third was never sent");
    }
    // Blip writes have a budget of their own (30 a minute).
    assert_eq!(client.call("create_blip_v2", &json!({"coordinates": {"x": 1, "y": 2}})).unwrap().status, 200);
}
