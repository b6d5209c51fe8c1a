-- tests/luanti/run.sh runs docs/guides/luanti.md's mod (its init.lua block, as mods/cad) with
-- this one: there is no player, so this mod runs the guide's /units command itself, catches
-- the chat message its callback sends, writes one result line (the log, and guide_probe.result
-- in the world folder) and shuts the server down. It needs no insecure environment.
local MOD = minetest.get_current_modname()
local cmd = minetest.registered_chatcommands["units"]
assert(cmd, "the guide's mod registered no /units command")

local chat = {}
local chat_send_player = minetest.chat_send_player
minetest.chat_send_player = function(name, message)
  if name == "tester" then chat[#chat + 1] = message else return chat_send_player(name, message) end
end

local step, elapsed, answered_at, first = 0, 0, nil, nil
local function finish(line)
  minetest.log("action", "[" .. MOD .. "] " .. line)
  local f = io.open(minetest.get_worldpath() .. "/" .. MOD .. ".result", "w")
  if f then f:write(line, "\n"); f:close() end
  minetest.request_shutdown("guide_probe finished", false, 0)
end

minetest.register_globalstep(function(dtime)
  if step < 0 then return end
  step, elapsed = step + 1, elapsed + dtime
  if step == 1 then
    local ok, msg = cmd.func("tester", "")
    first = tostring(ok) .. ", " .. tostring(msg)
    if #chat > 0 then step = -1; return finish("guide: FAILED: the answer came before /units returned") end
    return
  end
  if #chat > 0 and not answered_at then answered_at = step end
  -- a few more steps, to see the callback does not run twice
  if answered_at and step - answered_at >= 10 then
    step = -1
    local good = #chat == 1 and chat[1]:match("^%d+ units on duty$") and first == "true, asking the CAD..."
    finish(("guide: /units returned (%s), then its callback said %q%s"):format(first, chat[1],
      good and " (once): yes" or (" (" .. #chat .. " messages): FAILED")))
  elseif elapsed > 20 then
    step = -1
    finish("guide: FAILED: /units got no answer in 20 s")
  end
end)
