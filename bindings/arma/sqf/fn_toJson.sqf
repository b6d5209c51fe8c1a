/*
 * sonoran_fnc_toJson: [value] as JSON text. HashMap -> object, array -> array, string,
 * number, bool; anything else (nil, objects) -> null.
 *
 * Whole numbers are written without a fraction (toFixed 0: the API wants integers, and
 * `str 1000000` is "1e+06"); others with 4 decimals (`str` keeps only 6 digits). SQF numbers
 * are 32-bit floats: give ids above 16,777,216 (Discord ids, ...) as strings.
 */
params ["_value"];
if (isNil "_value") exitWith { "null" };
switch (typeName _value) do {
    case "HASHMAP": {
        private _items = [];
        {
            private _key = if (_x isEqualType "") then { _x } else { str _x };
            _items pushBack (([_key] call sonoran_fnc_jsonString) + ":" + ([_y] call sonoran_fnc_toJson));
        } forEach _value;
        "{" + (_items joinString ",") + "}"
    };
    case "ARRAY": { "[" + ((_value apply { [_x] call sonoran_fnc_toJson }) joinString ",") + "]" };
    case "STRING": { [_value] call sonoran_fnc_jsonString };
    case "SCALAR": {
        if (_value == round _value && abs _value < 1e15) then { _value toFixed 0 } else { _value toFixed 4 }
    };
    case "BOOL": { ["false", "true"] select _value };
    default { "null" };
}
