-- A Lua consumer of the release package: require the module from the package's lib/lua/<v>
-- and make one call against the mock. Usage: LUA_CPATH=<pkg>/lib/lua/<v>/?.so lua require.lua URL
local Sonoran = require("sonoran")
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = arg[1],
                                       product = Sonoran.productEnums.CAD, defaultServerId = 1 })
local r = client.cad:getVersionV2()
assert(r.success and r.data.name == "PRO", "getVersionV2 through the package's module")
print(_VERSION .. (jit and (" " .. jit.version) or "") .. ": sonoran " .. Sonoran.version .. ", plan " .. r.data.name)
