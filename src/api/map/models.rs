//! Models of the v2 map and emergency configuration operations: custom blips, Inferno pager
//! configuration, ERS callouts, station alerts and street signs.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::emergency::models::Coordinates;

/// An information entry of a blip's menu: a `title` and its `text`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlipRow {
    /// The row's title (`"Units"`).
    #[serde(default)]
    pub title: String,
    /// Its text (`"2"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Fields this version does not know (not sent back: the API takes only the known ones).
    #[serde(flatten, skip_serializing)]
    pub extra: Map<String, Value>,
}

impl BlipRow {
    /// A row `title: text`.
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        BlipRow { title: title.into(), text: Some(text.into()), extra: Map::new() }
    }
}

/// The instance key the API uses when a panel entry gives none.
pub const DEFAULT_INSTANCE_KEY: &str = "default";

/// A blip menu entry that shows an integration panel: the instance `instance_key` (on the
/// blip's server) of the panel registered as `panel_key`. Both keys are 2–80 lowercase
/// letters, digits, `.`, `_` or `-`, starting with a letter or a digit. A panel or instance
/// that does not exist shows as unavailable in the CAD; the API does not refuse it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BlipPanel {
    /// The panel's registered key (`"smart-signs"`), not its display name.
    pub panel_key: String,
    /// The instance (`"sign-12"`); `None` is `default` (see [`BlipPanel::instance`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_key: Option<String>,
    /// A heading that replaces the panel's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Fields this version does not know (not sent back: the API takes only the known ones).
    #[serde(flatten, skip_serializing)]
    pub extra: Map<String, Value>,
}

impl BlipPanel {
    /// The `default` instance of the panel `panel_key`.
    pub fn new(panel_key: impl Into<String>) -> Self {
        BlipPanel { panel_key: panel_key.into(), ..Default::default() }
    }

    /// The same reference, to the instance `instance_key`.
    pub fn with_instance(mut self, instance_key: impl Into<String>) -> Self {
        self.instance_key = Some(instance_key.into());
        self
    }

    /// The same reference, under the heading `title`.
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The instance it shows: `instance_key`, or `default` when there is none.
    pub fn instance(&self) -> &str {
        self.instance_key.as_deref().unwrap_or(DEFAULT_INSTANCE_KEY)
    }
}

/// One entry of a blip's menu, in the order the menu shows them: information, or an
/// integration panel (an entry with a `panelKey` is a panel; its `text`, if any, is not shown).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BlipEntry {
    /// `{panelKey, instanceKey, title}`.
    Panel(BlipPanel),
    /// `{title, text}`.
    Info(BlipRow),
}

impl BlipEntry {
    /// An information entry `title: text`.
    pub fn info(title: impl Into<String>, text: impl Into<String>) -> Self {
        BlipEntry::Info(BlipRow::new(title, text))
    }

    /// The `default` instance of the panel `panel_key` (see [`BlipPanel`] for the rest).
    pub fn panel(panel_key: impl Into<String>) -> Self {
        BlipEntry::Panel(BlipPanel::new(panel_key))
    }

    /// The entry's title: an information row's, or a panel's heading override.
    pub fn title(&self) -> Option<&str> {
        match self {
            BlipEntry::Panel(panel) => panel.title.as_deref(),
            BlipEntry::Info(row) => Some(&row.title),
        }
    }
}

impl From<BlipRow> for BlipEntry {
    fn from(row: BlipRow) -> Self {
        BlipEntry::Info(row)
    }
}

impl From<BlipPanel> for BlipEntry {
    fn from(panel: BlipPanel) -> Self {
        BlipEntry::Panel(panel)
    }
}

/// The editable fields of a custom blip: what `create_blip_v2` takes (`coordinates`
/// required) and what `update_blip_v2` changes (the fields given).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlipFields {
    /// Where it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// Its kind (`"radius"`, `"scene"`, `"call"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_type: Option<String>,
    /// Its icon (`"fire"`, `"fa-solid fa-location-crosshairs"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Its color (`"red"`, `"#ff0000"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Its tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<String>,
    /// Its radius.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius: Option<f64>,
    /// Its menu. On update the list replaces the whole menu, `Some(vec![])` clears it and
    /// `None` (not sent) keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<BlipEntry>>,
}

