//! Placeholder until the typed events land.
use serde_json::Value;

/// A push event, typed by its `type`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PushEvent {
    /// A type this library does not know.
    Other {
        /// The event's `type`.
        event_type: String,
        /// The event's `data`.
        data: Value,
    },
}

impl PushEvent {
    /// The event for `event_type` and `data`.
    pub fn from_parts(event_type: &str, data: &Value) -> PushEvent {
        PushEvent::Other { event_type: event_type.into(), data: data.clone() }
    }
}

/// Every documented event type.
pub const DOCUMENTED_EVENT_TYPES: &[&str] = &[];
