//! Integration panels (`/v2/integration-panels/...`): CAD panels (fire alarms, door locks,
//! tow requests, fleet condition, smart signs) whose definition and live state a game script
//! publishes, and whose controls come back to the game as actions: pushed as
//! `EVENT_PANEL_<PANEL KEY>` events, recoverable by a poll of 3 a minute, acknowledged with a
//! result. Keys are checked before sending (`^[a-z0-9][a-z0-9._-]{1,79}$`), and so are the
//! size caps (definition 128 KiB, state 512 KiB, result 32 KiB).
//!
//! ```no_run
//! use sonoran::{Client, Config};
//! use serde_json::json;
//!
//! let client = Client::new(Config::new("community-id", "api-key").with_default_server_id(1))?;
//! let definition = json!({"schemaVersion": 1, "key": "doors", "name": "Door Locks", "body": []});
//! client.set_integration_panel_v2("doors", &definition)?;
//! let instance = client.set_integration_panel_state_v2(None, "doors", "mission-row", &json!({"doors": []}))?;
//! println!("revision {}", instance.revision);
//! # Ok::<(), sonoran::Error>(())
//! ```

mod methods;
pub mod models;
pub(crate) mod operations;
pub mod panel;

pub use panel::{Panel, PanelOptions, PanelStatus, Supersede};

/// The push event type of a panel's actions: `EVENT_PANEL_` and the key in upper case, its
/// punctuation kept (`example.fire-alarms` → `EVENT_PANEL_EXAMPLE.FIRE-ALARMS`).
pub fn event_type(panel_key: &str) -> String {
    format!("EVENT_PANEL_{}", panel_key.to_uppercase())
}
