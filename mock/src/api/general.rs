//! v2 general: accounts (reads, bans, permissions, permission keys, photos, secrets),
//! community links, and community and server configuration (info, login page, version,
//! penal codes, postals, servers, heartbeats, street-sign auth, TURN credentials, bodycam
//! uploads, database sync), over the community and the general store (`store::general`).
//! What one route writes the others read: servers set are the servers every route accepts,
//! bans and permissions change the accounts `get_account_v2` answers, a link code completed
//! through `POST /_mock/links/{code}` (as a player would in the CAD) makes
//! `check_community_link_v2` answer linked. (The granular permissions are their own area.)

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::multipart::{disposition_param, parts, Part};
use crate::http::request::MAX_FILE_BYTES;
use crate::http::{bad_request, bind, not_found, number, problem, unprocessable, Answer, Body, Key, Reading, Refusal, Request};
use crate::options::MockOptions;
use crate::shared::Shared;
use crate::store::accounts::{Account, Server, PERMISSIONS};
use crate::store::clock::{rfc3339, unix_now};
use crate::store::general::{plan_name, secrets_of, LinkCode, COMMUNITY_UUID, LINK_TTL};
use crate::store::Community;

const LOGIN_URL: &str = "https://portal.examplecad.com/login";
/// The community id of the login page's example, which this community also answers to (as it
/// does to that page's login URL).
const PAGE_COMMUNITY_ID: &str = "examplecad";

/// The general routes: bodies are JSON objects, read once the path is checked (a bodycam
/// upload's as sent; the account reads take none); the login page needs no key; and the
/// control route that completes a link code.
pub fn routes() -> Router<Arc<Shared>> {
    let fields = Reading::of(Body::Fields);
    bind(
        fields,
        &[
            ("ban_user_v2", ban),
            ("set_account_permissions_v2", permissions),
            ("get_info_v2", |_, r| info(r)),
            ("check_community_link_v2", |c, r| check_link(c, r)),
            ("set_community_link_v2", set_link),
            ("create_community_link_v2", create_link),
            ("get_penal_codes_v2", |c, _| Ok(Json(Value::Array(c.general.penal_codes.clone())).into_response())),
            ("set_penal_codes_v2", |c, r| set_list(&mut c.general.penal_codes, r, "codes")),
            ("apply_permission_key_v2", permission_key),
            ("send_photo_v2", photo),
            ("set_postals_v2", |c, r| set_list(&mut c.general.postals, r, "postals")),
            ("verify_secret_v2", |c, r| verify_secret(c, r)),
            ("heartbeat_v2", heartbeat),
            ("authorize_street_signs_v2", |c, r| street_signs(c, r)),
            ("get_servers_v2", |c, _| Ok(servers(c))),
            ("set_servers_v2", set_servers),
            ("get_turn_credentials_v2", |_, r| turn(r)),
            ("get_version_v2", |c, _| version(c.plan)),
        ],
    )
    .merge(bind(Reading { key: Key::Public, ..fields }, &[("get_login_page_v2", |_, r| login_page(r))]))
    .merge(bind(Reading::of(Body::File), &[("upload_bodycam_recording_v2", upload)]))
    .merge(bind(
        Reading::of(Body::Ignored),
        &[
            ("get_account_v2", |c, r| get_account(c, r)),
            ("get_accounts_v2", |c, r| get_accounts(c, r)),
            ("get_database_sync_configuration_v2", |c, _| Ok(Json(c.general.database_sync.clone()).into_response())),
        ],
    ))
    .route("/_mock/links/{code}", post(complete_link))
}

/// `GET /v2/general/accounts/account?` one of accountUuid, communityUserId, roblox, discord, username.
fn get_account(community: &Community, request: &Request) -> Answer {
    const KEYS: [&str; 5] = ["accountUuid", "communityUserId", "roblox", "discord", "username"];
    let given: Vec<(&str, &String)> = KEYS.iter().filter_map(|k| request.query.get(*k).map(|v| (*k, v))).collect();
    let [(key, value)] = given.as_slice() else {
        return Err(unprocessable("Give exactly one of accountUuid, communityUserId, roblox, discord, username.", &request.instance));
    };
    let account =
        community.accounts.iter().find(|a| a.is(key, value)).ok_or_else(|| not_found("The account was not found.", &request.instance))?;
    Ok(Json(account.to_json_v2()).into_response())
}

