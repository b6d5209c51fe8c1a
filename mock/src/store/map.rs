//! The community's map and emergency configuration, per game server: custom blips, Inferno
//! pager configuration, ERS callouts, station alerts and street signs.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

/// The community's map and configuration, per server.
#[derive(Debug, Clone)]
pub struct MapState {
    /// The id the next blip gets.
    pub next_blip: i64,
    /// Custom blips: (server, blip object with its `id`).
    pub blips: Vec<(u64, Map<String, Value>)>,
    /// Pager configuration by server (the default one until set).
    pub pager: HashMap<u64, Map<String, Value>>,
    /// ERS callouts by server, as last set.
    pub callouts: HashMap<u64, Vec<Value>>,
    /// Station alert configuration by server, as last set.
    pub stations: HashMap<u64, Value>,
    /// Street signs by server, in the order set.
    pub signs: HashMap<u64, Vec<Map<String, Value>>>,
}

impl Default for MapState {
    /// The pages' examples: blip 32 and street signs 1 and 2 on server 1.
    fn default() -> Self {
        let blip = json!({
            "id": 32, "coordinates": {"x": 425.5, "y": -979.8, "z": 0.0, "w": 0.0}, "subType": "radius",
            "icon": "fa-location-dot", "color": "#ff0000", "tooltip": "Perimeter",
            "data": [{"title": "Assigned Unit", "text": "A-10"}], "radius": 100.0
        });
        let sign = |id: i64, label: &str, text1: &str, text2: &str| json!({"id": id, "coordinates": {"x": 420.1, "y": -980.4, "z": 30.8, "w": 0.0}, "label": label, "text1": text1, "text2": text2, "text3": ""});
        let object = |v: Value| match v {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        MapState {
            next_blip: 33,
            blips: vec![(1, object(blip))],
            pager: HashMap::new(),
            callouts: HashMap::new(),
            stations: HashMap::new(),
            signs: HashMap::from([(
                1,
                vec![
                    object(sign(1, "Mission Row", "Mission Row", "Integrity Way")),
                    object(sign(2, "Alta St", "Alta St", "Integrity Way")),
                ],
            )]),
        }
    }
}

/// The pager configuration a server has until one is set (the get page's example).
pub fn default_pager() -> Map<String, Value> {
    let value = json!({
        "natureWords": {"Emergency": "Emergency", "NonEmergency": "Non-Emergency", "Administrative": "Administrative"},
        "maxAddresses": 5,
        "maxBodyLength": 250,
        "nodes": [],
        "perms": {"roles": [], "players": []}
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}
