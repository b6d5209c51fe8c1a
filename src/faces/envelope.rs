//! The JSON result envelope every face hands out.
//!
//! Success: `{"success":true,"status":200,"data":<the server's JSON exactly as received, or its text>}`,
//! plus `"incomplete":"<why>"` when a page walk stopped early, and `"cached":true,"ageMs":<age>`
//! when the read cache answered.
//! Failure: `{"success":false,"kind":"<kind>","reason":"<message>","status":<status or null>}`,
//! plus `retryAfterMs` and `traceId` when known.

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::response::{Body, Response};

impl Response {
    /// The success envelope.
    pub fn envelope(&self) -> String {
        // Written once into a buffer of the right size: the body is the bulk of it.
        let mut envelope = String::with_capacity(self.body.len() + 96);
        envelope.push_str(&format!(r#"{{"success":true,"status":{},"data":"#, self.status));
        match &self.body {
            Body::Json(raw) => envelope.push_str(raw.get()),
            Body::Text(text) => envelope.push_str(&Value::String(text.clone()).to_string()),
        }
        if let Some(why) = &self.incomplete {
            envelope.push_str(&format!(r#","incomplete":{}"#, Value::String(why.clone())));
        }
        if let Some(age) = self.cached_age_ms {
            envelope.push_str(&format!(r#","cached":true,"ageMs":{age}"#));
        }
        envelope.push('}');
        envelope
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

/// The success envelope of something the library answers itself (no HTTP status):
/// `{"success":true,"status":null,"data":<data>}`.
pub fn local_envelope(data: &Value) -> String {
    json!({"success": true, "status": null, "data": data}).to_string()
}

/// The envelope of any result.
pub fn envelope(result: &Result<Response>) -> String {
    match result {
        Ok(response) => response.envelope(),
        Err(error) => error.envelope(),
    }
}

/// [`local_envelope`] of data that is JSON text already (the mirror's lists, made once per
/// version): `{"success":true,"status":null,"data":<data_json>}`.
pub fn local_envelope_text(data_json: &str) -> String {
    let mut envelope = String::with_capacity(data_json.len() + 40);
    envelope.push_str(r#"{"success":true,"status":null,"data":"#);
    envelope.push_str(data_json);
    envelope.push('}');
    envelope
}