/// `GET /v2/general/accounts?limit&offset&status&username`; `status` defaults to 1 (active).
fn get_accounts(community: &Community, request: &Request) -> Answer {
    let (query, instance) = (&request.query, &request.instance);
    let limit = match number(query, "limit", 100) {
        Ok(limit) if (1..=100).contains(&limit) => limit as usize,
        _ => return Err(unprocessable("The query parameter 'limit' must be between 1 and 100.", instance)),
    };
    let offset = number(query, "offset", 0).map_err(|detail| unprocessable(detail, instance))? as usize;
    let status: i64 = match query.get("status").map(|s| s.parse()) {
        None => 1,
        Some(Ok(status)) => status,
        Some(Err(_)) => return Err(unprocessable("The query parameter 'status' must be an integer.", instance)),
    };
    let username = query.get("username").map(|u| u.to_ascii_lowercase());
    let matching: Vec<&Account> = community
        .accounts
        .iter()
        .filter(|a| a.status == status)
        .filter(|a| username.as_ref().is_none_or(|u| a.username.to_ascii_lowercase().contains(u.as_str())))
        .collect();
    let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|a| a.to_json_v2()).collect();
    Ok(Json(json!({"pagination": {"limit": limit, "offset": offset, "total": matching.len()}, "accounts": page})).into_response())
}

/// The text of a string or number value.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The one target of `body` among `keys`, or a 400 listing them.
fn one_target<'a>(body: &'a Map<String, Value>, keys: &[&'a str], instance: &str) -> Result<(&'a str, String), Refusal> {
    let given: Vec<(&str, String)> = keys.iter().filter_map(|k| body.get(*k).and_then(text).map(|v| (*k, v))).collect();
    match given.as_slice() {
        [(key, value)] => Ok((key, value.clone())),
        _ => Err(bad_request(format!("Provide exactly one of `{}`.", keys.join("`, `")), instance)),
    }
}

/// The index of the account `key` = `value` names.
fn find_account(community: &Community, key: &str, value: &str) -> Option<usize> {
    community.accounts.iter().position(|a| a.is(key, value))
}

fn ban(community: &mut Community, request: &Request) -> Answer {
    let (key, value) = one_target(request.fields(), &["communityUserId", "accountUuid", "roblox", "discord"], &request.instance)?;
    let is_ban = request.fields().get("isBan").and_then(Value::as_bool).unwrap_or(false);
    let is_kick = request.fields().get("isKick").and_then(Value::as_bool).unwrap_or(false);
    if !is_ban && !is_kick {
        return Err(bad_request("Set isBan or isKick.", &request.instance));
    }
    let index = find_account(community, key, &value).ok_or_else(|| not_found("The account was not found.", &request.instance))?;
    let account = &mut community.accounts[index];
    // ACCOUNT_STATUS: 3 REMOVED (kicked), 4 BANNED.
    account.status = if is_ban { 4 } else { 3 };
    let (action, message) = if is_ban { ("ban", "Account was banned.") } else { ("kick", "Account was kicked.") };
    Ok(Json(json!({"accountUuid": account.uuid, "action": action, "message": message})).into_response())
}

/// The API name of permission `name`, matched without regard to case (`POLICE` is `police`).
fn permission_name(name: &str) -> Option<&'static str> {
    PERMISSIONS.iter().copied().find(|p| p.eq_ignore_ascii_case(name))
}

fn names(value: Option<&Value>, instance: &str) -> Result<Vec<&'static str>, Refusal> {
    let Some(value) = value else { return Ok(Vec::new()) };
    let items = value.as_array().ok_or_else(|| bad_request("add and remove must be lists of permission names.", instance))?;
    items
        .iter()
        .map(|item| {
            let name = item.as_str().unwrap_or("");
            permission_name(name).ok_or_else(|| bad_request(format!("Unknown permission '{name}'."), instance))
        })
        .collect()
}

