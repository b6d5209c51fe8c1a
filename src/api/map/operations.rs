//! v2 emergency map and configuration operations: custom blips, Inferno pager configuration,
//! ERS callouts, station alerts and street signs (`/v2/emergency/servers/{serverId}/...`).

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::operations::*;

const TEXTS: Kind = Kind::List { item: &Kind::Text, min: 0 };

/// The fields a blip menu entry may hold: information (`title`, `text`) or a reference to an
/// integration panel instance of the blip's server (`panelKey`, `instanceKey`, `title`).
const BLIP_ENTRY_FIELDS: Shape = Shape {
    fields: &[param("title", Kind::Text), param("text", Kind::Text), param("panelKey", Kind::Key), param("instanceKey", Kind::Key)],
    one_of: &[],
};

/// One entry of a blip's menu, checked by [`blip_entry`].
static BLIP_ENTRY: Checked = Checked {
    describe: "a menu entry: `{title, text}` (`title` required), or a panel reference `{panelKey, instanceKey, title}` \
               (`panelKey` required; keys of 2–80 lowercase letters, digits, `.`, `_` or `-`; `instanceKey` default `default`)",
    check: blip_entry,
};

/// The entries of a blip's menu, in order. On update the list replaces the whole menu (`[]`
/// clears it); left out, the menu stays.
const BLIP_DATA: Kind = Kind::List { item: &Kind::Checked(&BLIP_ENTRY), min: 0 };

/// A blip menu entry named `name` (`data[1]`): the fields of [`BLIP_ENTRY_FIELDS`] (each
/// checked on its own, keys against the panel key format), then the rules between them: an
/// information entry has a `title`, and `instanceKey` only goes with a `panelKey`.
fn blip_entry(name: &str, value: &Value) -> Result<Value> {
    let entry = Kind::Record(&BLIP_ENTRY_FIELDS).normalise(name, value)?;
    if !entry.get("panelKey").is_some_and(Value::is_string) {
        if entry.get("instanceKey").is_some() {
            return Err(Error::invalid(&format!("{name}.instanceKey"), "goes with a `panelKey` (the panel whose instance it names)"));
        }
        if entry.get("title").is_none() {
            return Err(Error::invalid(&format!("{name}.title"), "is required (or give a `panelKey` for a panel entry)"));
        }
    }
    Ok(entry)
}

/// The editable fields of a blip (create and update).
const BLIP_FIELDS: [Param; 7] = [
    param("coordinates", COORDINATES),
    param("subType", Kind::Text),
    param("icon", Kind::Text),
    param("color", Kind::Text),
    param("tooltip", Kind::Text),
    param("radius", Kind::Number),
    param("data", BLIP_DATA),
];

/// One ERS callout: its id and its configuration object (`CalloutName`, `Enabled`, ...),
/// sent as given.
const CALLOUT: Shape = Shape { fields: &[required("id", Kind::Id), param("data", Kind::Object)], one_of: &[] };

/// One node of the pager tree; its `children` (nodes of the same shape) are sent as given.
const PAGER_NODE: Shape = Shape {
    fields: &[
        required("id", Kind::Id),
        required("name", Kind::Text),
        param("description", Kind::Text),
        param("permission", Kind::Text),
        param("address", Kind::Text),
        param("shortCode", Kind::Text),
        param("kind", Kind::Text),
        param("children", Kind::List { item: &Kind::Object, min: 0 }),
    ],
    one_of: &[],
};

/// One station of the station alert configuration.
const STATION: Shape = Shape {
    fields: &[required("name", Kind::Text), param("coordinates", COORDINATES), param("doors", TEXTS), param("icon", Kind::Text)],
    one_of: &[],
};

/// One street sign of the street sign configuration.
const STREET_SIGN: Shape = Shape {
    fields: &[
        required("id", ANY_INTEGER),
        required("coordinates", COORDINATES),
        param("label", Kind::Text),
        param("text1", Kind::Text),
        param("text2", Kind::Text),
        param("text3", Kind::Text),
    ],
    one_of: &[],
};

/// At least one of `names` is present.
fn some_of(params: &Map<String, Value>, names: &[&str]) -> Result<()> {
    if names.iter().any(|n| params.contains_key(*n)) {
        Ok(())
    } else {
        Err(Error::invalid("params", format_args!("name at least one field to change (one of `{}`)", names.join("`, `"))))
    }
}

