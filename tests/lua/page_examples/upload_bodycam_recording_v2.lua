-- The Sonoran.lua example of v2/general/configuration/upload-bodycam-recording.md, unchanged but for apiUrl.
-- Copied by scripts/lua-page-examples.py: do not edit.
local Sonoran = require("sonoran")

local sonoran = Sonoran.createClient({
  apiUrl = os.getenv("SONORAN_API_URL"),
  product = Sonoran.productEnums.CAD,
  apiKey = "YOUR_API_KEY",
  communityId = "YOUR_COMMUNITY_ID"
})

local file = assert(io.open("bodycam-clip.webm", "rb"))
local file_content = file:read("*a")
file:close()

local response = sonoran.cad:uploadBodycamRecordingV2({
  accountUuid = "USER_ACCOUNT_UUID",
  durationMs = 90000,
  identId = 123,
  unitNumber = "1A-12",
  unitLocation = "Senora Fwy / Route 68",
  fileName = "bodycam-clip.webm",
  fileContent = file_content,
  contentType = "video/webm"
})

print(response.success)
print(response.reason or "")
