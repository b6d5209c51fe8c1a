-- The live mirror from Lua, against a mock of its own with the documented rate limits: seeded by
-- one read, CAD-side changes (through the mock's control routes) shown by units()/unit()/calls()/
-- call()/emergencyCalls() before any onEvent handler runs, versions that skip unchanged lists,
-- reads that go on (old picture, no waiting) while a delayed read is on the wire, a hub outage
-- signalled by MIRROR_GAP and healed by MIRROR_RESYNCED, no 429, misuse and bad options.
-- Usage: MOCK_URL=... MOCK_BIN=path/to/sonoran-mock lua test_mirror.lua. Exits 1 on failure.
local Sonoran = require("sonoran")
local MOCK_URL = assert(os.getenv("MOCK_URL"), "MOCK_URL is not set")
local MOCK_BIN = assert(os.getenv("MOCK_BIN"), "MOCK_BIN is not set")

local passed, failed = 0, 0
local function check(cond, what, detail)
  if cond then passed = passed + 1 else
    failed = failed + 1
    io.stderr:write("FAIL ", what, detail and (": " .. tostring(detail)) or "", "\n")
  end
end
local function sleep(seconds)
  local t = os.clock() + seconds
  while os.clock() < t do end
end
-- A CAD-side change: POST data to the mock's control route path; answers its output.
local function control(path, data)
  local command = string.format("'%s' --url '%s' --control '%s' --data '%s'", MOCK_BIN, MOCK_URL, path, data or "{}")
  local pipe = assert(io.popen(command))
  local out = pipe:read("*a")
  local ok = pipe:close()
  check(ok == true or ok == 0 or ok == nil, "control " .. path, out)
  return out
end
-- Ticks (poll, then a short wait) until cond() or about 40 s.
local function tick_until(client, cond)
  for _ = 1, 8000 do
    local _, errors = client:poll()
    check(errors == nil, "no handler failed", errors and errors[1])
    if cond() then return true end
    sleep(0.005)
  end
  return false
end
local function has(list, id)
  for _, item in ipairs(list or {}) do
    if item.id == id or item.callId == id then return item end
  end
end

local seeded = control("/_mock/units/seed", '{"count":16}')
local first_ident = tonumber(seeded:match("(%d+)"))
check(first_ident ~= nil, "the mock seeded units", seeded)

-- Paced as a game server runs: the mirror's reads go through the routes' budgets.
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
                                       defaultServerId = 1, product = Sonoran.productEnums.CAD })