fn permissions(community: &mut Community, request: &Request) -> Answer {
    let body = &request.fields();
    let (key, value) = one_target(body, &["communityUserId", "roblox", "discord", "accountUuid", "username"], &request.instance)?;
    let add = names(body.get("add"), &request.instance)?;
    let remove = names(body.get("remove"), &request.instance)?;
    let active = match body.get("active") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(bad_request("active must be true or false.", &request.instance)),
    };
    let index = find_account(community, key, &value).ok_or_else(|| not_found("The account was not found.", &request.instance))?;
    let account = &mut community.accounts[index];
    for name in add {
        account.permission_changes.insert(name.into(), Value::Bool(true));
    }
    for name in remove {
        account.permission_changes.insert(name.into(), Value::Bool(false));
    }
    if let Some(active) = active {
        // ACCOUNT_STATUS: 1 VALIDATED when active, 0 PENDING when not.
        account.status = if active { 1 } else { 0 };
    }
    Ok(Json(json!({"accountUuid": account.uuid, "permissions": account.permissions(), "active": account.status == 1})).into_response())
}

/// Permissions each mock permission key grants; a key named like a permission grants it.
fn key_grants(key: &str) -> Option<Vec<&'static str>> {
    match key.to_ascii_uppercase().as_str() {
        "YOUR_PERMISSION_KEY" => Some(vec!["police", "dispatch", "liveMap", "adminInGameIntegration"]),
        "COMMAND_STAFF" => Some(vec!["police", "polSuper", "polEditOtherUnit", "dispatch", "liveMap"]),
        _ => permission_name(key).map(|p| vec![p]),
    }
}

fn permission_key(community: &mut Community, request: &Request) -> Answer {
    let (key, value) = one_target(request.fields(), &["communityUserId", "roblox", "discord"], &request.instance)?;
    let permission_key = request.fields().get("permissionKey").and_then(Value::as_str).unwrap_or("");
    let grants = key_grants(permission_key).ok_or_else(|| not_found("The permission key was not found.", &request.instance))?;
    let index = find_account(community, key, &value).ok_or_else(|| not_found("The account was not found.", &request.instance))?;
    let account = &mut community.accounts[index];
    for name in &grants {
        account.permission_changes.insert((*name).into(), Value::Bool(true));
    }
    Ok(Json(json!({
        "accountUuid": account.uuid,
        "username": account.username,
        "message": "Permission key applied.",
        "permissions": account.permissions(),
    }))
    .into_response())
}

fn photo(community: &mut Community, request: &Request) -> Answer {
    let (key, value) = one_target(request.fields(), &["communityUserId", "roblox", "discord"], &request.instance)?;
    let url = request.fields().get("url").and_then(Value::as_str).filter(|u| !u.is_empty());
    let url = url.ok_or_else(|| bad_request("url is required.", &request.instance))?.to_string();
    let index = find_account(community, key, &value).ok_or_else(|| not_found("The account was not found.", &request.instance))?;
    let account: &Account = &community.accounts[index];
    // Each online unit of the account stands for one active connection.
    let delivered = community.identifiers.iter().filter(|i| i.acc_id == account.uuid && i.online()).count();
    let community_user_id = if key == "communityUserId" { value } else { account.api_ids.first().cloned().unwrap_or_default() };
    community.general.photos.push(json!({"communityUserId": community_user_id, "url": url, "delivered": delivered}));
    Ok(Json(json!({"communityUserId": community_user_id, "delivered": delivered})).into_response())
}

fn verify_secret(community: &Community, request: &Request) -> Answer {
    let secret = request.fields().get("secret").and_then(Value::as_str).unwrap_or("");
    let account = community.accounts.iter().find(|a| secrets_of(&a.uuid).iter().any(|s| s.eq_ignore_ascii_case(secret)));
    match account {
        Some(account) => Ok(Json(json!({ secret: account.uuid })).into_response()),
        None => Err(not_found("The secret does not belong to an account in this community.", &request.instance)),
    }
}

fn community_user_id(request: &Request) -> Result<String, Refusal> {
    match request.fields().get("communityUserId").and_then(Value::as_str) {
        Some(id) if !id.trim().is_empty() && id.chars().count() <= 255 => Ok(id.to_string()),
        _ => Err(bad_request("communityUserId is required (at most 255 characters).", &request.instance)),
    }
}

