//! v2 FiveM configuration, over `store::fivem`: a server's resolved configuration with its
//! saved revision, and the acknowledgement of the revision its resource loaded. The control
//! route `POST /_mock/fivem/configuration` stands in for an administrator who saves the
//! configuration and selects **Apply and restart**: the revision moves on and
//! `EVENT_FIVEM_CONFIGURATION` goes to the server's hub sessions, and nowhere else.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::http::{bad_request, bind, not_found, problem, Answer, Body, Reading, Request};
use crate::shared::Shared;
use crate::store::clock::{rfc3339, unix_now};
use crate::store::Community;

/// The event the CAD sends on Apply and restart.
const EVENT: &str = "EVENT_FIVEM_CONFIGURATION";

/// The FiveM routes (no bodies) and the control route.
pub fn routes() -> Router<Arc<Shared>> {
    bind(
        Reading::of(Body::Ignored),
        &[("get_fivem_configuration_v2", |c, r| get(c, r)), ("acknowledge_fivem_configuration_v2", acknowledge)],
    )
    .route("/_mock/fivem/configuration", post(apply))
}

/// `GET /v2/fivem/servers/{serverId}/configuration`.
fn get(community: &Community, request: &Request) -> Answer {
    Ok(Json(community.fivem.get(request.server).to_json(request.server)).into_response())
}

/// `POST /v2/fivem/servers/{serverId}/configuration/acknowledge/{revision}`: `{"success":
/// true}` for the saved revision (again too: the time moves on); 409 for another revision or
/// when nothing was saved.
fn acknowledge(community: &mut Community, request: &Request) -> Answer {
    let revision = request.path_id("revision")? as u64;
    let server = request.server;
    let configuration = community.fivem.get_mut(server);
    if configuration.revision == 0 {
        return Err(problem(
            StatusCode::CONFLICT,
            "Configuration not saved",
            format!("No configuration has been saved for server {server}."),
            &request.instance,
        ));
    }
    if revision != configuration.revision {
        let detail = if revision < configuration.revision {
            "Configuration changed after startup.".to_string()
        } else {
            format!("Revision {revision} has not been saved for server {server} (the saved revision is {}).", configuration.revision)
        };
        return Err(problem(StatusCode::CONFLICT, "Revision changed", detail, &request.instance));
    }
    configuration.applied_revision = Some(revision);
    configuration.applied_at = Some(rfc3339(unix_now()));
    Ok(Json(json!({"success": true})).into_response())
}

/// `POST /_mock/fivem/configuration` with `{"serverId": 1}` (else the first server), and
/// optionally `values` (`{"core": {...}, "plugins": {...}}`, replacing the saved ones),
/// `templateRevision` (64 hex digits), `save` (default true: the revision moves on by one),
/// `apply` (default true: send the event) and `withKey` (default false). Sends
/// `EVENT_FIVEM_CONFIGURATION` with `{serverId, revision, schemaVersion, templateRevision}`
/// to the server's hub sessions only, as its page shows it: the JSON text of `{"type",
/// "data"}`, no key (`withKey`: the `{"key", "type", "data"}` object of the other events).
/// Nothing goes to the HTTP listener, and nothing is queued without a hub session. Answers
/// `{"configuration": <as the GET answers it>, "event": outcome}` (`null` without `apply`,
/// `{"error": ...}` when no session took it).
async fn apply(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let instance = "/_mock/fivem/configuration";
    let bad = |detail: &str| bad_request(detail.to_string(), instance);
    let body: Map<String, Value> = match serde_json::from_slice(&body) {
        Ok(Value::Object(body)) => body,
        _ if body.iter().all(u8::is_ascii_whitespace) => Map::new(),
        _ => return Err(bad("The body must be a JSON object.")),
    };
    let flag = |name: &str, default: bool| match body.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad_request(format!("{name} must be true or false."), instance)),
    };
    let (save, send, with_key) = (flag("save", true)?, flag("apply", true)?, flag("withKey", false)?);
    let values = match body.get("values") {
        None | Some(Value::Null) => None,
        Some(values) if ["core", "plugins"].iter().all(|k| values.get(*k).is_some_and(Value::is_object)) => Some(values.clone()),
        Some(_) => return Err(bad("values must be an object with the objects core and plugins.")),
    };
    let template = match body.get("templateRevision") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) => Some(t.clone()),
        Some(_) => return Err(bad("templateRevision must be 64 hexadecimal digits (a SHA-256 fingerprint).")),
    };
    let (server, configuration) = {
        let mut community = shared.community();
        let server = match body.get("serverId") {
            None | Some(Value::Null) => community.default_server_id(),
            Some(id) => id.as_u64().ok_or_else(|| bad("serverId must be a positive integer."))?,
        };
        if !community.has_server(server) {
            return Err(not_found(format!("Server {server} is not configured."), instance));
        }
        let configuration = community.fivem.get_mut(server);
        if save {
            configuration.revision += 1;
        }
        if let Some(values) = values {
            configuration.values = values;
        }
        if let Some(template) = template {
            configuration.template_revision = template;
        }
        (server, configuration.clone())
    };
    let event = if send {
        let envelope = json!({"type": EVENT, "data": configuration.event(server)});
        let payload = if with_key {
            let mut payload = json!({"key": shared.options.api_key});
            payload["type"] = envelope["type"].clone();
            payload["data"] = envelope["data"].clone();
            payload
        } else {
            Value::String(envelope.to_string())
        };
        match shared.emit_websocket(server, EVENT, &payload).await {
            Ok(outcome) => outcome,
            Err(e) => json!({"error": e.message}),
        }
    } else {
        Value::Null
    };
    Ok(Json(json!({"configuration": configuration.to_json(server), "event": event})).into_response())
}
