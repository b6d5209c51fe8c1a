-- A Garry's Mod server script (lua/autorun/server/...) as the simulator (sim.c) runs it: the
-- module is opened by the host, `require("sonoran")` finds it, and all the work happens in
-- the Think hook, one frame at a time: client:poll() runs the results and events, a coroutine
-- steps through the checks. Globals from the host: MOCK_URL, MOCK_BIN, SIM_CYCLE; the script
-- sets SIM_DONE when it is finished and defines sim_report() and sim_after_close(), which
-- answer (ok, summary).
require("sonoran")

local passed, failed = 0, 0
local function check(cond, what, detail)
  if cond then passed = passed + 1 else
    failed = failed + 1
    print("FAIL " .. what .. (detail ~= nil and (": " .. tostring(detail)) or ""))
  end
end
-- Waits (one frame per try) until cond() holds; false after about `frames` frames.
local function wait_for(what, cond, frames)
  for _ = 1, frames or 3000 do
    if cond() then return true end
    coroutine.yield()
  end
  check(false, "timed out waiting for " .. what)
  return false
end

local config = {
  communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
  defaultServerId = 1, timeoutMs = 20000, rateLimits = "off",
}

-- The module's face: the same as require("sonoran") in any Lua.
check(type(sonoran.version) == "string" and sonoran.version:match("^%d+%.%d+%.%d+"), "sonoran.version", sonoran.version)
check(type(sonoran.createClient) == "function", "sonoran.createClient")
check(sonoran.UNIT_STATUS.ENROUTE == 3 and sonoran.productEnums.CAD == 0, "the enums")

-- Misuse is a one-line Lua error at the script's line, never a crash.
local ok, err = pcall(sonoran.createClient, "key")
check(not ok and tostring(err):find("expected a config table", 1, true), "createClient with a string is a Lua error", err)
ok, err = pcall(sonoran.createClient, { communityId = "c" })
check(not ok and tostring(err):find("`apiKey` is required", 1, true), "createClient without apiKey names it", err)

local client = sonoran.createClient(config)
-- (Not a tail call: the error names the line of the frame that called the method.)
ok, err = pcall(function() local r = client.cad:getAccount("SonoranBrian"); return r end)
check(not ok and tostring(err):find("sim.lua:%d+: sonoran: getAccount takes a parameter table, got string"), "a bad argument is a Lua error at the caller's line", err)
ok, err = pcall(function() return client.cad:getAccount({ username = "x" }, "not a function") end)
check(not ok and tostring(err):find("callback must be a function", 1, true), "a bad callback is a Lua error", err)
ok, err = pcall(function() return client.cad.getAccount({ username = "x" }) end)
check(not ok and tostring(err):find("with a colon", 1, true), "a dot call is a Lua error", err)

-- Results: each callback exactly once, inside poll (never inside the call that made it).
local ran = {}
local function once(name, fn)
  ran[name] = 0
  return function(res)
    ran[name] = ran[name] + 1
    fn(res)
  end
end
local results = {}
local in_call = true
client.cad:createEmergencyCallV2({
  isEmergency = true, caller = "Sim Caller", location = "Garry's Mod, gm_construct",
  description = "Shots fired", metaData = { x = "1", y = "2", z = "3" },
}, once("911", function(res) results.e911 = res; check(not in_call, "the 911 callback runs in poll") end))
client.cad:setUnitStatusV2({ identIds = { 12 }, status = sonoran.UNIT_STATUS.ENROUTE },
  once("status", function(res) results.status = res end))
-- An API failure is a result table, not a Lua error (on a second client: both are freed at close).
local other = sonoran.createClient(config)
other.cad:getAccounts({ limit = -5 }, once("bad limit", function(res) results.bad = res end))
in_call = false
check(client:pending() == 2 and other:pending() == 1, "three requests in flight", client:pending())
local handler_errors = {}
local events = { e911 = {}, resynced = 0 }

