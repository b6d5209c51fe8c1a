-- The Sonoran.lua example of v2/emergency/calls/create-custom-dispatch-call.md, unchanged but for apiUrl.
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

local response = sonoran.cad:createCustomDispatchCallV2({
  serverId = 1,
  templateId = 1,
  values = {
    status = "deployed",
    priority = "Immediate",
    description = "Reports of a disturbance outside the station.",
    code = "GRADE_1",
    caller_name = "Alex Smith"
  },
  communityUserIds = {"player-1234"}
})
