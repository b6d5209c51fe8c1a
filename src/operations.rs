//! Every API operation, declared once.
//!
//! An [`Operation`] says how the call travels (v1 envelope or v2 REST route), which
//! parameters it takes and how each is checked, which rules tie them together, and how the
//! call may be paced and retried. The client, the C ABI and the Lua module all work from
//! [`OPERATIONS`]: adding an endpoint means adding an entry here (and its typed method in
//! [`crate::Client`]), nothing in the skins.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// HTTP method of a v2 route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`: parameters not in the path go to the query string.
    Get,
    /// `POST`: parameters not in the path go to the JSON body.
    Post,
    /// `PUT`: parameters not in the path go to the JSON body.
    Put,
    /// `PATCH`: parameters not in the path go to the JSON body.
    Patch,
    /// `DELETE`: parameters not in the path go to the query string.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether parameters outside the path travel in the query string (else in a JSON body).
    fn uses_query(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }
}

/// How an operation reaches the API.
#[derive(Debug, Clone, Copy)]
pub enum Route {
    /// v1: `POST path` with `{"id": communityId, "key": apiKey, "type": request_type, "data": [params]}`.
    V1 {
        /// Path below the API URL, e.g. `/general/get_account`.
        path: &'static str,
        /// The `type` the path expects, e.g. `GET_ACCOUNT`.
        request_type: &'static str,
    },
    /// v2: `method path` with `Authorization: Bearer apiKey`; `{name}` segments of the path
    /// are filled from the parameters of that name, percent-encoded.
    V2 {
        /// HTTP method.
        method: Method,
        /// Path template, e.g. `/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units`.
        path: &'static str,
    },
}

/// Which documented limit an operation is paced by (the API limits per key and endpoint;
/// each operation has its own budget of its class's size).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateClass {
    /// v1 routes: about one request a second sustained, as the docs advise; bursts of 3.
    V1,
    /// v2 account, identifier and unit routes: 10 requests a minute per key.
    V2PerMinute10,
    /// v2 `get_units`: 3 requests a minute per key.
    V2PerMinute3,
}

impl RateClass {
    /// The class's name in the `rateLimits` config (`"v1"`, `"v2"`).
    pub fn name(self) -> &'static str {
        match self {
            RateClass::V1 => "v1",
            RateClass::V2PerMinute10 | RateClass::V2PerMinute3 => "v2",
        }
    }

    /// The documented limit: at most this many requests in any such window.
    pub fn default_limit(self) -> crate::pacing::Limit {
        use std::time::Duration;
        match self {
            RateClass::V1 => crate::pacing::Limit::new(3, Duration::from_secs(3)),
            RateClass::V2PerMinute10 => crate::pacing::Limit::new(10, Duration::from_secs(60)),
            RateClass::V2PerMinute3 => crate::pacing::Limit::new(3, Duration::from_secs(60)),
        }
    }
}

/// What a parameter's value must be. Values are normalised as they are checked (an action
/// name becomes its number, a whole float becomes an integer), so every face sends the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A positive integer; when absent, the config's `defaultServerId` is used.
    ServerId,
    /// A UUID string (`00000000-0000-0000-0000-000000000000`).
    Uuid,
    /// A non-empty string (an apiId, a username, an account id).
    Id,
    /// `true` or `false`.
    Bool,
    /// An integer within the bounds (inclusive).
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// An identifier action: 0/1/2 or `"ADD"`/`"EDIT"`/`"REMOVE"`; sent as the number.
    Action,
    /// A JSON object, sent as given.
    Object,
    /// Any string, empty included (a group name `""` clears the group).
    Text,
    /// A non-empty list of integers (identifier ids).
    IntegerList,
    /// A non-empty list of non-empty strings.
    IdList,
}

/// One parameter of an operation, by its API name.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The camelCase name callers use.
    pub name: &'static str,
    /// What its value must be.
    pub kind: Kind,
    /// Whether a call without it is refused.
    pub required: bool,
    /// The name it is sent under, when that differs (an alias such as `apiId` for v2's
    /// `communityUserId`).
    pub sent_as: Option<&'static str>,
}

impl Param {
    /// The name on the wire.
    pub fn wire_name(&self) -> &'static str {
        self.sent_as.unwrap_or(self.name)
    }
}

