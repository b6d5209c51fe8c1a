-- The Sonoran.lua example of v2/general/configuration/get-fivem-configuration.md, unchanged but for apiUrl.
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

local response = sonoran.cad:getFiveMConfigurationV2(1)

if response.success then
  print("Configuration revision:", response.data.revision)
else
  print(response.reason)
end
