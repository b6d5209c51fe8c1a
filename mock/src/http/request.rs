//! Reading a v2 request, the same way for every area: the Bearer key and the route's rate
//! limit, the path's `serverId` and `accountUuid`, then the body as the area reads it. The
//! areas differ only where the API's own handlers do, and each says how in a [`Reading`].

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value};

use crate::options::MockOptions;
use crate::shared::Shared;

use super::limit;
use super::problem::{bad_request, not_found, problem, unprocessable, Refusal};

/// The largest file the API takes in one upload. Bodies of the general area are read up to
/// twice this, so that a too-large file gets the API's own answer.
pub const MAX_FILE_BYTES: usize = 6_000_000;

/// The operation a request is for, from the route table: a request extension, set by the
/// tagging layer once axum has matched the route.
#[derive(Debug, Clone, Copy)]
pub struct Operation(pub &'static str);

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The community's API key, as a Bearer token.
    Required,
    /// Anyone (`get_login_page_v2`); the route's limit still counts, under the community's key.
    Public,
}

/// How a route reads its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Not at all.
    Ignored,
    /// Any JSON, `null` when empty; else 422 "must be JSON" (calls, units, map, records).
    Json,
    /// A JSON object, also when empty; else 422 "must be a JSON object" (identifiers).
    Object,
    /// A JSON object, `{}` when empty; else 400 "must be a JSON object" (general).
    Fields,
    /// The bytes as sent, unparsed (bodycam uploads).
    File,
    /// A JSON object, `{}` when empty, else 400 "must be a JSON object", read once the path
    /// is checked, up to this many bytes; a larger body is refused with a 413 problem
    /// (integration panels, whose handlers answer their own caps below it).
    Capped(usize),
}

impl Body {
    /// `Json` and `Object` bodies are read (up to axum's default limit, whose 413 comes
    /// first) before the key is checked; `Fields`, `File` and `Capped` bodies after the path is.
    fn read_first(self) -> bool {
        matches!(self, Body::Json | Body::Object)
    }
}

/// How an area reads its requests.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Who may call.
    pub key: Key,
    /// How the body is read.
    pub body: Body,
    /// Whether the path's `accountUuid` is checked before the handler runs (every route
    /// but `get_account_units`, which checks its query first).
    pub account: bool,
}

impl Reading {
    /// The key required and the path's account checked, the body read as `body` says.
    pub const fn of(body: Body) -> Reading {
        Reading { key: Key::Required, body, account: true }
    }
}

/// A v2 request, read: authorized, its path's server (and account) checked, its body parsed.
pub struct Request {
    /// The path parameters.
    pub path: HashMap<String, String>,
    /// The query parameters.
    pub query: HashMap<String, String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The JSON body as the route reads it (`null` when it reads none).
    pub body: Value,
    /// The body as sent, for [`Body::File`] (empty otherwise).
    pub bytes: Bytes,
    /// The request path, for problem documents.
    pub instance: String,
    /// The path's `serverId`, checked, or the community's first server.
    pub server: u64,
    shared: Arc<Shared>,
}

impl Request {
    /// The body as an object, or a 422.
    pub fn object(&self) -> Result<&Map<String, Value>, Refusal> {
        self.body.as_object().ok_or_else(|| unprocessable("The request body must be a JSON object.", &self.instance))
    }

    /// The body of a [`Body::Fields`] route: always an object (else it was refused).
    pub fn fields(&self) -> &Map<String, Value> {
        static NONE: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);
        self.body.as_object().unwrap_or(&NONE)
    }

    /// The path parameter `name` (empty when the route has none).
    pub fn path_param(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }

    /// The path parameter `name` as a positive integer, or a 400.
    pub fn path_id(&self, name: &str) -> Result<i64, Refusal> {
        self.path_param(name)
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad_request(format!("The path parameter '{name}' must be a positive integer."), &self.instance))
    }

    /// How the mock behaves.
    pub fn options(&self) -> &MockOptions {
        &self.shared.options
    }
}

