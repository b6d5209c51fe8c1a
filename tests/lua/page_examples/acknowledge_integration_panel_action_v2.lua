-- The Sonoran.lua example of v2/integration-panels/acknowledge-action.md, unchanged but for apiUrl.
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

local response = sonoran.cad:acknowledgeIntegrationPanelActionV2(
  "example.fire-alarms",
  "11111111-1111-1111-1111-111111111111",
  {
    serverId = 1,
    success = true,
    message = "Alarm disabled",
    result = { alarmId = "mrpd-lobby", active = false }
  }
)
print(response.success)
