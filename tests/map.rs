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
        // Menu entries that show an integration panel (create-blip.md, update-blip.md,
        // smart-signs.md): sent as written, an omitted `instanceKey` left out (the API's
        // default), `[]` sent as `[]` (it clears the menu).
        ("create_blip_v2", with(json!({"serverId": 1}), panel_menu_body()), "POST", format!("{S}/blips"), Some(panel_menu_body())),
        ("create_blip_v2", smart_sign_blip_body(), "POST", format!("{S}/blips"), Some(smart_sign_blip_body())),
        (
            "update_blip_v2",
            json!({"blipId": 32, "data": [{"panelKey": "smart-signs", "instanceKey": "sign-12"}]}),
            "PATCH",
            format!("{S}/blips/32"),
            Some(json!({"data": [{"panelKey": "smart-signs", "instanceKey": "sign-12"}]})),
        ),
        ("update_blip_v2", json!({"blipId": 32, "data": []}), "PATCH", format!("{S}/blips/32"), Some(json!({"data": []}))),
        // Lua's empty table is an empty list: the user's `data = {}` clears the menu.
        ("update_blip_v2", json!({"blipId": 32, "data": {}}), "PATCH", format!("{S}/blips/32"), Some(json!({"data": []}))),
        (
            "update_blip_v2",
            json!({"blipId": 32, "data": [{"panelKey": "smart-signs"}]}),
            "PATCH",
            format!("{S}/blips/32"),
            Some(json!({"data": [{"panelKey": "smart-signs"}]})),
        ),
    ]
}

/// create-blip.md's interactive panel example, with the coordinates, subtype, icon, color
/// and tooltip of its request that it says to include.
fn panel_menu_body() -> Value {
    let mut body = create_blip_body();
    body["data"] = json!([
        {"title": "Location", "text": "Vespucci Boulevard"},
        {"panelKey": "smart-signs", "instanceKey": "sign-12", "title": "Edit street sign"}
    ]);
    body
}

/// smart-signs.md's blip: a sign editor's instance, coordinates without `z` and `w`.
fn smart_sign_blip_body() -> Value {
    json!({
        "coordinates": {"x": 235, "y": -1080}, "subType": "SMART_SIGN", "icon": "signpost", "color": "#ffad33",
        "tooltip": "Vespucci Boulevard · Sign 12", "data": [{"panelKey": "smart-signs", "instanceKey": "sign-12"}]
    })
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
    // Menu entries: each checked on its own, errors naming the entry's field.
    let menu = |data: Value| json!({"blipId": 32, "data": data});
    refused(&client, "update_blip_v2", menu(json!("Units: 2")), "`data` must be a list");
    refused(&client, "update_blip_v2", menu(json!([{"title": "A", "text": "B"}, "C"])), "`data[1]` must be an object");
    refused(&client, "update_blip_v2", menu(json!([{"title": "A"}, {"panelKey": "Smart-Signs"}])), "`data[1].panelKey` must be 2–80");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "smart signs"}])), "`data[0].panelKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "-signs"}])), "`data[0].panelKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "s"}])), "`data[0].panelKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "s".repeat(81)}])), "`data[0].panelKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": 12}])), "`data[0].panelKey` must be a string");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "smart-signs", "instanceKey": "Sign 12"}])), "`data[0].instanceKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "smart-signs", "instanceKey": ""}])), "`data[0].instanceKey`");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "smart-signs", "title": 3}])), "`data[0].title` must be a string");
    refused(
        &client,
        "update_blip_v2",
        menu(json!([{"title": "A", "instanceKey": "sign-12"}])),
        "`data[0].instanceKey` goes with a `panelKey`",
    );
    refused(&client, "update_blip_v2", menu(json!([{"text": "2"}])), "`data[0].title` is required");
    refused(&client, "update_blip_v2", menu(json!([{"title": "A", "text": 2}])), "`data[0].text` must be a string");
    refused(&client, "update_blip_v2", menu(json!([{"panelKey": "smart-signs", "panelName": "Signs"}])), "`data[0].panelName`");
    refused(&client, "create_blip_v2", json!({"coordinates": {"x": 1, "y": 1}, "data": [{"panelKey": "Signs"}]}), "`data[0].panelKey`");
    // The same from the typed methods and the C and Lua faces' envelope.
    let bad = BlipFields { data: Some(vec![BlipEntry::info("A", "B"), BlipPanel::new("Smart Signs").into()]), ..Default::default() };
    let err = client.update_blip_v2(None, 32, &bad).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("`data[1].panelKey`"), "{err}");
    let envelope = call(&client, "update_blip_v2", r#"{"blipId": 32, "data": [{"panelKey": "smart-signs", "instanceKey": "x"}]}"#);
    assert_eq!(envelope["success"], false, "{envelope}");
    assert!(envelope.to_string().contains("data[0].instanceKey"), "{envelope}");
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
        data: Some(vec![BlipRow::new("Units", "2").into(), BlipPanel::new("smart-signs").with_instance("sign-12").into()]),
    };
    let blip = client.create_blip_v2(None, &fields).unwrap();
    assert_eq!((blip.tooltip.as_deref(), blip.radius), (Some("Structure Fire"), Some(25.0)));
    assert_eq!(blip.entries()[0], BlipEntry::info("Units", "2"));
    match &blip.entries()[1] {
        BlipEntry::Panel(panel) => {
            assert_eq!((panel.panel_key.as_str(), panel.instance(), panel.title.as_deref()), ("smart-signs", "sign-12", None))
        }
        other => panic!("a panel entry: {other:?}"),
    }
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
    assert_eq!(created.entries()[0].title(), Some("Assigned Unit"));
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

