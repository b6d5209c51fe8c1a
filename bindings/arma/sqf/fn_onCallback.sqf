/*
 * sonoran_fnc_onCallback: the ExtensionCallback handler. Joins the parts of one delivery
 * ("<id>|<i>|<n>|<part>", parts of an id always arrive in order, each once) and, when the
 * last arrives, runs the code waiting for a result, or every event handler for an event.
 *
 * The prefix is ASCII, so `find` and `select` give the same positions whether string
 * commands count bytes or characters (forceUnicode).
 */
params ["_name", "_function", "_data"];
if (_name != "sonoran") exitWith {};

private _a = _data find "|";
private _id = _data select [0, _a];
private _rest = _data select [_a + 1];
private _b = _rest find "|";
_rest = _rest select [_b + 1];
private _c = _rest find "|";
private _n = parseNumber (_rest select [0, _c]);
private _part = _rest select [_c + 1];

private _parts = sonoran_parts getOrDefault [_id, []];
_parts pushBack _part;
if (count _parts < _n) exitWith { sonoran_parts set [_id, _parts] };
sonoran_parts deleteAt _id;

private _json = _parts joinString "";
if (_function == "result") then {
    private _onDone = sonoran_pending getOrDefault [_id, {}];
    sonoran_pending deleteAt _id;
    [_json, _id] call _onDone;
} else {
    { [_json] call _x } forEach sonoran_eventHandlers;
};
