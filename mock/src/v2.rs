//! v2 endpoints: REST paths, `Authorization: Bearer <key>`, a per-key rate limit, and
//! `application/problem+json` errors.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::data::Identifier;
use crate::server::Shared;

/// An RFC 7807 problem document, as the v2 API answers errors.
fn problem(status: StatusCode, title: &str, detail: impl Into<String>, instance: &str) -> Response {
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

/// Checks the Bearer key, then the key's rate limit.
fn authorize(shared: &Shared, headers: &HeaderMap, instance: &str) -> Result<(), Response> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    if key != Some(shared.options.api_key.as_str()) {
        return Err(problem(StatusCode::UNAUTHORIZED, "Unauthorized", "A valid API key is required.", instance));
    }
    let Some(limit) = shared.options.v2_rate_limit else {
        return Ok(());
    };
    let now = Instant::now();
    let mut calls = shared.v2_calls.lock().unwrap_or_else(|e| e.into_inner());
    let window = calls.entry(shared.options.api_key.clone()).or_default();
    while window.front().is_some_and(|t| now.duration_since(*t) >= limit.window) {
        window.pop_front();
    }
    if window.len() >= limit.requests {
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
    window.push_back(now);
    Ok(())
}

/// `{"units": [...]}`, or `{"Units": [...]}` when the mock speaks PascalCase.
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

fn number(query: &HashMap<String, String>, name: &str, default: u64) -> Result<u64, String> {
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
    uri: Uri,
) -> Response {
    let instance = uri.path();
    if let Err(response) = authorize(&shared, &headers, instance) {
        return response;
    }
    let bad = |detail: String| problem(StatusCode::BAD_REQUEST, "Bad Request", detail, instance);
    let server_id: u64 = match server_id.parse() {
        Ok(id) => id,
        Err(_) => return bad("The path parameter 'serverId' must be an integer.".into()),
    };
    if !shared.options.server_ids.contains(&server_id) {
        return problem(StatusCode::NOT_FOUND, "Not Found", format!("Server {server_id} is not configured."), instance);
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
