//! v2 endpoints: REST paths, `Authorization: Bearer <key>`, a per-key rate limit, and
//! `application/problem+json` errors.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{json, Value};

use crate::data::Identifier;
use crate::routes::Operation;
use crate::server::Shared;

/// An RFC 7807 problem document, as the v2 API answers errors.
pub(crate) fn problem(status: StatusCode, title: &str, detail: impl Into<String>, instance: &str) -> Response {
    let body = json!({
        "type": format!("https://httpstatuses.io/{}", status.as_u16()),
        "title": title,
        "status": status.as_u16(),
        "detail": detail.into(),
        "instance": instance,
        "traceId": format!("00-{}-{:016x}-01", uuid::Uuid::new_v4().simple(), rand_span()),
    });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

fn rand_span() -> u64 {
    uuid::Uuid::new_v4().as_u64_pair().0
}

/// What the v2 rate limit left one request: its window's limit and the requests left in the
/// window after it (0 on a 429).
#[derive(Debug, Clone, Copy)]
struct Quota {
    limit: usize,
    remaining: usize,
}

tokio::task_local! {
    /// Where [`authorize`] leaves the request's [`Quota`] for [`rate_headers`] to announce.
    static QUOTA: Cell<Option<Quota>>;
}

/// Middleware: announces what [`authorize`] counted, as the API's gateway does, on every
/// answer to a request that passed the key check while the v2 rate limit is on:
/// `X-RateLimit-Limit-Minute` and `X-RateLimit-Remaining-Minute`.
pub(crate) async fn rate_headers(request: Request, next: Next) -> Response {
    let (quota, mut response) = QUOTA
        .scope(Cell::new(None), async {
            let response = next.run(request).await;
            (QUOTA.with(Cell::get), response)
        })
        .await;
    if let Some(Quota { limit, remaining }) = quota {
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit-minute", HeaderValue::from(limit));
        headers.insert("x-ratelimit-remaining-minute", HeaderValue::from(remaining));
    }
    response
}

/// Checks the Bearer key, then the key's rate limit for this operation (and leaves what is
/// left of it for [`rate_headers`]).
pub(crate) fn authorize(shared: &Shared, headers: &HeaderMap, operation: Operation, instance: &str) -> Result<(), Response> {
    let key = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
    if key != Some(shared.options.api_key.as_str()) {
        return Err(problem(StatusCode::UNAUTHORIZED, "Unauthorized", "A valid API key is required.", instance));
    }
    let Some(mut limit) = shared.options.v2_rate_limit else {
        return Ok(());
    };
    if limit.requests == 0 {
        // RateLimit::DOCUMENTED: the route's own limit, from the route table.
        limit.requests = crate::routes::per_minute(operation.0).max(1);
    }
    let now = Instant::now();
    let mut calls = shared.v2_calls.lock().unwrap_or_else(|e| e.into_inner());
    let window = calls.entry(format!("{} {}", shared.options.api_key, operation.0)).or_default();
    while window.front().is_some_and(|t| now.duration_since(*t) >= limit.window) {
        window.pop_front();
    }
    let full = window.len() >= limit.requests;
    if !full {
        window.push_back(now);
    }
    // Outside the middleware's scope (a handler called directly) there is nobody to tell.
    let _ =
        QUOTA.try_with(|quota| quota.set(Some(Quota { limit: limit.requests, remaining: limit.requests.saturating_sub(window.len()) })));
    if full {
        let oldest = *window.front().unwrap_or(&now);
        let wait = limit.window.saturating_sub(now.duration_since(oldest));
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, seconds.max(1).to_string())],
            Json(json!({"message": "API rate limit exceeded"})),
        )
            .into_response());
    }
    Ok(())
}

/// `{"units": [...]}`, or `{"Units": [...]}` when the mock speaks PascalCase (the reference
/// page of `get_account_units` shows `units`, its v2 page `Units`).
fn list(shared: &Shared, key: &str, items: Vec<Value>) -> Response {
    let key = if shared.options.pascal_case {
        let mut chars = key.chars();
        chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
    } else {
        key.to_string()
    };
    Json(json!({ key: items })).into_response()
}

fn flag(query: &HashMap<String, String>, name: &str, default: bool) -> Result<bool, String> {
    match query.get(name).map(String::as_str) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(format!("The query parameter '{name}' must be true or false.")),
    }
}

pub(crate) fn number(query: &HashMap<String, String>, name: &str, default: u64) -> Result<u64, String> {
    match query.get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("The query parameter '{name}' must be a non-negative integer.")),
    }
}

