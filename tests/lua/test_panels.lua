-- The panel helper from Lua, end to end against the mock: the pages' four example panels
-- (fire alarm, door locks, tow and impound, fleet) opened with their definitions, their example
-- states published, CAD actions pressed through the mock and each handed once to the panel's
-- onAction handler inside client:poll(), its result acknowledged; a handler's error
-- acknowledged as a failure; misuse and bad input.
-- Usage: MOCK_URL=... MOCK_BIN=path/to/sonoran-mock PANELS_DIR=build/panels lua test_panels.lua
-- (PANELS_DIR holds <name>.lua from scripts/panel-fixtures.py). Exits 1 on failure.
local Sonoran = require("sonoran")
local MOCK_URL = assert(os.getenv("MOCK_URL"), "MOCK_URL is not set")
local MOCK_BIN = assert(os.getenv("MOCK_BIN"), "MOCK_BIN is not set")
local PANELS_DIR = assert(os.getenv("PANELS_DIR"), "PANELS_DIR is not set")

local passed, failed = 0, 0
local function check(cond, what, detail)
  if cond then passed = passed + 1 else
    failed = failed + 1
    io.stderr:write("FAIL ", what, detail and (": " .. tostring(detail)) or "", "\n")
  end
end
local function sleep(seconds)
  local t = os.clock() + seconds
  while os.clock() < t do end
end
-- A CAD user pressing `count` times (the mock's --panel-action with "count").
local function press(key, instance, action_id, n, count)
  local command = string.format(
    "'%s' --url '%s' --panel-action '{\"serverId\":1,\"panelKey\":\"%s\",\"instanceKey\":\"%s\",\"actionId\":\"%s\",\"values\":{\"n\":%d},\"count\":%d}' >/dev/null",
    MOCK_BIN, MOCK_URL, key, instance, action_id, n, count or 1)
  local ok = os.execute(command)
  check(ok == true or ok == 0, "pressed " .. key)
end
-- Ticks (poll, then a short wait) until cond() or about 30 s.
local function tick_until(client, cond)
  local errors = {}
  for _ = 1, 6000 do
    local _, errs = client:poll()
    for _, e in ipairs(errs or {}) do errors[#errors + 1] = e end
    if cond() then return true, errors end
    sleep(0.005)
  end
  return false, errors
end

-- Pacing off, as the mock's limit is: 1,000 acknowledgements at the route's 240 a minute would
-- take four minutes and outlive the actions.
local client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
                                       defaultServerId = 1, product = Sonoran.productEnums.CAD, rateLimits = "off" })

-- Misuse is a Lua error; a bad key or option is nil and why, naming the field.
check(not pcall(function() return client:panel(42) end), "a key that is not a string is misuse")
local none, why = client:panel("Bad Key", { startEvents = false })
check(none == nil and tostring(why):find("panelKey", 1, true), "a bad key names panelKey", why)
none, why = client:panel("doors", { instnce = "x" })
check(none == nil and tostring(why):find("instnce", 1, true), "an unknown option is named", why)

local EXAMPLES = {
  { name = "fire-alarm", action = "alarm.set-active" },
  { name = "door-locks", action = "door.set-locked" },
  { name = "tow-impound", action = "tow.accept" },
  { name = "fleet-management", action = "fleet.repair" },
}
local PRESSES = 250 -- 1,000 CAD actions in all, with the hub up
local panels, calls = {}, {}
for i, example in ipairs(EXAMPLES) do
  local fixture = dofile(PANELS_DIR .. "/" .. example.name .. ".lua")
  example.key, example.instance = fixture.panelKey, fixture.instance
  local panel, err = client:panel(fixture.panelKey, { instance = fixture.instance, definition = fixture.definition })
  check(panel ~= nil, example.name .. " opened", err)
  local set, set_err = panel:setState(fixture.state)
  check(set == true, example.name .. " state kept", set_err)
  calls[i] = {}
  panel:onAction(function(action)
    calls[i][action.id] = (calls[i][action.id] or 0) + 1
    if action.panelKey ~= fixture.panelKey or action.values.n == nil then check(false, "the action's fields", action.panelKey) end
    return { success = true, message = "Done", result = { n = action.values.n } }
  end)
  panels[i] = panel
end
check(tick_until(client, function()
  local status = client:eventStatus()
  return status.data.hub and status.data.hub.state == "connected"
end), "the first panel started push events")
for i, example in ipairs(EXAMPLES) do
  check(tick_until(client, function() return panels[i]:status().statesSent == 1 end), example.name .. ": the example state landed",
        panels[i]:status().lastError)
  -- The start-up poll answered: what is pressed from now on comes by push alone.
  check(tick_until(client, function() local s = panels[i]:status(); return s.polls == 1 and not s.polling end),
        example.name .. ": the start-up poll")
  press(example.key, example.instance, example.action, 1, PRESSES)
end
local done, errors = tick_until(client, function()
  for i = 1, #EXAMPLES do if panels[i]:status().acked < PRESSES then return false end end
  return true
end)
check(done and #errors == 0, "every action acknowledged", errors[1])
for i, example in ipairs(EXAMPLES) do
  local count, once = 0, true
  for _, n in pairs(calls[i]) do count = count + 1; once = once and n == 1 end
  local status = panels[i]:status()
  check(count == PRESSES and once, example.name .. ": each action handled once", count)
  check(status.acked == PRESSES and status.duplicates == 0, example.name .. ": acknowledged once each", status.acked)
  check(status.polls == 1, example.name .. ": no recovery poll beyond the start", status.polls)
end

-- A handler that raises: acknowledged as a failure with its message, reported by poll.
local doors = panels[2]
doors:onAction(function() error("the door controller is offline") end)
press(EXAMPLES[2].key, EXAMPLES[2].instance, "door.set-locked", 99)
local acked, errs = tick_until(client, function() return doors:status().acked == PRESSES + 1 end)
check(acked, "the failed action is acknowledged")
check(errs[1] and errs[1]:find("offline", 1, true), "poll reports the handler's error", errs[1])

-- The take-and-ack form, without a handler.
doors:onAction(nil)
press(EXAMPLES[2].key, EXAMPLES[2].instance, "door.set-locked", 100)
local action
tick_until(client, function() action = doors:nextAction(); return action ~= nil end)
check(action and action.values.n == 100, "nextAction hands out the pressed action")
if action then
  local ok, err = doors:ack(action.id, { success = true, message = "Locked" })
  check(ok == true, "ack", err)
  local again, again_err = doors:ack(action.id, { success = true })
  check(again == nil and tostring(again_err):find("actionId", 1, true), "one result per action", again_err)
end
check(tick_until(client, function() return doors:status().acked == PRESSES + 2 end), "the taken action is acknowledged")

-- A state over 512 KiB is refused before it is kept; a state that is not a table is misuse.
local big, big_err = panels[1]:setState({ blob = string.rep("x", 600 * 1024) })
check(big == nil and tostring(big_err):find("state", 1, true), "600 KiB refused", big_err)
check(not pcall(function() return panels[1]:setState("text") end), "a state that is not a table is misuse")

for _, panel in ipairs(panels) do panel:close() end
check(panels[1]:status().closed == true, "closed")
print(string.format("panels: %d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
