//! The v2 general API (`/v2/general/...`): accounts, links, community and server
//! configuration. Each operation's wire format from its page's example (the bodycam upload
//! part by part, the login page without the key), checked by a server that only records;
//! its rules, checked before anything is sent; its pacing against the page; the page's
//! example answers read by the typed methods; and round trips on the mock, where what one
//! operation writes the others read.

mod common;

use common::*;
use serde_json::{json, Value};
use sonoran::api;
use sonoran::models::*;
use sonoran::ErrorKind;
use sonoran_mock::recorder::{Canned, RecordedRequest};
use sonoran_mock::{MockOptions, RateLimit, JOHN_SECRET, JOHN_UUID};

/// A WebM clip's first bytes (the EBML magic), then text: valid UTF-8, so the recorder's
/// text copy of the body holds it byte for byte.
const CLIP: &[u8] = b"\x1a\x45\xdf\xa3 mock webm clip";

#[test]
fn every_operation_sends_its_pages_example_as_the_page_documents() {
    // Every operation but the upload (below: multipart, checked part by part).
    let server = assert_sent_as_documented(&pages::general(), 19);
    let client = client_for(&server.url());
    // The upload, as its page's cURL example sends it.
    client.call("upload_bodycam_recording_v2", &pages::bodycam_upload(CLIP)).unwrap();
    let request = server.requests().pop().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", "/v2/general/bodycam-recordings"));
    assert_eq!(request.header("authorization"), Some("Bearer demo-api-key"));
    let parts = multipart(&request);
    let names: Vec<&str> = parts.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(names, ["file", "accountUuid", "durationMs", "identId", "unitNumber", "unitLocation"]);
    assert_eq!(parts[0].1, "form-data; name=\"file\"; filename=\"bodycam-clip.webm\"");
    assert_eq!(parts[0].2.as_deref(), Some("video/webm"));
    assert_eq!(parts[0].3.as_bytes(), CLIP, "the file's bytes, unchanged");
    let values: Vec<&str> = parts[1..].iter().map(|p| p.3.as_str()).collect();
    assert_eq!(values, ["USER_ACCOUNT_UUID", "90000", "123", "1A-12", "Senora Fwy / Route 68"]);
    assert!(parts[1..].iter().all(|p| p.2.is_none()), "text fields carry no content type");
}

