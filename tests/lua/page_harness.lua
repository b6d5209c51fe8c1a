-- Runs one page's Sonoran.lua example (arg[1]) as written, and reports what its calls answered.
-- Usage: SONORAN_API_URL=<mock> lua page_harness.lua tests/lua/page_examples/<operation>.lua
-- The example must run without a Lua error, and none of its calls may be refused by the
-- library (invalid_argument, internal): the last line printed is "result: <kind or ok>".
local Sonoran = require("sonoran")
local answers = {}
local create = Sonoran.createClient
-- The example's client, seen through a proxy that keeps every result table.
Sonoran.createClient = function(config)
  local client = create(config)
  local proxy = {}
  setmetatable(proxy, { __index = function(_, name)
    local method = client[name]
    if type(method) ~= "function" then return method end
    return function(_, ...)
      local result = method(client, ...)
      answers[#answers + 1] = result
      return result
    end
  end })
  rawset(proxy, "cad", proxy)
  return proxy
end
dofile(arg[1])
local last = answers[#answers]
if not last then print("result: no call made") os.exit(1) end
for _, answer in ipairs(answers) do
  if answer.kind == "invalid_argument" or answer.kind == "internal" then
    print("result: refused: " .. tostring(answer.reason))
    os.exit(1)
  end
end
print("result: " .. (last.success and "ok" or (last.kind .. ": " .. tostring(last.reason))))
