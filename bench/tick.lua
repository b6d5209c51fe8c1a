-- The tick-cadence benchmark, run by bench/tick_host (which provides cpu_ns and work_ms).
-- As a game server uses the library: one non-blocking call, then the game's other work for
-- GAP ms, then the poll that runs its callback; the game thread's own CPU time for the
-- submit and for that poll, and the Lua memory allocated by both (the collector is stopped
-- while measuring). Prints one JSON object per line.
-- Usage: tick_host bench/tick.lua MOCK_URL ITERATIONS GAPS (e.g. "1,10,90")
local url, iterations, gaps = ...
iterations = tonumber(iterations) or 100
local Sonoran = require("sonoran")
local BRIAN = "91de0ce8-c571-11e9-9714-5600023b2434"

local function new_client()
  return Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = url, rateLimits = "off" })
end

local function percentile(values, p)
  table.sort(values)
  return values[math.max(1, math.ceil(#values * p))]
end

-- What Lua itself pays to make the same tables: a plain-Lua deep copy of the result, at the
-- same cadence (the floor for any module that hands a script fresh tables).
local function copy(t)
  local out = {}
  for k, v in pairs(t) do
    if type(v) == "table" then out[k] = copy(v) else out[k] = v end
  end
  return out
end

local cases = {
  { "small", "getAccount", { username = "SonoranBrian" } },
  { "medium", "getAccountUnitsV2", { accountUuid = BRIAN } },
  { "large", "getAccounts", { limit = 100 } },
  { "refused", "getAccounts", { limit = 0 } },
}

local client = new_client()
-- Warm up: connections, code paths.
for _ = 1, 20 do client.cad:getAccount({ username = "SonoranBrian" }) end

for gap in string.gmatch(gaps or "10", "[^,]+") do
  gap = tonumber(gap)
  for _, case in ipairs(cases) do
    local name, method, params = case[1], case[2], case[3]
    local submits, polls, kbs, copies, items = {}, {}, {}, {}, 0
    for _ = 1, iterations do
      local got
      collectgarbage("collect")
      collectgarbage("stop")
      local kb0 = collectgarbage("count")
      local t0 = cpu_ns()
      client.cad[method](client.cad, params, function(res) got = res end)
      local t1 = cpu_ns()
      work_ms(gap)
      local poll_ns
      while not got do
        local p0 = cpu_ns()
        local ran = client:poll()
        local p1 = cpu_ns()
        if ran > 0 then poll_ns = p1 - p0 else work_ms(1) end
      end
      kbs[#kbs + 1] = collectgarbage("count") - kb0
      collectgarbage("restart")
      work_ms(gap)
      local c0 = cpu_ns()
      copy(got)
      copies[#copies + 1] = (cpu_ns() - c0) / 1000
      submits[#submits + 1] = (t1 - t0) / 1000
      polls[#polls + 1] = poll_ns / 1000
      if got.success and type(got.data) == "table" then
        local list = got.data.accounts or got.data.units or got.data
        items = #list > 0 and #list or 1
      end
    end
    print(string.format('{"gap_ms": %d, "case": "%s", "method": "%s", "items": %d, "submit_us_p50": %.1f, "submit_us_p99": %.1f, "poll_us_p50": %.1f, "poll_us_p99": %.1f, "kb_p50": %.1f, "lua_copy_us_p50": %.1f}',
      gap, name, method, items, percentile(submits, 0.5), percentile(submits, 0.99), percentile(polls, 0.5), percentile(polls, 0.99), percentile(kbs, 0.5), percentile(copies, 0.5)))
  end
end

-- The same call twice in a row after 10 ms of other work: the first pays for a cold library
-- (caches and TLB evicted by the game's work), the second shows the work itself.
do
  local first, second = {}, {}
  for _ = 1, iterations do
    work_ms(10)
    local t0 = cpu_ns()
    client.cad:getAccounts({ limit = 0 }, function() end)
    local t1 = cpu_ns()
    client.cad:getAccounts({ limit = 0 }, function() end)
    local t2 = cpu_ns()
    first[#first + 1], second[#second + 1] = (t1 - t0) / 1000, (t2 - t1) / 1000
    client:poll()
  end
  print(string.format('{"case": "cold_vs_warm", "first_us_p50": %.1f, "second_us_p50": %.1f}', percentile(first, 0.5), percentile(second, 0.5)))
end

-- createClient after the first: CPU time of the game thread.
local cpu, created = {}, {}
for _ = 1, math.max(10, math.floor(iterations / 5)) do
  local c0 = cpu_ns()
  local c = new_client()
  cpu[#cpu + 1] = (cpu_ns() - c0) / 1e6
  created[#created + 1] = c
  work_ms(1)
end
print(string.format('{"case": "createClient", "cpu_ms_p50": %.2f, "cpu_ms_p99": %.2f}', percentile(cpu, 0.5), percentile(cpu, 0.99)))
