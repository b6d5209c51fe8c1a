/*
 * sonoran_fnc_request: ["function", [args], {code}] calls the extension and runs the code
 * with [envelope JSON, id] once the answer is known: at once when it fits the answer buffer
 * (return code 0 answer, 1 error envelope), or when it arrives through ExtensionCallback
 * (return code 2: the answer is the id). Returns the id ("" when answered at once).
 *
 * String arguments are passed as they are: the engine quotes them; the extension unquotes.
 */
params ["_function", ["_args", []], ["_onDone", {}]];
private _id = "";
// Unscheduled, so that a result cannot be handled before its code is stored.
isNil {
    private _answer = "sonoran" callExtension [_function, _args];
    _answer params ["_text", "_rc", "_error"];
    // 101/102: wrong argument count or type, 201: too many arguments (301 is only a
    // "took too long" warning: the answer is still good).
    if (_error in [101, 102, 201]) then {
        [format ['{"success":false,"kind":"invalid_argument","reason":"callExtension error %1","status":null}', _error], ""] call _onDone;
    } else {
        if (_rc == 2) then {
            _id = _text;
            sonoran_pending set [_id, _onDone];
        } else {
            [_text, ""] call _onDone;
        };
    };
};
_id