fn check_link(community: &Community, request: &Request) -> Answer {
    let id = community_user_id(request)?;
    let account = community.accounts.iter().find(|a| a.has_api_id(&id));
    Ok(Json(json!({"communityUserId": id, "linked": account.is_some(), "accountUuid": account.map(|a| a.uuid.clone())})).into_response())
}

/// Links `id` to the account at `index`, taking it from any other account (atomically: one
/// lock). The id becomes the account's `communityUserId`.
fn link(community: &mut Community, index: usize, id: &str) {
    for account in &mut community.accounts {
        account.api_ids.retain(|a| !a.eq_ignore_ascii_case(id));
    }
    community.accounts[index].api_ids.insert(0, id.to_string());
}

fn set_link(community: &mut Community, request: &Request) -> Answer {
    let id = community_user_id(request)?;
    let field = |name: &str| request.fields().get(name).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
    let (account_uuid, secret) = (field("accountUuid"), field("secretUuid"));
    // By its UUID or one the pages' examples use for it (see `Account::aliases`).
    let index =
        community.accounts.iter().position(|a| a.is("accountUuid", &account_uuid) && secrets_of(&a.uuid).contains(&secret.as_str()));
    let Some(index) = index else {
        return Err(problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "The account UUID and secret UUID do not match an account in the authenticated community.",
            &request.instance,
        ));
    };
    link(community, index, &id);
    Ok(Json(json!({"linked": true, "accountUuid": community.accounts[index].uuid, "communityUserId": id})).into_response())
}

fn create_link(community: &mut Community, request: &Request) -> Answer {
    let id = community_user_id(request)?;
    let now = Instant::now();
    community.general.links.retain(|_, l| l.expires > now);
    // Four characters that cannot be misread (no 0/O, 1/I).
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let code = loop {
        let n = uuid::Uuid::new_v4().as_u128();
        let code: String = (0..4).map(|i| CHARS[((n >> (i * 8)) % CHARS.len() as u128) as usize] as char).collect();
        if !community.general.links.contains_key(&code) {
            break code;
        }
    };
    community.general.links.insert(code.clone(), LinkCode { community_user_id: id.clone(), expires: now + LINK_TTL });
    Ok(Json(json!({
        "code": code,
        "communityUserId": id,
        "communityUuid": COMMUNITY_UUID,
        "expiresAt": rfc3339(unix_now() + LINK_TTL.as_secs() as i64),
        "expiresInSeconds": LINK_TTL.as_secs(),
    }))
    .into_response())
}

/// `POST /_mock/links/{code}` with `{"accountUuid": ...}` (or `username`; optional
/// `serverId`): the player enters the code in the CAD, logged in as that account. Mock only.
/// Sends `EVENT_COMMUNITY_LINK_VERIFIED` to `serverId` (else the first server) in the
/// background; its outcome shows in `/_mock/stats`.
async fn complete_link(State(shared): State<Arc<Shared>>, Path(code): Path<String>, body: Bytes) -> Answer {
    let instance = format!("/_mock/links/{code}");
    let body: Map<String, Value> = serde_json::from_slice(&body).unwrap_or_default();
    let mut community = shared.community();
    let now = Instant::now();
    let Some(pending) = community.general.links.get(&code.to_ascii_uppercase()).filter(|l| l.expires > now).cloned() else {
        return Err(not_found("The link code was not found or has expired.", &instance));
    };
    let index =
        ["accountUuid", "username"].iter().find_map(|k| body.get(*k).and_then(Value::as_str).and_then(|v| find_account(&community, k, v)));
    let Some(index) = index else {
        return Err(bad_request("Give the accountUuid or username of the account entering the code.", &instance));
    };
    community.general.links.remove(&code.to_ascii_uppercase());
    link(&mut community, index, &pending.community_user_id);
    let account_uuid = community.accounts[index].uuid.clone();
    // The CAD tells the game server: to the server the body names, else the first one.
    let server = body.get("serverId").and_then(Value::as_u64).unwrap_or_else(|| community.default_server_id());
    let event = json!({"communityUserId": pending.community_user_id, "accountUuid": account_uuid});
    shared.queue_all(vec![(server, "EVENT_COMMUNITY_LINK_VERIFIED".into(), event)]);
    drop(community);
    Ok(Json(json!({"linked": true, "accountUuid": account_uuid, "communityUserId": pending.community_user_id})).into_response())
}

