-- The Sonoran.lua example of v2/integration-panels/poll-actions.md, unchanged but for apiUrl.
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

local response = sonoran.cad:getIntegrationPanelActionsV2(
  "example.fire-alarms",
  { serverId = 1, after = 0, limit = 100 }
)

if response.success then
  for _, event in ipairs(response.data.events) do
    print(event.actionId, event.id)
  end
end
