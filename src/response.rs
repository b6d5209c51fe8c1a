//! What a successful call returned: the status and the body as received, checked to be JSON
//! every face can represent.
//!
//! # Example
//!
//! ```no_run
//! use serde_json::json;
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! let response = client.call("get_calls_v2", &json!({}))?;
//! let calls: serde_json::Value = response.decode()?;
//! println!("{} {}", response.status, calls["EmergencyCalls"]);
//! # Ok::<(), sonoran::Error>(())
//! ```

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

/// What a successful (2xx) call returned.
#[derive(Debug, Clone)]
pub struct Response {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The body, as received.
    pub body: Body,
    /// Set when the answer holds less than was asked for and the caller should know why: a
    /// `get_all_X` walk that stopped early (a server that repeats a page, or more bytes
    /// than the walk may collect). The envelope carries it as `"incomplete"`.
    pub incomplete: Option<String>,
    /// Set when the answer came from the read cache (`cache` in the config): how old it is,
    /// in milliseconds, counted from when the request that fetched it started (before any
    /// wait for the pacer), so it errs old. The envelope carries
    /// `"cached": true, "ageMs": <age>`.
    pub cached_age_ms: Option<u64>,
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
    /// JSON when the text parses as JSON, else text. JSON that every face could not hand on
    /// (nesting deeper than 128, a number beyond `f64`, a lone `\u` surrogate) is an `Err`
    /// saying why: the caller makes it a `decode` failure, so that no face meets a body it
    /// cannot convert after the request has completed.
    pub fn parse(text: String) -> std::result::Result<Body, String> {
        let Ok(raw) = RawValue::from_string(text.trim().to_string()) else { return Ok(Body::Text(text)) };
        match serde_json::from_str::<Representable>(raw.get()) {
            Ok(_) => Ok(Body::Json(raw)),
            Err(e) => Err(format!("the server sent JSON this library cannot represent ({e})")),
        }
    }

    /// The body's length in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Json(raw) => raw.get().len(),
            Body::Text(text) => text.len(),
        }
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

/// Deserializes anything a `serde_json::Value` can hold and keeps nothing: decoding every
/// string and number, within serde_json's nesting limit, is the check.
struct Representable;

impl<'de> serde::Deserialize<'de> for Representable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(RepresentableVisitor).map(|()| Representable)
    }
}

struct RepresentableVisitor;

impl<'de> serde::de::Visitor<'de> for RepresentableVisitor {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> std::result::Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        while seq.next_element::<Representable>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while map.next_entry::<Representable, Representable>()?.is_some() {}
        Ok(())
    }
}

impl Response {
    /// A complete answer.
    pub fn new(status: u16, body: Body) -> Response {
        Response { status, body, incomplete: None, cached_age_ms: None }
    }

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
}
