//! What the language skins (`bindings/c`, `bindings/lua`) need and Rust callers mostly do not:
//! the JSON result envelope, parameters given as JSON text, and inboxes that keep
//! non-blocking results until a game loop collects them.
//!
//! The skins only convert arguments, call the core and convert results; everything they
//! share lives here, so that C and Lua answer alike.
//!
//! # Example
//!
//! ```no_run
//! use sonoran::{Client, Config};
//!
//! let client = Client::new(Config::new("community-id", "api-key"))?;
//! // What sonoran_call answers a C caller: the envelope, as text.
//! let envelope = sonoran::faces::call_json(&client, "get_units_v2", r#"{"serverId": 1}"#);
//! println!("{envelope}");
//! # Ok::<(), sonoran::Error>(())
//! ```

mod envelope;
mod inbox;

pub use envelope::{envelope, local_envelope, local_envelope_text};
pub use inbox::{Inbox, Poll};

use serde_json::Value;

use crate::client::Client;
use crate::config::position;
use crate::error::{Error, Result};

/// Parses the parameter JSON the C and Lua faces pass; empty text means no parameters.
pub fn parse_params(params_json: &str) -> Result<Value> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json).map_err(|e| Error::invalid("params", format_args!("is not valid JSON ({})", position(&e))))
}

/// [`Client::call`] with the parameters as JSON text, answering with the envelope. Never
/// fails: every problem is an error envelope.
pub fn call_json(client: &Client, operation: &str, params_json: &str) -> String {
    envelope(&parse_params(params_json).and_then(|params| client.call(operation, &params)))
}
