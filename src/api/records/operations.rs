//! v2 records, lookups and civilian characters (`/v2/general/lookups`, `/v2/general/records`,
//! `/v2/general/templates`, `/v2/general/record-drafts`, `/v2/civilian/...`).
//!
//! Records are template-driven: what is created, updated, looked up and drafted is a record
//! object of `sections` and `fields`. A whole `record` and `replaceValues` are checked
//! against the custom record reference (`super::rules`: record types, field types, uids,
//! statuses, dependencies, section data) and otherwise sent as given.

use serde_json::{Map, Value};

use super::rules::{RECORD, REPLACE_VALUES};
use crate::error::{Error, Result};
use crate::operations::*;

/// `replaceValues`: values by field uid (see [`REPLACE_VALUES`]).
const VALUES: Kind = Kind::Checked(&REPLACE_VALUES);
/// `record`: a whole record (see [`RECORD`]).
const WHOLE: Kind = Kind::Checked(&RECORD);

const POSITIVE: Kind = Kind::Integer { min: 1, max: i64::MAX };
/// `types`: record type ids (`recordTypeId`s) to search; `[]` or absent searches every type.
const TYPES: Kind = Kind::List { item: &ANY_INTEGER, min: 0 };

/// The account a record, draft or character call is about: `communityUserId` by default, or
/// `roblox`, `discord` or `accountUuid` (`apiId` accepted and sent as `communityUserId`).
const TARGET: [Param; 5] = [
    param("communityUserId", Kind::Id),
    alias("apiId", Kind::Id, "communityUserId"),
    param("roblox", Kind::IdOrInteger),
    param("discord", Kind::Id),
    param("accountUuid", Kind::Uuid),
];
const TARGET_NAMES: &[&str] = &["communityUserId", "apiId", "roblox", "discord", "accountUuid"];

/// Who a lookup's result is also shown to (the pages' optional notification routing).
const NOTIFY: [Param; 4] = [
    param("notifyCommunityUserId", Kind::Id),
    param("notifyRoblox", Kind::IdOrInteger),
    param("notifyDiscord", Kind::Id),
    param("notifyAccountUuid", Kind::Uuid),
];
const NOTIFY_NAMES: &[&str] = &["notifyCommunityUserId", "notifyRoblox", "notifyDiscord", "notifyAccountUuid"];

/// At most one of `names` is present.
fn at_most_one(params: &Map<String, Value>, names: &[&str]) -> Result<()> {
    let given: Vec<&str> = names.iter().copied().filter(|n| params.contains_key(*n)).collect();
    if given.len() > 1 {
        return Err(Error::invalid(
            given[1],
            format_args!("give at most one of `{}` (both `{}` and `{}` were given)", names.join("`, `"), given[0], given[1]),
        ));
    }
    Ok(())
}

/// A lookup's notification target, if any, is one user.
fn one_notify(params: &Map<String, Value>) -> Result<()> {
    at_most_one(params, NOTIFY_NAMES)
}

/// `lookup_v2`: at least one of `first`, `last`, `mi` or `plate` is not blank.
fn name_or_plate(params: &Map<String, Value>) -> Result<()> {
    one_notify(params)?;
    let given =
        ["first", "last", "mi", "plate"].iter().any(|n| params.get(*n).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty()));
    if given {
        Ok(())
    } else {
        Err(Error::invalid("params", "give a name (`first`, `last`, `mi`) or a `plate` to look up; all were missing or blank"))
    }
}

