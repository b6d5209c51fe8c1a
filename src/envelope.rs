//! Successful answers and the JSON result envelope every face hands out.
//!
//! Success: `{"success":true,"status":200,"data":<the server's JSON exactly as received, or its text>}`.
//! Failure: `{"success":false,"kind":"<kind>","reason":"<message>","status":<status or null>}`,
//! plus `retryAfterMs` and `traceId` when known.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::error::{Error, ErrorKind, Result};

/// What a successful (2xx) call returned.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The body, as received.
    pub body: Body,
}

/// A response body: JSON kept verbatim (so fields no model knows still reach the caller), or
/// text (the API answers some writes with a sentence such as `"Identifier 123 removed!"`).
#[derive(Debug, Clone)]
pub enum Body {
    /// A JSON document, byte for byte as the server sent it.
    Json(Box<RawValue>),
    /// A body that is not JSON.
    Text(String),
}

impl Body {
    /// JSON when the text parses as JSON, else text.
    pub fn parse(text: String) -> Body {
        match RawValue::from_string(text.trim().to_string()) {
            Ok(raw) => Body::Json(raw),
            Err(_) => Body::Text(text),
        }
    }

    /// The body as a JSON value (text becomes a JSON string).
    pub fn to_value(&self) -> Value {
        match self {
            // A RawValue is valid JSON by construction, so this cannot fail.
            Body::Json(raw) => serde_json::from_str(raw.get()).unwrap_or(Value::Null),
            Body::Text(text) => Value::String(text.clone()),
        }
    }
}

impl Response {
    /// Decodes the body into `T`; a body of another shape is a [`ErrorKind::Decode`] error.
    pub fn decode<T: DeserializeOwned>(&self) -> Result<T> {
        let decoded = match &self.body {
            Body::Json(raw) => serde_json::from_str(raw.get()),
            Body::Text(text) => serde_json::from_value(Value::String(text.clone())),
        };
        decoded.map_err(|e| {
            let mut err = Error::new(ErrorKind::Decode, format!("unexpected response body: {e}"));
            err.status = Some(self.status);
            err
        })
    }

    /// The success envelope.
    pub fn envelope(&self) -> String {
        let data = match &self.body {
            Body::Json(raw) => raw.get().to_string(),
            Body::Text(text) => Value::String(text.clone()).to_string(),
        };
        format!(r#"{{"success":true,"status":{},"data":{}}}"#, self.status, data)
    }
}

impl Error {
    /// The failure envelope.
    pub fn envelope(&self) -> String {
        let mut envelope = json!({
            "success": false,
            "kind": self.kind.as_str(),
            "reason": self.message,
            "status": self.status,
        });
        if let Some(ms) = self.retry_after_ms {
            envelope["retryAfterMs"] = ms.into();
        }
        if let Some(trace_id) = &self.trace_id {
            envelope["traceId"] = trace_id.as_str().into();
        }
        envelope.to_string()
    }
}

/// The envelope of any result.
pub fn envelope(result: &Result<Response>) -> String {
    match result {
        Ok(response) => response.envelope(),
        Err(error) => error.envelope(),
    }
}
