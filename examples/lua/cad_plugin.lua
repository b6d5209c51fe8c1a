-- What a game server's CAD plugin does, in Lua, non-blocking from the server's tick:
--   * a `/status <n>` chat command sets the player's unit status;
--   * a panic button sets the unit's panic and opens a 911 call at the player's position;
--   * every few seconds, one `updates` call sends every player's map position;
--   * once a minute, the call list is refreshed.
-- Every call returns at once; its callback runs inside client:poll(), once per tick on the
-- server's main thread. The library paces each route at its documented limit.
--
-- Run against the mock (see docs/recipes/panic-button.md):
--   LUA_CPATH="build/lua/5.4/?.so" lua5.4 examples/lua/cad_plugin.lua http://127.0.0.1:8080 [--demo]
-- `--demo`: one tick per game second, 130 ticks, pacing off (the mock's limit is off too).
local Sonoran = require("sonoran")

local demo = arg[2] == "--demo"
local client = Sonoran.createClient({
  product = Sonoran.productEnums.CAD,
  communityId = os.getenv("SONORAN_COMMUNITY_ID") or "demo-community",
  apiKey = os.getenv("SONORAN_API_KEY") or "demo-api-key",
  apiUrl = arg[1] or os.getenv("SONORAN_API_URL") or "http://127.0.0.1:8080",
  defaultServerId = 1,
  rateLimits = demo and "off" or nil,
})

-- The players on the server: their linked community user id and where they are.
local players = {
  { name = "John", communityUserId = "license:abc123", street = "Mission Row", x = 425.1, y = -979.2, z = 30.7, heading = 90 },
  { name = "Brian", communityUserId = "Steam:1234", street = "Sandy Shores", x = 1850.0, y = 3680.5, z = 34.2, heading = 180 },
}

local function report(what)
  return function(res)
    if res.success then
      print(what .. ": ok")
    else
      print(("%s: failed: %s: %s"):format(what, res.kind, tostring(res.reason)))
    end
  end
end

-- `/status <n>` typed by a player.
local function status_command(player, status)
  client.cad:setUnitStatusV2({ communityUserId = player.communityUserId, status = status }, report("/status " .. status))
end

-- The panic button: panic on the unit, and a 911 call where the player stands.
local function panic_button(player)
  client.cad:setUnitPanicV2({ communityUserId = player.communityUserId, isPanic = true }, report("panic"))
  client.cad:createEmergencyCallV2({
    isEmergency = true,
    caller = player.name,
    location = player.street,
    description = "Panic button pressed",
    metaData = { x = tostring(player.x), y = tostring(player.y), z = tostring(player.z) },
  }, function(res)
    if res.success then print(("911 call %d opened for %s"):format(res.data.callId, player.name)) else report("911 call")(res) end
  end)
end

-- Every player's position in one call.
local function flush_locations()
  local updates = {}
  for _, p in ipairs(players) do
    updates[#updates + 1] = {
      communityUserId = p.communityUserId,
      location = p.street,
      coordinates = { x = p.x, y = p.y, z = p.z, w = p.heading },
    }
  end
  client.cad:updateUnitLocationsV2({ updates = updates }, function(res)
    if res.success then print(("locations: %d units moved"):format(res.data.updated)) else report("locations")(res) end
  end)
end

local function refresh_calls()
  client.cad:getCallsV2({}, function(res)
    if not res.success then return report("call list")(res) end
    local active = res.data.ActiveCalls or res.data.activeCalls or {}
    local emergency = res.data.EmergencyCalls or res.data.emergencyCalls or {}
    print(("call list: %d dispatch, %d 911"):format(#active, #emergency))
  end)
end

local function sleep(seconds)
  local deadline = os.clock() + seconds
  repeat until os.clock() >= deadline
end

-- The server's tick; here one tick per game second.
local flush_every, calls_every = 5, 60
local second = 0
while not demo or second <= 130 do
  for _, p in ipairs(players) do -- the game's own work: players move
    p.x = p.x + 1.5
    p.heading = (p.heading + 10) % 360
  end
  if second == 3 then status_command(players[1], Sonoran.UNIT_STATUS.ON_SCENE) end
  if second == 10 then panic_button(players[1]) end
  if second % flush_every == 0 then flush_locations() end
  if second % calls_every == 0 then refresh_calls() end
  local _, errors = client:poll()
  for _, err in ipairs(errors or {}) do print(err) end
  sleep(demo and 0.01 or 1)
  second = second + 1
end
-- Shutting down: collect what is still in flight.
for _ = 1, 500 do
  client:poll()
  if client:pending() == 0 then break end
  sleep(0.01)
end
print(("done after %d ticks, %d requests left"):format(second, client:pending()))
