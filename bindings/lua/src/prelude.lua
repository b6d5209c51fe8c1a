-- The Lua side of require("sonoran"): see prelude.rs.
local module, raw_create, method_names = ...
local methods = {}
local function misuse(message) error(message, 3) end
for _, name in ipairs(method_names) do
  methods[name] = function(self, ...)
    local handle = type(self) == "table" and rawget(self, "_handle")
    if not handle then misuse("sonoran: call methods with a colon: client." .. name .. "(...) is client:" .. name .. "(...)") end
    local ok, a, b = handle[name](handle, ...)
    if not ok then misuse(a) end
    return a, b
  end
end
local Client = { __index = methods, __name = "sonoran.Client" }
module.createClient = function(config)
  local ok, handle = raw_create(config)
  if not ok then error(handle, 2) end
  local client = setmetatable({ _handle = handle }, Client)
  client.cad = client
  return client
end
return module