const fn param(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: false, sent_as: None }
}

const fn required(name: &'static str, kind: Kind) -> Param {
    Param { name, kind, required: true, sent_as: None }
}

/// `name`, accepted for and sent as `wire`.
const fn alias(name: &'static str, kind: Kind, wire: &'static str) -> Param {
    Param { name, kind, required: false, sent_as: Some(wire) }
}

/// Which account a call is about, as each API generation names it.
const V1_ACCOUNT: [Param; 2] = [param("apiId", Kind::Id), param("account", Kind::Id)];
const V2_ACCOUNT: [Param; 7] = [
    param("accountUuid", Kind::Uuid),
    alias("account", Kind::Uuid, "accountUuid"),
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("roblox", Kind::Id),
    param("discord", Kind::Id),
    param("username", Kind::Id),
];
/// The v2 identifier fields (create and update).
const V2_IDENTIFIER_FIELDS: [Param; 11] = [
    param("status", ANY_INTEGER),
    param("aop", Kind::Text),
    param("unitNum", Kind::Text),
    param("name", Kind::Text),
    param("district", Kind::Text),
    param("department", Kind::Text),
    param("subdivision", Kind::Text),
    param("rank", Kind::Text),
    param("group", Kind::Text),
    param("page", ANY_INTEGER),
    param("isDispatch", Kind::Bool),
];

/// Concatenates parameter lists at compile time.
macro_rules! params {
    ($($list:expr),+ $(,)?) => {{
        const LEN: usize = 0 $(+ $list.len())+;
        const ALL: [Param; LEN] = {
            let mut all = [param("", Kind::Bool); LEN];
            let mut i = 0;
            $(
                let list = $list;
                let mut j = 0;
                while j < list.len() {
                    all[i] = list[j];
                    i += 1;
                    j += 1;
                }
            )+
            all
        };
        &ALL
    }};
}

const ANY_INTEGER: Kind = Kind::Integer { min: i64::MIN, max: i64::MAX };
const LIMIT: Kind = Kind::Integer { min: 1, max: 100 };
const OFFSET: Kind = Kind::Integer { min: 0, max: i64::MAX };

/// One API operation, fully described.
#[derive(Debug)]
pub struct Operation {
    /// The library's name for it (`get_account_units`), used by `sonoran_call` and in errors.
    pub name: &'static str,
    /// How it travels.
    pub route: Route,
    /// The parameters it takes; any other key is refused.
    pub params: &'static [Param],
    /// Rules between parameters, checked after each parameter on its own.
    pub check: fn(&Map<String, Value>) -> Result<()>,
    /// Its pacing budget.
    pub rate_class: RateClass,
    /// Whether sending it twice is harmless (reads), so that it may be retried.
    pub idempotent: bool,
    /// How to walk all its pages, for operations that page with `limit`/`offset`.
    pub paging: Option<Paging>,
    /// One line on what it does.
    pub summary: &'static str,
}

/// How a paged operation's answers hold their items.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The key of the item list in the answer (`"accounts"`, `"units"`; `Units` accepted
    /// too), or `None` when the answer is the list itself.
    pub items: Option<&'static str>,
    /// Whether answers carry `pagination.total` (else the walk ends at a short page).
    pub total: bool,
}

impl Paging {
    /// Takes the item list out of one page's answer, with `pagination.total` if given.
    /// `None` when the answer holds no list where the paging says.
    pub fn take_items(&self, page: &mut Value) -> Option<(Vec<Value>, Option<u64>)> {
        let total = page.pointer("/pagination/total").and_then(Value::as_u64);
        let list = match self.items {
            None => page,
            Some(key) => {
                let pascal = capitalised(key);
                let key = if page.get(key).is_some() { key } else { pascal.as_str() };
                page.get_mut(key)?
            }
        };
        Some((std::mem::take(list.as_array_mut()?), total))
    }

    /// Whether a page of `count` items (asked for `limit`) was the last, `next_offset` being
    /// where the next page would start.
    pub fn is_last(&self, count: u64, limit: u64, next_offset: u64, total: Option<u64>) -> bool {
        count == 0 || count < limit || (self.total && total.is_some_and(|t| next_offset >= t))
    }
}