fn community_details(options: &MockOptions) -> Value {
    json!({
        "comId": options.community_id,
        "name": "Mock Community",
        "timezone": "America/Phoenix",
        "customLoginUrl": LOGIN_URL,
    })
}

fn info(request: &Request) -> Answer {
    Ok(Json(json!({"uuid": COMMUNITY_UUID, "community": community_details(request.options()), "codes": ["10-8", "10-23"]})).into_response())
}

fn login_page(request: &Request) -> Answer {
    let matches = match (request.query.get("communityId"), request.query.get("url")) {
        (Some(id), None) => id.eq_ignore_ascii_case(&request.options().community_id) || id.eq_ignore_ascii_case(PAGE_COMMUNITY_ID),
        (None, Some(url)) => url.trim_end_matches('/').eq_ignore_ascii_case(LOGIN_URL),
        _ => return Err(bad_request("Provide exactly one of `communityId` or `url`.", &request.instance)),
    };
    if !matches {
        return Err(not_found("The community was not found.", &request.instance));
    }
    Ok(Json(community_details(request.options())).into_response())
}

/// Replaces `list` with the body's array `key`; answers `{updated}`.
fn set_list(list: &mut Vec<Value>, request: &Request, key: &str) -> Answer {
    let Some(items) = request.fields().get(key).and_then(Value::as_array) else {
        return Err(bad_request(format!("{key} must be an array."), &request.instance));
    };
    if let Some(bad) = items.iter().position(|i| !i.is_object()) {
        return Err(bad_request(format!("{key}[{bad}] must be an object."), &request.instance));
    }
    *list = items.clone();
    Ok(Json(json!({"updated": list.len()})).into_response())
}

fn heartbeat(community: &mut Community, request: &Request) -> Answer {
    let Some(count) = request.fields().get("playerCount").and_then(Value::as_i64).filter(|n| *n >= 0) else {
        return Err(bad_request("playerCount must be a non-negative integer.", &request.instance));
    };
    let beat = json!({"serverId": request.server, "playerCount": count, "receivedAtUtc": rfc3339(unix_now())});
    community.general.heartbeats.push(beat.clone());
    Ok(Json(beat).into_response())
}

fn street_signs(community: &Community, request: &Request) -> Answer {
    // The mock listens on loopback: a server whose smart-sign address is this machine's is
    // authorized.
    let server = community.servers.iter().find(|s| s.id == request.server);
    let ip = server.map_or("", |s| s.map_ip.as_str());
    if ["127.0.0.1", "::1", "localhost", ""].contains(&ip) {
        Ok(Json(json!({"authorized": true, "serverId": request.server})).into_response())
    } else {
        Err(problem(
            StatusCode::FORBIDDEN,
            "Forbidden",
            format!("The requesting IP address does not match server {}.", request.server),
            &request.instance,
        ))
    }
}

fn servers(community: &Community) -> Response {
    Json(json!({"servers": community.servers.iter().map(Server::to_json).collect::<Vec<_>>()})).into_response()
}

fn set_servers(community: &mut Community, request: &Request) -> Answer {
    let bad = |detail: String| bad_request(detail, &request.instance);
    let items = request.fields().get("servers").and_then(Value::as_array).ok_or_else(|| bad("servers must be an array.".into()))?;
    let mut servers = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item = item.as_object().ok_or_else(|| bad(format!("servers[{i}] must be an object.")))?;
        let id = item
            .get("id")
            .and_then(Value::as_u64)
            .filter(|id| *id > 0)
            .ok_or_else(|| bad(format!("servers[{i}].id must be a positive integer.")))?;
        if servers.iter().any(|s: &Server| s.id == id) {
            return Err(bad(format!("Server id {id} appears twice.")));
        }
        let mut server = Server::seeded(id);
        let s = |k: &str, d: &str| item.get(k).and_then(text).unwrap_or_else(|| d.to_string());
        let b = |k: &str, d: bool| item.get(k).and_then(Value::as_bool).unwrap_or(d);
        server.name = s("name", &server.name);
        server.description = s("description", "");
        server.signal = s("signal", &server.signal);
        server.map_url = s("mapUrl", "");
        server.map_ip = s("mapIp", "");
        server.listener_port = s("listenerPort", &server.listener_port);
        server.differing_outbound = b("differingOutbound", false);
        server.outbound_ip = s("outboundIp", "");
        server.enable_map = b("enableMap", server.enable_map);
        server.map_type = s("mapType", &server.map_type);
        server.is_static = b("isStatic", false);
        server.live_map_format = item.get("liveMapFormat").and_then(Value::as_i64).unwrap_or(0);
        if ![0, 1].contains(&server.live_map_format) {
            return Err(bad(format!("servers[{i}].liveMapFormat must be 0 or 1.")));
        }
        servers.push(server);
    }
    community.servers = servers;
    community.general.deploy_map = request.fields().get("deployMap").and_then(Value::as_bool);
    Ok(self::servers(community))
}

