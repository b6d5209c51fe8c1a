-- The test mod of tests/luanti/run.sh: loads require("sonoran") inside a real Luanti server the
-- way docs/guides/luanti.md says (the insecure environment, at load time; sonoran.so next to
-- this file), drives the client from a globalstep, and checks:
--   * a few v2 calls (and one started from inside another's callback) each get their callback
--     exactly once, on a later server step, inside client:poll() in the globalstep;
--   * poll() reports no errors;
--   * misuse is a Lua error that pcall catches;
--   * with sonoran_test.silent_url set, a request still in flight at shutdown does not stop
--     the server from exiting.
-- Then it writes one result line (the log, and sonoran_test.result in the world folder) and
-- asks the server to shut down. The mock's URL comes from minetest.conf (sonoran_test.api_url).
local MOD = minetest.get_current_modname()
local say = function(msg) minetest.log("action", "[" .. MOD .. "] " .. msg) end

-- Without secure.trusted_mods the engine returns nil here: stop loading with a clear message.
local ie = minetest.request_insecure_environment()
if not ie then
  error("[" .. MOD .. "] minetest.request_insecure_environment() returned nil: add "
    .. MOD .. " to secure.trusted_mods in minetest.conf", 0)
end

local modpath = minetest.get_modpath(MOD)
ie.package.cpath = modpath .. "/?.so;" .. ie.package.cpath
local Sonoran = ie.require("sonoran")

local api_url = minetest.settings:get(MOD .. ".api_url")
assert(api_url and api_url ~= "", MOD .. ".api_url is not set in minetest.conf")
local timeout_s = tonumber(minetest.settings:get(MOD .. ".timeout") or "") or 30

local worldpath = minetest.get_worldpath()
local failures = {}
local function check(cond, what, detail)
  if not cond then failures[#failures + 1] = what .. (detail ~= nil and (": " .. tostring(detail)) or "") end
end

check(type(Sonoran.version) == "string", "Sonoran.version", Sonoran.version)
say("loaded sonoran " .. tostring(Sonoran.version) .. " under " .. tostring(ie.jit and ie.jit.version or _VERSION))

-- Misuse is a Lua error caught by pcall (and not a crash of the server).
local ok, err = pcall(Sonoran.createClient, { communityId = "demo-community" })
check(not ok and tostring(err):find("`apiKey` is required", 1, true), "createClient without apiKey is a Lua error", err)

local client = Sonoran.createClient({
  communityId = "demo-community",
  apiKey = "demo-api-key",
  apiUrl = api_url,
  defaultServerId = 1,
  product = Sonoran.productEnums.CAD,
  timeoutMs = 10000,
})
ok, err = pcall(function() return client.cad:getUnitsV2("not a table") end)
check(not ok and tostring(err):find("getUnitsV2 takes a parameter table", 1, true), "a string for params is a Lua error", err)
ok, err = pcall(function() return client.cad:getUnitsV2({}, "not a function") end)
check(not ok and tostring(err):find("callback must be a function", 1, true), "a non-function callback is a Lua error", err)
local misuse_errors = 3

-- Bookkeeping: every call gets a name; its callback counts its runs and where it ran.
local step, in_poll = 0, false
local calls, order = {}, {}
local function track(name, fn)
  local entry = { issued_at = step, runs = 0 }
  calls[name] = entry
  order[#order + 1] = name
  return function(res)
    entry.runs = entry.runs + 1
    entry.ran_at = step
    check(in_poll, name .. ": callback ran inside client:poll()")
    check(entry.ran_at > entry.issued_at, name .. ": callback ran on a later step than its call",
      entry.issued_at .. " -> " .. entry.ran_at)
    check(res and res.success, name .. " succeeded", res and res.reason)
    if entry.runs == 1 and res and res.success then fn(res) end
  end
end

-- Called at load time: the requests start now, their callbacks run in later globalsteps.
client.cad:getUnitsV2({}, track("getUnitsV2", function(res)
  check(type(res.data) == "table" and #res.data > 0, "getUnitsV2 lists units", res.data and #res.data)
end))
client.cad:setUnitStatusV2({ identIds = { 12 }, status = Sonoran.UNIT_STATUS.ENROUTE }, track("setUnitStatusV2", function() end))
client.cad:createEmergencyCallV2({
  isEmergency = true, caller = "Luanti test", location = "Spawn", description = "sonoran_test",
}, track("createEmergencyCallV2", function(res)
  local call_id = res.data.callId
  check(call_id ~= nil, "createEmergencyCallV2 returns a callId")
  -- A call made from inside a callback: its own callback runs on a later step.
  client.cad:deleteEmergencyCallV2({ callId = call_id }, track("deleteEmergencyCallV2", function() end))
end))
client.cad:getAccount({ username = "SonoranBrian" }, track("getAccount", function(res)
  check(res.data.username == "SonoranBrian", "getAccount answers SonoranBrian", res.data.username)
end))

-- A request still in flight when the server shuts down: a second client whose server
-- (sonoran_test.silent_url, a socket that never answers) keeps it pending; the server must
-- still stop at once and cleanly (run.sh checks its exit status and the time it took).
local silent_url = minetest.settings:get(MOD .. ".silent_url")
local stuck, stuck_runs = nil, 0
if silent_url and silent_url ~= "" then
  stuck = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = silent_url,
                                  defaultServerId = 1, timeoutMs = 120000 })
  stuck.cad:getUnitsV2({}, function() stuck_runs = stuck_runs + 1 end)
end

local poll_errors, elapsed, done_at, finished = {}, 0, nil, false
local EXTRA_STEPS = 20 -- steps polled after the last callback, to see no callback runs twice

local function finish()
  finished = true
  local total, once = 0, 0
  for _, name in ipairs(order) do
    total = total + 1
    local entry = calls[name]
    if entry.runs == 1 then once = once + 1 else check(false, name .. " ran its callback " .. entry.runs .. " times") end
  end
  check(#poll_errors == 0, "client:poll() reported no errors", poll_errors[1])
  check(client:pending() == 0, "nothing pending at the end", client:pending())
  local in_flight = ""
  if stuck then
    check(stuck_runs == 0 and stuck:pending() == 1, "the request to the silent server is still in flight",
      stuck_runs .. " runs, " .. stuck:pending() .. " pending")
    in_flight = ", 1 request left in flight at shutdown"
  end
  local line
  if #failures == 0 then
    line = ("luanti: %d calls, every callback exactly once: yes (%d misuse errors caught by pcall, %d steps%s)")
      :format(total, misuse_errors, step, in_flight)
  else
    line = ("luanti: %d calls, %d callbacks exactly once: FAILED: %s"):format(total, once, table.concat(failures, "; "))
  end
  say(line)
  local f = io.open(worldpath .. "/" .. MOD .. ".result", "w")
  if f then f:write(line, "\n"); f:close() end
  minetest.request_shutdown("sonoran_test finished", false, 0)
end

minetest.register_globalstep(function(dtime)
  if finished then return end
  step = step + 1
  elapsed = elapsed + dtime
  in_poll = true
  local _, errors = client:poll()
  in_poll = false
  if stuck then stuck:poll() end
  for _, e in ipairs(errors or {}) do poll_errors[#poll_errors + 1] = e end
  local all_ran = true
  for _, name in ipairs(order) do if calls[name].runs == 0 then all_ran = false end end
  if all_ran and client:pending() == 0 then
    done_at = done_at or step
    if step - done_at >= EXTRA_STEPS then finish() end
  elseif elapsed > timeout_s then
    check(false, ("timed out after %.1f s"):format(elapsed))
    finish()
  end
end)

say("client created; " .. #order .. " calls in flight")