/// `GET /v2/emergency/servers/{serverId}/accounts/{accountUuid}/units`.
pub async fn get_account_units(
    State(shared): State<Arc<Shared>>,
    Path((server_id, account_uuid)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, operation, instance) {
        return response;
    }
    let bad = |detail: String| problem(StatusCode::BAD_REQUEST, "Bad Request", detail, instance);
    if let Err(response) = check_server(&shared, &server_id, instance) {
        return response;
    }
    if uuid::Uuid::try_parse(&account_uuid).is_err() {
        return bad("The path parameter 'accountUuid' must be a UUID.".into());
    }
    let (only_online, only_units, limit, offset) = match (|| {
        Ok::<_, String>((
            flag(&query, "onlyOnline", true)?,
            flag(&query, "onlyUnits", true)?,
            number(&query, "limit", 100)?,
            number(&query, "offset", 0)?,
        ))
    })() {
        Ok(parsed) => parsed,
        Err(detail) => return bad(detail),
    };
    let community = shared.community();
    if !community.accounts.iter().any(|a| a.uuid == account_uuid) {
        return problem(StatusCode::NOT_FOUND, "Not Found", format!("Account {account_uuid} was not found."), instance);
    }
    let units: Vec<Value> = community
        .identifiers
        .iter()
        .filter(|i| i.acc_id == account_uuid && (!only_online || i.online()) && (!only_units || !i.is_dispatch))
        .skip(offset as usize)
        .take(limit.min(100) as usize)
        .map(Identifier::to_json)
        .collect();
    list(&shared, "units", units)
}

/// Any other path: 404 as a problem document.
pub async fn not_found(uri: Uri) -> Response {
    problem(StatusCode::NOT_FOUND, "Not Found", "No such endpoint.", uri.path())
}

/// A 422 problem: the request is well-formed but its values are not acceptable.
pub(crate) fn unprocessable(detail: impl Into<String>, instance: &str) -> Response {
    problem(StatusCode::UNPROCESSABLE_ENTITY, "Unprocessable Entity", detail, instance)
}

pub(crate) fn not_found_problem(detail: impl Into<String>, instance: &str) -> Response {
    problem(StatusCode::NOT_FOUND, "Not Found", detail, instance)
}

/// The path's `serverId` is a configured server.
pub(crate) fn check_server(shared: &Shared, server_id: &str, instance: &str) -> Result<u64, Response> {
    let id: u64 = server_id
        .parse()
        .map_err(|_| problem(StatusCode::BAD_REQUEST, "Bad Request", "The path parameter 'serverId' must be an integer.", instance))?;
    if !shared.community().has_server(id) {
        return Err(not_found_problem(format!("Server {id} is not configured."), instance));
    }
    Ok(id)
}

/// The UUID of the existing account `account_uuid`.
pub(crate) fn check_account(shared: &Shared, account_uuid: &str, instance: &str) -> Result<String, Response> {
    if uuid::Uuid::try_parse(account_uuid).is_err() {
        return Err(problem(StatusCode::BAD_REQUEST, "Bad Request", "The path parameter 'accountUuid' must be a UUID.", instance));
    }
    if !shared.community().accounts.iter().any(|a| a.uuid == account_uuid) {
        return Err(not_found_problem(format!("Account {account_uuid} was not found."), instance));
    }
    Ok(account_uuid.to_string())
}

/// Authorizes a request on an account's route and returns the account's UUID.
fn account_route(
    shared: &Shared,
    headers: &HeaderMap,
    operation: Operation,
    instance: &str,
    account_uuid: &str,
) -> Result<String, Response> {
    authorize(shared, headers, operation, instance)?;
    check_account(shared, account_uuid, instance)
}

/// A JSON object body, or a 422.
fn object_body(body: &[u8], instance: &str) -> Result<serde_json::Map<String, Value>, Response> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(unprocessable("The request body must be a JSON object.", instance)),
    }
}

/// The flat identifier fields v2 accepts, checked.
const FLAT_FIELDS: &[&str] =
    &["status", "aop", "unitNum", "name", "district", "department", "subdivision", "rank", "group", "page", "isDispatch", "location"];

fn flat_fields(body: &serde_json::Map<String, Value>, instance: &str) -> Result<serde_json::Map<String, Value>, Response> {
    if let Some(unknown) = body.keys().find(|k| !FLAT_FIELDS.contains(&k.as_str())) {
        return Err(unprocessable(format!("Unknown field '{unknown}'."), instance));
    }
    Ok(body.clone())
}

/// `GET /v2/general/accounts/account?` one of accountUuid, communityUserId, roblox, discord, username.
pub async fn get_account(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, operation, instance) {
        return response;
    }
    const KEYS: [&str; 5] = ["accountUuid", "communityUserId", "roblox", "discord", "username"];
    let given: Vec<(&str, &String)> = KEYS.iter().filter_map(|k| query.get(*k).map(|v| (*k, v))).collect();
    let [(key, value)] = given.as_slice() else {
        return unprocessable("Give exactly one of accountUuid, communityUserId, roblox, discord, username.", instance);
    };
    let community = shared.community();
    match community.accounts.iter().find(|a| a.is(key, value)) {
        Some(account) => Json(account.to_json_v2()).into_response(),
        None => not_found_problem("The account was not found.", instance),
    }
}

