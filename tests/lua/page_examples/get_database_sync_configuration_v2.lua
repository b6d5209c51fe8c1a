-- The Sonoran.lua example of v2/general/configuration/get-database-sync-configuration.md, unchanged but for apiUrl.
-- Copied by scripts/lua-page-examples.py: do not edit.
-- luarocks install sonoran.lua
-- For SonoranCADFiveM in-game usage, see the SonoranCADFiveM tab for the export-based client.
local Sonoran = require("sonoran")

local sonoran = Sonoran.createClient({
  apiUrl = os.getenv("SONORAN_API_URL"),
  product = Sonoran.productEnums.CAD,
  communityId = "YOUR_COMMUNITY_ID",
  apiKey = "YOUR_API_KEY",
  defaultServerId = 1
})

local response = sonoran.cad:getDatabaseSyncConfigurationV2()

if response.success then
  print("Database sync enabled:", response.data.enabled)
  print("Character mapping enabled:", response.data.character)
  print("License mapping enabled:", response.data.licenses)
  print("Vehicle registration mapping enabled:", response.data.vehicleRegistrations)
else
  print(response.reason)
end