-- Misuse is a Lua error; a bad option is a result naming it.
check(not pcall(function() return client:startMirror(5) end), "startMirror takes a table")
check(not pcall(function() return client:units("x") end), "units takes a version")
check(not pcall(function() return client:unit({}) end), "unit takes an id")
local bad = client:startMirror({ resyncMs = -1 })
check(bad.success == false and bad.kind == "invalid_argument" and bad.reason:find("resyncMs", 1, true), "a bad option is named", bad.reason)
bad = client:startMirror({ resyncEvery = 1 })
check(bad.success == false and bad.reason:find("resyncEvery", 1, true), "an unknown option is named", bad.reason)
local none, version0 = client:units()
check(type(none) == "table" and #none == 0 and version0 == 0, "before the mirror starts: no units, version 0", version0)

-- Started: one read of every page of units and of the calls.
local resynced, gaps, status_seen = {}, {}, {}
client:onEvent("MIRROR_RESYNCED", function(e) resynced[#resynced + 1] = e.data end)
client:onEvent("MIRROR_GAP", function(e) gaps[#gaps + 1] = e.data end)
local started = client:startMirror({ minResyncMs = 1000 })
check(started.success and started.data.running == true and started.data.serverId == 1, "the mirror starts for server 1", started.reason)
check(tick_until(client, function() return #resynced >= 1 end), "the mirror is seeded")
check(resynced[1] and resynced[1].reasons[1] == "start", "the first read is the start", resynced[1] and resynced[1].reasons[1])
local status = client:mirrorStatus()
check(status.complete == true and status.seeded == true and status.resyncs == 1, "seeded and complete", status.resyncs)

local units, version = client:units()
check(#units >= 16 and has(units, first_ident) and has(units, first_ident + 15), "every seeded unit is mirrored", #units)
check(getmetatable(units) ~= nil, "the list carries the array metatable (encodes as an array)")
check(version == client:mirrorVersion() and version > 0, "units() answers the version", version)
local same, now = client:units(version)
check(same == nil and now == version, "units(version) is nil while nothing changed", tostring(same))
units[1] = nil
check(#client:units() >= 16, "a read's tables are the script's: changing them changes no other read")
local unit = client:unit(first_ident)
check(unit and unit.id == first_ident and unit.status == 2, "unit(identId)", unit and unit.status)
check(client:unit(tostring(first_ident)) ~= nil, "unit(identId as text)")
check(client:unit(unit.data.communityUserId or "none") ~= nil, "unit(communityUserId)", unit.data.communityUserId)
check(client:unit(987654) == nil, "an unknown unit is nil")

-- A status change shows before the handler runs.
client:onEvent("EVENT_UNIT_STATUS", function(e)
  -- (the library hands a one-object array's object: data = {identIds = {...}, status = 3})
  for _, id in ipairs(e.data.identIds) do
    local seen = client:unit(id)
    status_seen[#status_seen + 1] = seen and seen.status or "unknown"
  end
end)
control("/_mock/units/" .. first_ident .. "/status", '{"status":3}')
check(tick_until(client, function() return #status_seen >= 1 end), "the status event arrives")
check(status_seen[1] == 3, "the handler reads the mirror already changed", status_seen[1])
local changed, version2 = client:units(version)
check(changed and has(changed, first_ident).status == 3 and version2 > version, "units(version) answers the new list", version2)
local calls_before, calls_version = client:calls()
check(type(calls_before) == "table", "calls() is a list", type(calls_before))
check(client:calls(calls_version) == nil, "a unit change leaves calls(version) nil")

-- Dispatch and 911 calls, by events.
local answer = control("/_mock/dispatch", '{"title":"Traffic Stop","priority":2,"idents":[' .. first_ident .. ']}')
local call_id = tonumber(answer:match('"callId":%s*(%d+)'))
check(call_id ~= nil, "the mock opened a call", answer)
check(tick_until(client, function() return client:call(call_id) ~= nil end), "the new call is mirrored")
local call = client:call(call_id)
check(call.title == "Traffic Stop" and call.priority == 2, "call(id)", call.title)
check(client:call(tostring(call_id)) ~= nil, "call(id as text)")
check(has(client:calls(), call_id) ~= nil and select(1, client:calls(calls_version)) ~= nil, "calls() lists it and its version moved")
control("/_mock/dispatch/" .. call_id .. "/note", '{"content":"suspect fled north"}')
control("/_mock/dispatch/" .. call_id .. "/close")
check(tick_until(client, function() return client:call(call_id) == nil end), "a closed call leaves the mirror")
answer = control("/_mock/911", '{"caller":"John Doe","location":"Legion Square","description":"Shots fired"}')
local emergency_id = tonumber(answer:match('"callId":%s*(%d+)'))
check(emergency_id ~= nil, "the mock opened a 911 call", answer)
check(tick_until(client, function() return has(client:emergencyCalls(), emergency_id) ~= nil end), "the 911 call is mirrored")
check(client:call(emergency_id).caller == "John Doe", "call(id) finds a 911 call too")
-- An API call by name still goes to the API.
local by_name = client:call("get_calls_v2", { serverId = 1 })
check(by_name.success and type(by_name.data.ActiveCalls) == "table", "call(name) is still the API call", by_name.reason)

-- A unit the mirror never saw (seeded without an event) changes status: one read, delayed on the
-- wire by the mock; the game thread reads the old picture meanwhile, never waiting.
local late = tonumber(control("/_mock/units/seed", '{"count":1}'):match("(%d+)"))
control("/_mock/fault?endpoint=get_units_v2", "delay:3000,times:1")
control("/_mock/units/" .. late .. "/status", '{"status":4}')
local during, stale = 0, 0
check(tick_until(client, function()
  -- The list first: when the status says the read is pending after it, the list was older.
  local list = client:units()
  local s = client:mirrorStatus()
  if #s.resyncPending > 0 then
    during = during + 1
    if not has(list, late) then stale = stale + 1 end
  end
  -- Its MIRROR_RESYNCED is delivered on a later poll than the count moves: wait for it too, so
  -- that it is not taken below for the outage's.
  return s.resyncs >= 2 and #resynced >= 2
end), "the unknown unit is read for")
check(during >= 50 and stale == during, "reads went on during the delayed read, with the old picture", during .. " " .. stale)
check(has(client:units(), late) and client:unit(late).status == 4, "after the read the unit is there, in its status")
check(client:mirrorStatus().lastResyncReasons[1] == "unknown_unit", "the read's reason is the unknown unit")
check(resynced[2] and resynced[2].reasons[1] == "unknown_unit", "its MIRROR_RESYNCED names the unknown unit", resynced[2] and resynced[2].reasons[1])

-- The hub goes away for 3 s: a gap, then one read.
resynced, gaps = {}, {}
control("/_mock/hub/drop", '{"forMs":3000}')
check(tick_until(client, function() return #resynced >= 1 end), "the mirror is read again after the outage")
check(gaps[1] and gaps[1].reason == "hub_reconnect" and gaps[1].downMs >= 2000, "MIRROR_GAP says the hub was down", gaps[1] and gaps[1].downMs)
check(resynced[1] and resynced[1].reasons[1] == "hub_reconnect", "MIRROR_RESYNCED follows", resynced[1] and resynced[1].reasons[1])
check(client:mirrorStatus().complete == true, "complete again")

-- Within the budgets: the mock answered no read with 429.
local stats = control("GET /_mock/stats")
check(not stats:find('"limited":%s*[1-9]'), "no request was answered 429")

local stopped = client:stopMirror()
check(stopped.success and stopped.data.running == false, "stopMirror stops it")
check(#client:units() >= 17 and client:mirrorStatus().complete == false, "what it holds stays readable, not complete")

-- startEvents{mirror = ...} starts it too (its read would be the route's fourth this minute,
-- so this client is stopped before it is seeded).
local other = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
                                      defaultServerId = 1, product = Sonoran.productEnums.CAD })
local events = other:startEvents({ mirror = { serverId = 1 } })
check(events.success and other:mirrorStatus().running == true, "startEvents with mirror starts it", events.reason)
other:stopEvents()
check(other:mirrorStatus().running == false, "stopEvents stops the mirror")

print(string.format("mirror: %d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
