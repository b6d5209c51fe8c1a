-- The Sonoran.lua example of v2/emergency/configuration/set-pager-config.md, unchanged but for apiUrl.
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

local response = sonoran.cad:setPagerConfigV2({
    serverId = 1,
    natureWords = {
      Emergency = 'Emergency',
      NonEmergency = 'Non-Emergency',
      Administrative = 'Administrative',
    },
    maxAddresses = 5,
    maxBodyLength = 250,
    nodes = {
      {
        id = 'root-1',
        name = 'Fire',
        description = 'Fire services',
        permission = 'fire',
        address = 'FIRE-01',
        shortCode = 'F1',
        kind = 'group',
        children = {},
      },
    },
  })

-- Inspect response.success, response.data, or response.reason as needed.
print(response.success)