/// The parts of a recorded `multipart/form-data` request: (name, disposition, content type, content).
fn multipart(request: &RecordedRequest) -> Vec<(String, String, Option<String>, String)> {
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart with a boundary");
    let body = &request.body;
    assert!(body.starts_with(&format!("--{boundary}\r\n")), "starts with the boundary");
    assert!(body.ends_with(&format!("\r\n--{boundary}--\r\n")), "ends with the closing boundary");
    let inner = &body[boundary.len() + 4..body.len() - boundary.len() - 8];
    inner
        .split(&format!("\r\n--{boundary}\r\n"))
        .map(|part| {
            let (head, content) = part.split_once("\r\n\r\n").expect("headers, blank line, content");
            let mut disposition = String::new();
            let mut kind = None;
            for line in head.split("\r\n") {
                let (name, value) = line.split_once(": ").expect("a header");
                match name.to_ascii_lowercase().as_str() {
                    "content-disposition" => disposition = value.to_string(),
                    "content-type" => kind = Some(value.to_string()),
                    other => panic!("unexpected part header {other}"),
                }
            }
            let name = disposition.split("name=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or("").to_string();
            (name, disposition, kind, content.to_string())
        })
        .collect()
}

#[test]
fn each_operation_is_paced_at_its_pages_limit_reads_are_retried_writes_are_not() {
    let pages = [
        ("ban_user_v2", 10, false),
        ("set_account_permissions_v2", 10, false),
        ("upload_bodycam_recording_v2", 30, false),
        ("get_info_v2", 10, true),
        ("check_community_link_v2", 30, true),
        ("set_community_link_v2", 30, false),
        ("create_community_link_v2", 30, false),
        ("get_login_page_v2", 10, true),
        ("get_penal_codes_v2", 4, true),
        ("set_penal_codes_v2", 4, false),
        ("apply_permission_key_v2", 10, false),
        ("send_photo_v2", 10, false),
        ("set_postals_v2", 10, false),
        ("verify_secret_v2", 10, true),
        ("heartbeat_v2", 10, false),
        ("authorize_street_signs_v2", 10, true),
        ("get_servers_v2", 10, true),
        ("set_servers_v2", 10, false),
        ("get_turn_credentials_v2", 20, true),
        ("get_version_v2", 10, true),
    ];
    assert_paced_as_documented(&pages);
    for (name, _, _) in pages {
        assert!(api::find(name).unwrap().path().starts_with("/v2/general/"), "{name}");
    }
}

#[test]
fn a_write_is_never_resent_a_read_is() {
    let (server, client) = recorder(Canned::json(503, r#"{"title":"Service Unavailable"}"#));
    let err = client.call("heartbeat_v2", &json!({"playerCount": 3})).unwrap_err();
    assert_eq!(err.status, Some(503));
    assert_eq!(server.requests().len(), 1, "a heartbeat that may have arrived is not sent again");
    let err =
        client.call("upload_bodycam_recording_v2", &json!({"communityUserId": "p", "durationMs": 5, "fileBase64": "AAAA"})).unwrap_err();
    assert_eq!(err.status, Some(503));
    assert_eq!(server.requests().len(), 2, "nor is an upload");
    client.call("get_servers_v2", &json!({})).unwrap_err();
    assert!(server.requests().len() > 3, "a read is retried");
}

#[test]
fn the_mock_enforces_four_a_minute_on_penal_codes() {
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: Some(RateLimit::DOCUMENTED), ..Default::default() });
    for _ in 0..4 {
        client.call("get_penal_codes_v2", &json!({})).unwrap();
    }
    let err = client.call("get_penal_codes_v2", &json!({})).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::RateLimited, Some(429)));
    // The keyless login page counts against its own route's budget.
    for _ in 0..10 {
        client.call("get_login_page_v2", &json!({"communityId": sonoran_mock::DEMO_COMMUNITY_ID})).unwrap();
    }
    assert_eq!(client.call("get_login_page_v2", &json!({"communityId": "x"})).unwrap_err().status, Some(429));
}