/// A record write names its content one way: a template (`id_name`) with `replaceValues`,
/// or a whole `record`.
fn template_or_record(params: &Map<String, Value>, id_name: &str) -> Result<()> {
    match (params.contains_key(id_name), params.contains_key("record")) {
        (true, true) => {
            Err(Error::invalid("record", format_args!("give either `{id_name}` with `replaceValues`, or a whole `record`, not both")))
        }
        (false, false) => Err(Error::invalid(id_name, format_args!("is required (or give a whole `record` instead)"))),
        (true, false) if !params.contains_key("replaceValues") => {
            Err(Error::invalid("replaceValues", format_args!("is required with `{id_name}`")))
        }
        (false, true) => match ["useDictionary", "replaceValues"].iter().find(|n| params.contains_key(**n)) {
            Some(name) => Err(Error::invalid(name, "goes with a template id, not with a whole `record`")),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "lookup_v2",
        sdk_method: "lookupV2",
        sdk_args: &[],
        page: Some("v2/general/lookups/lookup-name-or-plate.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/lookups" },
        params: params!(
            [
                param("first", Kind::Text),
                param("last", Kind::Text),
                param("mi", Kind::Text),
                param("plate", Kind::Text),
            ],
            NOTIFY,
            [param("types", TYPES), param("partial", Kind::Bool)]
        ),
        one_of: &[],
        check: name_or_plate,
        limit: per_minute(30),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Records matching a name (`first`, `last`, `mi`) or a `plate`, of the record type ids in `types`, partly matching when `partial`; answers the list of records.",
    },
    Operation {
        name: "lookup_by_value_v2",
        sdk_method: "lookupByValueV2",
        sdk_args: &[],
        page: Some("v2/general/lookups/lookup-by-value.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/lookups/by-value" },
        params: params!(
            [required("searchType", Kind::Id), required("value", Kind::Id)],
            NOTIFY,
            [param("types", TYPES), param("partial", Kind::Bool)]
        ),
        one_of: &[],
        check: one_notify,
        limit: per_minute(30),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Records holding `value` as a `searchType` value (`NUMBER`, `plate`, ...); answers the list of records.",
    },
    Operation {
        name: "lookup_custom_v2",
        sdk_method: "lookupCustomV2",
        sdk_args: &[],
        page: Some("v2/general/lookups/lookup-by-custom.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/lookups/custom" },
        params: &[required("map", Kind::Id), required("value", Kind::Id), param("types", TYPES), param("partial", Kind::Bool)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(30),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Records whose field under the custom lookup mapping `map` holds `value`; answers the list of records.",
    },
    Operation {
        name: "create_record_v2",
        sdk_method: "createRecordV2",
        sdk_args: &[],
        page: Some("v2/general/records/create-record.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/records" },
        params: params!(
            TARGET,
            [
                param("useDictionary", Kind::Bool),
                param("recordTypeId", POSITIVE),
                param("replaceValues", VALUES),
                param("record", WHOLE),
            ]
        ),
        one_of: TARGET_NAMES,
        check: |p| template_or_record(p, "recordTypeId"),
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Creates a record (a character with `recordTypeId` 7) for one account, from a template's `recordTypeId` and `replaceValues`, or from a whole `record`; answers the record.",
    },
    Operation {
        name: "update_record_v2",
        sdk_method: "updateRecordV2",
        sdk_args: &["recordId"],
        page: Some("v2/general/records/update-record.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/general/records/{recordId}" },
        params: params!(
            [required("recordId", POSITIVE)],
            TARGET,
            [
                param("useDictionary", Kind::Bool),
                param("templateId", POSITIVE),
                alias("recordTypeId", POSITIVE, "templateId"),
                param("replaceValues", VALUES),
                param("record", WHOLE),
            ]
        ),
        one_of: &[],
        check: |p| {
            at_most_one(p, TARGET_NAMES)?;
            at_most_one(p, &["templateId", "recordTypeId"])?;
            let id_name = if p.contains_key("recordTypeId") { "recordTypeId" } else { "templateId" };
            template_or_record(p, id_name)
        },
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Changes a record from a template's `templateId` (`recordTypeId` is sent as `templateId`) and `replaceValues`, or replaces it with a whole `record`; at most one account target; answers the record.",
    },
    Operation {
        name: "remove_record_v2",
        sdk_method: "removeRecordV2",
        sdk_args: &["recordId"],
        page: Some("v2/general/records/delete-record.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/general/records/{recordId}" },
        params: &[required("recordId", POSITIVE)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Deletes a record; answers `{recordId}`.",
    },
    Operation {
        name: "get_templates_v2",
        sdk_method: "getTemplatesV2",
        sdk_args: &["recordTypeId"],
        page: Some("v2/general/records/get-templates.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/general/templates/{recordTypeId?}" },
        params: &[param("recordTypeId", POSITIVE)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "The community's record templates, or the one `recordTypeId` names (`v2/general/records/get-template.md`); answers the list, or the template.",
    },
    Operation {
        name: "send_record_draft_v2",
        sdk_method: "sendRecordDraftV2",
        sdk_args: &[],
        page: Some("v2/general/records/send-draft.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/general/record-drafts" },
        params: params!([required("recordTypeId", POSITIVE), param("replaceValues", VALUES)], TARGET),
        one_of: &[],
        check: |p| at_most_one(p, TARGET_NAMES),
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Fills a template's `replaceValues` into a draft record, sent to the one account given (if any) over its live session; answers the draft (id 0).",
    },
    Operation {
        name: "get_characters_v2",
        sdk_method: "getCharactersV2",
        sdk_args: &[],
        page: Some("v2/civilian/get-characters.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/civilian/characters" },
        params: &TARGET,
        one_of: TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "One account's civilian characters (character records, type 7); answers the list of records.",
    },
    Operation {
        name: "remove_character_v2",
        sdk_method: "removeCharacterV2",
        sdk_args: &["characterId"],
        page: Some("v2/civilian/delete-character.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/civilian/characters/{characterId}" },
        params: &[required("characterId", POSITIVE)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Deletes a civilian character; answers `{characterId}`.",
    },
    Operation {
        name: "set_selected_character_v2",
        sdk_method: "setSelectedCharacterV2",
        sdk_args: &[],
        page: Some("v2/civilian/set-selected-character.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/civilian/selected-character" },
        params: params!([required("characterId", Kind::IdOrInteger)], TARGET),
        one_of: TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Selects one account's character, by Sonoran character id or sync character id (sent as given); answers `{accountUuid, characterId}`.",
    },
    Operation {
        name: "get_character_links_v2",
        sdk_method: "getCharacterLinksV2",
        sdk_args: &[],
        page: Some("v2/civilian/get-character-links.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/civilian/character-links" },
        params: &TARGET,
        one_of: TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "The sync character ids linked to one account; answers the list of ids.",
    },
    Operation {
        name: "add_character_link_v2",
        sdk_method: "addCharacterLinkV2",
        sdk_args: &["syncId"],
        page: Some("v2/civilian/add-character-link.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/civilian/character-links/{syncId}" },
        params: params!([required("syncId", Kind::Id)], TARGET),
        one_of: TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Links a sync character id to one account; answers `{accountUuid, syncId, action}`.",
    },
    Operation {
        name: "remove_character_link_v2",
        sdk_method: "removeCharacterLinkV2",
        sdk_args: &["syncId"],
        page: Some("v2/civilian/remove-character-link.md"),
        route: Route::V2 { method: Method::Delete, path: "/v2/civilian/character-links/{syncId}" },
        params: params!([required("syncId", Kind::Id)], TARGET),
        one_of: TARGET_NAMES,
        check: no_rule,
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Records],
        merge: None,
        paging: None,
        summary: "Unlinks a sync character id from one account; answers `{accountUuid, syncId, action}`.",
    },
];