/// `GET /v2/general/accounts?limit&offset&status&username`; `status` defaults to 1 (active).
pub async fn get_accounts(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, operation, instance) {
        return response;
    }
    let limit = match number(&query, "limit", 100) {
        Ok(limit) if (1..=100).contains(&limit) => limit as usize,
        _ => return unprocessable("The query parameter 'limit' must be between 1 and 100.", instance),
    };
    let offset = match number(&query, "offset", 0) {
        Ok(offset) => offset as usize,
        Err(detail) => return unprocessable(detail, instance),
    };
    let status: i64 = match query.get("status").map(|s| s.parse()) {
        None => 1,
        Some(Ok(status)) => status,
        Some(Err(_)) => return unprocessable("The query parameter 'status' must be an integer.", instance),
    };
    let username = query.get("username").map(|u| u.to_ascii_lowercase());
    let community = shared.community();
    let matching: Vec<&crate::data::Account> = community
        .accounts
        .iter()
        .filter(|a| a.status == status)
        .filter(|a| username.as_ref().is_none_or(|u| a.username.to_ascii_lowercase().contains(u.as_str())))
        .collect();
    let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|a| a.to_json_v2()).collect();
    Json(json!({"pagination": {"limit": limit, "offset": offset, "total": matching.len()}, "accounts": page})).into_response()
}

/// `GET /v2/emergency/accounts/{accountUuid}/identifiers` → `{SelectedIdent, Identifiers}`.
pub async fn get_identifiers(
    State(shared): State<Arc<Shared>>,
    Path(account_uuid): Path<String>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    let acc_id = match account_route(&shared, &headers, operation, instance, &account_uuid) {
        Ok(acc_id) => acc_id,
        Err(response) => return response,
    };
    Json(crate::v1::identifier_list(&shared.community(), &acc_id, "SelectedIdent", "Identifiers")).into_response()
}

/// `PUT /v2/emergency/accounts/{accountUuid}/selected-identifier` `{identId}` →
/// `{serverId, isDispatch, identifier}`.
pub async fn select_identifier(
    State(shared): State<Arc<Shared>>,
    Path(account_uuid): Path<String>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let instance = uri.path();
    let acc_id = match account_route(&shared, &headers, operation, instance, &account_uuid) {
        Ok(acc_id) => acc_id,
        Err(response) => return response,
    };
    let ident_id = match object_body(&body, instance).map(|b| b.get("identId").and_then(Value::as_i64)) {
        Ok(Some(id)) => id,
        Ok(None) => return unprocessable("The field 'identId' is required.", instance),
        Err(response) => return response,
    };
    let mut community = shared.community();
    let Some(identifier) = community.identifiers.iter().find(|i| i.id == ident_id && i.acc_id == acc_id) else {
        return not_found_problem(format!("Identifier {ident_id} was not found."), instance);
    };
    let answer = json!({
        "serverId": community.default_server_id(),
        "isDispatch": identifier.is_dispatch,
        "identifier": identifier.to_json(),
    });
    community.selected.insert(acc_id, ident_id);
    Json(answer).into_response()
}

/// `POST /v2/emergency/accounts/{accountUuid}/identifiers` with flat fields → `{identId}`.
pub async fn create_identifier(
    State(shared): State<Arc<Shared>>,
    Path(account_uuid): Path<String>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let instance = uri.path();
    let acc_id = match account_route(&shared, &headers, operation, instance, &account_uuid) {
        Ok(acc_id) => acc_id,
        Err(response) => return response,
    };
    let fields = match object_body(&body, instance).and_then(|b| flat_fields(&b, instance)) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut community = shared.community();
    let identifier = community.new_identifier(acc_id);
    identifier.apply_flat(&fields);
    Json(json!({"identId": identifier.id})).into_response()
}

/// `PATCH /v2/emergency/accounts/{accountUuid}/identifiers/{identId}` with flat fields →
/// `{identId, serverId, identifier}`.
pub async fn update_identifier(
    State(shared): State<Arc<Shared>>,
    Path((account_uuid, ident_id)): Path<(String, String)>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let instance = uri.path();
    let acc_id = match account_route(&shared, &headers, operation, instance, &account_uuid) {
        Ok(acc_id) => acc_id,
        Err(response) => return response,
    };
    let fields = match object_body(&body, instance).and_then(|b| flat_fields(&b, instance)) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut community = shared.community();
    let server_id = community.default_server_id();
    let ident = ident_id.parse::<i64>().ok();
    match community.identifiers.iter_mut().find(|i| Some(i.id) == ident && i.acc_id == acc_id) {
        Some(identifier) => {
            identifier.apply_flat(&fields);
            Json(json!({"identId": identifier.id, "serverId": server_id, "identifier": identifier.to_json()})).into_response()
        }
        None => not_found_problem(format!("Identifier {ident_id} was not found."), instance),
    }
}

