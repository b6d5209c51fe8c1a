-- Runs one page's Sonoran.lua example (arg[1]) as written, and reports what its calls answered.
-- Usage: SONORAN_API_URL=<mock> lua page_harness.lua tests/lua/page_examples/<operation>.lua
-- The example must run without a Lua error, none of its calls may be refused by the library
-- (invalid_argument, internal), and its last call must succeed, as on the CAD its page
-- describes (the mock is seeded with the pages' example ids), unless EXPECTED_FAILURES names
-- the example: then it must fail with exactly that kind. The last line printed is
-- "result: <ok or kind: reason>"; the exit status is 1 when the example did not do as expected.
local Sonoran = require("sonoran")

-- Examples whose page says they fail, by file name: [name] = "the error kind the page shows".
-- Each entry says why. (Empty: every page's example is meant to succeed, and does on a
-- default mock.)
local EXPECTED_FAILURES = {
}
local name = arg[1]:match("([^/]+)%.lua$")
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
local expected = EXPECTED_FAILURES[name]
if expected == nil and not last.success then
  print("the example's last call failed, where its page says it succeeds")
  os.exit(1)
elseif expected ~= nil and (last.success or last.kind ~= expected) then
  print("the example was expected to fail with " .. expected .. " (see EXPECTED_FAILURES)")
  os.exit(1)
end