fn turn(request: &Request) -> Answer {
    let expiry = unix_now() + 600;
    let username = match request.query.get("userId") {
        Some(user) if !user.is_empty() => format!("{expiry}:{}", user.replace(':', "_")),
        _ => expiry.to_string(),
    };
    Ok(Json(json!({
        "iceServers": [{
            "urls": ["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp", "stun:127.0.0.1:3478"],
            "username": username,
            "credential": uuid::Uuid::new_v4().simple().to_string(),
        }],
        "ttl": 600,
    }))
    .into_response())
}

fn version(plan: u8) -> Answer {
    Ok(Json(json!({"version": plan, "name": plan_name(plan)})).into_response())
}

fn upload(community: &mut Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let content_type = request.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let fail = |detail: String| problem(StatusCode::BAD_REQUEST, "Unable to upload bodycam recording", detail, instance);
    let boundary = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| disposition_param(rest, "boundary"))
        .ok_or_else(|| fail("The request must be multipart/form-data.".into()))?;
    let parts = parts(&request.bytes, &boundary).ok_or_else(|| fail("The multipart body is malformed.".into()))?;
    let files: Vec<&Part> = parts.iter().filter(|p| p.name == "file").collect();
    let [file] = files.as_slice() else {
        return Err(fail("Upload exactly one file in the `file` field.".into()));
    };
    let mut fields = Map::new();
    for part in parts.iter().filter(|p| p.name != "file") {
        fields.insert(part.name.clone(), Value::String(String::from_utf8_lossy(part.data).into_owned()));
    }
    let (key, value) = one_target(&fields, &["accountUuid", "communityUserId", "roblox", "discord"], instance)
        .map_err(|_| fail("Provide exactly one of `accountUuid`, `communityUserId`, `roblox`, or `discord`.".into()))?;
    let duration = fields.get("durationMs").and_then(Value::as_str).and_then(|d| d.parse::<f64>().ok());
    if !duration.is_some_and(|d| (1.0..=120_000.0).contains(&d)) {
        return Err(fail("durationMs must be between 1 and 120000.".into()));
    }
    let webm_name = file.file_name.as_deref().is_some_and(|n| n.to_ascii_lowercase().ends_with(".webm"));
    let webm_type = file.content_type.as_deref().is_none_or(|t| t.to_ascii_lowercase().contains("webm"));
    if !webm_name || !webm_type {
        return Err(fail("Bodycam uploads must be webm files.".into()));
    }
    if file.data.len() > MAX_FILE_BYTES {
        return Err(fail(format!("File exceeds {MAX_FILE_BYTES} bytes.")));
    }
    let Some(index) = find_account(community, key, &value) else {
        return Err(fail(format!("Account {value} was not found in this community.")));
    };
    let n = community.general.uploads.len() + 1;
    let unit = fields.get("unitNumber").and_then(Value::as_str).filter(|u| !u.is_empty()).unwrap_or("unit").to_string();
    let url = format!("https://files.example.com/bodycam/{}/{}/clip-{n}.webm", request.options().community_id, unit.replace('/', "-"));
    community.general.uploads.push(json!({
        "accountUuid": community.accounts[index].uuid,
        "fileName": file.file_name,
        "contentType": file.content_type,
        "size": file.data.len(),
        "fields": fields,
        "url": url,
    }));
    Ok(Json(json!([url])).into_response())
}
