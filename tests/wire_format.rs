//! What the client puts on the wire, recorded by a server that does nothing else, compared
//! with the API reference pages (so the client and the mock cannot agree on a wrong format),
//! and how the client reads what comes back.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::models::*;
use sonoran::ErrorKind;
use sonoran_mock::recorder::Canned;

fn v1_body(request_type: &str, data: Value) -> Value {
    json!({"id": "demo-community", "key": "demo-api-key", "type": request_type, "data": [data]})
}

#[test]
fn v1_requests_are_the_documented_envelope() {
    let (server, client) = recorder(Canned::json(200, "[]"));
    let cases = [
        (
            "get_account_identifiers",
            json!({"apiId": "Steam:1234", "onlyOnline": false}),
            "/emergency/get_account_identifiers",
            v1_body("GET_ACCOUNT_IDENTIFIERS", json!({"serverId": 1, "apiId": "Steam:1234", "onlyOnline": false})),
        ),
        (
            "get_account",
            json!({"username": "SonoranBrian"}),
            "/general/get_account",
            v1_body("GET_ACCOUNT", json!({"username": "SonoranBrian"})),
        ),
        (
            "get_accounts",
            json!({"limit": 100, "offset": 0, "status": 1}),
            "/general/get_accounts",
            v1_body("GET_ACCOUNTS", json!({"limit": 100, "offset": 0, "status": 1})),
        ),
        ("get_accounts", json!({}), "/general/get_accounts", v1_body("GET_ACCOUNTS", json!({}))),
        (
            "modify_identifier",
            json!({"apiId": "Steam:1234", "action": "REMOVE", "identId": 123}),
            "/emergency/modify_identifier",
            v1_body("MODIFY_IDENTIFIER", json!({"apiId": "Steam:1234", "action": 2, "identId": 123})),
        ),
    ];
    for (i, (operation, params, path, body)) in cases.iter().enumerate() {
        client.call(operation, params).unwrap();
        let request = &server.requests()[i];
        assert_eq!(request.method, "POST", "{operation}");
        assert_eq!(request.path, *path, "{operation}");
        assert_eq!(request.query, None, "{operation}");
        assert_eq!(request.header("content-type"), Some("application/json"), "{operation}");
        assert_eq!(request.header("authorization"), None, "v1 carries the key in the body only");
        assert_eq!(&request.json(), body, "{operation}");
    }
}

