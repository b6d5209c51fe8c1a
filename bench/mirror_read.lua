-- The game thread's cost of reading the live mirror from Lua (scripts/bench.sh --mirror): 64 units
-- seeded on a running mock, a client that mirrors them, then `client:units()` timed (a) while
-- nothing changed (the list replayed from the tape kept per change), (b) as the first read after
-- a status change (the list's text made, read into a new tape, replayed), (c) as
-- `client:units(version)` while nothing changed (nil). Each read is timed alone; before each one
-- the collector runs, then the game's other work (work_ms, when the host has it) leaves the
-- caches as cold as a real tick does, and the collector is stopped while the read is measured
-- (as in bench/tick.lua), so the KB allocated per read are its own. Prints one JSON object per
-- case.
-- Usage: tick_host bench/mirror_read.lua MOCK_URL MOCK_BIN READS CHANGES   (cpu_ns: thread CPU)
--    or: lua5.4 bench/mirror_read.lua MOCK_URL MOCK_BIN READS CHANGES     (os.clock: process CPU)
-- with LUA_CPATH pointing at the module (build/lua/5.4/?.so).
local url, mock_bin, reads, changes = ...
reads, changes = tonumber(reads) or 1000, tonumber(changes) or 100
local Sonoran = require("sonoran")

-- tick_host gives the thread's CPU clock, work and sleep; plain Lua has os.clock (the
-- process's CPU, the library's threads included) and a busy wait.
local clock = cpu_ns and "thread" or "process"
local now_ns = cpu_ns or function() return os.clock() * 1e9 end
local work = work_ms or function() end
local sleep = sleep_ms and function(ms) sleep_ms(ms) end or function(ms)
  local t = os.clock() + ms / 1000
  while os.clock() < t do end
end
local GAME_WORK_MS = 2

local function control(path, data)
  local command = string.format("'%s' --url '%s' --control '%s' --data '%s' 2>&1", mock_bin, url, path, data or "{}")
  local pipe = assert(io.popen(command))
  local out = pipe:read("*a")
  local ok = pipe:close()
  if not ok then error("control " .. path .. ": " .. out) end
  return out
end

local function percentile(values, p)
  local sorted = {}
  for i, v in ipairs(values) do sorted[i] = v end
  table.sort(sorted)
  return sorted[math.max(1, math.ceil(#sorted * p))]
end

local seeded = control("/_mock/units/seed", '{"count":64}')
local ids = {}
for id in seeded:match('"identIds"%s*:%s*(%b[])'):gmatch("%d+") do ids[#ids + 1] = tonumber(id) end
assert(#ids == 64, "the mock seeded 64 units: " .. seeded)

-- Paced as a game server runs; the mirror's first read goes through get_units_v2's budget.
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = url,
                                       defaultServerId = 1, product = Sonoran.productEnums.CAD })
local started = client:startMirror()
assert(started.success, "startMirror: " .. tostring(started.reason))
for _ = 1, 3000 do
  client:poll()
  local status = client:mirrorStatus()
  if status.seeded and status.complete then break end
  sleep(10)
end
local status = client:mirrorStatus()
assert(status.seeded and status.complete, "the mirror was seeded")

-- One timed read: thread (or process) CPU in µs, and KB allocated.
local function timed(read)
  collectgarbage("collect")
  work(GAME_WORK_MS)
  collectgarbage("stop")
  local kb0 = collectgarbage("count")
  local t0 = now_ns()
  local a, b = read()
  local t1 = now_ns()
  local kb = collectgarbage("count") - kb0
  collectgarbage("restart")
  return (t1 - t0) / 1000, kb, a, b
end

local function report(case, us, kbs, extra)
  print(string.format('{"case": "%s", "clock": "%s", "reads": %d, "us_p50": %.1f, "us_p99": %.1f, "kb_p50": %.1f%s}',
    case, clock, #us, percentile(us, 0.5), percentile(us, 0.99), percentile(kbs, 0.5), extra or ""))
end

local units, version = client:units()
assert(#units >= 64, "the mirror lists every seeded unit")
for _ = 1, 50 do client:units() end -- warm: code paths

-- (a) Nothing changed: the tape is replayed into fresh tables.
local us, kbs = {}, {}
for i = 1, reads do
  local t, kb, list = timed(function() return client:units() end)
  assert(#list == #units)
  us[i], kbs[i] = t, kb
  client:poll()
end
report("unchanged", us, kbs, string.format(', "units": %d', #units))

-- (c) units(version) while nothing changed: nil and the version.
us, kbs = {}, {}
version = client:mirrorVersion()
for i = 1, reads do
  local t, kb, list, now = timed(function() return client:units(version) end)
  assert(list == nil and now == version, "nothing changed")
  us[i], kbs[i] = t, kb
  client:poll()
end
report("since_unchanged", us, kbs)

-- (b) The first read after a change: a unit's status changes on the mock, its event reaches
-- the mirror (the version moves), then the list is read.
us, kbs = {}, {}
for i = 1, changes do
  local before = client:mirrorVersion()
  local id = ids[(i - 1) % #ids + 1]
  control("/_mock/units/" .. id .. "/status", string.format('{"status":%d}', 3 + (math.floor((i - 1) / #ids) % 2)))
  local polls = 0
  while client:mirrorVersion() == before do
    client:poll()
    polls = polls + 1
    assert(polls < 5000, "the change reached the mirror")
    sleep(1)
  end
  local t, kb, list = timed(function() return client:units() end)
  assert(#list == #units)
  us[i], kbs[i] = t, kb
end
report("changed", us, kbs, string.format(', "status": %s', string.format('{"resyncs": %d, "eventsApplied": %d, "complete": %s}',
  client:mirrorStatus().resyncs, client:mirrorStatus().eventsApplied, tostring(client:mirrorStatus().complete))))
