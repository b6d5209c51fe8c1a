//! The community's accounts, unit identifiers and game servers, seeded from the examples of
//! the API reference pages.

use serde_json::{json, Map, Value};

/// A community account.
#[derive(Debug, Clone)]
pub struct Account {
    /// Its UUID.
    pub uuid: String,
    /// Other account ids the reference pages' examples use for this account (placeholders
    /// such as `USER_ACCOUNT_UUID`): a request body or query may name the account by any of
    /// them; answers give [`Account::uuid`].
    pub aliases: Vec<String>,
    /// Its username.
    pub username: String,
    /// `ACCOUNT_STATUS`: 0 pending, 1 validated (active), 3 removed, 4 banned.
    pub status: i64,
    /// When it joined the community.
    pub joined: String,
    /// When it last logged in.
    pub last_login: String,
    /// Its API ids (the first is its v2 `communityUserId`).
    pub api_ids: Vec<String>,
    /// Linked Discord id (v2 lookups).
    pub discord: Option<String>,
    /// Linked Roblox id (v2 lookups).
    pub roblox: Option<String>,
    /// Every permission true for admins, the member set otherwise.
    pub admin: bool,
    /// Permissions granted (`true`) or revoked (`false`) since, by name (v2 permissions and
    /// permission keys).
    pub permission_changes: Map<String, Value>,
}

/// A unit identifier.
#[derive(Debug, Clone)]
pub struct Identifier {
    /// Its id (`identId`).
    pub id: i64,
    /// The UUID of its account.
    pub acc_id: String,
    /// `UNIT_STATUS` ([`OFFLINE`] when not online).
    pub status: i64,
    /// Whether its panic button is on.
    pub is_panic: bool,
    /// Its location text.
    pub location: String,
    /// Its area of patrol.
    pub aop: String,
    /// Its map coordinates, once known.
    pub coordinates: Option<Value>,
    /// Its `data` object (`unitNum`, `name`, `group`, ...).
    pub data: Map<String, Value>,
    /// Whether it is a dispatcher's identifier.
    pub is_dispatch: bool,
}

/// `UNIT_STATUS` 100: the unit is not online.
pub const OFFLINE: i64 = 100;

/// The permission flags of the reference pages, in their order.
pub const PERMISSIONS: &[&str] = &[
    "civilian",
    "lawyer",
    "dmv",
    "police",
    "fire",
    "ems",
    "dispatch",
    "admin",
    "polRecAdd",
    "polRecEdit",
    "polRecRemove",
    "polSuper",
    "polEditUnit",
    "polEditOtherUnit",
    "selfDispatch",
    "liveMap",
    "medRecAdd",
    "medRecEdit",
    "medRecRemove",
    "medSuper",
    "fireRecAdd",
    "fireRecEdit",
    "fireRecRemove",
    "fireSuper",
    "dmvRecAdd",
    "dmvRecEdit",
    "dmvRecRemove",
    "dmvSuper",
    "modifyStreetSigns",
    "lawRecAdd",
    "lawRecEdit",
    "lawRecRemove",
    "lawSuper",
    "adminAccounts",
    "adminPermissionKeys",
    "adminCustomization",
    "adminDepartments",
    "adminTenCodes",
    "adminPenalCodes",
    "adminInGameIntegration",
    "adminDiscordIntegration",
    "adminLimits",
    "adminLogs",
];

/// Permissions a plain member has.
const MEMBER_PERMISSIONS: &[&str] = &["civilian", "police", "fire", "ems", "selfDispatch", "liveMap"];

impl Account {
    /// Every permission flag, by name: the member or admin set, with the changes applied.
    pub fn permissions(&self) -> Map<String, Value> {
        PERMISSIONS
            .iter()
            .map(|p| {
                let given = self.permission_changes.get(*p).and_then(Value::as_bool);
                (p.to_string(), Value::Bool(given.unwrap_or(self.admin || MEMBER_PERMISSIONS.contains(p))))
            })
            .collect()
    }

    /// The account as v1 `GET_ACCOUNT` and `GET_ACCOUNTS` answer it (with `apiIds`).
    pub fn to_json(&self) -> Value {
        json!({
            "uuid": self.uuid,
            "username": self.username,
            "status": self.status,
            "joined": self.joined,
            "lastLogin": self.last_login,
            "permissions": self.permissions(),
            "apiIds": self.api_ids,
        })
    }

    /// The v2 Account Object (`get_account_v2`, `get_accounts_v2`): one `communityUserId`
    /// (the account's first API id) where v1 lists `apiIds`.
    pub fn to_json_v2(&self) -> Value {
        json!({
            "uuid": self.uuid,
            "username": self.username,
            "communityUserId": self.api_ids.first().cloned().unwrap_or_default(),
            "status": self.status,
            "joined": self.joined,
            "lastLogin": self.last_login,
            "permissions": self.permissions(),
        })
    }

