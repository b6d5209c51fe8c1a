-- Loaded by embed_host.c: `sonoran` is already registered by the host (luaL_requiref).
local Sonoran = require("sonoran")
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL, rateLimits = "off" })

local expected, calls = 0, {}
local function submit(method, params)
  expected = expected + 1
  local n = expected
  client.cad[method](client.cad, params, function(res)
    calls[n] = (calls[n] or 0) + 1
    assert(res.success ~= nil)
  end)
end
for _ = 1, 10 do
  submit("getAccount", { username = "SonoranBrian" })
  submit("getAccountUnitsV2", { accountUuid = "00000000-0000-0000-0000-000000000000" })
  submit("getAccounts", { limit = 100 })
  submit("getAccounts", { limit = 0 }) -- invalid: completes at once, still through poll
end

function on_tick()
  client:poll()
  return client:pending() == 0
end

function report()
  for n = 1, expected do
    if calls[n] ~= 1 then return false end
  end
  return true
end
