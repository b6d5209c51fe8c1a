-- The Sonoran.lua example of v2/emergency/calls/update-dispatch-call.md, unchanged but for apiUrl.
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

local response = sonoran.cad:updateDispatchCallV2(501, {
    serverId = 1,
    description = 'Caller confirmed the fire has spread to the garage.',
    postal = '100',
    metaData = {
      source = 'integration',
      x = '430.5',
      y = '-982.1',
      z = '31.0',
      radius = '100',
    },
  })

-- Inspect response.success, response.data, or response.reason as needed.
print(response.success)
