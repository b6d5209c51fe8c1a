/*
 * sonoran_fnc_init (postInit, server only): installs the two handlers the extension needs.
 *
 * - ExtensionCallback: every delivery from sonoran_x64.so is ("sonoran", "result"|"event",
 *   "<id>|<i>|<n>|<part>"); sonoran_fnc_onCallback joins the parts and runs the waiting code.
 * - EachFrame: "poll" once a frame. The extension then hands over results, resends what the engine refused
 *   (its callback queue was full) and hands over waiting push events, in order.
 *
 * Ids stay strings: SQF numbers are 32-bit floats, exact only up to 16,777,216.
 */
if (!isServer) exitWith {};
if (!isNil "sonoran_pending") exitWith {};

sonoran_pending = createHashMap;  // id -> code run with [envelope JSON, id]
sonoran_parts = createHashMap;    // id -> parts received so far, in order
sonoran_eventHandlers = [];       // code run with [event JSON] for each push event

addMissionEventHandler ["ExtensionCallback", { _this call sonoran_fnc_onCallback }];
addMissionEventHandler ["EachFrame", { "sonoran" callExtension ["poll", []] }];

diag_log format ["sonoran: extension %1 loaded", "sonoran" callExtension "version"];
