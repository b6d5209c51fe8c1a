-- The Sonoran.lua example of v2/integration-panels/set-panel.md, unchanged but for apiUrl.
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

local definition = {
  schemaVersion = 1,
  key = "example.fire-alarms",
  name = "Fire Alarm",
  icon = "fas fa-bell",
  surfaces = { "dispatch", "fire" },
  body = {
    { type = "text", text = "Connected to the alarm controller." }
  }
}

local response = sonoran.cad:setIntegrationPanelV2("example.fire-alarms", definition)
print(response.success)