/// The operations of this area.
pub(crate) static OPERATIONS: &[Operation] = &[
    Operation {
        name: "get_blips_v2",
        sdk_method: "getBlipsV2",
        sdk_args: &["serverId"],
        page: Some("v2/emergency/map/get-blips.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/blips" },
        params: &[param("serverId", Kind::ServerId)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(10),
        idempotent: true,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "The custom blips of a server; answers the list of blips.",
    },
    Operation {
        name: "create_blip_v2",
        sdk_method: "createBlipV2",
        sdk_args: &[],
        page: Some("v2/emergency/map/create-blip.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/blips" },
        params: params!([param("serverId", Kind::ServerId)], BLIP_FIELDS),
        one_of: &[],
        check: |p| if p.contains_key("coordinates") { Ok(()) } else { Err(Error::invalid("coordinates", "is required")) },
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Creates a custom blip at `coordinates` (required), with icon, color, tooltip, radius and `data` menu entries (`{title, text}`, or an integration panel reference `{panelKey, instanceKey, title}`); answers the blip with its `id`.",
    },
    Operation {
        name: "update_blip_v2",
        sdk_method: "updateBlipV2",
        sdk_args: &["blipId"],
        page: Some("v2/emergency/map/update-blip.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/blips/{blipId}" },
        params: params!([param("serverId", Kind::ServerId), required("blipId", ANY_INTEGER)], BLIP_FIELDS),
        one_of: &[],
        check: |p| some_of(p, &["coordinates", "subType", "icon", "color", "tooltip", "radius", "data"]),
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Changes the fields given (at least one) of a custom blip; `data` replaces the whole menu (`[]` clears it, left out it stays); answers `{id}`.",
    },
    Operation {
        name: "delete_blips_v2",
        sdk_method: "deleteBlipsV2",
        sdk_args: &["ids", "serverId"],
        page: Some("v2/emergency/map/delete-blips.md"),
        route: Route::V2 { method: Method::Post, path: "/v2/emergency/servers/{serverId}/blips/delete" },
        params: &[param("serverId", Kind::ServerId), required("ids", Kind::IntegerList)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(30),
        idempotent: false,
        touches: &[Subject::Map],
        merge: Some(Merge::List("ids")),
        paging: None,
        summary: "Deletes custom blips by id; answers `{ids}`, the ones deleted.",
    },
    Operation {
        name: "set_available_callouts_v2",
        sdk_method: "setAvailableCalloutsV2",
        sdk_args: &["callouts", "serverId"],
        page: Some("v2/emergency/configuration/set-callouts.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/callouts" },
        params: &[param("serverId", Kind::ServerId), required("callouts", Kind::List { item: &Kind::Record(&CALLOUT), min: 0 })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(2),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Replaces a server's ERS callouts (`[{id, data}]`, `data` sent as given); answers `{serverId, callouts}`, the count.",
    },
    Operation {
        name: "get_pager_config_v2",
        sdk_method: "getPagerConfigV2",
        sdk_args: &["serverId"],
        page: Some("v2/emergency/configuration/get-pager-config.md"),
        route: Route::V2 { method: Method::Get, path: "/v2/emergency/servers/{serverId}/pager-config" },
        params: &[param("serverId", Kind::ServerId)],
        one_of: &[],
        check: no_rule,
        limit: per_minute(2),
        idempotent: true,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "A server's Inferno pager configuration; answers `{natureWords, maxAddresses, maxBodyLength, nodes, perms}`.",
    },
    Operation {
        name: "set_pager_config_v2",
        sdk_method: "setPagerConfigV2",
        sdk_args: &[],
        page: Some("v2/emergency/configuration/set-pager-config.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/pager-config" },
        params: &[
            param("serverId", Kind::ServerId),
            required("natureWords", Kind::StringMap),
            required("maxAddresses", Kind::Integer { min: 1, max: i64::MAX }),
            required("maxBodyLength", Kind::Integer { min: 1, max: i64::MAX }),
            param("nodes", Kind::List { item: &Kind::Record(&PAGER_NODE), min: 0 }),
            param("perms", Kind::Object),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(2),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Replaces a server's Inferno pager configuration (without `nodes` the stored node tree stays; `perms` as `get_pager_config_v2` answers it); answers `{serverId}`.",
    },
    Operation {
        name: "set_stations_v2",
        sdk_method: "setStationsV2",
        sdk_args: &["serverId"],
        page: Some("v2/emergency/configuration/set-stations.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/stations" },
        params: &[
            param("serverId", Kind::ServerId),
            required("locations", Kind::List { item: &Kind::Record(&STATION), min: 0 }),
            required("tones", TEXTS),
            required("unitColors", TEXTS),
        ],
        one_of: &[],
        check: no_rule,
        limit: per_minute(2),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Replaces a server's station alert configuration (`locations`, `tones`, `unitColors`); answers `{serverId}`.",
    },
    Operation {
        name: "set_street_sign_config_v2",
        sdk_method: "setStreetSignConfigV2",
        sdk_args: &["signs", "serverId"],
        page: Some("v2/emergency/configuration/set-street-sign-config.md"),
        route: Route::V2 { method: Method::Put, path: "/v2/emergency/servers/{serverId}/street-sign-config" },
        params: &[param("serverId", Kind::ServerId), required("signs", Kind::List { item: &Kind::Record(&STREET_SIGN), min: 0 })],
        one_of: &[],
        check: no_rule,
        limit: per_minute(2),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Replaces a server's street signs (`[{id, coordinates, label, text1, text2, text3}]`); answers `{serverId, signs}`, the count.",
    },
    Operation {
        name: "update_street_signs_v2",
        sdk_method: "updateStreetSignsV2",
        sdk_args: &[],
        page: Some("v2/emergency/configuration/update-street-signs.md"),
        route: Route::V2 { method: Method::Patch, path: "/v2/emergency/servers/{serverId}/street-signs" },
        params: &[
            param("serverId", Kind::ServerId),
            required("ids", Kind::IntegerList),
            param("text1", Kind::Text),
            param("text2", Kind::Text),
            param("text3", Kind::Text),
        ],
        one_of: &[],
        check: |p| some_of(p, &["text1", "text2", "text3"]),
        limit: per_minute(10),
        idempotent: false,
        touches: &[Subject::Map],
        merge: None,
        paging: None,
        summary: "Sets the text lines given (at least one of `text1`–`text3`) on configured street signs; answers `{ids}`, the ones updated.",
    },
];
