//! v1 endpoints: `POST` with `{id, key, type, data: [ {...} ]}` (read by
//! [`envelope`](crate::http::envelope)); errors are HTTP 400 or 404 with the fixed upper-case
//! texts of the reference pages. `GET_VERSION` and `GET_SERVERS` take no data (Sonoran's SDKs
//! send `data: []`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::envelope::{open, open_envelope, refusal, text};
use crate::http::{mount, Answer, Refusal};
use crate::shared::Shared;
use crate::store::accounts::{Account, Identifier, Server};
use crate::store::Community;

/// The v1 routes.
pub fn routes() -> Router<Arc<Shared>> {
    let router = Router::new();
    let router = mount(router, "get_version", get_version);
    let router = mount(router, "get_servers", get_servers);
    let router = mount(router, "get_account", get_account);
    let router = mount(router, "get_accounts", get_accounts);
    let router = mount(router, "get_account_identifiers", get_account_identifiers);
    let router = mount(router, "modify_identifier", modify_identifier);
    let router = mount(router, "get_identifiers", get_identifiers);
    let router = mount(router, "set_identifier", set_identifier);
    let router = mount(router, "idents_to_group", idents_to_group);
    mount(router, "get_active_units", get_active_units)
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

fn account_not_found() -> Refusal {
    refusal(StatusCode::NOT_FOUND, "ACCOUNT NOT FOUND")
}

fn identifier_not_found() -> Refusal {
    refusal(StatusCode::NOT_FOUND, "IDENTIFIER NOT FOUND")
}

/// `GET_VERSION`: the community's plan number as plain text (`4`). Sent as text, not JSON:
/// Sonoran.js calls string methods on the answer, the FiveM resource reads its first character.
async fn get_version(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    open_envelope(&shared, &body, "GET_VERSION")?;
    let plan = shared.community().plan;
    Ok(text(StatusCode::OK, plan.to_string()))
}

/// `GET_SERVERS`: `{servers: [...]}`, the community's configured game servers.
async fn get_servers(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    open_envelope(&shared, &body, "GET_SERVERS")?;
    let servers: Vec<Value> = shared.community().servers.iter().map(Server::to_json).collect();
    Ok(Json(json!({ "servers": servers })).into_response())
}

/// `GET_ACCOUNT_IDENTIFIERS`: the account's identifiers (an empty list for an unknown apiId).
async fn get_account_identifiers(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "GET_ACCOUNT_IDENTIFIERS")?;
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
    Ok(Json(units).into_response())
}

/// `GET_ACCOUNT`: one account by apiId, username or UUID.
async fn get_account(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "GET_ACCOUNT")?;
    let community = shared.community();
    let account = find_account(&community, &data).ok_or_else(account_not_found)?;
    Ok(Json(account.to_json()).into_response())
}

/// `GET_ACCOUNTS`: a page of accounts with the given status (active by default).
async fn get_accounts(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "GET_ACCOUNTS")?;
    let limit = data.get("limit").and_then(Value::as_u64).unwrap_or(100).clamp(1, 100) as usize;
    let offset = data.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let status = data.get("status").and_then(Value::as_i64).unwrap_or(1);
    let community = shared.community();
    let matching: Vec<&Account> = community.accounts.iter().filter(|a| a.status == status).collect();
    let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|a| a.to_json()).collect();
    Ok(Json(json!({
        "pagination": {"limit": limit, "offset": offset, "total": matching.len()},
        "accounts": page,
    }))
    .into_response())
}

/// `MODIFY_IDENTIFIER`: ADD (0) and EDIT (1) answer the identifier, REMOVE (2) a sentence.
async fn modify_identifier(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "MODIFY_IDENTIFIER")?;
    let mut community = shared.community();
    let acc_id = find_account(&community, &data).map(|a| a.uuid.clone()).ok_or_else(account_not_found)?;
    let fields = data.get("identifier").and_then(Value::as_object).cloned().unwrap_or_default();
    let ident_id = data.get("identId").and_then(Value::as_i64).or_else(|| fields.get("id").and_then(Value::as_i64));
    let position = ident_id.and_then(|id| community.identifiers.iter().position(|i| i.id == id && i.acc_id == acc_id));
    match data.get("action").and_then(Value::as_i64) {
        Some(0) => {
            let identifier = community.new_identifier(acc_id);
            identifier.apply(&fields);
            Ok(Json(identifier.to_json()).into_response())
        }
        Some(1) => {
            let index = position.ok_or_else(identifier_not_found)?;
            community.identifiers[index].apply(&fields);
            Ok(Json(community.identifiers[index].to_json()).into_response())
        }
        Some(2) => {
            let index = position.ok_or_else(identifier_not_found)?;
            let removed = community.identifiers.remove(index);
            Ok(text(StatusCode::OK, format!("Identifier {} removed!", removed.id)))
        }
        _ => Err(refusal(StatusCode::BAD_REQUEST, "INVALID ACTION")),
    }
}