/// Reads `request` as `reading` says, in the order the API checks: the body (when read
/// first), the key and the route's limit, the path's `serverId`, its `accountUuid`, then
/// the body (when read last) and its JSON.
pub async fn read(shared: &Arc<Shared>, reading: Reading, request: axum::extract::Request) -> Result<Request, Refusal> {
    // The extractors the handlers used to take, in their order, with their rejections.
    let (mut parts, body) = request.into_parts();
    let path = Option::<Path<HashMap<String, String>>>::from_request_parts(&mut parts, shared).await.map_err(refused)?;
    let path = path.map(|Path(path)| path).unwrap_or_default();
    let Query(query) = Query::<HashMap<String, String>>::from_request_parts(&mut parts, shared).await.map_err(refused)?;
    let headers = parts.headers.clone();
    let axum::Extension(Operation(operation)) =
        axum::Extension::<Operation>::from_request_parts(&mut parts, shared).await.map_err(refused)?;
    let instance = parts.uri.path().to_string();
    let (mut bytes, unread) = if reading.body.read_first() {
        let request = axum::extract::Request::from_parts(parts, body);
        (Bytes::from_request(request, shared).await.map_err(refused)?, None)
    } else {
        (Bytes::new(), Some(body))
    };
    match reading.key {
        Key::Required => authorize(shared, &headers, operation, &instance)?,
        Key::Public => {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&format!("Bearer {}", shared.options.api_key)) {
                headers.insert(header::AUTHORIZATION, value);
            }
            authorize(shared, &headers, operation, &instance)?
        }
    }
    let server = match path.get("serverId") {
        Some(id) => check_server(shared, id, &instance)?,
        None => shared.community().default_server_id(),
    };
    if let (true, Some(account)) = (reading.account, path.get("accountUuid")) {
        check_account(shared, account, &instance)?;
    }
    match (reading.body, unread) {
        (Body::Fields | Body::File, Some(body)) => {
            // Read past the limit, so that a too-large file gets the API's own answer.
            bytes = axum::body::to_bytes(body, MAX_FILE_BYTES * 2).await.map_err(|_| {
                problem(
                    StatusCode::BAD_REQUEST,
                    "Unable to upload bodycam recording",
                    format!("File exceeds {MAX_FILE_BYTES} bytes."),
                    &instance,
                )
            })?;
        }
        (Body::Capped(limit), Some(body)) => {
            bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
                problem(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large", format!("The request body exceeds {limit} bytes."), &instance)
            })?;
        }
        _ => {}
    }
    let body = match reading.body {
        Body::Ignored | Body::File => Value::Null,
        Body::Json if bytes.is_empty() => Value::Null,
        Body::Json => serde_json::from_slice(&bytes).map_err(|_| unprocessable("The request body must be JSON.", &instance))?,
        Body::Object => match serde_json::from_slice::<Value>(&bytes) {
            Ok(object @ Value::Object(_)) => object,
            _ => return Err(unprocessable("The request body must be a JSON object.", &instance)),
        },
        Body::Fields | Body::Capped(_) if bytes.is_empty() => Value::Object(Map::new()),
        Body::Fields | Body::Capped(_) => match serde_json::from_slice::<Value>(&bytes) {
            Ok(object @ Value::Object(_)) => object,
            _ => return Err(bad_request("The request body must be a JSON object.", &instance)),
        },
    };
    if reading.body != Body::File {
        bytes = Bytes::new();
    }
    Ok(Request { path, query, headers, body, bytes, instance, server, shared: shared.clone() })
}

fn refused(rejection: impl IntoResponse) -> Refusal {
    rejection.into_response().into()
}

/// Checks the Bearer key, then the key's rate limit for this operation.
pub fn authorize(shared: &Shared, headers: &HeaderMap, operation: &str, instance: &str) -> Result<(), Refusal> {
    let key = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
    if key != Some(shared.options.api_key.as_str()) {
        return Err(problem(StatusCode::UNAUTHORIZED, "Unauthorized", "A valid API key is required.", instance));
    }
    limit::count(shared, operation)
}

/// The path's `serverId`, when it is a configured server.
pub fn check_server(shared: &Shared, server_id: &str, instance: &str) -> Result<u64, Refusal> {
    let id: u64 = server_id.parse().map_err(|_| bad_request("The path parameter 'serverId' must be an integer.", instance))?;
    if !shared.community().has_server(id) {
        return Err(not_found(format!("Server {id} is not configured."), instance));
    }
    Ok(id)
}

/// The path's `accountUuid`, when it is a UUID of an existing account.
pub fn check_account(shared: &Shared, account_uuid: &str, instance: &str) -> Result<String, Refusal> {
    if uuid::Uuid::try_parse(account_uuid).is_err() {
        return Err(bad_request("The path parameter 'accountUuid' must be a UUID.", instance));
    }
    if !shared.community().accounts.iter().any(|a| a.uuid == account_uuid) {
        return Err(not_found(format!("Account {account_uuid} was not found."), instance));
    }
    Ok(account_uuid.to_string())
}

/// The query parameter `name` as `true` or `false` (`default` when absent), or why not.
pub fn flag(query: &HashMap<String, String>, name: &str, default: bool) -> Result<bool, String> {
    match query.get(name).map(String::as_str) {
        None => Ok(default),
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(_) => Err(format!("The query parameter '{name}' must be true or false.")),
    }
}

/// The query parameter `name` as a non-negative integer (`default` when absent), or why not.
pub fn number(query: &HashMap<String, String>, name: &str, default: u64) -> Result<u64, String> {
    match query.get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| format!("The query parameter '{name}' must be a non-negative integer.")),
    }
}
