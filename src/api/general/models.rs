//! Models of the v2 general API (`/v2/general/...`): accounts and their permissions, plan,
//! community, servers, heartbeats, penal codes, links, bans, photos, street signs, TURN,
//! bodycam uploads. Each answer keeps the fields this version does not know in `extra`.

use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::api::wire::{api_enum, one_or_many};

api_enum! {
    /// An account's status in the community.
    AccountStatus {
        /** 0 */ Pending = 0 => "PENDING",
        /** 1 */ Active = 1 => "ACTIVE",
        /** 4 */ Banned = 4 => "BANNED",
    }
}

/// An account's permissions. The common ones are fields; all of them (the API has dozens and
/// adds more) are in `extra` too, readable with [`Permissions::get`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Permissions {
    /// All permission flags by their API name (`police`, `polRecAdd`, `adminLogs`, ...).
    #[serde(flatten)]
    pub flags: Map<String, Value>,
}

impl Permissions {
    /// The flag called `name` (`"dispatch"`, `"adminAccounts"`, ...), if the API sent it.
    pub fn get(&self, name: &str) -> Option<bool> {
        self.flags.get(name).and_then(Value::as_bool)
    }
}

/// A community account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Account {
    /// The account's UUID.
    pub uuid: String,
    /// Sonoran CAD username.
    #[serde(default)]
    pub username: Option<String>,
    /// Status in the community.
    #[serde(default)]
    pub status: Option<AccountStatus>,
    /// When the account joined (ISO 8601, as the API sends it).
    #[serde(default)]
    pub joined: Option<String>,
    /// Last login (ISO 8601, as the API sends it).
    #[serde(default)]
    pub last_login: Option<String>,
    /// What the account may do.
    #[serde(default)]
    pub permissions: Permissions,
    /// The account's API ids (Steam hex, license, ...).
    #[serde(default, deserialize_with = "one_or_many")]
    pub api_ids: Vec<String>,
    /// The in-game user id linked to the account (v2; `license:...`, `player-1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_user_id: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Where a page sits in a paged list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Pagination {
    /// Page size asked for.
    pub limit: u64,
    /// Rows skipped.
    pub offset: u64,
    /// Rows in the whole list.
    pub total: u64,
}

/// One page of accounts (`get_accounts`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountPage {
    /// Where this page sits.
    #[serde(alias = "Pagination")]
    pub pagination: Pagination,
    /// The accounts on it.
    #[serde(alias = "Accounts", default)]
    pub accounts: Vec<Account>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Which account a call is about: exactly one of these. Each operation takes the ones its
/// endpoint knows (v1: `ApiId`, `Username`, `Account`; v2 `get_account_v2`: all, with
/// `ApiId` sent as `communityUserId` and `Account` as `accountUuid`); another is refused with
/// an `invalid_argument` naming it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum AccountTarget {
    /// An API id, generally the Steam hex (v2: the community user id).
    ApiId(String),
    /// A Sonoran CAD username.
    Username(String),
    /// A Sonoran account UUID.
    Account(String),
    /// The in-game community user id (`license:...`), v2.
    CommunityUserId(String),
    /// A linked Roblox id, v2.
    Roblox(String),
    /// A linked Discord id, v2.
    Discord(String),
}

/// Parameters of [`crate::Client::get_accounts_v2`]; all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GetAccountsV2 {
    /// Page size, 1..=100.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Accounts to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Only accounts with this status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AccountStatus>,
    /// Only accounts whose username contains this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// A Sonoran CAD plan, as `get_version_v2` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Plan {
    /// `FREE`
    Free,
    /// `STARTER`
    Starter,
    /// `STANDARD`
    Standard,
    /// `PLUS`
    Plus,
    /// `PRO`
    Pro,
    /// `ONE`
    One,
    /// A name this version does not know, as sent.
    Other(String),
}

impl Plan {
    /// The plan called `name` (any case).
    pub fn from_name(name: &str) -> Plan {
        match name.to_ascii_uppercase().as_str() {
            "FREE" => Plan::Free,
            "STARTER" => Plan::Starter,
            "STANDARD" => Plan::Standard,
            "PLUS" => Plan::Plus,
            "PRO" => Plan::Pro,
            "ONE" => Plan::One,
            _ => Plan::Other(name.to_string()),
        }
    }
}

/// `get_version_v2`: the community's plan (`{"version": 2, "name": "PLUS"}`), to tell why a
/// call needs a higher plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Version {
    /// The plan's number, as the API sends it.
    #[serde(default)]
    pub version: Option<i64>,
    /// The plan's name (`FREE`, `STARTER`, `STANDARD`, `PLUS`, `PRO`, `ONE`).
    #[serde(default)]
    pub name: String,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Version {
    /// The plan, by its name.
    pub fn plan(&self) -> Plan {
        Plan::from_name(&self.name)
    }
}

