//! v2 granular permissions, over `store::permissions` and the community's accounts: the
//! catalog of grant ids (with the legacy flag conversion map), an account's grants, and the
//! replacement of its explicit grant list. A replacement also sets the account's legacy flags
//! (`global.<flag>` granted or not), which `get_account_v2` answers, and moves its membership
//! between pending and active as the page says.

use std::sync::Arc;

use axum::response::IntoResponse;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::http::{bad_request, bind, not_found, Answer, Body, Reading, Refusal, Request};
use crate::shared::Shared;
use crate::store::accounts::PERMISSIONS;
use crate::store::general::COMMUNITY_UUID;
use crate::store::permissions::{catalog, legacy_grants, VERSION};
use crate::store::Community;

/// The permission routes: the reads take no body, the replacement a JSON object.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Ignored),
        &[("get_permission_catalog_v2", |_, _| catalog_answer()), ("get_account_permissions_v2", |c, r| get(c, r))],
    )
    .merge(bind(Reading::of(Body::Fields), &[("replace_account_permissions_v2", replace)]))
}

/// `GET /v2/general/permissions/catalog`.
fn catalog_answer() -> Answer {
    let permissions: Vec<Value> = catalog()
        .into_iter()
        .map(|g| json!({"id": g.id, "label": g.label, "templateId": g.template_id, "templateName": g.template_name, "action": g.action}))
        .collect();
    Ok(Json(json!({"version": VERSION, "communityUuid": COMMUNITY_UUID, "permissions": permissions, "legacyGrants": legacy_grants()}))
        .into_response())
}

/// The path's `accountId`, when it is a UUID.
fn account_id(request: &Request) -> Result<&str, Refusal> {
    let id = request.path_param("accountId");
    match uuid::Uuid::try_parse(id) {
        Ok(_) => Ok(id),
        Err(_) => Err(bad_request("The path parameter 'accountId' must be an account UUID.", &request.instance)),
    }
}

/// The index of the account `id` names.
fn find(community: &Community, id: &str) -> Option<usize> {
    community.accounts.iter().position(|a| a.uuid.eq_ignore_ascii_case(id))
}

/// `GET /v2/general/permissions/accounts/{accountId}`: 404 for an account not in the community.
fn get(community: &Community, request: &Request) -> Answer {
    let id = account_id(request)?;
    let index =
        find(community, id).ok_or_else(|| not_found(format!("Account {id} was not found in this community."), &request.instance))?;
    let account = &community.accounts[index];
    Ok(Json(json!({
        "permissions": {"version": VERSION, "grants": community.permissions.grants(account)},
        "owner": community.permissions.is_owner(account),
        "migrated": true,
        "status": account.status,
    }))
    .into_response())
}

/// `PUT /v2/general/permissions/accounts/{accountId}` with `{"version": 2, "grants": [...]}`:
/// every refusal is a 400, a missing account's too (as the page says).
fn replace(community: &mut Community, request: &Request) -> Answer {
    let instance = &request.instance;
    let bad = |detail: String| bad_request(detail, instance);
    let id = account_id(request)?;
    let body = request.fields();
    match body.get("version") {
        None | Some(Value::Null) => {}
        Some(version) if version.as_i64() == Some(VERSION) => {}
        Some(_) => return Err(bad(format!("The field 'version' must be {VERSION}."))),
    }
    let items =
        body.get("grants").and_then(Value::as_array).ok_or_else(|| bad("The field 'grants' is required: a list of grant ids.".into()))?;
    let known: Vec<String> = catalog().into_iter().map(|g| g.id).collect();
    let mut grants: Vec<String> = Vec::new();
    for item in items {
        let grant = item.as_str().ok_or_else(|| bad("Each grant must be a string.".into()))?;
        if !known.iter().any(|k| k == grant) {
            return Err(bad(format!("Unknown grant '{grant}': grant ids are case-sensitive, see the permission catalog.")));
        }
        if grants.iter().any(|g| g == grant) {
            return Err(bad(format!("The grant '{grant}' appears twice.")));
        }
        grants.push(grant.to_string());
    }
    let index = find(community, id).ok_or_else(|| bad(format!("Account {id} was not found in this community.")))?;
    let account = &community.accounts[index];
    if community.permissions.is_owner(account) {
        return Err(bad("The community owner's permissions cannot be edited.".into()));
    }
    if ![0, 1].contains(&account.status) {
        return Err(bad(format!("Only pending or active memberships can be edited (this one's status is {}).", account.status)));
    }
    let uuid = account.uuid.clone();
    let account = &mut community.accounts[index];
    // ACCOUNT_STATUS: an empty list makes an active membership pending, a nonempty one
    // activates a pending membership.
    account.status = if grants.is_empty() { 0 } else { 1 };
    for flag in PERMISSIONS {
        let granted = grants.iter().any(|g| g.strip_prefix("global.") == Some(flag));
        account.permission_changes.insert(flag.to_string(), Value::Bool(granted));
    }
    community.permissions.explicit.insert(uuid.clone(), grants.clone());
    Ok(Json(json!({"accountUuid": uuid, "permissions": {"version": VERSION, "grants": grants}})).into_response())
}
