//! Reading a v1 request: `POST` with the `{id, key, type, data: [ {...} ]}` envelope, checked
//! as the real API does (community, key, enabled, type). v1 answers errors as HTTP 400 (or
//! 404) with the fixed upper-case texts of the reference pages.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::shared::Shared;

use super::problem::Refusal;

/// A plain-text answer, as v1 gives them.
pub fn text(status: StatusCode, message: impl Into<String>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message.into()).into_response()
}

/// A plain-text refusal, as v1 gives them.
pub fn refusal(status: StatusCode, message: impl Into<String>) -> Refusal {
    text(status, message).into()
}

/// Checks the envelope and returns `data[0]`.
pub fn open(shared: &Shared, body: &[u8], request_type: &str) -> Result<Map<String, Value>, Refusal> {
    let envelope = open_envelope(shared, body, request_type)?;
    match envelope.get("data").and_then(Value::as_array).and_then(|d| d.first()) {
        Some(Value::Object(data)) => Ok(data.clone()),
        _ => Err(refusal(StatusCode::BAD_REQUEST, "INVALID REQUEST DATA")),
    }
}

/// Checks the envelope (community, key, type) of a request whose `data` is not read.
pub fn open_envelope(shared: &Shared, body: &[u8], request_type: &str) -> Result<Value, Refusal> {
    let bad = |message: &str| refusal(StatusCode::BAD_REQUEST, message);
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