    /// Whether this account is the one `key` = `value` names, for every way the API names
    /// an account (`apiId`, `communityUserId`, `username`, `account`, `accountUuid`,
    /// `discord`, `roblox`).
    pub fn is(&self, key: &str, value: &str) -> bool {
        match key {
            "apiId" | "communityUserId" => self.has_api_id(value),
            "username" => self.username.eq_ignore_ascii_case(value),
            "account" | "accountUuid" => self.uuid == value || self.aliases.iter().any(|a| a == value),
            "discord" => self.discord.as_deref() == Some(value),
            "roblox" => self.roblox.as_deref() == Some(value),
            _ => false,
        }
    }

    /// Whether `api_id` is one of this account's API ids (Steam hex case varies).
    pub fn has_api_id(&self, api_id: &str) -> bool {
        self.api_ids.iter().any(|id| !id.is_empty() && id.eq_ignore_ascii_case(api_id))
    }
}

impl Identifier {
    /// The unit object as the identifier and unit endpoints answer it.
    pub fn to_json(&self) -> Value {
        let mut unit = Map::new();
        unit.insert("id".into(), json!(self.id));
        unit.insert("accId".into(), json!(self.acc_id));
        unit.insert("status".into(), json!(self.status));
        unit.insert("isPanic".into(), json!(self.is_panic));
        unit.insert("location".into(), json!(self.location));
        // Only when known, where the pages show it.
        if let Some(coordinates) = &self.coordinates {
            unit.insert("coordinates".into(), coordinates.clone());
        }
        unit.insert("aop".into(), json!(self.aop));
        unit.insert("data".into(), Value::Object(self.data.clone()));
        unit.insert("isDispatch".into(), json!(self.is_dispatch));
        Value::Object(unit)
    }

    /// Whether the unit counts as online (any status but OFFLINE).
    pub fn online(&self) -> bool {
        self.status != OFFLINE
    }

    /// Applies v2's flat identifier fields (`unitNum`, `name`, ... go into `data`).
    pub fn apply_flat(&mut self, fields: &Map<String, Value>) {
        let mut nested = Map::new();
        let mut data = Map::new();
        for (key, value) in fields {
            match key.as_str() {
                "status" | "aop" | "location" | "isDispatch" => {
                    nested.insert(key.clone(), value.clone());
                }
                _ => {
                    data.insert(key.clone(), value.clone());
                }
            }
        }
        nested.insert("data".into(), Value::Object(data));
        self.apply(&nested);
    }

    /// Applies the fields of an ADD/EDIT `identifier` object; `data` is merged key by key.
    pub fn apply(&mut self, fields: &Map<String, Value>) {
        if let Some(status) = fields.get("status").and_then(Value::as_i64) {
            self.status = status;
        }
        if let Some(location) = fields.get("location").and_then(Value::as_str) {
            self.location = location.to_string();
        }
        if let Some(aop) = fields.get("aop").and_then(Value::as_str) {
            self.aop = aop.to_string();
        }
        if let Some(is_dispatch) = fields.get("isDispatch").and_then(Value::as_bool) {
            self.is_dispatch = is_dispatch;
        }
        if let Some(data) = fields.get("data").and_then(Value::as_object) {
            for (key, value) in data {
                self.data.insert(key.clone(), value.clone());
            }
        }
    }
}

/// A game server configured in the community (`GET_SERVERS`, v2 `get_servers_v2`).
#[derive(Debug, Clone)]
pub struct Server {
    /// Its id (`serverId`).
    pub id: u64,
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: String,
    /// `signal`.
    pub signal: String,
    /// `mapUrl`.
    pub map_url: String,
    /// `mapIp`: where its push event listener runs (the mock sends only to loopback).
    pub map_ip: String,
    /// `listenerPort` of its push event listener.
    pub listener_port: String,
    /// `differingOutbound`.
    pub differing_outbound: bool,
    /// `outboundIp`.
    pub outbound_ip: String,
    /// `enableMap`.
    pub enable_map: bool,
    /// `mapType`.
    pub map_type: String,
    /// `isStatic`.
    pub is_static: bool,
    /// `LIVE_MAP_FORMAT`: 0 GTA V, 1 Roblox.
    pub live_map_format: i64,
}

