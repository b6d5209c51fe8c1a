/*
 * sonoran_fnc_call: [operation, params, {code}] starts an API operation (names as in the
 * library's operation list: "create_emergency_call_v2", "set_unit_status_v2", ...) and
 * returns its id at once; the code runs later with [envelope JSON, id]:
 * {"success":true,"status":200,"data":...} or {"success":false,"kind":...,"reason":...}.
 * params: a HashMap (converted with sonoran_fnc_toJson), a JSON string, or "" for none.
 */
params ["_operation", ["_params", ""], ["_onDone", {}]];
private _json = if (_params isEqualType "") then { _params } else { [_params] call sonoran_fnc_toJson };
["call", [_operation, _json], _onDone] call sonoran_fnc_request
