//! v1 endpoints: `POST` with `{id, key, type, data: [ {...} ]}`; errors are HTTP 400 with
//! the fixed upper-case texts of the reference pages.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::data::{Account, Identifier};
use crate::server::{Community, Shared};

fn text(status: StatusCode, message: impl Into<String>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.into()).into_response()
}

/// Checks the envelope as the real API does (community, key, type) and returns `data[0]`.
fn open(shared: &Shared, body: &[u8], request_type: &str) -> Result<Map<String, Value>, Response> {
    let bad = |message: &str| text(StatusCode::BAD_REQUEST, message);
    let envelope: Value = serde_json::from_slice(body).map_err(|_| bad("INVALID REQUEST"))?;
    let field = |name: &str| envelope.get(name).and_then(Value::as_str);
    if field("id") != Some(shared.options.community_id.as_str()) {
        return Err(bad("INVALID COMMUNITY ID"));
    }
    if field("key") != Some(shared.options.api_key.as_str()) {
        return Err(bad("INVALID API KEY"));
    }
    if !shared.options.api_enabled {
        return Err(bad("API IS NOT ENABLED FOR THIS COMMUNITY"));
    }
    if field("type") != Some(request_type) {
        return Err(bad("INVALID REQUEST TYPE"));
    }
    match envelope.get("data").and_then(Value::as_array).and_then(|d| d.first()) {
        Some(Value::Object(data)) => Ok(data.clone()),
        _ => Err(bad("INVALID REQUEST DATA")),
    }
}

fn str_field<'a>(data: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    data.get(name).and_then(Value::as_str)
}

/// The account named by `apiId`, `username` or `account` (UUID) in `data`.
fn find_account<'a>(community: &'a Community, data: &Map<String, Value>) -> Option<&'a Account> {
    let api_id = str_field(data, "apiId");
    let username = str_field(data, "username");
    let uuid = str_field(data, "account");
    community.accounts.iter().find(|a| {
        api_id.is_some_and(|id| a.has_api_id(id))
            || username.is_some_and(|u| a.username.eq_ignore_ascii_case(u))
            || uuid.is_some_and(|u| a.uuid == u)
    })
}

fn account_not_found() -> Response {
    text(StatusCode::NOT_FOUND, "ACCOUNT NOT FOUND")
}

/// `GET_ACCOUNT_IDENTIFIERS`: the account's identifiers (an empty list for an unknown apiId).
pub async fn get_account_identifiers(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "GET_ACCOUNT_IDENTIFIERS") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let only_online = data.get("onlyOnline").and_then(Value::as_bool).unwrap_or(false);
    let community = shared.community();
    let units: Vec<Value> = match str_field(&data, "apiId").and_then(|id| community.accounts.iter().find(|a| a.has_api_id(id))) {
        Some(account) => community
            .identifiers
            .iter()
            .filter(|i| i.acc_id == account.uuid && (!only_online || i.online()))
            .map(Identifier::to_json)
            .collect(),
        None => Vec::new(),
    };
    Json(units).into_response()
}

/// `GET_ACCOUNT`: one account by apiId, username or UUID.
pub async fn get_account(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "GET_ACCOUNT") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let community = shared.community();
    match find_account(&community, &data) {
        Some(account) => Json(account.to_json()).into_response(),
        None => account_not_found(),
    }
}

/// `GET_ACCOUNTS`: a page of accounts with the given status (active by default).
pub async fn get_accounts(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "GET_ACCOUNTS") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let limit = data.get("limit").and_then(Value::as_u64).unwrap_or(100).clamp(1, 100) as usize;
    let offset = data.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let status = data.get("status").and_then(Value::as_i64).unwrap_or(1);
    let community = shared.community();
    let matching: Vec<&Account> = community.accounts.iter().filter(|a| a.status == status).collect();
    let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|a| a.to_json()).collect();
    Json(json!({
        "pagination": {"limit": limit, "offset": offset, "total": matching.len()},
        "accounts": page,
    }))
    .into_response()
}

/// `MODIFY_IDENTIFIER`: ADD (0) and EDIT (1) answer the identifier, REMOVE (2) a sentence.
pub async fn modify_identifier(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "MODIFY_IDENTIFIER") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let mut community = shared.community();
    let Some(acc_id) = find_account(&community, &data).map(|a| a.uuid.clone()) else {
        return account_not_found();
    };
    let fields = data.get("identifier").and_then(Value::as_object).cloned().unwrap_or_default();
    let ident_id = data.get("identId").and_then(Value::as_i64).or_else(|| fields.get("id").and_then(Value::as_i64));
    let position = ident_id.and_then(|id| community.identifiers.iter().position(|i| i.id == id && i.acc_id == acc_id));
    match data.get("action").and_then(Value::as_i64) {
        Some(0) => {
            let id = community.next_ident_id;
            community.next_ident_id += 1;
            let mut identifier = Identifier {
                id,
                acc_id,
                status: 0,
                is_panic: false,
                location: String::new(),
                aop: String::new(),
                coordinates: None,
                data: Map::new(),
                is_dispatch: false,
            };
            identifier.apply(&fields);
            let answer = identifier.to_json();
            community.identifiers.push(identifier);
            Json(answer).into_response()
        }
        Some(1) => match position {
            Some(index) => {
                community.identifiers[index].apply(&fields);
                Json(community.identifiers[index].to_json()).into_response()
            }
            None => text(StatusCode::NOT_FOUND, "IDENTIFIER NOT FOUND"),
        },
        Some(2) => match position {
            Some(index) => {
                let removed = community.identifiers.remove(index);
                text(StatusCode::OK, format!("Identifier {} removed!", removed.id))
            }
            None => text(StatusCode::NOT_FOUND, "IDENTIFIER NOT FOUND"),
        },
        _ => text(StatusCode::BAD_REQUEST, "INVALID ACTION"),
    }
}
