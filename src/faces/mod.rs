//! What the language skins (`bindings/c`, `bindings/lua`) need and Rust callers mostly do not:
//! the JSON result envelope, parameters given as JSON text, and inboxes that keep
//! non-blocking results until a game loop collects them.
//!
//! The skins only convert arguments, call the core and convert results; everything they
//! share lives here, so that C and Lua answer alike.

mod envelope;
mod inbox;

pub use envelope::{envelope, local_envelope};
pub use inbox::{Inbox, Poll};

use serde_json::Value;

use crate::client::Client;
use crate::config::position;
use crate::error::{Error, Result};
use crate::events::ReceivedEvent;

/// Parses the parameter JSON the C and Lua faces pass; empty text means no parameters.
pub fn parse_params(params_json: &str) -> Result<Value> {
    if params_json.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(params_json)
        .map_err(|e| Error::invalid("params", format_args!("is not valid JSON ({})", position(&e))))
}

/// [`Client::call`] with the parameters as JSON text, answering with the envelope. Never
/// fails: every problem is an error envelope.
pub fn call_json(client: &Client, operation: &str, params_json: &str) -> String {
    envelope(&parse_params(params_json).and_then(|params| client.call(operation, &params)))
}

/// An event as the C and Lua faces hand it out (the shape of [`ReceivedEvent::to_json`]), as a
/// value: the Lua face builds its tables from this, not from the text.
pub fn event_value(event: &ReceivedEvent) -> Value {
    serde_json::json!({
        "type": event.event_type,
        "data": event.data,
        "via": event.via.as_str(),
        "receivedAtMs": event.received_at_ms,
        "dropped": event.dropped_before,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Via;

    /// The value and the text the C face hands out are one shape.
    #[test]
    fn event_value_is_the_events_json() {
        let event = ReceivedEvent {
            event_type: "EVENT_911".into(),
            data: serde_json::json!({"callId": 7, "notes": [null, 1.5, "x"]}),
            via: Via::Http,
            received_at_ms: 1_700_000_000_000,
            dropped_before: 2,
        };
        let text: Value = serde_json::from_str(&event.to_json()).unwrap();
        assert_eq!(event_value(&event), text);
    }
}
