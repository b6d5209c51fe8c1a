-- The Sonoran.lua example of v2/emergency/calls/create-dispatch-call.md, unchanged but for apiUrl.
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

local response = sonoran.cad:createDispatchCallV2({
    serverId = 1,
    origin = 1,
    status = 1,
    priority = 1,
    block = '101',
    address = 'Alta Street',
    postal = '100',
    title = 'Structure Fire',
    code = 'FIRE',
    description = 'Visible smoke from the roof.',
    notes = {},
    communityUserIds = {'player-1234'},
    metaData = {
      source = 'integration',
      x = '425.1',
      y = '-979.2',
      z = '30.7',
      radius = '75',
    },
  })

-- Inspect response.success, response.data, or response.reason as needed.
print(response.success)