/// Where a walk over a paged operation's pages stands: every face's page walk (the Rust
/// iterators, `get_all_X`, Lua's `pages`) goes through one of these.
#[derive(Debug, Clone)]
pub struct PageCursor {
    paging: Paging,
    operation: &'static str,
    /// The parameters of the next page (its `limit` and `offset` set by [`PageCursor::params`]).
    params: Value,
    limit: u64,
    offset: u64,
    total: Option<u64>,
    done: bool,
    /// A hash of every item seen, to notice a server that ignores `offset` (its pages bring
    /// nothing new, and the walk would never end).
    seen: std::collections::HashSet<u64>,
    /// Why the walk stopped before the server's last page, when it did.
    incomplete: Option<String>,
}

impl PageCursor {
    /// A walk of `op` from `params`' `offset` (default 0) in pages of its `limit` (default
    /// 100); `None` when `op` does not page.
    pub fn new(op: &Operation, params: &Value) -> Option<PageCursor> {
        let paging = op.paging?;
        // Anything but an object or null is left for `validate` to refuse by name.
        let params = if params.is_null() { Value::Object(Map::new()) } else { params.clone() };
        let limit = params.get("limit").and_then(Value::as_u64).unwrap_or(100);
        let offset = params.get("offset").and_then(Value::as_u64).unwrap_or(0);
        Some(PageCursor {
            paging,
            operation: op.name,
            params,
            limit,
            offset,
            total: None,
            done: false,
            seen: Default::default(),
            incomplete: None,
        })
    }

    /// Whether the last page has been read.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Ends the walk (after a failed page).
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// Ends the walk before the server's last page, saying why.
    pub fn stop_incomplete(&mut self, why: String) {
        self.done = true;
        self.incomplete = Some(why);
    }

    /// Why the walk ended before the server's last page, if it did.
    pub fn incomplete(&self) -> Option<&str> {
        self.incomplete.as_deref()
    }

    /// Where the next page starts.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The total the answers gave, if any.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The parameters for the next page.
    pub fn params(&mut self) -> &Value {
        if let Some(params) = self.params.as_object_mut() {
            params.insert("limit".into(), self.limit.into());
            params.insert("offset".into(), self.offset.into());
        }
        &self.params
    }

    /// Takes the items out of the next page's answer and moves past them; a page without a
    /// list where the paging says is a `decode` error, and ends the walk.
    pub fn advance(&mut self, page: &mut Value) -> Result<Vec<Value>> {
        let Some((items, total)) = self.paging.take_items(page) else {
            self.done = true;
            return Err(Error::new(
                crate::ErrorKind::Decode,
                format!("a page of {} holds no list of items", self.operation),
            ));
        };
        let count = items.len() as u64;
        let mut new_items = 0;
        for item in &items {
            use std::hash::{Hash, Hasher};
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            item.to_string().hash(&mut hasher);
            new_items += usize::from(self.seen.insert(hasher.finish()));
        }
        self.total = total.or(self.total);
        self.offset += count;
        self.done = self.paging.is_last(count, self.limit, self.offset, self.total);
        if count > 0 && new_items == 0 {
            // Keep the page (the caller may want it) but walk no further.
            self.stop_incomplete(format!(
                "stopped at offset {}: the server sent a page of {} items all seen before (does it ignore `offset`?)",
                self.offset - count,
                self.operation
            ));
            return Ok(Vec::new());
        }
        Ok(items)
    }
}