/// `GET_IDENTIFIERS`: `{selectedIdent, identifiers}` of an account.
async fn get_identifiers(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "GET_IDENTIFIERS")?;
    let community = shared.community();
    let account = find_account(&community, &data).ok_or_else(account_not_found)?;
    Ok(Json(community.identifier_list(&account.uuid, "selectedIdent", "identifiers")).into_response())
}

/// `SET_IDENTIFIER`: selects one of the account's identifiers.
async fn set_identifier(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "SET_IDENTIFIER")?;
    let mut community = shared.community();
    let acc_id = find_account(&community, &data).map(|a| a.uuid.clone()).ok_or_else(account_not_found)?;
    let ident_id = data.get("identId").and_then(Value::as_i64);
    let id =
        ident_id.filter(|id| community.identifiers.iter().any(|i| i.id == *id && i.acc_id == acc_id)).ok_or_else(identifier_not_found)?;
    community.selected.insert(acc_id, id);
    Ok(text(StatusCode::OK, "Identifier Switched!"))
}

/// The `serverId` of `data`, when it is a configured server; else `INVALID SERVER ID`.
fn known_server(shared: &Shared, data: &Map<String, Value>) -> Result<(), Refusal> {
    match data.get("serverId").and_then(Value::as_u64).is_some_and(|id| shared.community().has_server(id)) {
        true => Ok(()),
        false => Err(refusal(StatusCode::BAD_REQUEST, "INVALID SERVER ID")),
    }
}

/// `IDENTS_TO_GROUP`: sets the group of the listed identifiers (of `account`, if given); an
/// empty `groupName` takes them out of their group. Pushes `EVENT_UNIT_GROUP_ADD` (or
/// `EVENT_UNIT_GROUP_REMOVE` with the old name) to `serverId` for each unit whose group changed.
async fn idents_to_group(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "IDENTS_TO_GROUP")?;
    known_server(&shared, &data)?;
    let ids: Vec<i64> =
        data.get("identIds").and_then(Value::as_array).map(|ids| ids.iter().filter_map(Value::as_i64).collect()).unwrap_or_default();
    let group = str_field(&data, "groupName").map(str::to_string).ok_or_else(|| refusal(StatusCode::BAD_REQUEST, "INVALID GROUP NAME"))?;
    let mut community = shared.community();
    let owner = match str_field(&data, "account") {
        Some(_) => Some(find_account(&community, &data).ok_or_else(account_not_found)?.uuid.clone()),
        None => None,
    };
    let targets: Vec<i64> = community
        .identifiers
        .iter()
        .filter(|i| ids.contains(&i.id) && owner.as_ref().is_none_or(|o| *o == i.acc_id))
        .map(|i| i.id)
        .collect();
    if targets.is_empty() {
        return Err(identifier_not_found());
    }
    let changes: Vec<(i64, String, String)> =
        targets.iter().filter_map(|id| community.set_group(*id, &group).map(|old| (*id, old, group.clone()))).collect();
    // The unit group events, to the request's server, queued before the lock is let go.
    let server = data.get("serverId").and_then(Value::as_u64).unwrap_or_else(|| community.default_server_id());
    shared.queue_all(Community::group_events(server, &changes));
    drop(community);
    Ok(text(StatusCode::OK, if group.is_empty() { "Identifiers removed from group!" } else { "Identifiers added to group!" }))
}

/// `GET_ACTIVE_UNITS`: the units on a server.
async fn get_active_units(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let data = open(&shared, &body, "GET_ACTIVE_UNITS")?;
    known_server(&shared, &data)?;
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
    Ok(Json(units).into_response())
}
