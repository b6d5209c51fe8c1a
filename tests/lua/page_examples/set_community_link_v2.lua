-- The Sonoran.lua example of v2/general/accounts/set-community-link.md, unchanged but for apiUrl.
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

local response = sonoran.cad:setCommunityLinkV2({
  accountUuid = "11111111-1111-1111-1111-111111111111",
  secretUuid = "22222222-2222-2222-2222-222222222222",
  communityUserId = "fivem:12345"
})

print(response.success)