/// `units` → `Units` (v2 answers use both).
pub fn capitalised(key: &str) -> String {
    let mut chars = key.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// The prefix that turns a paged operation into its walk over every page
/// (`get_accounts` → `get_all_accounts`).
pub const ALL_PAGES_PREFIX: &str = "get_all_";

/// Every operation the library offers.
pub static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_account_identifiers",
        route: Route::V1 { path: "/emergency/get_account_identifiers", request_type: "GET_ACCOUNT_IDENTIFIERS" },
        params: &[param("serverId", Kind::ServerId), required("apiId", Kind::Id), param("onlyOnline", Kind::Bool)],
        check: no_rule,
        rate_class: RateClass::V1,
        idempotent: true,
        paging: None,
        summary: "All unit identifiers of the account with this apiId.",
    },
    Operation {
        name: "get_account_units",
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/accounts/{accountUuid}/units" },
        params: &[
            param("serverId", Kind::ServerId),
            required("accountUuid", Kind::Uuid),
            param("onlyOnline", Kind::Bool),
            param("onlyUnits", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: true,
        paging: Some(Paging { items: Some("units"), total: false }),
        summary: "The units of one account on one server (v2).",
    },
    Operation {
        name: "get_account",
        route: Route::V1 { path: "/general/get_account", request_type: "GET_ACCOUNT" },
        params: &[param("apiId", Kind::Id), param("username", Kind::Id), param("account", Kind::Id)],
        check: |p| exactly_one(p, &["apiId", "username", "account"]),
        rate_class: RateClass::V1,
        idempotent: true,
        paging: None,
        summary: "One account, found by apiId, username or account UUID.",
    },
    Operation {
        name: "get_accounts",
        route: Route::V1 { path: "/general/get_accounts", request_type: "GET_ACCOUNTS" },
        params: &[param("limit", LIMIT), param("offset", OFFSET), param("status", ANY_INTEGER)],
        check: no_rule,
        rate_class: RateClass::V1,
        idempotent: true,
        paging: Some(Paging { items: Some("accounts"), total: true }),
        summary: "A page of the community's accounts, optionally by status.",
    },
    Operation {
        name: "modify_identifier",
        route: Route::V1 { path: "/emergency/modify_identifier", request_type: "MODIFY_IDENTIFIER" },
        params: &[
            param("apiId", Kind::Id),
            param("account", Kind::Id),
            required("action", Kind::Action),
            param("identifier", Kind::Object),
            param("identId", ANY_INTEGER),
        ],
        check: check_modify_identifier,
        rate_class: RateClass::V1,
        idempotent: false,
        paging: None,
        summary: "Adds, edits or removes one of an account's unit identifiers.",
    },
    Operation {
        name: "get_identifiers",
        route: Route::V1 { path: "/emergency/get_identifiers", request_type: "GET_IDENTIFIERS" },
        params: &V1_ACCOUNT,
        check: |p| exactly_one(p, &["apiId", "account"]),
        rate_class: RateClass::V1,
        idempotent: true,
        paging: None,
        summary: "An account's identifiers and which one is selected (replaces get_account_identifiers).",
    },
    Operation {
        name: "set_identifier",
        route: Route::V1 { path: "/emergency/set_identifier", request_type: "SET_IDENTIFIER" },
        params: params!(V1_ACCOUNT, [required("identId", ANY_INTEGER)]),
        check: |p| exactly_one(p, &["apiId", "account"]),
        rate_class: RateClass::V1,
        idempotent: false,
        paging: None,
        summary: "Selects which of its identifiers an account uses.",
    },
    Operation {
        name: "idents_to_group",
        route: Route::V1 { path: "/emergency/idents_to_group", request_type: "IDENTS_TO_GROUP" },
        params: &[
            param("serverId", Kind::ServerId),
            required("identIds", Kind::IntegerList),
            param("account", Kind::Id),
            required("groupName", Kind::Text),
        ],
        check: no_rule,
        rate_class: RateClass::V1,
        idempotent: false,
        paging: None,
        summary: "Puts identifiers in a unit group (an empty groupName clears it).",
    },
    Operation {
        name: "get_active_units",
        route: Route::V1 { path: "/emergency/get_active_units", request_type: "GET_ACTIVE_UNITS" },
        params: &[
            param("serverId", Kind::ServerId),
            param("onlyUnits", Kind::Bool),
            param("includeOffline", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        check: no_rule,
        rate_class: RateClass::V1,
        idempotent: true,
        paging: Some(Paging { items: None, total: false }),
        summary: "The units on a server.",
    },
    Operation {
        name: "get_account_v2",
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts/account" },
        params: &V2_ACCOUNT,
        check: |p| exactly_one(p, &["accountUuid", "account", "communityUserId", "apiId", "roblox", "discord", "username"]),
        rate_class: RateClass::V2PerMinute10,
        idempotent: true,
        paging: None,
        summary: "One account, by UUID, community user id, Roblox id, Discord id or username (v2).",
    },
    Operation {
        name: "get_accounts_v2",
        route: Route::V2 { method: Method::Get, path: "/v2/general/accounts" },
        params: &[param("limit", LIMIT), param("offset", OFFSET), param("status", ANY_INTEGER), param("username", Kind::Id)],
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: true,
        paging: Some(Paging { items: Some("accounts"), total: true }),
        summary: "A page of accounts, by status or username (v2).",
    },
    Operation {
        name: "get_identifiers_v2",
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/accounts/{accountUuid}/identifiers" },
        params: &[required("accountUuid", Kind::Uuid)],
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: true,
        paging: None,
        summary: "An account's identifiers and the selected one (v2).",
    },
    Operation {
        name: "select_identifier_v2",
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/accounts/{accountUuid}/selected-identifier" },
        params: &[required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)],
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: false,
        paging: None,
        summary: "Selects an account's identifier (v2).",
    },
    Operation {
        name: "create_identifier_v2",
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/accounts/{accountUuid}/identifiers" },
        params: params!([required("accountUuid", Kind::Uuid)], V2_IDENTIFIER_FIELDS),
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: false,
        paging: None,
        summary: "Creates an identifier for an account (v2); answers its identId.",
    },
    Operation {
        name: "update_identifier_v2",
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}" },
        params: params!([required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)], V2_IDENTIFIER_FIELDS),
        check: |p| {
            if V2_IDENTIFIER_FIELDS.iter().any(|f| p.contains_key(f.name)) {
                Ok(())
            } else {
                Err(Error::invalid("params", "name at least one field to change (status, aop, unitNum, name, ...)"))
            }
        },
        rate_class: RateClass::V2PerMinute10,
        idempotent: false,
        paging: None,
        summary: "Changes fields of an identifier (v2).",
    },
    Operation {
        name: "delete_identifier_v2",
        route: Route::V2 { method: Method::Delete, path: "/v2/emergency/accounts/{accountUuid}/identifiers/{identId}" },
        params: &[required("accountUuid", Kind::Uuid), required("identId", ANY_INTEGER)],
        check: no_rule,
        rate_class: RateClass::V2PerMinute10,
        idempotent: false,
        paging: None,
        summary: "Deletes an identifier (v2).",
    },
    Operation {
        name: "add_identifiers_to_group_v2",
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/identifier-groups/{groupName}" },
        params: &[
            param("serverId", Kind::ServerId),
            required("groupName", Kind::Id),
            param("communityUserId", Kind::Id),
            param("communityUserIds", Kind::IdList),
            param("roblox", Kind::Id),
            param("discord", Kind::Id),
            param("accountUuid", Kind::Uuid),
            param("identIds", Kind::IntegerList),
        ],
        check: |p| exactly_one(p, &["communityUserId", "communityUserIds", "roblox", "discord", "accountUuid", "identIds"]),
        rate_class: RateClass::V2PerMinute10,
        idempotent: false,
        paging: None,
        summary: "Puts one target's identifiers in a unit group on a server (v2).",
    },
    Operation {
        name: "get_units_v2",
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/units" },
        params: &[
            param("serverId", Kind::ServerId),
            param("includeOffline", Kind::Bool),
            param("onlyUnits", Kind::Bool),
            param("limit", LIMIT),
            param("offset", OFFSET),
        ],
        check: no_rule,
        rate_class: RateClass::V2PerMinute3,
        idempotent: true,
        paging: Some(Paging { items: Some("units"), total: false }),
        summary: "The units on a server (v2; 3 requests a minute).",
    },
];

