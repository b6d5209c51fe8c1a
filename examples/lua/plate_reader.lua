-- A plate reader: a game server's camera reports every plate it sees, and each new plate is
-- looked up in the CAD with one non-blocking lookupV2, started and collected from the tick loop.
--
-- The budget: lookups are paced at 30 requests a minute per API key, and every game server of
-- the community shares that key (and `/runplate` commands share the route). A camera sees
-- the same car tick after tick, so the reader:
--   * looks a plate up at most once per CACHE_SECONDS (a parked car is one lookup);
--   * keeps one lookup in flight and at most MAX_WAITING plates waiting, dropping the oldest
--     sighting when the queue is full (a plate seen a minute ago is gone from the road);
--   * spends at most BUDGET lookups a minute itself, leaving the rest of the 30 to the others.
--
-- Run against the mock (see docs/guides/lua.md):
--   LUA_CPATH="build/lua/5.4/?.so" lua5.4 examples/lua/plate_reader.lua http://127.0.0.1:8080
-- With SONORAN_COMMUNITY_ID and SONORAN_API_KEY set (and no URL) it uses the real API.
local Sonoran = require("sonoran")

local client = Sonoran.createClient({
  product = Sonoran.productEnums.CAD,
  communityId = os.getenv("SONORAN_COMMUNITY_ID") or "demo-community",
  apiKey = os.getenv("SONORAN_API_KEY") or "demo-api-key",
  apiUrl = arg[1] or os.getenv("SONORAN_API_URL") or "http://127.0.0.1:8080",
  defaultServerId = 1,
  timeoutMs = 5000,
})

local CACHE_SECONDS = 300   -- look a plate up again after five minutes
local MAX_WAITING = 8       -- plates waiting for their lookup
local BUDGET = 20           -- own lookups per minute (of the key's 30)
local VEHICLE_REGISTRATION = 5

local seen = {}             -- plate -> time of its last lookup
local waiting = {}          -- plates to look up, oldest first
local sent = {}             -- times of this minute's lookups
local in_flight = false
local stats = { sightings = 0, lookups = 0, cached = 0, dropped = 0 }

local function now() return os.clock() end

-- The text of the field with template uid `uid`, in any section of `record`.
local function field(record, uid)
  for _, section in ipairs(record.sections or {}) do
    for _, f in ipairs(section.fields or {}) do
      if f.uid == uid then return f.value end
    end
  end
end

local function report(plate, res)
  if not res.success then
    print(("plate %s: lookup failed: %s: %s"):format(plate, tostring(res.kind), tostring(res.reason)))
    seen[plate] = nil -- try again on the next sighting
    return
  end
  if #res.data == 0 then
    print(("plate %s: no record"):format(plate))
    return
  end
  for _, record in ipairs(res.data) do
    print(("plate %s: %s %d, %s %s, owner %s %s"):format(plate, record.name, record.id,
      field(record, "color") or "?", field(record, "model") or "?",
      field(record, "first_name") or "?", field(record, "last_name") or "?"))
  end
end

-- Called by the camera for every plate in view, every tick.
local function sighted(plate)
  stats.sightings = stats.sightings + 1
  plate = plate:upper()
  local last = seen[plate]
  if last and now() - last < CACHE_SECONDS then
    stats.cached = stats.cached + 1
    return
  end
  seen[plate] = now()
  if #waiting >= MAX_WAITING then
    table.remove(waiting, 1)
    stats.dropped = stats.dropped + 1
  end
  waiting[#waiting + 1] = plate
end

-- Called once per tick: starts at most one lookup when the budget allows.
local function tick()
  while sent[1] and now() - sent[1] >= 60 do table.remove(sent, 1) end
  if in_flight or #waiting == 0 or #sent >= BUDGET then return end
  local plate = table.remove(waiting, 1)
  in_flight = true
  sent[#sent + 1] = now()
  stats.lookups = stats.lookups + 1
  client.cad:lookupV2({ plate = plate, types = { VEHICLE_REGISTRATION } }, function(res)
    in_flight = false
    report(plate, res)
  end)
end

-- The demo camera: cars driving past, some of them staying in view for many ticks.
local traffic = { "ABC123", "XYZ 999", "abc123", "ABC123", "LSPD 01", "XYZ 999", "ABC123", "BOAT 22" }
local function camera(ticks)
  local car = traffic[math.floor(ticks / 10) % #traffic + 1]
  if ticks <= 400 then sighted(car) end
end

local function sleep(seconds)
  local deadline = os.clock() + seconds
  repeat until os.clock() >= deadline
end
local ticks = 0
while ticks < 3000 do
  ticks = ticks + 1
  camera(ticks)
  tick()
  local _, errors = client:poll()
  for _, err in ipairs(errors or {}) do print(err) end
  if ticks > 400 and not in_flight and #waiting == 0 then break end
  sleep(1 / 240)
end
print(("done: %d sightings, %d lookups, %d from cache, %d dropped"):format(
  stats.sightings, stats.lookups, stats.cached, stats.dropped))
