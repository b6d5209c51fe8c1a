-- The Sonoran.lua example of v2/emergency/configuration/set-street-sign-config.md, unchanged but for apiUrl and its `//` comment line, written `--`.
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

local response = sonoran.cad:setStreetSignConfigV2({
    -- See the request body above for the full street sign shape.
    { id = 1, coordinates = { x = 0, y = 0, z = 0, w = 0 }, label = 'Alta St' },
  }, 1)

-- Inspect response.success, response.data, or response.reason as needed.
print(response.success)
