-- The Sonoran.lua example of v2/integration-panels/set-state.md, unchanged but for apiUrl.
-- Copied by scripts/lua-page-examples.py: do not edit.
-- luarocks install sonoran.lua
local Sonoran = require("sonoran")
local sonoran = Sonoran.createClient({
  apiUrl = os.getenv("SONORAN_API_URL"),
  product = Sonoran.productEnums.CAD,
  communityId = "YOUR_COMMUNITY_ID",
  apiKey = "YOUR_API_KEY",
  defaultServerId = 1
})

local state = {
  summary = { active = 1, normal = 2 },
  alarms = {
    { id = "mrpd-lobby", name = "MRPD Lobby", active = true }
  }
}

local response = sonoran.cad:setIntegrationPanelStateV2(
  "example.fire-alarms",
  "default",
  state,
  1
)
print(response.success)