/// The operation called `name`, if there is one.
pub fn find(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.name == name)
}

/// For `get_all_X`: the paged operation `get_X` it walks.
pub fn find_all_pages(name: &str) -> Option<&'static Operation> {
    let rest = name.strip_prefix(ALL_PAGES_PREFIX)?;
    OPERATIONS.iter().find(|op| op.paging.is_some() && op.name.strip_prefix("get_") == Some(rest))
}

/// Every name `Client::call` accepts: each operation, and `get_all_X` for each paged `get_X`.
pub fn call_names() -> impl Iterator<Item = String> {
    OPERATIONS.iter().map(|op| op.name.to_string()).chain(
        OPERATIONS
            .iter()
            .filter(|op| op.paging.is_some())
            .filter_map(|op| op.name.strip_prefix("get_").map(|rest| format!("{ALL_PAGES_PREFIX}{rest}"))),
    )
}

/// The error for a name that is not an operation, listing the ones that are.
pub fn unknown(name: &str) -> Error {
    let names: Vec<String> = call_names().collect();
    Error::invalid("operation", format_args!("`{name}` is not an operation (expected one of {})", names.join(", ")))
}

fn no_rule(_: &Map<String, Value>) -> Result<()> {
    Ok(())
}

/// Exactly one of `fields` is present.
fn exactly_one(params: &Map<String, Value>, fields: &[&str]) -> Result<()> {
    let given: Vec<&str> = fields.iter().copied().filter(|f| params.contains_key(*f)).collect();
    if given.len() == 1 {
        return Ok(());
    }
    let list = fields.join("`, `");
    let problem = if given.is_empty() { "none was given" } else { "more than one was given" };
    Err(Error::new(
        crate::ErrorKind::InvalidArgument,
        format!("give exactly one of `{list}` ({problem})"),
    ))
}

