//! v1 endpoints: `POST` with `{id, key, type, data: [ {...} ]}`; errors are HTTP 400 with
//! the fixed upper-case texts of the reference pages. `GET_VERSION` and `GET_SERVERS` take no
//! data (Sonoran's SDKs send `data: []`).

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
    let envelope = open_envelope(shared, body, request_type)?;
    match envelope.get("data").and_then(Value::as_array).and_then(|d| d.first()) {
        Some(Value::Object(data)) => Ok(data.clone()),
        _ => Err(text(StatusCode::BAD_REQUEST, "INVALID REQUEST DATA")),
    }
}

/// Checks the envelope (community, key, type) of a request whose `data` is not read.
fn open_envelope(shared: &Shared, body: &[u8], request_type: &str) -> Result<Value, Response> {
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
    Ok(envelope)
}

fn str_field<'a>(data: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    data.get(name).and_then(Value::as_str)
}

/// The account named by `apiId`, `username` or `account` (UUID) in `data`.
fn find_account<'a>(community: &'a Community, data: &Map<String, Value>) -> Option<&'a Account> {
    community
        .accounts
        .iter()
        .find(|a| ["apiId", "username", "account"].iter().any(|key| str_field(data, key).is_some_and(|v| a.is(key, v))))
}

fn account_not_found() -> Response {
    text(StatusCode::NOT_FOUND, "ACCOUNT NOT FOUND")
}

/// `GET_VERSION`: the community's plan number as plain text (`4`). Sent as text, not JSON:
/// Sonoran.js calls string methods on the answer, the FiveM resource reads its first character.
pub async fn get_version(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(response) = open_envelope(&shared, &body, "GET_VERSION") {
        return response;
    }
    let plan = shared.community().plan;
    text(StatusCode::OK, plan.to_string())
}

/// `GET_SERVERS`: `{servers: [...]}`, the community's configured game servers.
pub async fn get_servers(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    if let Err(response) = open_envelope(&shared, &body, "GET_SERVERS") {
        return response;
    }
    let servers: Vec<Value> = shared.community().servers.iter().map(crate::data::Server::to_json).collect();
    Json(json!({ "servers": servers })).into_response()
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
            let identifier = community.new_identifier(acc_id);
            identifier.apply(&fields);
            Json(identifier.to_json()).into_response()
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

/// `GET_IDENTIFIERS`: `{selectedIdent, identifiers}` of an account.
pub async fn get_identifiers(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "GET_IDENTIFIERS") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let community = shared.community();
    let Some(account) = find_account(&community, &data) else { return account_not_found() };
    Json(identifier_list(&community, &account.uuid, "selectedIdent", "identifiers")).into_response()
}

/// An account's identifiers and its selected one, under the given key names.
pub(crate) fn identifier_list(community: &Community, acc_id: &str, selected_key: &str, list_key: &str) -> Value {
    let identifiers: Vec<Value> = community.identifiers.iter().filter(|i| i.acc_id == acc_id).map(Identifier::to_json).collect();
    let selected = community.selected.get(acc_id).copied();
    json!({ selected_key: selected, list_key: identifiers })
}

/// `SET_IDENTIFIER`: selects one of the account's identifiers.
pub async fn set_identifier(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "SET_IDENTIFIER") {
        Ok(data) => data,
        Err(response) => return response,
    };
    let mut community = shared.community();
    let Some(acc_id) = find_account(&community, &data).map(|a| a.uuid.clone()) else { return account_not_found() };
    let ident_id = data.get("identId").and_then(Value::as_i64);
    match ident_id.filter(|id| community.identifiers.iter().any(|i| i.id == *id && i.acc_id == acc_id)) {
        Some(id) => {
            community.selected.insert(acc_id, id);
            text(StatusCode::OK, "Identifier Switched!")
        }
        None => text(StatusCode::NOT_FOUND, "IDENTIFIER NOT FOUND"),
    }
}

fn known_server(shared: &Shared, data: &Map<String, Value>) -> bool {
    data.get("serverId").and_then(Value::as_u64).is_some_and(|id| shared.community().has_server(id))
}

/// `IDENTS_TO_GROUP`: sets the group of the listed identifiers (of `account`, if given).
pub async fn idents_to_group(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "IDENTS_TO_GROUP") {
        Ok(data) => data,
        Err(response) => return response,
    };
    if !known_server(&shared, &data) {
        return text(StatusCode::BAD_REQUEST, "INVALID SERVER ID");
    }
    let ids: Vec<i64> =
        data.get("identIds").and_then(Value::as_array).map(|ids| ids.iter().filter_map(Value::as_i64).collect()).unwrap_or_default();
    let Some(group) = str_field(&data, "groupName").map(str::to_string) else {
        return text(StatusCode::BAD_REQUEST, "INVALID GROUP NAME");
    };
    let mut community = shared.community();
    let owner = match str_field(&data, "account") {
        Some(_) => match find_account(&community, &data) {
            Some(account) => Some(account.uuid.clone()),
            None => return account_not_found(),
        },
        None => None,
    };
    let mut changed = 0;
    for ident in community.identifiers.iter_mut().filter(|i| ids.contains(&i.id) && owner.as_ref().is_none_or(|o| *o == i.acc_id)) {
        ident.data.insert("group".into(), Value::String(group.clone()));
        changed += 1;
    }
    if changed == 0 {
        return text(StatusCode::NOT_FOUND, "IDENTIFIER NOT FOUND");
    }
    text(StatusCode::OK, if group.is_empty() { "Identifiers removed from group!" } else { "Identifiers added to group!" })
}

/// `GET_ACTIVE_UNITS`: the units on a server.
pub async fn get_active_units(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let data = match open(&shared, &body, "GET_ACTIVE_UNITS") {
        Ok(data) => data,
        Err(response) => return response,
    };
    if !known_server(&shared, &data) {
        return text(StatusCode::BAD_REQUEST, "INVALID SERVER ID");
    }
    let only_units = data.get("onlyUnits").and_then(Value::as_bool).unwrap_or(true);
    let include_offline = data.get("includeOffline").and_then(Value::as_bool).unwrap_or(false);
    let limit = data.get("limit").and_then(Value::as_u64).unwrap_or(100).clamp(1, 100) as usize;
    let offset = data.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let community = shared.community();
    let units: Vec<Value> = community
        .identifiers
        .iter()
        .filter(|i| (include_offline || i.online()) && (!only_units || !i.is_dispatch))
        .skip(offset)
        .take(limit)
        .map(Identifier::to_json)
        .collect();
    Json(units).into_response()
}