/// A community's public details (`get_login_page_v2`, and `community` of `get_info_v2`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CommunityDetails {
    /// The community id.
    #[serde(default)]
    pub com_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its time zone (`America/Phoenix`).
    #[serde(default)]
    pub timezone: Option<String>,
    /// Its own login URL, if it has one.
    #[serde(default)]
    pub custom_login_url: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `get_info_v2`: the community's UUID, details and shared codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommunityInfo {
    /// The community's UUID.
    #[serde(default)]
    pub uuid: Option<String>,
    /// Its details.
    #[serde(default)]
    pub community: CommunityDetails,
    /// Shared codes (`10-8`, ...).
    #[serde(default)]
    pub codes: Vec<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Which community `get_login_page_v2` is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LoginPageBy {
    /// By community id.
    CommunityId(String),
    /// By the community's website or login URL.
    Url(String),
}

/// A game server's configuration (`get_servers_v2`, `set_servers_v2`): only `id` is needed
/// to set one; fields left `None` are not sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GameServer {
    /// The server id, the `serverId` other routes take.
    pub id: u64,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Radio signal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<String>,
    /// Map tiles URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_url: Option<String>,
    /// The game server's IP (live map, street signs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_ip: Option<String>,
    /// The listener port, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_port: Option<String>,
    /// Whether outbound traffic uses another IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub differing_outbound: Option<bool>,
    /// That outbound IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_ip: Option<String>,
    /// Whether the live map is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_map: Option<bool>,
    /// Map type (`NORMAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map_type: Option<String>,
    /// Static map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_static: Option<bool>,
    /// `LIVE_MAP_FORMAT`: 0 GTA V, 1 Roblox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live_map_format: Option<i64>,
    /// Fields this version does not know (sent back as they came).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl GameServer {
    /// A server with this id and name, every other field left to the API.
    pub fn new(id: u64, name: &str) -> GameServer {
        GameServer { id, name: Some(name.to_string()), ..GameServer::default() }
    }
}