impl Server {
    /// A plain configuration for server `id`.
    pub fn seeded(id: u64) -> Server {
        Server {
            id,
            name: if id == 1 { "Main Server".into() } else { format!("Server {id}") },
            description: format!("Mock game server {id}"),
            signal: "100".into(),
            map_url: String::new(),
            map_ip: "127.0.0.1".into(),
            listener_port: (30119 + id).to_string(),
            differing_outbound: false,
            outbound_ip: String::new(),
            enable_map: true,
            map_type: "NORMAL".into(),
            is_static: false,
            live_map_format: 0,
        }
    }

    /// The server object as the servers endpoints answer it.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "signal": self.signal,
            "mapUrl": self.map_url,
            "mapIp": self.map_ip,
            "listenerPort": self.listener_port,
            "differingOutbound": self.differing_outbound,
            "outboundIp": self.outbound_ip,
            "enableMap": self.enable_map,
            "mapType": self.map_type,
            "isStatic": self.is_static,
            "liveMapFormat": self.live_map_format,
        })
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// UUID of `SonoranBrian`, the reference pages' example account.
pub const BRIAN_UUID: &str = "91de0ce8-c571-11e9-9714-5600023b2434";
/// UUID of `JohnDoe`, the account of the v2 and modify_identifier examples.
pub const JOHN_UUID: &str = "00000000-0000-0000-0000-000000000000";

/// Other account ids `JohnDoe` answers to in requests: the bodycam upload page's
/// `USER_ACCOUNT_UUID`, the set-community-link page's account and the account the
/// verify-secret page's answer names.
pub const JOHN_ALIASES: &[&str] = &["USER_ACCOUNT_UUID", "11111111-1111-1111-1111-111111111111", "11111111-2222-3333-4444-555555555555"];

/// The seed community, plus `extra_accounts` generated active members (for paging).
pub fn seed(extra_accounts: usize) -> (Vec<Account>, Vec<Identifier>) {
    let mut accounts = vec![
        Account {
            uuid: BRIAN_UUID.into(),
            aliases: Vec::new(),
            username: "SonoranBrian".into(),
            status: 1,
            joined: "2019-10-12T20:41:52.400299".into(),
            last_login: "2020-08-15T13:43:17.607111".into(),
            api_ids: vec!["Steam:1234".into(), "123456".into()],
            discord: Some("274658103720132609".into()),
            roblox: None,
            admin: true,
            permission_changes: Map::new(),
        },
        Account {
            uuid: JOHN_UUID.into(),
            // The account UUIDs of the bodycam upload, set-community-link and verify-secret
            // examples: every page's example account is this one.
            aliases: JOHN_ALIASES.iter().map(|a| a.to_string()).collect(),
            username: "JohnDoe".into(),
            status: 1,
            joined: "2023-06-21T20:44:07.321587".into(),
            last_login: "2024-12-11T19:37:50.099922".into(),
            // "player-1234": the community user id of the pages' examples (the Account Object's
            // UUID is JohnDoe's), so that each page's example finds its account here; and
            // "1234567890", the `apiId` of their legacy-alias examples. Discord and Roblox: the
            // ids of the pages' OpenAPI examples.
            api_ids: vec!["license:abc123".into(), "steam:110000112345678".into(), "player-1234".into(), "1234567890".into()],
            discord: Some("123456789012345678".into()),
            roblox: Some("123456789".into()),
            admin: false,
            permission_changes: Map::new(),
        },
        Account {
            uuid: "5d6c3a1e-2f4b-4c8d-9e0f-1a2b3c4d5e6f".into(),
            aliases: Vec::new(),
            username: "PendingPat".into(),
            status: 0,
            joined: "2024-11-02T08:15:00.000000".into(),
            last_login: "2024-11-02T08:15:00.000000".into(),
            api_ids: vec!["license:pat001".into()],
            discord: None,
            roblox: None,
            admin: false,
            permission_changes: Map::new(),
        },
        Account {
            uuid: "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d".into(),
            aliases: Vec::new(),
            username: "BannedBob".into(),
            status: 4,
            joined: "2022-01-05T17:00:00.000000".into(),
            last_login: "2023-03-01T12:00:00.000000".into(),
            api_ids: vec!["license:bob666".into()],
            discord: None,
            roblox: None,
            admin: false,
            permission_changes: Map::new(),
        },
    ];
    for n in 1..=extra_accounts {
        accounts.push(Account {
            uuid: format!("{n:08x}-0000-4000-8000-{n:012x}"),
            aliases: Vec::new(),
            username: format!("Member{n:04}"),
            status: 1,
            joined: "2025-01-01T00:00:00.000000".into(),
            last_login: "2025-06-01T00:00:00.000000".into(),
            api_ids: vec![format!("license:member{n:04}")],
            discord: None,
            roblox: None,
            admin: false,
            permission_changes: Map::new(),
        });
    }
    let identifiers = vec![
        Identifier {
            id: 1,
            acc_id: BRIAN_UUID.into(),
            status: 2,
            is_panic: false,
            location: "1234 E. Test Ave".into(),
            aop: "South District".into(),
            coordinates: None,
            data: object(json!({
                "apiId1": "STEAM:1234", "apiId2": "STEAM:1234", "unitNum": "A-10", "name": "Brian Sosnowski",
                "district": "Maricopa County", "department": "MCSO", "subdivision": "Speed Enforcement",
                "rank": "CPT", "group": "CAR 51", "page": 0,
            })),
            is_dispatch: false,
        },
        Identifier {
            id: 2,
            acc_id: BRIAN_UUID.into(),
            status: 2,
            is_panic: false,
            location: "Dispatch Center".into(),
            aop: "South District".into(),
            coordinates: None,
            data: object(json!({
                "unitNum": "DISP-1", "name": "Brian Sosnowski", "district": "Maricopa County",
                "department": "Dispatch", "subdivision": "", "rank": "", "group": "", "page": 3,
            })),
            is_dispatch: true,
        },
        Identifier {
            id: 3,
            acc_id: BRIAN_UUID.into(),
            status: OFFLINE,
            is_panic: false,
            location: "".into(),
            aop: "South District".into(),
            coordinates: None,
            data: object(json!({
                "unitNum": "E-7", "name": "Brian Sosnowski", "district": "Maricopa County",
                "department": "MCFD", "subdivision": "Engine 7", "rank": "LT", "group": "", "page": 1,
            })),
            is_dispatch: false,
        },
        Identifier {
            id: 12,
            acc_id: JOHN_UUID.into(),
            status: 3,
            is_panic: false,
            location: "Mission Row PD".into(),
            aop: "Los Santos".into(),
            coordinates: Some(json!({"x": 123.45, "y": -456.78, "z": 32.1, "w": 180.0})),
            data: object(json!({
                "unitNum": "A-10", "name": "John Doe", "district": "Los Santos", "department": "LSPD",
                "subdivision": "Patrol", "rank": "Officer", "group": "CAR-51", "page": 0,
                "apiIds": ["steam:110000112345678"], "communityUserId": "license:abc123",
            })),
            is_dispatch: false,
        },
    ];
    (accounts, identifiers)
}