#[test]
fn bad_values_are_refused_naming_the_field_before_anything_is_sent() {
    let (server, client) = recorder(Canned::json(200, "{}"));
    refused(&client, "ban_user_v2", json!({"isBan": true}), "communityUserId");
    refused(&client, "ban_user_v2", json!({"communityUserId": "p", "discord": "1", "isBan": true}), "more than one");
    refused(&client, "ban_user_v2", json!({"communityUserId": "p"}), "`isBan`");
    refused(&client, "ban_user_v2", json!({"accountUuid": "john", "isBan": true}), "`accountUuid`");
    refused(&client, "set_account_permissions_v2", json!({"communityUserId": "p"}), "at least one of `add`, `remove`, `active`");
    refused(&client, "set_account_permissions_v2", json!({"communityUserId": "p", "add": "POLICE"}), "`add`");
    refused(&client, "set_account_permissions_v2", json!({"communityUserId": "p", "add": [""]}), "`add[0]`");
    refused(&client, "set_account_permissions_v2", json!({"communityUserId": "p", "active": "yes"}), "`active`");
    refused(&client, "check_community_link_v2", json!({}), "`communityUserId` is required");
    refused(&client, "create_community_link_v2", json!({"communityUserId": ""}), "`communityUserId`");
    refused(
        &client,
        "set_community_link_v2",
        json!({"accountUuid": JOHN_UUID, "secretUuid": "secret", "communityUserId": "p"}),
        "`secretUuid`",
    );
    refused(
        &client,
        "set_community_link_v2",
        json!({"accountUuid": JOHN_UUID, "secretUuid": JOHN_SECRET, "communityUserId": "x".repeat(256)}),
        "at most 255",
    );
    refused(&client, "get_login_page_v2", json!({}), "`communityId`, `url`");
    refused(&client, "get_login_page_v2", json!({"communityId": "a", "url": "b"}), "more than one");
    refused(&client, "set_penal_codes_v2", json!({"codes": [{"title": "No code"}]}), "`codes[0].code` is required");
    refused(&client, "set_penal_codes_v2", json!({"codes": [{"code": "1", "bondAmount": "lots"}]}), "`codes[0].bondAmount`");
    refused(&client, "set_penal_codes_v2", json!({"codes": [{"code": "1", "fine": 5}]}), "`codes[0].fine`");
    refused(&client, "set_penal_codes_v2", json!({}), "`codes` is required");
    refused(&client, "apply_permission_key_v2", json!({"communityUserId": "p"}), "`permissionKey` is required");
    refused(
        &client,
        "apply_permission_key_v2",
        json!({"accountUuid": JOHN_UUID, "permissionKey": "K"}),
        "`accountUuid` is not a parameter",
    );
    refused(&client, "send_photo_v2", json!({"communityUserId": "p"}), "`url` is required");
    refused(&client, "set_postals_v2", json!({"postals": [7]}), "`postals[0]`");
    refused(&client, "set_postals_v2", json!({"postals": null}), "`postals` is required");
    refused(&client, "verify_secret_v2", json!({"secret": "hunter2"}), "`secret`");
    refused(&client, "heartbeat_v2", json!({"serverId": 1}), "`playerCount` is required");
    refused(&client, "heartbeat_v2", json!({"playerCount": -1}), "`playerCount`");
    refused(&client, "heartbeat_v2", json!({"serverId": 0, "playerCount": 1}), "`serverId`");
    refused(&client, "authorize_street_signs_v2", json!({"serverId": "main"}), "`serverId`");
    refused(&client, "set_servers_v2", json!({"servers": []}), "`servers` must not be empty");
    refused(&client, "set_servers_v2", json!({"servers": [{"name": "no id"}]}), "`servers[0].id` is required");
    refused(&client, "set_servers_v2", json!({"servers": [{"id": 1, "liveMapFormat": 2}]}), "`servers[0].liveMapFormat`");
    refused(&client, "set_servers_v2", json!({"servers": [{"id": 1}, {"id": 1}]}), "`servers[1].id` repeats");
    refused(&client, "set_servers_v2", json!({"servers": [{"id": 1}], "deployMap": "yes"}), "`deployMap`");
    refused(&client, "get_turn_credentials_v2", json!({"userId": 7}), "`userId`");
    refused(&client, "get_version_v2", json!({"plan": "PRO"}), "`plan` is not a parameter");
    // The upload: its target, its duration, and its file.
    let clip = sonoran::upload::encode_base64(CLIP);
    let upload = |extra: Value| {
        let mut params = json!({"communityUserId": "p", "durationMs": 1000, "fileBase64": clip});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                params.as_object_mut().unwrap().remove(k);
            } else {
                params[k] = v.clone();
            }
        }
        params
    };
    refused(
        &client,
        "upload_bodycam_recording_v2",
        upload(json!({"communityUserId": null})),
        "`accountUuid`, `account`, `communityUserId`",
    );
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"durationMs": 0})), "`durationMs` must be between 1 and 120000");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"durationMs": 120001})), "`durationMs`");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"durationMs": null})), "`durationMs` is required");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"fileBase64": null})), "`filePath` or `fileBase64`");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"filePath": "/tmp/clip.webm"})), "both were given");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"fileBase64": "not base64!"})), "`fileBase64` must be base64");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"fileName": "clip.mp4"})), "`fileName` must name a .webm file");
    refused(&client, "upload_bodycam_recording_v2", upload(json!({"contentType": "video/mp4"})), "`contentType`");
    let too_big = sonoran::upload::encode_base64(&vec![7u8; sonoran::upload::MAX_FILE_BYTES + 1]);
    let err = client.call("upload_bodycam_recording_v2", &upload(json!({"fileBase64": too_big}))).unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidArgument);
    assert!(err.message.contains("6000001 bytes") && err.message.contains("at most 6000000"), "{err}");
    assert!(err.message.len() < 200, "the error carries no file content");
    // A file on disk: read on the I/O thread; unreadable, too large or of the wrong type is
    // refused there, still before anything is sent.
    let dir = std::env::temp_dir().join(format!("sonoran-general-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.webm");
    std::fs::write(&big, vec![0u8; sonoran::upload::MAX_FILE_BYTES + 1]).unwrap();
    let path = |p: &std::path::Path| upload(json!({"fileBase64": null, "filePath": p.to_string_lossy()}));
    refused(&client, "upload_bodycam_recording_v2", path(&big), "`filePath` is 6000001 bytes");
    refused(&client, "upload_bodycam_recording_v2", path(&dir.join("missing.webm")), "`filePath` cannot be read");
    refused(&client, "upload_bodycam_recording_v2", path(&dir.join("clip.mkv")), "`filePath` must name a .webm file");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(server.requests().is_empty(), "nothing refused was sent");
}