/// The menu of blip `id` on server 1, as the mock lists it (`None`: the blip has no `data`).
fn menu_of(client: &sonoran::Client, id: i64) -> Option<Value> {
    let listed = data(client, "get_blips_v2", json!({}));
    let blip = listed.as_array().unwrap().iter().find(|b| b["id"] == id).unwrap_or_else(|| panic!("blip {id} listed"));
    blip.get("data").cloned()
}

#[test]
fn a_blips_menu_is_kept_when_left_out_cleared_by_an_empty_list_and_replaced_by_a_list() {
    let (_mock, client) = mock();
    let created = data(&client, "create_blip_v2", panel_menu_body());
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["data"], panel_menu_body()["data"], "the panel reference is stored as sent");
    // Fields other than `data`, alone or together, leave the menu as it is.
    data(&client, "update_blip_v2", json!({"blipId": id, "tooltip": "Sign 12", "color": "#ffad33"}));
    assert_eq!(menu_of(&client, id), Some(panel_menu_body()["data"].clone()));
    // `null` is not given: it keeps the menu too (Lua's nil in a table).
    data(&client, "update_blip_v2", json!({"blipId": id, "radius": 10, "data": null}));
    assert_eq!(menu_of(&client, id), Some(panel_menu_body()["data"].clone()));
    // A list replaces the whole menu: only the info entry left, the panel removed.
    data(&client, "update_blip_v2", json!({"blipId": id, "data": [{"title": "Location", "text": "Vespucci Boulevard"}]}));
    assert_eq!(menu_of(&client, id), Some(json!([{"title": "Location", "text": "Vespucci Boulevard"}])));
    // A panel without `instanceKey` comes back without it (the default instance).
    data(&client, "update_blip_v2", json!({"blipId": id, "data": [{"panelKey": "smart-signs", "title": "Signs"}]}));
    assert_eq!(menu_of(&client, id), Some(json!([{"panelKey": "smart-signs", "title": "Signs"}])));
    // `[]` clears it, and a later change of another field does not bring it back.
    data(&client, "update_blip_v2", json!({"blipId": id, "data": []}));
    assert_eq!(menu_of(&client, id), Some(json!([])));
    data(&client, "update_blip_v2", json!({"blipId": id, "tooltip": "Cleared"}));
    assert_eq!(menu_of(&client, id), Some(json!([])));
    // A blip created without a menu has none; changing its tooltip does not make one.
    let bare = data(&client, "create_blip_v2", json!({"coordinates": {"x": 1, "y": 2}}))["id"].as_i64().unwrap();
    data(&client, "update_blip_v2", json!({"blipId": bare, "tooltip": "Bare"}));
    assert_eq!(menu_of(&client, bare), None);
}

