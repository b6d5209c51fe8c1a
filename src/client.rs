//! The client: validates a call, sends it, and turns the answer into a [`Response`] or an [`Error`].

use std::sync::Arc;

use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::config::{position, Config};
use crate::envelope::{Body, Response};
use crate::error::{Error, ErrorKind, Result};
use crate::models::*;
use crate::operations::{self, Method, Operation, Route};

/// A client of one community's API. Cheap to clone (clones share connections) and safe to
/// share between threads.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: Config,
    base_url: reqwest::Url,
    http: reqwest::blocking::Client,
}

impl Client {
    /// A client for `config`. Fails with `invalid_argument` on a bad config.
    pub fn new(config: Config) -> Result<Self> {
        config.validate()?;
        let base_url = reqwest::Url::parse(&config.api_url).map_err(|e| Error::invalid("apiUrl", e))?;
        let http = reqwest::blocking::Client::builder()
            .timeout(config.timeout)
            // The v1 body and the v2 header carry the key: never resend them somewhere else.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sonoran-rs/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::new(ErrorKind::Network, format!("cannot start the HTTP client: {e}")))?;
        Ok(Client { inner: Arc::new(Inner { config, base_url, http }) })
    }

    /// A client configured from the environment (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self> {
        Client::new(Config::from_env()?)
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Calls the operation called `operation` with `params`, a JSON object of the API's
    /// camelCase parameters (or `null` when all are optional). This is what the C and Lua
    /// faces call; the typed methods call it too.
    pub fn call(&self, operation: &str, params: &Value) -> Result<Response> {
        let op = operations::find(operation).ok_or_else(|| operations::unknown(operation))?;
        self.execute(op, params)
    }

    /// Like [`Client::call`] with the parameters as JSON text, answering with the envelope.
    /// Never fails: every problem is an error envelope.
    pub fn call_json(&self, operation: &str, params_json: &str) -> String {
        crate::envelope::envelope(&parse_params(params_json).and_then(|params| self.call(operation, &params)))
    }

    /// Validates `params` for `op`, sends the request and classifies the answer.
    pub fn execute(&self, op: &Operation, params: &Value) -> Result<Response> {
        let config = &self.inner.config;
        let params = op.validate(params, config.default_server_id)?;
        let (url, rest) = op.url(&self.inner.base_url, params)?;
        let request = match op.route {
            Route::V1 { request_type, .. } => {
                // The v1 envelope, exactly as the reference pages show it.
                let body = json!({
                    "id": config.community_id,
                    "key": config.api_key.expose(),
                    "type": request_type,
                    "data": [Value::Object(rest)],
                });
                self.inner.http.post(url).header(CONTENT_TYPE, "application/json").body(body.to_string())
            }
            Route::V2 { method, .. } => {
                let mut request = self
                    .inner
                    .http
                    .request(http_method(method), url)
                    .header(AUTHORIZATION, format!("Bearer {}", config.api_key.expose()));
                if !rest.is_empty() {
                    request = request.header(CONTENT_TYPE, "application/json").body(Value::Object(rest).to_string());
                }
                request
            }
        };
        let response = request.header(ACCEPT, "application/json").send().map_err(transport_error)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().map_err(transport_error)?;
        if (200..300).contains(&status) {
            Ok(Response { status, body: Body::parse(text) })
        } else {
            Err(api_error(status, &headers, &text))
        }
    }

    /// Calls `operation` with a typed request and decodes the typed answer.
    fn typed<Req: Serialize, Resp: DeserializeOwned>(&self, operation: &str, request: &Req) -> Result<Resp> {
        let params = serde_json::to_value(request).map_err(|e| Error::invalid("request", e))?;
        self.call(operation, &params)?.decode()
    }

    /// All unit identifiers of an account (v1 `GET_ACCOUNT_IDENTIFIERS`).
    pub fn get_account_identifiers(&self, request: &GetAccountIdentifiers) -> Result<Vec<Unit>> {
        self.typed("get_account_identifiers", request)
    }

    /// The units of one account on one server (v2 `GET .../accounts/{accountUuid}/units`).
    pub fn get_account_units(&self, request: &GetAccountUnits) -> Result<UnitList> {
        self.typed("get_account_units", request)
    }

    /// One account, by apiId, username or account UUID (v1 `GET_ACCOUNT`).
    pub fn get_account(&self, target: &AccountTarget) -> Result<Account> {
        self.typed("get_account", target)
    }

    /// A page of the community's accounts (v1 `GET_ACCOUNTS`).
    pub fn get_accounts(&self, request: &GetAccounts) -> Result<AccountPage> {
        self.typed("get_accounts", request)
    }

    /// Adds, edits or removes an identifier (v1 `MODIFY_IDENTIFIER`).
    pub fn modify_identifier(&self, request: &ModifyIdentifier) -> Result<ModifyOutcome> {
        self.typed("modify_identifier", request)
    }
}

/// Parses the parameter JSON the C and Lua faces pass; empty text means no parameters.
pub fn parse_params(params_json: &str) -> Result<Value> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json)
        .map_err(|e| Error::invalid("params", format_args!("is not valid JSON ({})", position(&e))))
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// A failure below HTTP. reqwest's messages name the URL, which never holds the key.
fn transport_error(e: reqwest::Error) -> Error {
    let kind = if e.is_timeout() { ErrorKind::Timeout } else if e.is_decode() { ErrorKind::Decode } else { ErrorKind::Network };
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::new(kind, message)
}

/// The error for a non-2xx answer: v1 sends plain text, v2 a problem document
/// (`{type,title,status,detail,instance,traceId}`) or `{"message": ...}`.
fn api_error(status: u16, headers: &HeaderMap, text: &str) -> Error {
    let problem: Option<Map<String, Value>> = serde_json::from_str(text).ok();
    let field = |name: &str| problem.as_ref().and_then(|p| p.get(name)).and_then(Value::as_str).map(str::to_string);
    let message = field("detail")
        .or_else(|| field("title"))
        .or_else(|| field("message"))
        .or_else(|| field("error"))
        // A JSON body without a message says nothing; Error::from_status then names the status.
        .unwrap_or_else(|| if problem.is_some() { String::new() } else { text.trim().trim_matches('"').to_string() });
    let mut error = Error::from_status(status, message);
    error.trace_id = field("traceId");
    error.retry_after_ms = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|seconds| (seconds.max(0.0) * 1000.0) as u64);
    error
}