#[test]
fn the_pages_example_answers_are_read_by_the_typed_methods() {
    let served = |body: &str| recorder(Canned::json(200, body));
    let (_s, client) = served(r#"{"version": 2, "name": "PLUS", "since": "2026"}"#);
    let version = client.get_version_v2().unwrap();
    assert_eq!((version.version, version.plan()), (Some(2), Plan::Plus));
    assert_eq!(version.extra["since"], "2026", "unknown fields kept");
    let (_s, client) = served(
        r#"{"uuid":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","community":{"comId":"examplecad","name":"Example CAD","timezone":"America/Phoenix","customLoginUrl":"https://portal.examplecad.com/login"},"codes":["10-8","10-23"]}"#,
    );
    let info = client.get_info_v2().unwrap();
    assert_eq!((info.community.com_id.as_deref(), info.codes.len()), (Some("examplecad"), 2));
    let (_s, client) = served(
        r#"{"servers":[{"id":1,"name":"Main Server","description":"Primary patrol server","signal":"100","mapUrl":"https://example.com/tiles/{z}/{x}/{y}.png","mapIp":"203.0.113.10","listenerPort":"30120","differingOutbound":false,"outboundIp":"","enableMap":true,"mapType":"NORMAL","isStatic":false,"liveMapFormat":0}]}"#,
    );
    let servers = client.get_servers_v2().unwrap();
    assert_eq!((servers.servers[0].id, servers.servers[0].map_ip.as_deref()), (1, Some("203.0.113.10")));
    let (_s, client) = served(r#"{"serverId":1,"playerCount":32,"receivedAtUtc":"2026-04-08T21:35:00Z"}"#);
    assert_eq!(client.heartbeat_v2(Some(1), 42).unwrap().player_count, Some(32));
    let (_s, client) =
        served(r#"[{"title":"Unsafe Lane Change","code":"22107","type":"INFRACTION","bondType":"NONE","bondAmount":0,"jailTime":"0"}]"#);
    assert_eq!(client.get_penal_codes_v2().unwrap()[0].kind.as_deref(), Some("INFRACTION"));
    let (_s, client) = served(
        r#"{"code":"A7K2","communityUserId":"player_12345","communityUuid":"00000000-0000-0000-0000-000000000000","expiresAt":"2026-04-09T19:25:00Z","expiresInSeconds":600}"#,
    );
    let code = client.create_community_link_v2("player_12345").unwrap();
    assert_eq!((code.code.as_str(), code.expires_in_seconds), ("A7K2", Some(600)));
    assert_eq!(code.link_url(), "https://sonorancad.com/id?code=A7K2");
    let (_s, client) = served(r#"{"communityUserId":"player_12345","linked":false,"accountUuid":null}"#);
    let link = client.check_community_link_v2("player_12345").unwrap();
    assert!(!link.linked && link.account_uuid.is_none());
    let (_s, client) = served(r#"{"00000000-0000-0000-0000-000000000000":"11111111-2222-3333-4444-555555555555"}"#);
    assert_eq!(client.verify_secret_v2("00000000-0000-0000-0000-000000000000").unwrap(), "11111111-2222-3333-4444-555555555555");
    let (_s, client) = served(r#"{"accountUuid":"00000000-0000-0000-0000-000000000000","action":"ban","message":"Account was banned."}"#);
    assert_eq!(
        client.ban_user_v2(&AccountTarget::CommunityUserId("player-1234".into()), true, false).unwrap().action.as_deref(),
        Some("ban")
    );
    let (_s, client) = served(
        r#"{"accountUuid":"00000000-0000-0000-0000-000000000000","permissions":{"police":true,"dispatch":true,"liveMap":true,"adminInGameIntegration":true},"active":true}"#,
    );
    let changes = PermissionChanges { add: vec!["POLICE".into()], ..Default::default() };
    let changed = client.set_account_permissions_v2(&AccountTarget::CommunityUserId("p".into()), &changes).unwrap();
    assert_eq!((changed.permissions.get("adminInGameIntegration"), changed.active), (Some(true), Some(true)));
    let (_s, client) = served(r#"{"communityUserId":"player-1234","delivered":1}"#);
    assert_eq!(client.send_photo_v2(&AccountTarget::CommunityUserId("player-1234".into()), "https://x/y.png").unwrap().delivered, 1);
    let (_s, client) = served(r#"{"authorized":true,"serverId":1}"#);
    assert!(client.authorize_street_signs_v2(Some(1)).unwrap().authorized);
    let (_s, client) = served(
        r#"{"iceServers":[{"urls":["turn:coturn.sonorancad.com:3478?transport=udp"],"username":"1735689600:unit-1","credential":"base64-turn-credential"}],"ttl":600}"#,
    );
    assert_eq!(client.get_turn_credentials_v2(Some("unit-1")).unwrap().ice_servers[0].username.as_deref(), Some("1735689600:unit-1"));
    let (_s, client) = served(
        r#"{"comId":"examplecad","name":"Example CAD","timezone":"America/Phoenix","customLoginUrl":"https://portal.examplecad.com/login"}"#,
    );
    assert_eq!(client.get_login_page_v2(&LoginPageBy::CommunityId("examplecad".into())).unwrap().name.as_deref(), Some("Example CAD"));
    let (_s, client) = served(r#"["https://files.example.com/bodycam/community/unit/clip.webm"]"#);
    let upload = BodycamUpload {
        target: AccountTarget::Account(JOHN_UUID.into()),
        duration_ms: 90_000,
        file: UploadFile::Bytes(CLIP.to_vec()),
        file_name: None,
        ident_id: None,
        unit_number: None,
        unit_location: None,
    };
    assert_eq!(client.upload_bodycam_recording_v2(&upload).unwrap().len(), 1);
    let (_s, client) = served(r#"{"updated": 1}"#);
    assert_eq!(client.set_penal_codes_v2(&[PenalCode::new("22107", "Unsafe Lane Change")]).unwrap().updated, 1);
}

fn stats(mock: &sonoran_mock::MockServer) -> Value {
    serde_json::from_str(&reqwest::blocking::get(format!("{}/_mock/stats", mock.url())).unwrap().text().unwrap()).unwrap()
}

#[test]
fn servers_set_are_the_servers_got_and_the_ones_heartbeats_and_other_routes_accept() {
    let (mock, client) = mock();
    assert_eq!(client.get_servers_v2().unwrap().servers.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 2]);
    let mut ranch = GameServer::new(7, "Ranch");
    ranch.map_ip = Some("127.0.0.1".into());
    let mut remote = GameServer::new(8, "Remote");
    remote.map_ip = Some("203.0.113.10".into());
    remote.live_map_format = Some(1);
    let set = client.set_servers_v2(&[ranch, remote], Some(true)).unwrap();
    assert_eq!(set.servers.len(), 2);
    let got = client.get_servers_v2().unwrap();
    assert_eq!(got.servers, set.servers);
    assert_eq!((got.servers[1].name.as_deref(), got.servers[1].live_map_format), (Some("Remote"), Some(1)));
    // Heartbeats on the new servers are recorded, with their player count.
    let beat = client.heartbeat_v2(Some(7), 12).unwrap();
    assert_eq!((beat.server_id, beat.player_count), (Some(7), Some(12)));
    assert!(beat.received_at_utc.unwrap().ends_with('Z'));
    let err = client.heartbeat_v2(Some(1), 3).unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::NotFound, Some(404)), "server 1 is gone");
    assert_eq!(stats(&mock)["general"]["heartbeats"][0]["playerCount"], 12);
    assert_eq!(stats(&mock)["general"]["deployMap"], true);
    // Street signs: this machine is server 7's address, not server 8's.
    assert!(client.authorize_street_signs_v2(Some(7)).unwrap().authorized);
    assert_eq!(client.authorize_street_signs_v2(Some(8)).unwrap_err().status, Some(403));
    // The emergency routes take the new ids too.
    assert_eq!(client.call("get_units_v2", &json!({"serverId": 7})).unwrap().status, 200);
    assert_eq!(client.call("get_units_v2", &json!({"serverId": 2})).unwrap_err().status, Some(404));
}

#[test]
fn penal_codes_and_postals_are_stored_and_returned() {
    let (mock, client) = mock();
    assert_eq!(client.get_penal_codes_v2().unwrap()[0].code, "22107", "the page's example is seeded");
    let mut felony = PenalCode::new("187", "Murder");
    felony.kind = Some("FELONY".into());
    felony.bond_amount = Some(0);
    let codes = [PenalCode::new("22350", "Speeding"), felony];
    assert_eq!(client.set_penal_codes_v2(&codes).unwrap().updated, 2);
    let got = client.get_penal_codes_v2().unwrap();
    assert_eq!(got.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["22350", "187"]);
    assert_eq!(got[1].kind.as_deref(), Some("FELONY"));
    // What get answers, set takes back unchanged (through the JSON faces too).
    let raw = client.call("get_penal_codes_v2", &json!({})).unwrap().body.to_value();
    assert_eq!(client.call("set_penal_codes_v2", &json!({"codes": raw})).unwrap().body.to_value(), json!({"updated": 2}));
    let postals = [json!({"code": "100", "x": 425.1, "y": -979.2}), json!({"code": "101", "x": 1.0, "y": 2.0})];
    assert_eq!(client.set_postals_v2(&postals).unwrap().updated, 2);
    assert_eq!(stats(&mock)["general"]["postals"], 2);
    assert_eq!(client.set_postals_v2(&[]).unwrap().updated, 0);
}

#[test]
fn the_link_flow_create_enter_in_the_cad_check() {
    let (mock, client) = mock();
    let player = "fivem:77";
    assert!(!client.check_community_link_v2(player).unwrap().linked);
    let code = client.create_community_link_v2(player).unwrap();
    assert_eq!(code.code.len(), 4);
    assert_eq!((code.community_user_id.as_deref(), code.expires_in_seconds), (Some(player), Some(600)));
    assert_eq!(code.community_uuid.as_deref(), Some(sonoran_mock::COMMUNITY_UUID));
    assert!(!client.check_community_link_v2(player).unwrap().linked, "not linked until the player enters the code");
    // The player enters the code in the CAD (a mock-only control route).
    let entered = reqwest::blocking::Client::new()
        .post(format!("{}/_mock/links/{}", mock.url(), code.code))
        .body(json!({"accountUuid": JOHN_UUID}).to_string())
        .send()
        .unwrap();
    assert_eq!(entered.status(), 200);
    let link = client.check_community_link_v2(player).unwrap();
    assert_eq!((link.linked, link.account_uuid.as_deref()), (true, Some(JOHN_UUID)));
    // The id now names the account on every route that takes a communityUserId.
    let account = client.get_account_v2(&AccountTarget::CommunityUserId(player.into())).unwrap();
    assert_eq!(account.uuid, JOHN_UUID);
    // A code works once.
    let again = reqwest::blocking::Client::new().post(format!("{}/_mock/links/{}", mock.url(), code.code)).body("{}").send().unwrap();
    assert_eq!(again.status(), 404);
}

#[test]
fn set_community_link_needs_the_accounts_secret_and_moves_the_id() {
    let (_mock, client) = mock();
    assert_eq!(client.verify_secret_v2(JOHN_SECRET).unwrap(), JOHN_UUID);
    assert_eq!(client.verify_secret_v2("44444444-4444-4444-4444-444444444444").unwrap_err().status, Some(404));
    let err = client.set_community_link_v2(JOHN_UUID, "44444444-4444-4444-4444-444444444444", "fivem:1").unwrap_err();
    assert_eq!((err.kind, err.status), (ErrorKind::Unauthorized, Some(403)));
    assert!(!client.check_community_link_v2("fivem:1").unwrap().linked);
    // Steam:1234 is SonoranBrian's; linking it to John moves it.
    let link = client.set_community_link_v2(JOHN_UUID, JOHN_SECRET, "Steam:1234").unwrap();
    assert_eq!((link.linked, link.account_uuid.as_deref()), (true, Some(JOHN_UUID)));
    assert_eq!(client.check_community_link_v2("Steam:1234").unwrap().account_uuid.as_deref(), Some(JOHN_UUID));
}

#[test]
fn bans_permissions_and_permission_keys_change_the_account_get_account_returns() {
    let (_mock, client) = mock();
    let john = AccountTarget::CommunityUserId("license:abc123".into());
    let before = client.get_account_v2(&john).unwrap();
    assert_eq!(before.permissions.get("dispatch"), Some(false));
    let changes = PermissionChanges { add: vec!["DISPATCH".into()], remove: vec!["civilian".into()], active: None };
    let changed = client.set_account_permissions_v2(&john, &changes).unwrap();
    assert_eq!((changed.permissions.get("dispatch"), changed.permissions.get("civilian")), (Some(true), Some(false)));
    let after = client.get_account_v2(&john).unwrap();
    assert_eq!((after.permissions.get("dispatch"), after.permissions.get("civilian")), (Some(true), Some(false)));
    let err =
        client.set_account_permissions_v2(&john, &PermissionChanges { add: vec!["flying".into()], ..Default::default() }).unwrap_err();
    assert_eq!(err.status, Some(400));
    assert!(err.message.contains("flying"));
    // A permission key grants its set.
    let applied = client.apply_permission_key_v2(&AccountTarget::Roblox("123456789".into()), "YOUR_PERMISSION_KEY").unwrap();
    assert_eq!((applied.username.as_deref(), applied.permissions.get("adminInGameIntegration")), (Some("JohnDoe"), Some(true)));
    assert_eq!(client.get_account_v2(&john).unwrap().permissions.get("adminInGameIntegration"), Some(true));
    assert_eq!(client.apply_permission_key_v2(&john, "NO_SUCH_KEY").unwrap_err().status, Some(404));
    // Kick, then ban: the account's status follows (3 REMOVED, 4 BANNED).
    let kicked = client.ban_user_v2(&AccountTarget::Account(JOHN_UUID.into()), false, true).unwrap();
    assert_eq!(kicked.action.as_deref(), Some("kick"));
    assert_eq!(client.get_account_v2(&john).unwrap().status, Some(AccountStatus::from_i64(3)));
    client.ban_user_v2(&AccountTarget::Discord("274658103720132609".into()), true, false).unwrap();
    let brian = client.get_account_v2(&AccountTarget::Username("SonoranBrian".into())).unwrap();
    assert_eq!(brian.status, Some(AccountStatus::from_i64(4)));
    // Reactivating sets it back.
    let active = client.set_account_permissions_v2(&john, &PermissionChanges { active: Some(true), ..Default::default() }).unwrap();
    assert_eq!(active.active, Some(true));
    assert_eq!(client.get_account_v2(&john).unwrap().status, Some(AccountStatus::from_i64(1)));
    // Username is not a ban target: refused by the library, naming it.
    let err = client.ban_user_v2(&AccountTarget::Username("JohnDoe".into()), true, false).unwrap_err();
    assert!(err.kind == ErrorKind::InvalidArgument && err.message.contains("username"), "{err}");
}

#[test]
fn photos_reach_the_active_connections_of_a_linked_user() {
    let (mock, client) = mock();
    let sent = client.send_photo_v2(&AccountTarget::CommunityUserId("license:abc123".into()), "https://cdn.example.com/a.png").unwrap();
    assert_eq!(sent.delivered, 1, "John has one unit online");
    assert_eq!(stats(&mock)["general"]["photos"][0]["url"], "https://cdn.example.com/a.png");
    assert_eq!(client.send_photo_v2(&AccountTarget::CommunityUserId("nobody".into()), "https://x").unwrap_err().status, Some(404));
}

#[test]
fn community_plan_info_login_page_and_turn() {
    let (_mock, client) = mock_with(MockOptions { v2_rate_limit: None, plan: 3, ..Default::default() });
    let version = client.get_version_v2().unwrap();
    assert_eq!((version.version, version.plan()), (Some(3), Plan::Plus));
    let info = client.get_info_v2().unwrap();
    assert_eq!(info.community.com_id.as_deref(), Some(sonoran_mock::DEMO_COMMUNITY_ID));
    assert_eq!(info.uuid.as_deref(), Some(sonoran_mock::COMMUNITY_UUID));
    // The login page is public: it answers a client whose key is wrong, since none is sent.
    let (mock, _) = mock();
    let keyless = sonoran::Client::new(sonoran::Config::new("anyone", "wrong-key").with_api_url(mock.url()).without_rate_limits()).unwrap();
    let page = keyless.get_login_page_v2(&LoginPageBy::CommunityId(sonoran_mock::DEMO_COMMUNITY_ID.into())).unwrap();
    assert_eq!(page.custom_login_url.as_deref(), Some("https://portal.examplecad.com/login"));
    let by_url = keyless.get_login_page_v2(&LoginPageBy::Url("https://portal.examplecad.com/login".into())).unwrap();
    assert_eq!(by_url, page);
    assert_eq!(keyless.get_login_page_v2(&LoginPageBy::CommunityId("elsewhere".into())).unwrap_err().status, Some(404));
    assert_eq!(keyless.get_info_v2().unwrap_err().status, Some(401), "the other routes need the key");
    let turn = client.get_turn_credentials_v2(Some("unit:1")).unwrap();
    assert!(turn.ice_servers[0].username.as_deref().unwrap().ends_with(":unit_1"), "colons become underscores");
    assert_eq!(turn.ttl, Some(600));
}

#[test]
fn uploads_are_stored_with_their_size_and_the_mock_refuses_what_the_api_would() {
    let (mock, client) = mock();
    let dir = std::env::temp_dir().join(format!("sonoran-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bodycam-clip.webm");
    std::fs::write(&path, CLIP).unwrap();
    let upload = BodycamUpload {
        target: AccountTarget::CommunityUserId("license:abc123".into()),
        duration_ms: 90_000,
        file: UploadFile::Path(path.clone()),
        file_name: None,
        ident_id: Some(12),
        unit_number: Some("1A-12".into()),
        unit_location: None,
    };
    let urls = client.upload_bodycam_recording_v2(&upload).unwrap();
    assert!(urls[0].ends_with("/1A-12/clip-1.webm"), "{urls:?}");
    let stored = &stats(&mock)["general"]["uploads"][0];
    assert_eq!((stored["size"].as_u64(), stored["fileName"].as_str()), (Some(CLIP.len() as u64), Some("bodycam-clip.webm")));
    assert_eq!(stored["accountUuid"], JOHN_UUID);
    assert_eq!(stored["fields"]["identId"], "12");
    std::fs::remove_dir_all(&dir).unwrap();
    // An unknown account: the API's own message. (The page's placeholder, USER_ACCOUNT_UUID,
    // is JohnDoe's in the mock, so that the page's example succeeds.)
    let err = client
        .call("upload_bodycam_recording_v2", &json!({"accountUuid": "OTHER_ACCOUNT_UUID", "durationMs": 5, "fileBase64": "AAAA"}))
        .unwrap_err();
    assert_eq!((err.status, err.message.as_str()), (Some(400), "Account OTHER_ACCOUNT_UUID was not found in this community."));
    // What the library never sends, the mock refuses as the API does.
    let raw = |file_name: &str, kind: &str, content: &[u8], fields: &str| {
        let boundary = "XyZ";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {kind}\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(content);
        for field in fields.split('&').filter(|f| !f.is_empty()) {
            let (name, value) = field.split_once('=').unwrap();
            body.extend_from_slice(
                format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}").as_bytes(),
            );
        }
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let response = reqwest::blocking::Client::new()
            .post(format!("{}/v2/general/bodycam-recordings", mock.url()))
            .header("authorization", "Bearer demo-api-key")
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(body)
            .send()
            .unwrap();
        let status = response.status().as_u16();
        (status, serde_json::from_str::<Value>(&response.text().unwrap()).unwrap()["detail"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(
        raw("a.mp4", "video/mp4", CLIP, "communityUserId=license:abc123&durationMs=5"),
        (400, "Bodycam uploads must be webm files.".into())
    );
    let big = vec![0u8; 6_000_001];
    assert_eq!(
        raw("a.webm", "video/webm", &big, "communityUserId=license:abc123&durationMs=5"),
        (400, "File exceeds 6000000 bytes.".into())
    );
    assert_eq!(
        raw("a.webm", "video/webm", CLIP, "communityUserId=license:abc123"),
        (400, "durationMs must be between 1 and 120000.".into())
    );
    assert_eq!(
        raw("a.webm", "video/webm", CLIP, "durationMs=5"),
        (400, "Provide exactly one of `accountUuid`, `communityUserId`, `roblox`, or `discord`.".into())
    );
    assert_eq!(raw("a.webm", "video/webm", CLIP, "communityUserId=license:abc123&durationMs=5").0, 200);
}