/// `DELETE /v2/emergency/accounts/{accountUuid}/identifiers/{identId}` → `{identId, serverId}`.
pub async fn delete_identifier(
    State(shared): State<Arc<Shared>>,
    Path((account_uuid, ident_id)): Path<(String, String)>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    let acc_id = match account_route(&shared, &headers, operation, instance, &account_uuid) {
        Ok(acc_id) => acc_id,
        Err(response) => return response,
    };
    let mut community = shared.community();
    let ident = ident_id.parse::<i64>().ok();
    match community.identifiers.iter().position(|i| Some(i.id) == ident && i.acc_id == acc_id) {
        Some(index) => {
            let removed = community.identifiers.remove(index);
            Json(json!({"identId": removed.id, "serverId": community.default_server_id()})).into_response()
        }
        None => not_found_problem(format!("Identifier {ident_id} was not found."), instance),
    }
}

/// `PUT /v2/emergency/servers/{serverId}/identifier-groups/{groupName}` with one target →
/// `{ok: true}`.
pub async fn add_to_group(
    State(shared): State<Arc<Shared>>,
    Path((server_id, group_name)): Path<(String, String)>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, operation, instance) {
        return response;
    }
    if let Err(response) = check_server(&shared, &server_id, instance) {
        return response;
    }
    let body = match object_body(&body, instance) {
        Ok(body) => body,
        Err(response) => return response,
    };
    const TARGETS: [&str; 6] = ["communityUserId", "communityUserIds", "roblox", "discord", "accountUuid", "identIds"];
    let given: Vec<(&str, &Value)> = TARGETS.iter().filter_map(|k| body.get(*k).map(|v| (*k, v))).collect();
    let [(target, value)] = given.as_slice() else {
        return unprocessable(
            "Give exactly one target: communityUserId, communityUserIds, roblox, discord, accountUuid or identIds.",
            instance,
        );
    };
    let mut community = shared.community();
    let strings = |v: &Value| -> Vec<String> {
        match v {
            Value::Array(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
            Value::String(s) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    let ids: Vec<i64> = match *target {
        "identIds" => value.as_array().map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default(),
        _ => {
            let key = if *target == "communityUserIds" { "communityUserId" } else { target };
            let owners: Vec<String> = strings(value)
                .iter()
                .flat_map(|v| community.accounts.iter().filter(move |a| a.is(key, v)).map(|a| a.uuid.clone()))
                .collect();
            community.identifiers.iter().filter(|i| owners.contains(&i.acc_id)).map(|i| i.id).collect()
        }
    };
    let mut updated = 0;
    for identifier in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id)) {
        identifier.data.insert("group".into(), Value::String(group_name.clone()));
        updated += 1;
    }
    if updated == 0 {
        return not_found_problem("No identifiers matched the target.", instance);
    }
    Json(json!({"ok": true})).into_response()
}

/// `GET /v2/emergency/servers/{serverId}/units?includeOffline&onlyUnits&limit&offset` → a bare
/// JSON array of units.
pub async fn get_units(
    State(shared): State<Arc<Shared>>,
    Path(server_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    Extension(operation): Extension<Operation>,
    uri: Uri,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, operation, instance) {
        return response;
    }
    if let Err(response) = check_server(&shared, &server_id, instance) {
        return response;
    }
    let parsed = (|| {
        Ok::<_, String>((
            flag(&query, "includeOffline", false)?,
            flag(&query, "onlyUnits", true)?,
            number(&query, "limit", 100)?,
            number(&query, "offset", 0)?,
        ))
    })();
    let (include_offline, only_units, limit, offset) = match parsed {
        Ok(parsed) => parsed,
        Err(detail) => return unprocessable(detail, instance),
    };
    if !(1..=100).contains(&limit) {
        return unprocessable("The query parameter 'limit' must be between 1 and 100.", instance);
    }
    let community = shared.community();
    let units: Vec<Value> = community
        .identifiers
        .iter()
        .filter(|i| (include_offline || i.online()) && (!only_units || !i.is_dispatch))
        .skip(offset as usize)
        .take(limit as usize)
        .map(Identifier::to_json)
        .collect();
    Json(units).into_response()
}

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// `secs` since the epoch as RFC 3339 UTC (`2026-04-08T21:30:00Z`), as the pages write times.
pub(crate) fn rfc3339(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}