#[test]
fn the_typed_update_sends_the_menu_only_when_it_is_given() {
    let (_mock, client) = mock();
    let menu = vec![BlipEntry::info("Location", "Vespucci Boulevard"), BlipPanel::new("smart-signs").with_instance("sign-12").into()];
    let fields = BlipFields {
        coordinates: Some(Coordinates::new(235.0, -1080.0, 0.0, 0.0)),
        tooltip: Some("Sign 12".into()),
        data: Some(menu.clone()),
        ..Default::default()
    };
    let blip = client.create_blip_v2(None, &fields).unwrap();
    assert_eq!(blip.entries(), &menu[..]);
    let menu_now = || client.get_blips_v2(None).unwrap().into_iter().find(|b| b.id == blip.id).unwrap().data;
    // `data: None`: not sent, the menu stays.
    client.update_blip_v2(None, blip.id, &BlipFields { color: Some("#00a3ff".into()), ..Default::default() }).unwrap();
    assert_eq!(menu_now(), Some(menu.clone()));
    // Another list replaces it; the read entry says which instance it shows.
    let panel_only = vec![BlipEntry::Panel(BlipPanel::new("smart-signs").with_title("Edit street sign"))];
    client.update_blip_v2(None, blip.id, &BlipFields { data: Some(panel_only.clone()), ..Default::default() }).unwrap();
    let read = menu_now().unwrap();
    assert_eq!(read, panel_only);
    match &read[0] {
        BlipEntry::Panel(panel) => assert_eq!((panel.instance_key.as_deref(), panel.instance()), (None, DEFAULT_INSTANCE_KEY)),
        other => panic!("a panel entry: {other:?}"),
    }
    // `Some(vec![])` is sent as `[]` and clears it.
    client.update_blip_v2(None, blip.id, &BlipFields { data: Some(Vec::new()), ..Default::default() }).unwrap();
    assert_eq!(menu_now(), Some(Vec::new()));
}

