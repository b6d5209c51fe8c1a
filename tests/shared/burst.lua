-- One game server of three sharing a key (tests/shared/run.sh), as a Lua script: bursts
-- get_units_v2 and set_unit_status_v2 through the shared limiter, collects every result in
-- client:poll(), and prints how many succeeded. Exits 0 when every call succeeded.
--   lua burst.lua MOCK_URL REDIS_URL NAME [GETS] [STATUSES] [INTERVAL_MS]
-- With INTERVAL_MS, the status changes are spread one per interval (polling in between), so
-- that some are made while Redis is away and some after it is back; the library logs at info.
local Sonoran = require("sonoran")

local url, redis, name = arg[1], arg[2], arg[3]
local gets, statuses = tonumber(arg[4] or "2"), tonumber(arg[5] or "12")
local interval_ms = tonumber(arg[6] or "0")
local client = Sonoran.createClient({
  communityId = "demo-community",
  apiKey = "demo-api-key",
  apiUrl = url,
  sharedLimiter = redis ~= "none" and redis or nil, -- "none": each process paces itself
  timeoutMs = 150000,
  logLevel = interval_ms > 0 and "info" or "warn",
})

local ok, failed, left = 0, 0, 0
local function done(res)
  left = left - 1
  if res.success then
    ok = ok + 1
  else
    failed = failed + 1
    print(("%s failed: %s: %s"):format(name, tostring(res.kind), tostring(res.reason)))
  end
end

for i = 1, gets do
  left = left + 1
  client.cad:getUnitsV2({ limit = 10 + i }, done) -- different reads: not shared
end
for i = 1, statuses do
  left = left + 1
  client.cad:setUnitStatusV2({ identIds = { i % 2 == 1 and 1 or 12 }, status = 2 + i % 2 }, done)
  if interval_ms > 0 then
    client:poll()
    os.execute(("sleep %.3f"):format(interval_ms / 1000))
  end
end
while left > 0 do
  local _, errors = client:poll()
  for _, err in ipairs(errors or {}) do print(err) end
  os.execute("sleep 0.05")
end
print(("%s: %d ok, %d failed"):format(name, ok, failed))
os.exit(failed == 0 and 0 or 1)