#[test]
fn modify_identifier_add_body_matches_the_page() {
    let (server, client) = recorder(Canned::json(200, r#"{"id": 12}"#));
    client
        .modify_identifier(&ModifyIdentifier {
            target: AccountTarget::Account("000-000-000".into()),
            action: IdentifierAction::Add,
            identifier: Some(IdentifierFields {
                status: Some(UnitStatus::Unavailable),
                location: Some(String::new()),
                aop: Some("Los Santos".into()),
                data: UnitData {
                    unit_num: Some("A-10".into()),
                    name: Some("John Doe".into()),
                    district: Some("Los Santos".into()),
                    department: Some("LSPD".into()),
                    subdivision: Some("Patrol".into()),
                    rank: Some("Officer".into()),
                    group: Some("CAR-51".into()),
                    community_user_id: Some("license:abc123".into()),
                    ..Default::default()
                },
                ..Default::default()
            }),
            ident_id: None,
        })
        .unwrap();
    let expected = v1_body(
        "MODIFY_IDENTIFIER",
        json!({
            "account": "000-000-000",
            "action": 0,
            "identifier": {
                "status": 0, "location": "", "aop": "Los Santos",
                "data": {"unitNum": "A-10", "name": "John Doe", "district": "Los Santos", "department": "LSPD",
                         "subdivision": "Patrol", "rank": "Officer", "group": "CAR-51", "communityUserId": "license:abc123"}
            }
        }),
    );
    assert_eq!(server.requests()[0].json(), expected);
}

#[test]
fn v2_units_request_matches_the_curl_example() {
    let (server, client) = recorder(Canned::json(200, r#"{"units": []}"#));
    client
        .get_account_units(&GetAccountUnits {
            server_id: Some(1),
            account_uuid: "00000000-0000-0000-0000-000000000000".into(),
            only_online: Some(true),
            only_units: Some(true),
            limit: Some(100),
            offset: Some(0),
        })
        .unwrap();
    // Defaults: serverId from the config, no query when nothing else is given.
    client.call("get_account_units", &json!({"accountUuid": "91de0ce8-c571-11e9-9714-5600023b2434"})).unwrap();
    let requests = server.requests();
    let full = &requests[0];
    assert_eq!(full.method, "GET");
    assert_eq!(full.path, "/v2/emergency/servers/1/accounts/00000000-0000-0000-0000-000000000000/units");
    assert_eq!(full.query.as_deref(), Some("onlyOnline=true&onlyUnits=true&limit=100&offset=0"));
    assert_eq!(full.header("authorization"), Some("Bearer demo-api-key"));
    assert_eq!(full.header("accept"), Some("application/json"));
    assert_eq!(full.body, "", "a GET has no body");
    assert_eq!(requests[1].path, "/v2/emergency/servers/1/accounts/91de0ce8-c571-11e9-9714-5600023b2434/units");
    assert_eq!(requests[1].query, None);
}

#[test]
fn default_server_id_and_base_path_come_from_the_config() {
    let server = sonoran_mock::recorder::RecordingServer::start(Canned::json(200, "[]")).unwrap();
    let config =
        sonoran::Config::new("demo-community", "demo-api-key").with_api_url(format!("{}/cad/", server.url())).with_default_server_id(3);
    let client = sonoran::Client::new(config).unwrap();
    client.call("get_account_identifiers", &json!({"apiId": "x"})).unwrap();
    client.call("get_account_units", &json!({"accountUuid": "00000000-0000-0000-0000-000000000000"})).unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].path, "/cad/emergency/get_account_identifiers");
    assert_eq!(requests[0].json()["data"][0]["serverId"], 3);
    assert_eq!(requests[1].path, "/cad/v2/emergency/servers/3/accounts/00000000-0000-0000-0000-000000000000/units");
}

#[test]
fn unknown_fields_reach_the_envelope_and_the_models() {
    let body = r#"{"units":[{"id":12,"status":3,"callSign":"CAR-51","data":{"unitNum":"A-10","badge":1234}}],"nextCursor":"abc"}"#;
    let (_server, client) = recorder(Canned::json(200, body));
    let params = json!({"accountUuid": "00000000-0000-0000-0000-000000000000"}).to_string();
    let envelope = sonoran::faces::call_json(&client, "get_account_units", &params);
    assert_eq!(envelope, format!(r#"{{"success":true,"status":200,"data":{body}}}"#), "data is the body, byte for byte");
    let units: UnitList = client.call("get_account_units", &serde_json::from_str(&params).unwrap()).unwrap().decode().unwrap();
    assert_eq!(units.extra["nextCursor"], "abc");
    assert_eq!(units.units[0].extra["callSign"], "CAR-51");
    assert_eq!(units.units[0].data.extra["badge"], 1234);
}

#[test]
fn pascal_and_camel_case_bodies_decode_alike() {
    for body in [r#"{"Units":[{"id":1}]}"#, r#"{"units":[{"id":1}]}"#] {
        let (_server, client) = recorder(Canned::json(200, body));
        let units = client
            .get_account_units(&GetAccountUnits { account_uuid: "00000000-0000-0000-0000-000000000000".into(), ..Default::default() })
            .unwrap();
        assert_eq!(units.units.len(), 1, "{body}");
        assert_eq!(units.units[0].id, 1);
    }
}

#[test]
fn text_answers_are_results() {
    let (_server, client) = recorder(Canned::text(200, "Identifier 123 removed!"));
    let outcome = client
        .modify_identifier(&ModifyIdentifier {
            target: AccountTarget::ApiId("Steam:1234".into()),
            action: IdentifierAction::Remove,
            identifier: None,
            ident_id: Some(123),
        })
        .unwrap();
    assert_eq!(outcome, ModifyOutcome::Message("Identifier 123 removed!".into()));
    let envelope = call(&client, "modify_identifier", r#"{"apiId":"Steam:1234","action":2,"identId":123}"#);
    assert_eq!(envelope["data"], "Identifier 123 removed!");
}

#[test]
fn every_2xx_is_a_success_and_every_other_status_an_error() {
    let (server, _) = recorder(Canned::json(201, r#"{"message":"API rate limit exceeded"}"#));
    // Classification only: retries have tests of their own.
    let client = sonoran::Client::new(sonoran::Config { max_retries: 0, ..config_for(&server.url()) }).unwrap();
    let created = call(&client, "get_accounts", "{}");
    assert_eq!(created["success"], true, "a 2xx is never turned into an error: {created}");
    assert_eq!(created["status"], 201);

    let cases: &[(Canned, &str, &str)] = &[
        (Canned::text(400, "INVALID API KEY"), "unauthorized", "INVALID API KEY"),
        (Canned::text(400, "INVALID COMMUNITY ID"), "unauthorized", "INVALID COMMUNITY ID"),
        (Canned::text(400, "API IS NOT ENABLED FOR THIS COMMUNITY"), "not_enabled", "API IS NOT ENABLED FOR THIS COMMUNITY"),
        (Canned::text(400, "INVALID REQUEST TYPE"), "invalid_request_type", "INVALID REQUEST TYPE"),
        (Canned::text(400, "SOMETHING ELSE"), "bad_request", "SOMETHING ELSE"),
        (Canned::text(404, ""), "not_found", "HTTP 404"),
        (
            Canned::json(429, r#"{"message":"API rate limit exceeded"}"#).with_header("retry-after", "7"),
            "rate_limited",
            "API rate limit exceeded",
        ),
        (Canned::text(500, "Internal Server Error"), "server", "Internal Server Error"),
        (Canned::text(503, ""), "server", "HTTP 503"),
        (Canned::json(302, "{}"), "bad_request", "HTTP 302"),
    ];
    for (canned, kind, reason) in cases {
        server.set_response(canned.clone());
        let envelope = call(&client, "get_accounts", "{}");
        assert_eq!(envelope["success"], false, "{canned:?}");
        assert_eq!(envelope["kind"], *kind, "{canned:?}");
        assert_eq!(envelope["reason"], *reason, "{canned:?}");
        assert_eq!(envelope["status"], canned.status, "{canned:?}");
    }
    server.set_response(Canned::json(429, "{}").with_header("retry-after", "7"));
    assert_eq!(call(&client, "get_accounts", "{}")["retryAfterMs"], 7000);
}

#[test]
fn v2_problem_documents_give_reason_and_trace_id() {
    let problem = r#"{"type":"https://httpstatuses.io/422","title":"Unprocessable Entity","status":422,"detail":"limit must be at most 100","instance":"/v2/x","traceId":"00-abc-def-01"}"#;
    let (server, client) = recorder(Canned { content_type: "application/problem+json".into(), ..Canned::json(422, problem) });
    let err = client.call("get_account_units", &json!({"accountUuid": "00000000-0000-0000-0000-000000000000"})).unwrap_err();
    assert_eq!(err.kind, ErrorKind::BadRequest);
    assert_eq!(err.message, "limit must be at most 100");
    assert_eq!(err.trace_id.as_deref(), Some("00-abc-def-01"));
    assert_eq!(parse(&err.envelope())["traceId"], "00-abc-def-01");

    server.set_response(Canned::json(401, r#"{"title":"Unauthorized","status":401}"#));
    let err = client.call("get_account_units", &json!({"accountUuid": "00000000-0000-0000-0000-000000000000"})).unwrap_err();
    assert_eq!((err.kind, err.message.as_str()), (ErrorKind::Unauthorized, "Unauthorized"));
}

#[test]
fn a_2xx_of_the_wrong_shape_is_a_decode_error_for_typed_calls_only() {
    let (_server, client) = recorder(Canned::json(200, r#"{"unexpected": true}"#));
    let err = client.get_account(&AccountTarget::Username("x".into())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Decode);
    assert_eq!(call(&client, "get_account", r#"{"username":"x"}"#)["data"]["unexpected"], true);
}
