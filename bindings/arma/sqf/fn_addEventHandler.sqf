/*
 * sonoran_fnc_addEventHandler: [{code}] runs the code with [event JSON] for every push
 * event, after ["events", [options JSON]] call sonoran_fnc_request started them. The event:
 * {"type":"EVENT_911","data":{...},"via":"websocket","receivedAtMs":...,"dropped":0}.
 */
params ["_code"];
sonoran_eventHandlers pushBack _code;
