-- A game-server script using require("sonoran"), all non-blocking.
--
-- Every call returns at once; its callback runs inside client:poll(), which the server calls
-- once per tick on its main thread, so the game never waits for the network.
--
-- Run against the mock (see docs/guides/lua.md):
--   LUA_CPATH="build/lua/5.4/?.so" lua5.4 examples/lua/tick_loop.lua http://127.0.0.1:8080
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

local function fail(step, res)
  print(step .. " failed: " .. tostring(res.kind) .. ": " .. tostring(res.reason))
end

-- 1. Look up the account, 2. list its units, 3. add, edit and remove an identifier.
-- Each step starts the next one from its callback.
local finished = false

local function remove_identifier(account, identId)
  client.cad:modifyIdentifier({ account = account.uuid, action = Sonoran.IDENTIFIER_ACTION.REMOVE, identId = identId },
    function(res)
      if res.success then print("removed: " .. res.data) else fail("remove", res) end
      finished = true
    end)
end

local function edit_identifier(account, identId)
  client.cad:modifyIdentifier({
    account = account.uuid,
    action = Sonoran.IDENTIFIER_ACTION.EDIT,
    identId = identId,
    identifier = { status = Sonoran.UNIT_STATUS.ON_SCENE, location = "Legion Square" },
  }, function(res)
    if res.success then
      print(("edited: %s is ON_SCENE at %s"):format(res.data.data.unitNum, res.data.location))
    else
      fail("edit", res)
    end
    remove_identifier(account, identId)
  end)
end

local function add_identifier(account)
  client.cad:modifyIdentifier({
    account = account.uuid,
    action = Sonoran.IDENTIFIER_ACTION.ADD,
    identifier = {
      status = Sonoran.UNIT_STATUS.AVAILABLE,
      aop = "Los Santos",
      data = { unitNum = "L-7", name = "Lua Example", department = "LSPD", page = Sonoran.UNIT_PAGE.POLICE },
    },
  }, function(res)
    if not res.success then fail("add", res); finished = true; return end
    print(("added identifier %d (%s)"):format(res.data.id, res.data.data.unitNum))
    edit_identifier(account, res.data.id)
  end)
end

client.cad:getAccount({ username = "SonoranBrian" }, function(res)
  if not res.success then fail("getAccount", res); finished = true; return end
  local account = res.data
  print(("account %s (%s), %d api ids"):format(account.username, account.uuid, #account.apiIds))
  client.cad:getAccountUnitsV2({ accountUuid = account.uuid, onlyOnline = true }, function(units)
    if units.success then
      for _, unit in ipairs(units.data.units) do
        print(("  unit #%d %s %s, status %d"):format(unit.id, unit.data.unitNum, unit.data.name, unit.status))
      end
    else
      fail("getAccountUnitsV2", units)
    end
    add_identifier(account)
  end)
end)

-- The server's tick loop (here: a plain loop at ~60 ticks a second).
local function sleep(seconds)
  local deadline = os.clock() + seconds
  repeat until os.clock() >= deadline
end
local ticks = 0
while not finished and ticks < 3000 do
  ticks = ticks + 1
  local _, errors = client:poll()
  for _, err in ipairs(errors or {}) do print(err) end
  sleep(1 / 60)
end
print(("done after %d ticks"):format(ticks))
