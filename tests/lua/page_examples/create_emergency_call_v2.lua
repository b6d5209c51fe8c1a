-- The Sonoran.lua example of v2/emergency/calls/create-911-call.md, unchanged but for apiUrl.
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

local response = sonoran.cad:createEmergencyCallV2({
    serverId = 1,
    isEmergency = true,
    caller = 'John Doe',
    location = '101 Alta Street',
    description = 'Structure fire with visible smoke.',
    deleteAfterMinutes = 30,
    metaData = {
      source = 'integration',
      x = '425.1',
      y = '-979.2',
      z = '30.7',
      postal = '9001',
    },
  })

-- Inspect response.success, response.data, or response.reason as needed.
print(response.success)