/// `{servers}`: `get_servers_v2`, `set_servers_v2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServerList {
    /// The configured servers.
    #[serde(default)]
    pub servers: Vec<GameServer>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `heartbeat_v2`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Heartbeat {
    /// The server.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// The player count recorded.
    #[serde(default)]
    pub player_count: Option<u64>,
    /// When the API received it (RFC 3339).
    #[serde(default)]
    pub received_at_utc: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One penal code.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PenalCode {
    /// Title (`Unsafe Lane Change`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Code (`22107`).
    #[serde(default)]
    pub code: String,
    /// Type (`INFRACTION`).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Bond type (`NONE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bond_type: Option<String>,
    /// Bond amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bond_amount: Option<u64>,
    /// Jail time, as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jail_time: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten, skip_serializing)]
    pub extra: Map<String, Value>,
}

impl PenalCode {
    /// A penal code with this code and title.
    pub fn new(code: &str, title: &str) -> PenalCode {
        PenalCode { code: code.to_string(), title: Some(title.to_string()), ..PenalCode::default() }
    }
}

/// `{updated}`: how many items a replacing call stored (penal codes, postals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Updated {
    /// Items stored.
    #[serde(default)]
    pub updated: u64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `create_community_link_v2`'s code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LinkCode {
    /// The 4-character code the player enters in the CAD.
    pub code: String,
    /// Whose code it is.
    #[serde(default)]
    pub community_user_id: Option<String>,
    /// The community's UUID.
    #[serde(default)]
    pub community_uuid: Option<String>,
    /// When it expires (RFC 3339).
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Seconds it stays valid (600).
    #[serde(default)]
    pub expires_in_seconds: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl LinkCode {
    /// The page the player opens to enter the code (`sonorancad.com/id?code=...`).
    pub fn link_url(&self) -> String {
        format!("https://sonorancad.com/id?code={}", self.code)
    }
}

/// Whether a community user id is linked (`check_community_link_v2`, `set_community_link_v2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CommunityLink {
    /// The in-game id.
    #[serde(default)]
    pub community_user_id: Option<String>,
    /// Whether it is linked.
    #[serde(default)]
    pub linked: bool,
    /// The account it is linked to.
    #[serde(default)]
    pub account_uuid: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ban_user_v2`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BanOutcome {
    /// The account.
    #[serde(default)]
    pub account_uuid: Option<String>,
    /// `ban` or `kick`.
    #[serde(default)]
    pub action: Option<String>,
    /// The API's message.
    #[serde(default)]
    pub message: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An account's permissions after a change (`set_account_permissions_v2`,
/// `apply_permission_key_v2`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PermissionsChanged {
    /// The account.
    #[serde(default)]
    pub account_uuid: Option<String>,
    /// Its permissions now.
    #[serde(default)]
    pub permissions: Permissions,
    /// Whether it is active (`set_account_permissions_v2`).
    #[serde(default)]
    pub active: Option<bool>,
    /// Its username (`apply_permission_key_v2`).
    #[serde(default)]
    pub username: Option<String>,
    /// The API's message (`apply_permission_key_v2`).
    #[serde(default)]
    pub message: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What `set_account_permissions_v2` changes: permission names to grant and revoke (any
/// case: `POLICE`, `dispatch`), and the account's active status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionChanges {
    /// Permissions to grant.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<String>,
    /// Permissions to revoke.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Make the account active (or not).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `send_photo_v2`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PhotoSent {
    /// Whose connections got it.
    #[serde(default)]
    pub community_user_id: Option<String>,
    /// How many connections got it.
    #[serde(default)]
    pub delivered: u64,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `authorize_street_signs_v2`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StreetSignAuth {
    /// Whether this machine may drive the server's street signs.
    #[serde(default)]
    pub authorized: bool,
    /// The server.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One ICE server of [`TurnCredentials`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IceServer {
    /// `turn:` and `stun:` URLs.
    #[serde(default)]
    pub urls: Vec<String>,
    /// Temporary username.
    #[serde(default)]
    pub username: Option<String>,
    /// Temporary credential.
    #[serde(default)]
    pub credential: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `get_turn_credentials_v2`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TurnCredentials {
    /// The ICE servers to use.
    #[serde(default)]
    pub ice_servers: Vec<IceServer>,
    /// Seconds the credentials stay valid.
    #[serde(default)]
    pub ttl: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The clip of a bodycam upload: bytes in memory, or a file read on the client's I/O thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadFile {
    /// The clip's bytes (sent under `fileName`, default `recording.webm`).
    Bytes(Vec<u8>),
    /// A `.webm` file on disk.
    Path(PathBuf),
}

/// `upload_bodycam_recording_v2`: one `.webm` clip (at most 6,000,000 bytes) for one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodycamUpload {
    /// Whose recording it is: `Account`, `CommunityUserId` (or `ApiId`), `Roblox`, `Discord`.
    pub target: AccountTarget,
    /// Clip length, 1–120000 ms.
    pub duration_ms: u32,
    /// The clip.
    pub file: UploadFile,
    /// Name to send the file under (must end in `.webm`).
    pub file_name: Option<String>,
    /// The identifier the clip belongs to.
    pub ident_id: Option<i64>,
    /// Unit number to store with it.
    pub unit_number: Option<String>,
    /// Unit location to store with it.
    pub unit_location: Option<String>,
}

impl BodycamUpload {
    /// The parameters `Client::call` takes for this upload (the bytes as `fileBase64`).
    pub fn to_params(&self) -> Value {
        let mut params = match serde_json::to_value(&self.target) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        params.insert("durationMs".into(), self.duration_ms.into());
        match &self.file {
            UploadFile::Bytes(bytes) => {
                params.insert("fileBase64".into(), crate::upload::encode_base64(bytes).into());
            }
            UploadFile::Path(path) => {
                params.insert("filePath".into(), path.to_string_lossy().into_owned().into());
            }
        }
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                params.insert(key.into(), value);
            }
        };
        put("fileName", self.file_name.clone().map(Value::from));
        put("identId", self.ident_id.map(Value::from));
        put("unitNumber", self.unit_number.clone().map(Value::from));
        put("unitLocation", self.unit_location.clone().map(Value::from));
        Value::Object(params)
    }
}

/// Whether database sync is on for the community, and which mappings are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DatabaseSyncConfiguration {
    /// Database sync as a whole.
    #[serde(default)]
    pub enabled: bool,
    /// The character mapping.
    #[serde(default)]
    pub character: bool,
    /// The license mapping.
    #[serde(default)]
    pub licenses: bool,
    /// The vehicle registration mapping.
    #[serde(default)]
    pub vehicle_registrations: bool,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A server's resolved FiveM configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FiveMConfiguration {
    /// The saved revision; 0 before the first save.
    #[serde(default)]
    pub revision: u64,
    /// The configuration protocol's version (1).
    #[serde(default)]
    pub schema_version: u32,
    /// The catalog's SHA-256 fingerprint: compare it as well as the revision.
    #[serde(default)]
    pub template_revision: Option<String>,
    /// The server.
    #[serde(default)]
    pub server_id: u64,
    /// The resolved settings: `core` and `plugins` (by submodule).
    #[serde(default)]
    pub values: Value,
    /// The last acknowledged revision.
    #[serde(default)]
    pub applied_revision: Option<u64>,
    /// When it was acknowledged (RFC 3339).
    #[serde(default)]
    pub applied_at: Option<String>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