/// A custom blip, as `get_blips_v2` lists it and `create_blip_v2` answers it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Blip {
    /// Its id.
    pub id: i64,
    /// Where it is.
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// Its kind.
    #[serde(default)]
    pub sub_type: Option<String>,
    /// Its icon.
    #[serde(default)]
    pub icon: Option<String>,
    /// Its color.
    #[serde(default)]
    pub color: Option<String>,
    /// Its tooltip.
    #[serde(default)]
    pub tooltip: Option<String>,
    /// Its radius.
    #[serde(default)]
    pub radius: Option<f64>,
    /// Its menu, as the API answers it: `None` when the answer has no `data`, which is not the
    /// same as an empty menu (see [`Blip::entries`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<BlipEntry>>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Blip {
    /// Its menu entries (none when the answer had no `data`).
    pub fn entries(&self) -> &[BlipEntry] {
        self.data.as_deref().unwrap_or_default()
    }
}

/// The blip `update_blip_v2` changed: `{id}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BlipId {
    /// Its id.
    #[serde(default)]
    pub id: Option<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The ids a batch write changed: `{ids}` (`delete_blips_v2`, `update_street_signs_v2`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChangedIds {
    /// The ids deleted or updated.
    #[serde(default)]
    pub ids: Vec<i64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a configuration write answers: `{serverId}`, with the count stored for callouts and
/// street signs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConfigurationSaved {
    /// The server configured.
    #[serde(default)]
    pub server_id: Option<u64>,
    /// How many callouts were stored (`set_available_callouts_v2`).
    #[serde(default)]
    pub callouts: Option<u64>,
    /// How many street signs were stored (`set_street_sign_config_v2`).
    #[serde(default)]
    pub signs: Option<u64>,
    /// Fields this version does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A server's Inferno pager configuration: what `get_pager_config_v2` answers and
/// `set_pager_config_v2` sends (a configuration read can be written back as it is).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PagerConfig {
    /// Names of the page natures (`Emergency`, `NonEmergency`, `Administrative`).
    #[serde(default)]
    pub nature_words: Map<String, Value>,
    /// Most addresses on one page.
    #[serde(default)]
    pub max_addresses: i64,
    /// Longest page body.
    #[serde(default)]
    pub max_body_length: i64,
    /// The node tree (`{id, name, description, permission, address, shortCode, kind,
    /// children}`); `None` keeps the stored tree when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<Value>>,
    /// Who may page (`{roles, players}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perms: Option<Value>,
    /// Fields this version does not know (not sent back).
    #[serde(flatten, skip_serializing)]
    pub extra: Map<String, Value>,
}

impl PagerConfig {
    /// A configuration with these limits and nature names, and no node tree (the stored
    /// one stays).
    pub fn new(nature_words: Map<String, Value>, max_addresses: i64, max_body_length: i64) -> Self {
        PagerConfig { nature_words, max_addresses, max_body_length, ..Default::default() }
    }
}

/// One ERS callout of `set_available_callouts_v2`: its id and its configuration object
/// (`CalloutName`, `Enabled`, `PedWeaponData`, ...), sent as given.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Callout {
    /// Its id (`"armed_suspect"`).
    pub id: String,
    /// Its configuration.
    #[serde(default)]
    pub data: Map<String, Value>,
}

/// One station of `set_stations_v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Station {
    /// Its name (`"Mission Row"`).
    pub name: String,
    /// Where it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// Its doors (`"bay_1"`).
    #[serde(default)]
    pub doors: Vec<String>,
    /// Its icon (`"fas fa-building"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

/// A server's station alert configuration (`set_stations_v2`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StationConfig {
    /// The stations.
    pub locations: Vec<Station>,
    /// Alert tones (`"tone_station_open.mp3"`).
    pub tones: Vec<String>,
    /// Unit colors (`"#2563eb"`).
    pub unit_colors: Vec<String>,
}

/// One street sign of `set_street_sign_config_v2`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreetSign {
    /// Its id.
    pub id: i64,
    /// Where it is.
    pub coordinates: Coordinates,
    /// Its label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// First line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text1: Option<String>,
    /// Second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text2: Option<String>,
    /// Third line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text3: Option<String>,
}

/// The lines `update_street_signs_v2` sets (at least one).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StreetSignText {
    /// First line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text1: Option<String>,
    /// Second line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text2: Option<String>,
    /// Third line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text3: Option<String>,
}
