-- The tick-cadence profile, run by bench/profile.sh under callgrind: the same rhythm as
-- bench/tick.lua (one non-blocking call, the game's other work, then the poll that runs its
-- callback), with callgrind collecting only inside the submit or only inside the poll. Before
-- the poll the script sleeps (so that the library's I/O thread, slow under valgrind, has the
-- answer ready and one poll finds it), then works (so that the poll finds cold caches).
-- Usage: tick_host bench/profile.lua MOCK_URL CASE PHASE ITERATIONS GAP_MS
--   CASE: small | medium | large | refused;  PHASE: submit | poll
local url, case, phase, iterations, gap = ...
iterations, gap = tonumber(iterations) or 20, tonumber(gap) or 100
local Sonoran = require("sonoran")
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = url, rateLimits = "off" })
local cases = {
  small = { "getAccount", { username = "SonoranBrian" } },
  medium = { "getAccountUnitsV2", { accountUuid = "91de0ce8-c571-11e9-9714-5600023b2434" } },
  large = { "getAccounts", { limit = 100 } },
  refused = { "getAccounts", { limit = 0 } },
}
local method, params = cases[case][1], cases[case][2]
for _ = 1, 5 do client.cad[method](client.cad, params) end -- warm: connection, code paths
local polls = 0
for _ = 1, iterations do
  local got
  work_ms(gap)
  profile(phase == "submit")
  client.cad[method](client.cad, params, function(res) got = res end)
  profile(false)
  sleep_ms(300)
  work_ms(gap)
  while not got do
    profile(phase == "poll")
    client:poll()
    profile(false)
    polls = polls + 1
    if not got then work_ms(1) end
  end
end
-- Profiles divide by the calls: a poll that found nothing would count too, so say so.
io.stderr:write(string.format("profile.lua: %d calls, %d polls\n", iterations, polls))
