//! Unit locations for the live map, streamed within the API's limits.
//!
//! The host pushes each unit's latest position whenever it likes (a queue insert on the
//! caller's thread, never a network call); a newer position of a unit replaces one not yet
//! sent. The client's I/O thread flushes: over the hub while a session is up, one
//! `unitLocation` call at most every 250 ms with at most 25 units, oldest first (the hub
//! allows one every 200 ms); otherwise over REST, one `update_unit_locations_v2` call with
//! every waiting unit, paced within its 12 a minute and spread evenly (one every 5 s). A failed flush puts its positions back
//! (unless a newer one came), so switching transports loses none.

use serde_json::{json, Map, Value};

use crate::api::emergency::operations::UNIT_LOCATION;
use crate::error::Result;
use crate::operations::check_record;

/// Most units in one hub `unitLocation` call (the hub's limit).
pub const HUB_BATCH: usize = 25;
/// Time between two hub calls: the hub allows one every 200 ms; 250 ms is its page's safe default.
pub const HUB_INTERVAL_MS: u64 = 250;

/// One unit's position, checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UnitLocation {
    /// The unit's target, e.g. `communityUserId:player-1234`: positions of the same key replace each other.
    pub(crate) key: String,
    /// The position as the hub takes it.
    pub(crate) fields: Map<String, Value>,
}

impl UnitLocation {
    /// Checks a position: one target (`communityUserId`, `roblox`, `apiId`, `identId` or
    /// `discord`), `location`, optional `coordinates {x, y, z, w}`, `peerId` and `vehicle`.
    /// Errors name the field.
    pub(crate) fn check(value: &Value) -> Result<UnitLocation> {
        let fields = check_record(&UNIT_LOCATION, value)?;
        let target = ["communityUserId", "roblox", "apiId", "identId", "discord"];
        let key = target
            .iter()
            .find_map(|name| fields.get(*name).map(|v| format!("{name}:{}", v.as_str().map_or_else(|| v.to_string(), str::to_string))))
            .unwrap_or_default();
        Ok(UnitLocation { key, fields })
    }

    /// Whether the hub takes this target (it has no `discord`).
    pub(crate) fn hub_ok(&self) -> bool {
        !self.fields.contains_key("discord")
    }

    /// Whether REST takes this target (it has no `identId`).
    pub(crate) fn rest_ok(&self) -> bool {
        !self.fields.contains_key("identId")
    }

    /// The position as one of `update_unit_locations_v2`'s `updates` (its vehicle takes only
    /// `model` and `headingOffset`).
    pub(crate) fn rest_update(&self) -> Value {
        let mut fields = self.fields.clone();
        if let Some(Value::Object(vehicle)) = fields.get_mut("vehicle") {
            vehicle.retain(|k, _| k == "model" || k == "headingOffset");
        }
        Value::Object(fields)
    }
}

/// The transport a flush used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum LocationTransport {
    /// Nothing sent yet.
    #[default]
    None,
    /// The hub's `unitLocation`.
    Hub,
    /// `update_unit_locations_v2`.
    Rest,
}

impl LocationTransport {
    /// `"none"`, `"hub"` or `"rest"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LocationTransport::None => "none",
            LocationTransport::Hub => "hub",
            LocationTransport::Rest => "rest",
        }
    }
}

/// What the location stream has done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LocationStats {
    /// Positions waiting to be sent (one per unit).
    pub queued: usize,
    /// Positions pushed since the client started.
    pub pushed: u64,
    /// Positions the API accepted.
    pub sent: u64,
    /// Positions replaced by a newer one of the same unit before being sent.
    pub superseded: u64,
    /// `unitLocation` calls made.
    pub hub_calls: u64,
    /// `update_unit_locations_v2` calls made.
    pub rest_calls: u64,
    /// Calls that failed (their positions were queued again).
    pub failed_calls: u64,
    /// The transport of the last flush.
    pub transport: LocationTransport,
    /// When the last flush was sent (milliseconds since the Unix epoch).
    pub last_flush_ms: Option<u64>,
    /// Why the last failed call failed.
    pub last_error: Option<String>,
}

impl LocationStats {
    /// As JSON: `{"queued", "pushed", "sent", "superseded", "calls": {"hub", "rest", "failed"},
    /// "transport", "lastFlushMs", "lastError"}`.
    pub fn to_value(&self) -> Value {
        json!({
            "queued": self.queued,
            "pushed": self.pushed,
            "sent": self.sent,
            "superseded": self.superseded,
            "calls": {"hub": self.hub_calls, "rest": self.rest_calls, "failed": self.failed_calls},
            "transport": self.transport.as_str(),
            "lastFlushMs": self.last_flush_ms,
            "lastError": self.last_error,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_needs_one_target_and_a_location() {
        let ok =
            UnitLocation::check(&json!({"communityUserId": "player-1234", "location": "Mission Row", "coordinates": {"x": 1, "y": 2}}))
                .unwrap();
        assert_eq!(ok.key, "communityUserId:player-1234");
        let ident = UnitLocation::check(&json!({"identId": 42, "location": "A"})).unwrap();
        assert_eq!((ident.key.as_str(), ident.hub_ok(), ident.rest_ok()), ("identId:42", true, false));
        let err = |v: Value| UnitLocation::check(&v).unwrap_err().message;
        assert!(err(json!({"location": "A"})).contains("exactly one of"), "{}", err(json!({"location": "A"})));
        assert!(err(json!({"apiId": "x", "identId": 1, "location": "A"})).contains("exactly one of"));
        assert!(err(json!({"apiId": "x"})).contains("`location` is required"), "{}", err(json!({"apiId": "x"})));
        assert!(err(json!({"apiId": "x", "location": "A", "coordinates": {"x": "1", "y": 2}})).contains("`coordinates.x`"));
        assert!(err(json!({"apiId": "x", "location": "A", "speed": 3})).contains("`speed`"));
        assert!(err(json!([1])).contains("`location` must be a JSON object"));
    }

    #[test]
    fn rest_updates_keep_the_vehicle_fields_rest_takes() {
        let v =
            UnitLocation::check(&json!({"discord": "1", "location": "A", "vehicle": {"model": "m", "lights": true, "headingOffset": 2}}))
                .unwrap();
        assert_eq!(v.rest_update()["vehicle"], json!({"model": "m", "headingOffset": 2}));
        assert!(!v.hub_ok() && v.rest_ok());
    }
}
