//! Sending: building each request (key included) on the I/O thread, and walking every page
//! of a paged operation for `get_all_X`.

use std::sync::Arc;

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde_json::{json, Map, Value};

use super::Shared;
use crate::error::{Error, ErrorKind, Result};
use crate::operations::{Operation, PageCursor, Route};
use crate::response::Response;
use crate::transport::transport_error;

/// The most pages one `get_all_X` walks, in case a server never sends a short page.
const MAX_PAGES: usize = 10_000;

/// How many times `maxResponseBytes` the pages of one `get_all_X` may add up to.
pub const ALL_PAGES_BYTES_FACTOR: usize = 8;

/// Walks every page of paged `op` from `params`' offset, and answers them as one: the items
/// in one list and, for answers with `pagination`, `{"limit": <items>, "offset": <first
/// offset>, "total": <total>}`. Each page is paced (with the call's `priority`) and retried
/// like any call; the whole walk ends by `deadline`. It stops early, keeping what it has and
/// saying why in [`Response::incomplete`], when a page brings nothing new or the pages add
/// up to more than [`ALL_PAGES_BYTES_FACTOR`] × `maxResponseBytes`.
pub(super) async fn all_pages(
    shared: Arc<Shared>,
    op: &'static Operation,
    params: Value,
    deadline: tokio::time::Instant,
    priority: crate::budget::Priority,
) -> Result<Response> {
    let (Some(paging), Some(mut cursor)) = (op.paging, PageCursor::new(op, &params)) else {
        return Err(crate::api::unknown(op.name));
    };
    let first_offset = cursor.offset();
    let mut items = Vec::new();
    let mut status = 200;
    let mut bytes = 0usize;
    let max_bytes = shared.transport.config.max_response_bytes.saturating_mul(ALL_PAGES_BYTES_FACTOR);
    let pacer = shared.pacers.get(op.name).cloned();
    for _ in 0..MAX_PAGES {
        let request = prepare(&shared, op, cursor.params())?;
        let response = shared.transport.clone().run(op, pacer.clone(), request, deadline, false, priority).await?;
        status = response.status;
        bytes = bytes.saturating_add(response.body.len());
        let page = cursor.advance(&mut response.body.to_value()).map_err(|e| Error { status: Some(status), ..e })?;
        items.extend(page);
        if cursor.done() {
            break;
        }
        if bytes > max_bytes {
            cursor.stop_incomplete(format!(
                "stopped at offset {}: the pages add up to more than {max_bytes} bytes ({ALL_PAGES_BYTES_FACTOR} × maxResponseBytes); walk the pages one by one to read more",
                cursor.offset()
            ));
            break;
        }
    }
    if !cursor.done() {
        cursor.stop_incomplete(format!("stopped at offset {} after {MAX_PAGES} pages", cursor.offset()));
    }
    if let Some(why) = cursor.incomplete() {
        shared.transport.log(crate::logging::Level::Warn, op, 0, why, None, None);
    }
    let data = match paging.items {
        None => Value::Array(items),
        Some(key) => {
            let count = items.len();
            let mut all = serde_json::Map::new();
            if paging.total {
                let total = cursor.total().unwrap_or(first_offset + count as u64);
                all.insert("pagination".into(), json!({"limit": count, "offset": first_offset, "total": total}));
            }
            all.insert(key.into(), Value::Array(items));
            Value::Object(all)
        }
    };
    let raw = serde_json::value::to_raw_value(&data).map_err(|e| Error::new(ErrorKind::Internal, e.to_string()))?;
    Ok(Response {
        status,
        body: crate::response::Body::Json(raw),
        incomplete: cursor.incomplete().map(str::to_string),
        cached_age_ms: None,
    })
}

/// Validates `params` for `op` and builds the request, key included. Nothing is sent.
fn prepare(shared: &Shared, op: &Operation, params: &Value) -> Result<reqwest::Request> {
    build(shared, op, op.validate(params, shared.transport.config.default_server_id)?)
}

/// Builds the request, key included, from parameters [`Operation::validate`] returned.
pub(super) fn build(shared: &Shared, op: &Operation, params: Map<String, Value>) -> Result<reqwest::Request> {
    build_with_body(shared, op, params, None)
}

/// [`build`], with `body` sent as the JSON body instead of the parameters not in the path
/// (a merged kick: an array of kick objects).
pub(super) fn build_with_body(
    shared: &Shared,
    op: &Operation,
    params: Map<String, Value>,
    body: Option<Value>,
) -> Result<reqwest::Request> {
    let config = &shared.transport.config;
    let http = &shared.transport.http;
    let (url, rest) = op.url(&shared.base_url, params)?;
    let request = match op.route {
        Route::V1 { request_type, .. } => {
            // The v1 envelope, exactly as the reference pages show it.
            let body = json!({
                "id": config.community_id,
                "key": config.api_key.expose(),
                "type": request_type,
                "data": [Value::Object(rest)],
            });
            http.post(url).header(CONTENT_TYPE, "application/json").body(body.to_string())
        }
        Route::V2 { method, .. } => {
            let mut request = http.request(method.to_http(), url);
            // The public login page is sent without the key, as its page and the SDKs send it.
            if crate::api::sends_key(op) {
                request = request.header(AUTHORIZATION, format!("Bearer {}", config.api_key.expose()));
            }
            if crate::api::is_multipart(op) {
                // Read here, on the I/O thread: a `filePath` never blocks the caller.
                let mut order: Vec<&str> = Vec::new();
                for name in op.params.iter().map(|p| p.wire_name()) {
                    if !order.contains(&name) {
                        order.push(name);
                    }
                }
                let (content_type, body) = crate::upload::form(&rest, &order)?;
                request = request.header(CONTENT_TYPE, content_type).body(body);
            } else if let Some(body) = body {
                request = request.header(CONTENT_TYPE, "application/json").body(body.to_string());
            } else if !rest.is_empty() {
                request = request.header(CONTENT_TYPE, "application/json").body(Value::Object(rest).to_string());
            }
            request
        }
    };
    request.header(ACCEPT, "application/json").build().map_err(transport_error)
}