#[test]
fn the_typed_update_puts_on_the_wire_exactly_the_menu_given() {
    let (server, client) = recorder(Canned::json(200, r#"{"id": 32}"#));
    let sent = |fields: &BlipFields| {
        client.update_blip_v2(None, 32, fields).unwrap();
        server.requests().last().unwrap().json()
    };
    assert_eq!(sent(&BlipFields { tooltip: Some("T".into()), ..Default::default() }), json!({"tooltip": "T"}), "no `data` key at all");
    assert_eq!(sent(&BlipFields { data: Some(Vec::new()), ..Default::default() }), json!({"data": []}));
    let panel = BlipPanel::new("smart-signs").with_instance("sign-12").with_title("Edit street sign");
    assert_eq!(
        sent(&BlipFields { data: Some(vec![BlipEntry::info("Units", "2"), panel.into()]), ..Default::default() }),
        json!({"data": [{"title": "Units", "text": "2"}, {"panelKey": "smart-signs", "instanceKey": "sign-12", "title": "Edit street sign"}]})
    );
    // An entry read with fields this version does not know is sent back with the known ones.
    let read: BlipEntry = serde_json::from_value(json!({"panelKey": "smart-signs", "instanceKey": "sign-12", "zIndex": 3})).unwrap();
    match &read {
        BlipEntry::Panel(panel) => assert_eq!(panel.extra["zIndex"], 3),
        other => panic!("a panel entry: {other:?}"),
    }
    assert_eq!(
        sent(&BlipFields { data: Some(vec![read]), ..Default::default() }),
        json!({"data": [{"panelKey": "smart-signs", "instanceKey": "sign-12"}]})
    );
}

#[test]
fn no_merged_or_shared_write_makes_up_a_list_its_callers_did_not_send() {
    // A merged write joins the named list of the calls waiting together and sends it, so a
    // list that may be left out (as a blip's menu may) must never be merged: the joined list
    // of calls that left it out would be `[]`, which clears the menu.
    for op in sonoran::api::all() {
        if let Some(sonoran::operations::Merge::List(field)) = op.merge {
            let param = op.params.iter().find(|p| p.name == field).unwrap_or_else(|| panic!("{}: `{field}`", op.name));
            assert!(param.required, "{}: merged list `{field}` must be required", op.name);
        }
    }
    let update = sonoran::api::find("update_blip_v2").unwrap();
    assert_eq!(update.merge, None, "blip updates go out one by one, as given");
    // Over the wire, with merged writes on and pacing at the page's limit: two updates of the
    // same blip sent together, one with a menu and one without, each go as given.
    let (mock, _) = mock();
    let config = sonoran::Config::new(sonoran_mock::DEMO_COMMUNITY_ID, sonoran_mock::DEMO_API_KEY).with_api_url(mock.url());
    assert!(config.merge_writes, "merged writes are on by default");
    let client = sonoran::Client::new(config).unwrap();
    let id = data(&client, "create_blip_v2", panel_menu_body())["id"].as_i64().unwrap();
    let before = mock.request_count();
    std::thread::scope(|s| {
        let tooltip = s.spawn(|| client.call("update_blip_v2", &json!({"blipId": id, "tooltip": "A"})).map(|r| r.status));
        let color = s.spawn(|| client.call("update_blip_v2", &json!({"blipId": id, "color": "blue"})).map(|r| r.status));
        assert_eq!(tooltip.join().unwrap().unwrap(), 200);
        assert_eq!(color.join().unwrap().unwrap(), 200);
    });
    assert_eq!(mock.request_count() - before, 2, "one request each");
    // Neither sent a menu: a `[]` would have cleared it.
    assert_eq!(menu_of(&client, id), Some(panel_menu_body()["data"].clone()));
}

#[test]
fn the_mock_stores_panel_references_and_refuses_keys_the_page_refuses() {
    let (mock, client) = mock();
    let http = reqwest::blocking::Client::new();
    let send = |body: Value| {
        let response = http
            .post(format!("{}{S}/blips", mock.url()))
            .bearer_auth("demo-api-key")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .unwrap();
        (response.status().as_u16(), serde_json::from_str::<Value>(&response.text().unwrap()).unwrap_or(Value::Null))
    };
    let with_menu = |data: Value| with(json!({"coordinates": {"x": 1, "y": 2}}), json!({"data": data}));
    for (menu, field) in [
        (json!([{"title": "A"}, {"panelKey": "Smart-Signs"}]), "data[1].panelKey"),
        (json!([{"panelKey": "smart-signs", "instanceKey": "s"}]), "data[0].instanceKey"),
        (json!([{"panelKey": 7}]), "data[0].panelKey"),
        (json!(["Units"]), "data[0]"),
        (json!([{"title": 1}]), "data[0].title"),
        (json!({"title": "A"}), "data"),
    ] {
        let (status, body) = send(with_menu(menu.clone()));
        assert_eq!(status, 422, "{menu}");
        assert!(body["detail"].as_str().unwrap().contains(&format!("'{field}'")), "{menu}: {body}");
    }
    // A panel or instance that is not registered is not refused (the CAD shows it unavailable).
    let (status, created) = send(smart_sign_blip_body());
    assert_eq!(status, 200, "{created}");
    assert_eq!(created["data"], smart_sign_blip_body()["data"]);
    let id = created["id"].as_i64().unwrap();
    assert_eq!(menu_of(&client, id), Some(smart_sign_blip_body()["data"].clone()));
    // What the mock refuses on create it refuses on update, and the menu stays.
    let response = http
        .patch(format!("{}{S}/blips/{id}", mock.url()))
        .bearer_auth("demo-api-key")
        .header("content-type", "application/json")
        .body(json!({"data": [{"panelKey": "UPPER"}]}).to_string())
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    assert_eq!(menu_of(&client, id), Some(smart_sign_blip_body()["data"].clone()));
}

#[test]
fn a_listed_menu_with_panel_references_is_read_by_the_typed_methods() {
    let listed = json!([{
        "id": 32, "coordinates": {"x": 425.5, "y": -979.8, "z": 0.0, "w": 0.0}, "subType": "radius", "icon": "fa-location-dot",
        "color": "#ff0000", "tooltip": "Perimeter", "radius": 100.0,
        "data": [
            {"title": "Assigned Unit", "text": "A-10"},
            {"panelKey": "smart-signs", "instanceKey": "sign-12", "title": "Edit street sign"},
            {"panelKey": "fire-alarms"}
        ]
    }, {"id": 33, "coordinates": {"x": 1.0, "y": 2.0}}]);
    let (_server, client) = recorder(Canned::json(200, &listed.to_string()));
    let blips = client.get_blips_v2(None).unwrap();
    let entries = blips[0].entries();
    assert_eq!(entries[0], BlipEntry::info("Assigned Unit", "A-10"));
    assert_eq!(entries[1], BlipEntry::Panel(BlipPanel::new("smart-signs").with_instance("sign-12").with_title("Edit street sign")));
    match &entries[2] {
        BlipEntry::Panel(panel) => {
            assert_eq!((panel.panel_key.as_str(), panel.instance(), entries[2].title()), ("fire-alarms", "default", None))
        }
        other => panic!("a panel entry: {other:?}"),
    }
    assert_eq!((blips[1].data.as_ref(), blips[1].entries().len()), (None, 0), "no `data`: no menu, not an empty one");
}