/// A unit on duty for `POST /_mock/units/seed`: identifier `id` (online, AVAILABLE, not a
/// dispatcher, no group) with `data` as the seeded units have it, and its own new active
/// account (a fresh UUID, username `Officer<id>`, communityUserId `license:unit<id>`).
pub fn on_duty(id: i64) -> (Account, Identifier) {
    const FIRST: [&str; 8] = ["Alex", "Sam", "Jordan", "Taylor", "Casey", "Morgan", "Riley", "Jamie"];
    const LAST: [&str; 8] = ["Reed", "Hayes", "Nguyen", "Patel", "Garcia", "Kowalski", "Brooks", "Silva"];
    // Department, district and call sign prefix: police departments (page 0, POLICE).
    const DEPARTMENTS: [(&str, &str, &str); 3] =
        [("LSPD", "Los Santos", "A"), ("BCSO", "Blaine County", "B"), ("SAHP", "San Andreas", "H")];
    let n = id.unsigned_abs() as usize;
    let name = format!("{} {}", FIRST[n % FIRST.len()], LAST[(n / FIRST.len()) % LAST.len()]);
    let (department, district, prefix) = DEPARTMENTS[n % DEPARTMENTS.len()];
    let community_user_id = format!("license:unit{id}");
    let uuid = uuid::Uuid::new_v4().to_string();
    // As the seeded accounts write times: `2025-01-01T00:00:00.000000`.
    let joined = format!("{}.000000", super::clock::rfc3339(super::clock::unix_now()).trim_end_matches('Z'));
    let account = Account {
        uuid: uuid.clone(),
        aliases: Vec::new(),
        username: format!("Officer{id}"),
        status: 1,
        joined: joined.clone(),
        last_login: joined,
        api_ids: vec![community_user_id.clone()],
        discord: None,
        roblox: None,
        admin: false,
        permission_changes: Map::new(),
    };
    let identifier = Identifier {
        id,
        acc_id: uuid,
        status: 2,
        is_panic: false,
        location: String::new(),
        aop: district.into(),
        coordinates: None,
        data: object(json!({
            "unitNum": format!("{prefix}-{id}"), "name": name, "district": district, "department": department,
            "subdivision": "Patrol", "rank": "Officer", "group": "", "page": 0, "apiIds": [community_user_id], "communityUserId": community_user_id,
        })),
        is_dispatch: false,
    };
    (account, identifier)
}
