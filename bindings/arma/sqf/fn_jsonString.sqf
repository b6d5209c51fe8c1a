/*
 * sonoran_fnc_jsonString: [string] as a JSON string literal: quoted, with `"`, `\` and
 * control characters escaped (SQF itself has no backslash escapes).
 */
params ["_text"];
private _hex = "0123456789abcdef";
private _out = [34];
{
    switch (true) do {
        case (_x == 34): { _out append [92, 34] };
        case (_x == 92): { _out append [92, 92] };
        case (_x < 32): {
            _out append toArray ("\u00" + (_hex select [floor (_x / 16), 1]) + (_hex select [_x % 16, 1]));
        };
        default { _out pushBack _x };
    };
} forEach toArray _text;
_out pushBack 34;
toString _out