local steps = coroutine.create(function()
  -- 1. The results.
  wait_for("the callbacks", function() return client:pending() == 0 and other:pending() == 0 end)
  check(results.e911 and results.e911.success and type(results.e911.data.callId) == "number", "createEmergencyCallV2 succeeded",
        results.e911 and results.e911.reason)
  check(results.status and results.status.success and results.status.data.updated == 1, "setUnitStatusV2 succeeded",
        results.status and results.status.reason)
  check(results.bad and results.bad.success == false and results.bad.kind == "invalid_argument", "a bad limit is a result table",
        results.bad and results.bad.kind)
  local blocking = client.cad:getAccount({ username = "SonoranBrian" })
  check(blocking.success and blocking.data.username == "SonoranBrian", "a blocking call answers at once", blocking.reason)

  -- 2. Push events over the hub, run by poll, and the live mirror they keep current.
  client:onEvent("EVENT_911", function(e) events.e911[#events.e911 + 1] = e end)
  client:onEvent("MIRROR_RESYNCED", function() events.resynced = events.resynced + 1 end)
  local started = client:startEvents({ serverId = 1, mirror = true })
  check(started.success, "startEvents", started.reason)
  wait_for("the hub", function() return client:eventStatus().data.hub.state == "connected" end)
  local command = string.format("'%s' --emit EVENT_911 --server-id 1 --url '%s' >/dev/null", MOCK_BIN, MOCK_URL)
  local emitted = os.execute(command)
  check(emitted == true or emitted == 0, "the mock emitted EVENT_911", command)
  wait_for("EVENT_911", function() return #events.e911 >= 1 end)
  check(events.e911[1] and events.e911[1].data.call.caller == "John Doe" and events.e911[1].via == "websocket",
        "the EVENT_911 handler got the call", events.e911[1] and events.e911[1].via)

  -- 3. Unit locations, one a frame, flushed over the hub by the library.
  for frame = 1, 30 do
    local queued, why = client:pushUnitLocation({ identId = 1, location = "Sim frame " .. frame,
                                                 coordinates = { x = frame, y = 2, z = 0, w = 0 } })
    check(queued == true, "location " .. frame .. " queued", why)
    coroutine.yield()
  end
  local queued, why = client:pushUnitLocation({ identId = 1 })
  check(queued == false and tostring(why):find("`location` is required", 1, true), "a bad location answers false and why", why)
  local stats
  wait_for("the locations", function()
    stats = client:locationStats()
    return stats.queued == 0 and stats.sent > 0 and stats.sent + stats.superseded >= stats.pushed
  end)
  check(stats.pushed == 30 and stats.sent + stats.superseded == 30 and stats.transport == "hub" and stats.calls.failed == 0,
        "the locations went over the hub", string.format("pushed %s, sent %s, superseded %s, via %s, failed calls %s",
        stats.pushed, stats.sent, stats.superseded, stats.transport, stats.calls.failed))

  -- 4. The live mirror, read every frame without a request.
  wait_for("the mirror", function() return events.resynced >= 1 end)
  check(client:mirrorStatus().seeded == true, "the mirror is seeded")
  local units, version = client:units()
  check(type(units) == "table" and #units >= 1 and version > 0, "units() lists the units", version)
  local unit = client:unit(12)
  check(unit ~= nil and unit.status == sonoran.UNIT_STATUS.ENROUTE, "unit(12) has the status set above", unit and unit.status)
  check(type(client:calls()) == "table", "calls() is a list")
  local e911_id = results.e911 and results.e911.data and results.e911.data.callId
  local found = false
  for _, call in ipairs(client:emergencyCalls()) do if call.callId == e911_id then found = true end end
  check(found, "emergencyCalls() lists the 911 call made above", e911_id)
  for _ = 1, 20 do
    local same = client:units(version)
    check(same == nil, "units(version) answers nil while nothing changes")
    coroutine.yield()
  end

  -- 5. Nothing runs twice: more frames, no more callbacks.
  for _ = 1, 20 do coroutine.yield() end
  check(ran["911"] == 1 and ran.status == 1 and ran["bad limit"] == 1, "every callback ran exactly once",
        string.format("%s %s %s", ran["911"], ran.status, ran["bad limit"]))
  check(#events.e911 == 1, "the event handler ran once", #events.e911)
  check(#handler_errors == 0, "no handler failed", handler_errors[1])

  -- 6. Work left for gmod13_close: requests in flight whose callbacks must never run, and the
  -- hub and the mirror still running.
  client.cad:getAccountsV2({ limit = 1 }, function() LATE_CALLBACK = true end)
  other.cad:getAccountV2({ username = "SonoranBrian" }, function() LATE_CALLBACK = true end)
  SIM_DONE = true
end)

hook.Add("Think", "sonoran", function()
  for _, c in ipairs({ client, other }) do
    local _, errors = c:poll()
    for _, e in ipairs(errors or {}) do handler_errors[#handler_errors + 1] = e end
  end
  if coroutine.status(steps) == "suspended" then
    local resumed, problem = coroutine.resume(steps)
    if not resumed then
      check(false, "the script raised", problem)
      SIM_DONE = true
    end
  end
end)

function sim_report()
  return failed == 0, string.format("cycle %d: %d checks passed, %d failed", SIM_CYCLE, passed, failed)
end

-- After gmod13_close: every client is freed; their handles answer a Lua error, no callback ran.
function sim_after_close()
  local before = failed
  check(LATE_CALLBACK == nil, "the request in flight at close never ran its callback")
  local polled, why = pcall(client.poll, client)
  check(not polled and why ~= nil, "a closed client's methods are Lua errors", why)
  check(not pcall(client.units, client), "a closed client's mirror reads are Lua errors")
  check(not pcall(other.pending, other), "the second client is closed too")
  return failed == before, string.format("after gmod13_close: %s", failed == before and "clients freed" or "FAILED")
end
