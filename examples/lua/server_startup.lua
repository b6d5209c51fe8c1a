-- A game server's start-up with require("sonoran"): which plan the community has, which game
-- servers it has configured (registering this one if it is missing), the postals of the map,
-- then a heartbeat with the player count every hour from the game loop, non-blocking.
--
-- Run against the mock (see docs/guides/lua.md):
--   LUA_CPATH="build/lua/5.4/?.so" lua5.4 examples/lua/server_startup.lua http://127.0.0.1:8080 --demo
-- --demo runs three simulated hours at a tick per simulated minute, so three heartbeats go
-- out at once. With no URL it reads SONORAN_API_URL, SONORAN_COMMUNITY_ID, SONORAN_API_KEY.
local Sonoran = require("sonoran")

local SERVER_ID = 1
local HEARTBEAT_EVERY_S = 3600
local url = (arg[1] and not arg[1]:find("^%-%-")) and arg[1] or os.getenv("SONORAN_API_URL") or "https://api.sonorancad.com"
local demo = arg[#arg] == "--demo"

local client = Sonoran.createClient({
  product = Sonoran.productEnums.CAD,
  communityId = os.getenv("SONORAN_COMMUNITY_ID") or "demo-community",
  apiKey = os.getenv("SONORAN_API_KEY") or "demo-api-key",
  apiUrl = url,
  defaultServerId = SERVER_ID,
})

local function failed(step, res)
  print(step .. " failed: " .. tostring(res.kind) .. ": " .. tostring(res.reason))
end

-- Start-up (blocking calls are fine before the game loop runs).
-- 1. The plan: some calls need a higher one, and its name says which the community has.
local version = client.cad:getVersionV2()
if not version.success then failed("version", version) os.exit(1) end
print("plan: " .. version.data.name)

-- 2. The servers: register this one if the community does not have it yet.
local servers = client.cad:getServersV2()
if not servers.success then failed("servers", servers) os.exit(1) end
local configured = false
for _, server in ipairs(servers.data.servers) do
  if server.id == SERVER_ID then configured = true end
end
print(("servers: %d configured, this one %s"):format(#servers.data.servers, configured and "among them" or "missing"))
if not configured then
  local res = client.cad:setServersV2({ { id = SERVER_ID, name = "Main Server", mapIp = "127.0.0.1" } }, false)
  if not res.success then failed("register", res) end
end

-- 3. The map's postals (sonoran.lua's form: the list first).
local postals = client.cad:setPostalsV2({
  { code = "100", x = 425.1, y = -979.2 },
  { code = "101", x = 300.0, y = -900.5 },
  { code = "102", x = -75.3, y = -818.0 },
})
if postals.success then print("postals: " .. postals.data.updated .. " stored") else failed("postals", postals) end

-- The game loop: a heartbeat every hour; its callback runs inside client:poll().
local function player_count(tick) return 10 + tick % 7 end
local seconds_per_tick, ticks = demo and 60 or 1, demo and 3 * 60 or math.huge
local last_beat, in_flight, sent = -HEARTBEAT_EVERY_S, false, 0
local tick = 0
while tick < ticks or in_flight do
  local now = tick * seconds_per_tick
  if not in_flight and tick < ticks and now - last_beat >= HEARTBEAT_EVERY_S then
    in_flight, last_beat, sent = true, now, sent + 1
    client.cad:heartbeatV2(SERVER_ID, player_count(tick), function(res)
      in_flight = false
      if res.success then
        print(("heartbeat: server %d, %d players"):format(res.data.serverId, res.data.playerCount))
      else
        failed("heartbeat", res)
      end
    end)
  end
  client:poll()
  tick = tick + 1
  -- A real server ticks from its own loop; here a pause stands in for a tick's work.
  os.execute(demo and "sleep 0.005" or "sleep 1")
end
print("heartbeats sent: " .. sent)
