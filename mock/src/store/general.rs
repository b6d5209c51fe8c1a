//! The general area's state: penal codes, postals, heartbeats, link codes, uploads and
//! photos, and the community's fixed identity (its UUID, the seeded accounts' secrets).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::accounts::{BRIAN_UUID, JOHN_UUID};

/// The community's UUID, as `get_info_v2` and link codes answer it.
pub const COMMUNITY_UUID: &str = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
/// `JohnDoe`'s account secret (`verify_secret_v2`, `set_community_link_v2`).
pub const JOHN_SECRET: &str = "22222222-2222-2222-2222-222222222222";
/// `SonoranBrian`'s account secret.
pub const BRIAN_SECRET: &str = "33333333-3333-3333-3333-333333333333";
/// The secret of the verify-secret page's example, which `JohnDoe` holds too.
pub const PAGE_SECRET: &str = "00000000-0000-0000-0000-000000000000";

/// How long a link code waits for its player.
pub const LINK_TTL: Duration = Duration::from_secs(600);

/// A link code waiting for its player.
#[derive(Debug, Clone)]
pub struct LinkCode {
    /// The community user id the code links.
    pub community_user_id: String,
    /// When it expires.
    pub expires: Instant,
}

/// The state of the general area.
#[derive(Debug, Clone, Default)]
pub struct General {
    /// The penal codes, as last set.
    pub penal_codes: Vec<Value>,
    /// The postals, as last set.
    pub postals: Vec<Value>,
    /// Every heartbeat received, with its `playerCount`.
    pub heartbeats: Vec<Value>,
    /// Link codes waiting for their player, by code.
    pub links: HashMap<String, LinkCode>,
    /// Every bodycam upload, with its size.
    pub uploads: Vec<Value>,
    /// Every photo sent.
    pub photos: Vec<Value>,
    /// `deployMap` of the last `set_servers_v2`.
    pub deploy_map: Option<bool>,
    /// What `get_database_sync_configuration_v2` answers: the page's example.
    pub database_sync: Value,
}

impl General {
    /// The penal code of the pages' example; no postals, heartbeats or uploads; database sync
    /// as its page's example (on, characters and vehicle registrations mapped, licenses not).
    pub fn seeded() -> General {
        General {
            penal_codes: vec![json!({
                "title": "Unsafe Lane Change", "code": "22107", "type": "INFRACTION",
                "bondType": "NONE", "bondAmount": 0, "jailTime": "0"
            })],
            database_sync: json!({"enabled": true, "character": true, "licenses": false, "vehicleRegistrations": true}),
            ..General::default()
        }
    }

    /// What `/_mock/stats` shows of this area: heartbeats (with `playerCount`), uploads (with
    /// their size), postals, photos.
    pub fn stats(&self) -> Value {
        json!({
            "heartbeats": self.heartbeats,
            "uploads": self.uploads,
            "postals": self.postals.len(),
            "penalCodes": self.penal_codes.len(),
            "photos": self.photos,
            "deployMap": self.deploy_map,
        })
    }
}

/// The account secrets of a seeded account: `JohnDoe`'s is [`JOHN_SECRET`], the
/// set-community-link page's, and he also answers to the verify-secret page's [`PAGE_SECRET`].
pub fn secrets_of(uuid: &str) -> &'static [&'static str] {
    match uuid {
        JOHN_UUID => &[JOHN_SECRET, PAGE_SECRET],
        BRIAN_UUID => &[BRIAN_SECRET],
        _ => &[],
    }
}

/// The plan's name (the numbering of Sonoran's SDKs, which the mock's `plan` option uses).
pub fn plan_name(plan: u8) -> &'static str {
    match plan {
        0 => "FREE",
        1 => "STARTER",
        2 => "STANDARD",
        3 => "PLUS",
        4 => "PRO",
        6 => "ONE",
        _ => "UNKNOWN",
    }
}