fn check_modify_identifier(params: &Map<String, Value>) -> Result<()> {
    exactly_one(params, &["apiId", "account"])?;
    let action = params.get("action").and_then(Value::as_i64);
    let ident_id_given = params.contains_key("identId")
        || params.get("identifier").and_then(|i| i.get("id")).is_some_and(|id| !id.is_null());
    match action {
        Some(0) | Some(1) if !params.contains_key("identifier") => {
            Err(Error::invalid("identifier", "is required for ADD and EDIT"))
        }
        Some(1) if !ident_id_given => Err(Error::invalid(
            "identId",
            "is required for EDIT (or give `identifier.id`): it names the identifier to change",
        )),
        Some(2) if !params.contains_key("identId") => Err(Error::invalid("identId", "is required for REMOVE")),
        _ => Ok(()),
    }
}

/// A whole number, also when it arrives as a float with no fraction (LuaJIT has no integers).
fn as_integer(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| {
        let f = value.as_f64()?;
        (f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64).then_some(f as i64)
    })
}

impl Kind {
    /// Checks `value` and returns it as it will be sent.
    fn normalise(self, name: &str, value: &Value) -> Result<Value> {
        match self {
            Kind::ServerId => match as_integer(value) {
                Some(n) if n > 0 => Ok(n.into()),
                _ => Err(Error::invalid(name, "must be a positive integer")),
            },
            Kind::Uuid => match value.as_str() {
                Some(s) if uuid::Uuid::try_parse(s).is_ok() => Ok(value.clone()),
                Some(_) => Err(Error::invalid(name, "must be a UUID (00000000-0000-0000-0000-000000000000)")),
                None => Err(Error::invalid(name, "must be a string holding a UUID")),
            },
            Kind::Id => match value.as_str() {
                Some(s) if !s.trim().is_empty() => Ok(value.clone()),
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a string")),
            },
            Kind::Bool => match value {
                Value::Bool(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be true or false")),
            },
            Kind::Integer { min, max } => match as_integer(value) {
                Some(n) if n >= min && n <= max => Ok(n.into()),
                Some(_) if max == i64::MAX => Err(Error::invalid(name, format_args!("must be at least {min}"))),
                Some(_) => Err(Error::invalid(name, format_args!("must be between {min} and {max}"))),
                None => Err(Error::invalid(name, "must be an integer")),
            },
            Kind::Action => {
                let number = match value {
                    Value::String(s) => match s.to_ascii_uppercase().as_str() {
                        "ADD" => Some(0),
                        "EDIT" => Some(1),
                        "REMOVE" => Some(2),
                        _ => None,
                    },
                    _ => as_integer(value).filter(|n| (0..=2).contains(n)),
                };
                number
                    .map(Value::from)
                    .ok_or_else(|| Error::invalid(name, "must be 0 (ADD), 1 (EDIT), 2 (REMOVE) or one of those names"))
            }
            Kind::Object => match value {
                Value::Object(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be an object")),
            },
            Kind::Text => match value {
                Value::String(_) => Ok(value.clone()),
                _ => Err(Error::invalid(name, "must be a string")),
            },
            Kind::IntegerList => match value.as_array() {
                Some(items) if !items.is_empty() => items
                    .iter()
                    .map(|item| as_integer(item).map(Value::from))
                    .collect::<Option<Vec<_>>>()
                    .map(Value::Array)
                    .ok_or_else(|| Error::invalid(name, "must be a list of integers")),
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a list of integers")),
            },
            Kind::IdList => match value.as_array() {
                Some(items) if !items.is_empty() => {
                    if items.iter().all(|i| i.as_str().is_some_and(|s| !s.trim().is_empty())) {
                        Ok(value.clone())
                    } else {
                        Err(Error::invalid(name, "must be a list of non-empty strings"))
                    }
                }
                Some(_) => Err(Error::invalid(name, "must not be empty")),
                None => Err(Error::invalid(name, "must be a list of strings")),
            },
        }
    }
}

impl Operation {
    /// Checks `params` (a JSON object, or `null` for none) against this operation and returns
    /// them as they will be sent: normalised, with `serverId` defaulted. Nothing is sent here.
    pub fn validate(&self, params: &Value, default_server_id: u64) -> Result<Map<String, Value>> {
        let empty = Map::new();
        let given = match params {
            Value::Object(map) => map,
            Value::Null => &empty,
            _ => return Err(Error::invalid("params", "must be a JSON object")),
        };
        if let Some(unknown) = given.keys().find(|k| !self.params.iter().any(|p| p.name == k.as_str())) {
            let known: Vec<&str> = self.params.iter().map(|p| p.name).collect();
            return Err(Error::invalid(
                unknown,
                format_args!("is not a parameter of {} (expected one of {})", self.name, known.join(", ")),
            ));
        }
        let mut out = Map::new();
        for p in self.params {
            // JSON null (Lua's nil-in-a-table) means "not given".
            match given.get(p.name).filter(|v| !v.is_null()) {
                Some(value) => {
                    out.insert(p.name.to_string(), p.kind.normalise(p.name, value)?);
                }
                None if p.kind == Kind::ServerId => {
                    out.insert(p.name.to_string(), default_server_id.into());
                }
                None if p.required => return Err(Error::invalid(p.name, "is required")),
                None => {}
            }
        }
        (self.check)(&out)?;
        // Aliases go out under the API's own names (rebuilding the map only when one is used).
        let alias_given = self.params.iter().any(|p| p.sent_as.is_some() && out.contains_key(p.name));
        if !alias_given {
            return Ok(out);
        }
        Ok(out
            .into_iter()
            .map(|(name, value)| {
                let wire = self.params.iter().find(|p| p.name == name).map_or(name.as_str(), |p| p.wire_name());
                (wire.to_string(), value)
            })
            .collect())
    }

    /// Builds the URL (path segments filled and encoded, query added) and the parameters that
    /// remain for the body, from parameters that [`Operation::validate`] returned.
    pub(crate) fn url(&self, base: &reqwest::Url, mut params: Map<String, Value>) -> Result<(reqwest::Url, Map<String, Value>)> {
        let mut url = base.clone();
        let (method, template) = match self.route {
            Route::V1 { path, .. } => (Method::Post, path),
            Route::V2 { method, path } => (method, path),
        };
        {
            let mut segments = url
                .path_segments_mut()
                .map_err(|_| Error::invalid("apiUrl", "must be an http:// or https:// URL"))?;
            segments.pop_if_empty();
            for segment in template.split('/').filter(|s| !s.is_empty()) {
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => {
                        let value = params.remove(name).ok_or_else(|| Error::invalid(name, "is required"))?;
                        segments.push(&scalar_text(&value));
                    }
                    None => {
                        segments.push(segment);
                    }
                }
            }
        }
        if matches!(self.route, Route::V2 { .. }) && method.uses_query() && !params.is_empty() {
            let mut query = url.query_pairs_mut();
            // In declaration order, so the wire format is stable and matches the docs' examples.
            for p in self.params {
                if let Some(value) = params.remove(p.wire_name()) {
                    query.append_pair(p.wire_name(), &scalar_text(&value));
                }
            }
        }
        Ok((url, params))
    }

    /// The HTTP method this operation is sent with.
    pub fn method(&self) -> Method {
        match self.route {
            Route::V1 { .. } => Method::Post,
            Route::V2 { method, .. } => method,
        }
    }
}

/// A scalar as it appears in a path segment or a query value.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
