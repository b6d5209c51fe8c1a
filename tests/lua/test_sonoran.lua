-- Lua tests of require("sonoran") against the mock Sonoran CAD server, for lua5.4 and luajit.
-- Usage: MOCK_URL=http://127.0.0.1:PORT SILENT_URL=http://127.0.0.1:PORT2 MOCK_BIN=path/to/sonoran-mock lua test_sonoran.lua
-- (package.cpath must reach sonoran.so). The mock runs with its v2 rate limit off; SILENT_URL
-- accepts connections and never answers. Prints "N passed, N failed"; exits 1 on failure.
local Sonoran = require("sonoran")
local MOCK_URL = assert(os.getenv("MOCK_URL"), "MOCK_URL is not set")
local SILENT_URL = assert(os.getenv("SILENT_URL"), "SILENT_URL is not set")
-- A mock whose v2 reads answer JSON that is valid syntax but beyond what any face can hold.
local HOSTILE_URL = assert(os.getenv("HOSTILE_URL"), "HOSTILE_URL is not set")
local BRIAN = "91de0ce8-c571-11e9-9714-5600023b2434"
local JOHN = "00000000-0000-0000-0000-000000000000"

local passed, failed = 0, 0
local function check(cond, what, detail)
  if cond then passed = passed + 1 else
    failed = failed + 1
    io.stderr:write("FAIL ", what, detail and (": " .. tostring(detail)) or "", "\n")
  end
end
local function raises(fn, needle, what)
  local ok, err = pcall(fn)
  check(not ok and tostring(err):find(needle, 1, true) ~= nil, what, err)
end
local function sleep(seconds)
  local t = os.clock() + seconds
  while os.clock() < t do end
end
local function new(url)
  return Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = url,
                                 defaultServerId = 1, timeoutMs = 20000, product = Sonoran.productEnums.CAD,
                                 rateLimits = "off" })
end
-- Poll once per "tick" until `cond()` or a deadline.
local function tick_until(client, cond)
  local ran, errors = 0, {}
  for _ = 1, 20000 do
    local n, errs = client:poll()
    ran = ran + n
    for _, e in ipairs(errs or {}) do errors[#errors + 1] = e end
    if cond() then break end
    sleep(0.001)
  end
  return ran, errors
end

-- constants
check(type(Sonoran.version) == "string" and Sonoran.version:match("^%d+%.%d+%.%d+"), "version", Sonoran.version)
check(Sonoran.UNIT_STATUS.ON_SCENE == 4 and Sonoran.UNIT_STATUS.OFFLINE == 100, "UNIT_STATUS")
check(Sonoran.UNIT_PAGE.DISPATCH == 3 and Sonoran.UNIT_PAGE.UNKNOWN == -1, "UNIT_PAGE")
check(Sonoran.ACCOUNT_STATUS.BANNED == 4, "ACCOUNT_STATUS")
check(Sonoran.IDENTIFIER_ACTION.ADD == 0 and Sonoran.IDENTIFIER_ACTION.EDIT == 1 and Sonoran.IDENTIFIER_ACTION.REMOVE == 2, "IDENTIFIER_ACTION")
check(Sonoran.productEnums.CAD == 0, "productEnums")
check(Sonoran.null ~= nil and type(Sonoran.null) == "userdata", "null sentinel")

-- misuse is a Lua error
raises(function() Sonoran.createClient({ communityId = "c" }) end, "`apiKey` is required", "createClient without apiKey")
raises(function() Sonoran.createClient("key") end, "expected a config table", "createClient non-table")
raises(function() Sonoran.createClient({ communityId = "c", apiKey = "k", product = 1 }) end, "productEnums.CAD", "createClient product")
raises(function() Sonoran.createClient({ communityId = "c", apiKey = "k", colour = 1 }) end, "`colour` is not a config key", "createClient unknown key")
local client = new(MOCK_URL)
raises(function() client.cad:getAccount("SonoranBrian") end, "getAccount takes a parameter table, got string", "non-table params")
raises(function() client.cad:getAccount({ username = "x" }, "not a function") end, "callback must be a function", "non-function callback")
raises(function() client.cad.getAccount({ username = "x" }) end, "", "dot instead of colon")

-- every method, blocking, on client.cad and on client
local r = client.cad:getAccount({ username = "SonoranBrian" })
check(r.success == true and r.status == 200 and r.data.uuid == BRIAN, "getAccount", r.reason)
check(r.data.permissions.modifyStreetSigns == true, "getAccount permissions")
check(#r.data.apiIds == 2 and r.data.apiIds[1] == "Steam:1234", "arrays are sequences")
r = client:getAccount({ apiId = "Steam:1234" })
check(r.success and r.data.username == "SonoranBrian", "client:getAccount")
r = client.cad:getAccounts({ limit = 1 })
check(r.success and r.data.pagination.total == 2 and #r.data.accounts == 1, "getAccounts")
r = client.cad:getAccounts()
check(r.success and #r.data.accounts == 2, "getAccounts without params")
do -- Keys shared by both accounts are made once per answer and copied: each table still has its own values.
  local a, b = r.data.accounts[1], r.data.accounts[2]
  local same_keys = true
  for k in pairs(a) do if b[k] == nil then same_keys = false end end
  check(a.uuid ~= b.uuid and a.username ~= b.username and same_keys and type(a.permissions) == "table"
    and a.permissions ~= b.permissions and type(a.permissions.admin) == "boolean", "a page's accounts share keys, not values")
end
r = client.cad:getAccountIdentifiers({ apiId = "Steam:1234", onlyOnline = true })
check(r.success and #r.data == 2, "getAccountIdentifiers", r.reason)
r = client.cad:getAccountUnitsV2({ accountUuid = JOHN, onlyOnline = true })
check(r.success and #r.data.units == 1 and r.data.units[1].coordinates.w == 180, "getAccountUnitsV2")
r = client:getAccountUnits({ accountUuid = BRIAN, onlyUnits = false, limit = 10, offset = 0 })
check(r.success and #r.data.units == 2, "getAccountUnits alias")
r = client:call("get_account", { account = JOHN })
check(r.success and r.data.username == "JohnDoe", "call by name")

-- modifyIdentifier ADD / EDIT / REMOVE; unknown fields and JSON null reach Lua
r = client.cad:modifyIdentifier({ apiId = "license:abc123", action = Sonoran.IDENTIFIER_ACTION.ADD,
  identifier = { status = Sonoran.UNIT_STATUS.AVAILABLE, aop = "Los Santos",
                 data = { unitNum = "L-1", name = "Lua Test", badgeColour = "gold", nickname = Sonoran.null } } })
check(r.success and r.data.data.unitNum == "L-1", "ADD", r.reason)
check(r.data.data.badgeColour == "gold", "unknown fields reach Lua")
check(r.data.data.nickname == Sonoran.null, "JSON null is Sonoran.null")
local ident = r.data.id
r = client.cad:modifyIdentifier({ account = JOHN, action = "EDIT", identId = ident, identifier = { location = "Vinewood" } })
check(r.success and r.data.location == "Vinewood" and r.data.data.unitNum == "L-1", "EDIT", r.reason)
r = client.cad:modifyIdentifier({ account = JOHN, action = Sonoran.IDENTIFIER_ACTION.REMOVE, identId = ident })
check(r.success and r.data == ("Identifier " .. ident .. " removed!"), "REMOVE answers text", r.data)

-- API failures are results, never Lua errors
r = client.cad:getAccount({ username = "Nobody" })
check(r.success == false and r.kind == "not_found" and r.status == 404, "not_found", r.kind)
r = client.cad:getAccounts({ limit = 0 })
check(r.success == false and r.kind == "invalid_argument" and r.reason:find("`limit`") and r.status == nil, "invalid_argument", r.reason)
r = client.cad:getAccountUnitsV2({ accountUuid = "nope" })
check(r.kind == "invalid_argument" and r.reason:find("UUID"), "bad uuid", r.reason)
r = client.cad:getAccountUnitsV2({ accountUuid = BRIAN, serverId = 9 })
check(r.kind == "not_found" and type(r.traceId) == "string", "v2 problem with traceId", r.reason)
r = client.cad:getAccounts({ limit = 1, offset = Sonoran.null })
check(r.success, "Sonoran.null in params means not given", r.reason)
local wrong = Sonoran.createClient({ communityId = "demo-community", apiKey = "wrong", apiUrl = MOCK_URL, rateLimits = "off" })
r = wrong.cad:getAccounts({})
check(r.success == false and r.kind == "unauthorized" and r.reason == "INVALID API KEY", "unauthorized", r.reason)
r = wrong:call("no_such_thing", {})
check(r.kind == "invalid_argument" and r.reason:find("not an operation"), "unknown operation", r.reason)

-- non-blocking: returns at once; callbacks run inside poll, each exactly once
local counts, results = {}, {}
local methods = {
  { "getAccount", { username = "JohnDoe" } },
  { "getAccounts", { limit = 2 } },
  { "getAccountIdentifiers", { apiId = "Steam:1234" } },
  { "getAccountUnitsV2", { accountUuid = BRIAN } },
  { "getAccountUnits", { accountUuid = JOHN } },
  { "getAccounts", { limit = 500 } }, -- invalid: still a callback, with success = false
}
for i, m in ipairs(methods) do
  local id = client.cad[m[1]](client.cad, m[2], function(res)
    counts[i] = (counts[i] or 0) + 1
    results[i] = res
  end)
  check(type(id) == "number" and id > 0, "request id " .. m[1], id)
end
collectgarbage("collect") -- the callbacks are held by the client, not by the script
local ran = tick_until(client, function() return client:pending() == 0 end)
check(ran == #methods, "poll ran every callback", ran)
for i, m in ipairs(methods) do
  check(counts[i] == 1, "callback once " .. m[1], counts[i])
end
check(results[1].success and results[1].data.username == "JohnDoe", "callback result")
check(results[6].success == false and results[6].kind == "invalid_argument", "invalid callback result")
check(client:poll() == 0, "nothing left to run")

-- an error in one callback is reported and does not lose the others
local after = 0
client.cad:getAccounts({ limit = 1 }, function() error("boom from script") end)
client.cad:getAccounts({ limit = 1 }, function() after = after + 1 end)
local ran2, errors = tick_until(client, function() return client:pending() == 0 end)
check(ran2 == 2 and after == 1, "other callbacks still run", ran2)
check(#errors == 1 and errors[1]:find("boom from script", 1, true), "callback error returned by poll", errors[1])

-- a modifyIdentifier chain driven from callbacks (submitting from inside a callback)
local chain = {}
client.cad:modifyIdentifier({ account = BRIAN, action = 0, identifier = { data = { unitNum = "CB-1" } } }, function(add)
  chain.add = add
  client.cad:modifyIdentifier({ account = BRIAN, action = 2, identId = add.data.id }, function(rem) chain.remove = rem end)
end)
tick_until(client, function() return chain.remove ~= nil end)
check(chain.add and chain.add.success and chain.remove and chain.remove.success, "callbacks can submit")

-- every method, blocking and non-blocking (writes go to PendingPat, whom no other check counts)
local PAT = "5d6c3a1e-2f4b-4c8d-9e0f-1a2b3c4d5e6f"
local function every_method(created)
  return {
    { "getAccountIdentifiers", { apiId = "Steam:1234" } },
    { "getAccountUnitsV2", { accountUuid = PAT } },
    { "getAccountUnits", { accountUuid = PAT } },
    { "getAccount", { username = "PendingPat" } },
    { "getAccounts", { limit = 2 } },
    { "modifyIdentifier", { account = PAT, action = 0, identifier = { data = { unitNum = "P-3" } } } },
    { "getIdentifiers", { account = PAT } },
    { "setIdentifier", { account = BRIAN, identId = 1 } },
    { "setIdentifiersToGroup", { identIds = { 1 }, groupName = "CAR 51" } },
    { "identsToGroup", { identIds = { 1 }, groupName = "CAR 51" } },
    { "getActiveUnits", { limit = 1 } },
    { "getAccountV2", { username = "PendingPat" } },
    { "getAccountsV2", { limit = 2 } },
    { "getIdentifiersV2", { accountUuid = PAT } },
    { "createIdentifierV2", { accountUuid = PAT, unitNum = "P-4", status = Sonoran.UNIT_STATUS.OFFLINE } },
    { "selectIdentifierV2", function() return { accountUuid = PAT, identId = created.id } end },
    { "updateIdentifierV2", function() return { accountUuid = PAT, identId = created.id, rank = "SGT" } end },
    { "addIdentifiersToGroupV2", function() return { groupName = "A Shift", identIds = { created.id } } end },
    { "deleteIdentifierV2", function() return { accountUuid = PAT, identId = created.id } end },
    { "getUnitsV2", { limit = 1 } },
    -- units, calls and dispatch (created.call and created.e911 are the calls made here)
    { "setUnitStatusV2", { identIds = { 12 }, status = Sonoran.UNIT_STATUS and Sonoran.UNIT_STATUS.ENROUTE or 3 } },
    { "setUnitPanicV2", { apiId = "license:abc123", isPanic = false } },
    { "createIdentifierV2", { accountUuid = PAT, unitNum = "P-K", status = 2 } },
    { "updateUnitLocationsV2", { updates = { { communityUserId = "license:pat001", location = "Nowhere", coordinates = { x = 1.5, y = -2, z = 0, w = 0 } } } } },
    { "kickUnitV2", { communityUserId = "license:pat001", reason = "Lua test" } },
    { "getCallsV2", { closedLimit = 1, type = 100 } },
    { "getCurrentCallV2", { accountUuid = PAT } },
    { "createEmergencyCallV2", { isEmergency = true, caller = "C", location = "L", description = "D", metaData = { x = "1", y = "2" } } },
    { "deleteEmergencyCallV2", function() return { callId = created.e911 } end },
    { "createDispatchCallV2", { origin = 0, status = 1, priority = 1, title = "Lua", communityUserIds = {}, notes = {} } },
    { "createCustomDispatchCallV2", { templateId = 1, values = { status = "awaiting_deployment" }, identIds = { 12 } } },
    { "getDispatchTemplatesV2", {} },
    { "updateDispatchCallV2", function() return { callId = created.call, description = "updated" } end },
    { "attachUnitsToDispatchCallV2", function() return { callId = created.call, identIds = { 12 } } end },
    { "setDispatchPostalV2", function() return { callId = created.call, postal = "9001" } end },
    { "setDispatchPrimaryV2", function() return { callId = created.call, identId = 12, trackPrimary = false } end },
    { "addDispatchNoteV2", function() return { callId = created.call, note = "from Lua" } end },
    { "detachUnitsFromDispatchCallV2", { identIds = { 12 } } },
    { "closeDispatchCallsV2", function() return { callIds = { created.call } } end },
    -- map and configuration (created.blip is the blip made here)
    { "getBlipsV2", { serverId = 1 } },
    { "createBlipV2", { coordinates = { x = 425.1, y = -979.2, z = 30.7, w = 0 }, subType = "radius", icon = "fire", radius = 25, data = { { title = "Units", text = "2" } } } },
    { "updateBlipV2", function() return { blipId = created.blip, tooltip = "Updated marker", color = "#ffaa00" } end },
    { "deleteBlipsV2", function() return { ids = { created.blip } } end },
    { "setAvailableCalloutsV2", { callouts = { { id = "armed_suspect", data = {} } } } },
    { "getPagerConfigV2", {} },
    { "setPagerConfigV2", { natureWords = { Emergency = "Emergency" }, maxAddresses = 5, maxBodyLength = 250, nodes = { { id = "root-1", name = "Fire", kind = "group", children = {} } } } },
    { "setStationsV2", { locations = {}, tones = {}, unitColors = {} } },
    { "setStreetSignConfigV2", { signs = { { id = 7, coordinates = { x = 0, y = 0, z = 0, w = 0 }, label = "Alta St" } } } },
    { "updateStreetSignsV2", { ids = { 7 }, text1 = "ALTA", text2 = "ST", text3 = "" } },
    -- records, lookups and characters (created.record and created.character are made here)
    { "lookupV2", { plate = "ABC123", types = { 5 } } },
    { "lookupByValueV2", { searchType = "NUMBER", value = "451" } },
    { "lookupCustomV2", { map = "vehicle", value = "abc", partial = true } },
    { "getTemplatesV2", { recordTypeId = 5 } },
    { "sendRecordDraftV2", { recordTypeId = 12, replaceValues = { case_number = "L-1" }, communityUserId = "license:pat001" } },
    { "createRecordV2", { communityUserId = "license:pat001", useDictionary = true, recordTypeId = 12, replaceValues = { case_number = "L-TEST" } } },
    { "updateRecordV2", function() return { recordId = created.record, useDictionary = true, templateId = 12, replaceValues = { case_number = "L-TEST-2" } } end },
    { "removeRecordV2", function() return { recordId = created.record } end },
    { "createRecordV2", { accountUuid = PAT, useDictionary = true, recordTypeId = 7, replaceValues = { first = "Pat", last = "Lua" } } },
    { "getCharactersV2", { accountUuid = PAT } },
    { "setSelectedCharacterV2", function() return { accountUuid = PAT, characterId = created.character } end },
    { "removeCharacterV2", function() return { characterId = created.character } end },
    { "addCharacterLinkV2", { syncId = "lua-test:1", communityUserId = "license:pat001" } },
    { "getCharacterLinksV2", { accountUuid = PAT } },
    { "removeCharacterLinkV2", { syncId = "lua-test:1", accountUuid = PAT } },
    -- v2 general: account changes go to BannedBob (license:bob666), whom no other check reads
    { "banUserV2", { communityUserId = "license:bob666", isBan = true, isKick = true } },
    { "setAccountPermissionsV2", { communityUserId = "license:bob666", add = { "DISPATCH" }, remove = { "CIVILIAN" } } },
    { "uploadBodycamRecordingV2", { communityUserId = "license:abc123", durationMs = 1000, fileName = "lua.webm", fileContent = "\26\69\223\163\0\255 webm", contentType = "video/webm" } },
    { "getInfoV2", {} },
    { "checkCommunityLinkV2", { communityUserId = "license:abc123" } },
    { "setCommunityLinkV2", { accountUuid = JOHN, secretUuid = "22222222-2222-2222-2222-222222222222", communityUserId = "license:abc123" } },
    { "createCommunityLinkV2", { communityUserId = "fivem:lua" } },
    { "getLoginPageV2", { communityId = "demo-community" } },
    { "getPenalCodesV2", {} },
    { "setPenalCodesV2", { codes = { { title = "Unsafe Lane Change", code = "22107", bondAmount = 0 } } } },
    { "applyPermissionKeyV2", { apiId = "license:bob666", permissionKey = "DISPATCH" } },
    { "sendPhotoV2", { communityUserId = "license:abc123", url = "https://cdn.example.com/lua.png" } },
    { "setPostalsV2", { postals = { { code = "100", x = 425.1, y = -979.2 } } } },
    { "verifySecretV2", { secret = "22222222-2222-2222-2222-222222222222" } },
    { "heartbeatV2", { serverId = 1, playerCount = 3 } },
    { "authorizeStreetSignsV2", { serverId = 1 } },
    { "getServersV2", {} },
    { "setServersV2", { servers = { { id = 1, name = "Main Server", mapIp = "127.0.0.1" }, { id = 2, name = "Server 2", mapIp = "127.0.0.1" } } } },
    { "getTurnCredentialsV2", { userId = "unit-1" } },
    { "getVersionV2", {} },
    { "getAllAccounts", { limit = 1 } },
    { "getAllAccountsV2", { limit = 100 } },
    { "getAllActiveUnits", { limit = 1 } },
    { "getAllUnitsV2", { limit = 1 } },
    { "getAllAccountUnits", { accountUuid = BRIAN } },
  }
end
for _, mode in ipairs({ "blocking", "callback" }) do
  local created = {}
  for _, m in ipairs(every_method(created)) do
    local params = type(m[2]) == "function" and m[2]() or m[2]
    local res
    if mode == "blocking" then
      res = client.cad[m[1]](client.cad, params)
    else
      client[m[1]](client, params, function(r) res = r end)
      tick_until(client, function() return res ~= nil end)
    end
    check(res and res.success, mode .. " " .. m[1], res and res.reason)
    if m[1] == "createIdentifierV2" and res and res.success and not created.id then created.id = res.data.identId end
    if m[1] == "createDispatchCallV2" and res and res.success then created.call = res.data.callId end
    if m[1] == "createEmergencyCallV2" and res and res.success then created.e911 = res.data.callId end
    if m[1] == "createBlipV2" and res and res.success then created.blip = res.data.id end
    if m[1] == "createRecordV2" and res and res.success then
      if params.recordTypeId == 7 then created.character = res.data.id else created.record = res.data.id end
    end
  end
  check(created.id ~= nil, mode .. ": created an identifier to work on")
end

-- sonoran.lua's positional argument lists, blocking and with a trailing callback
r = client.cad:getIdentifiersV2(PAT)
check(r.success and type(r.data.identifiers or r.data.Identifiers) == "table", "getIdentifiersV2(accountUuid)", r.reason)
r = client.cad:createIdentifierV2(PAT, { unitNum = "POS-1", status = Sonoran.UNIT_STATUS.AVAILABLE })
check(r.success and r.data.identId, "createIdentifierV2(accountUuid, fields)", r.reason)
local pos = r.data.identId
r = client.cad:updateIdentifierV2(PAT, pos, { rank = "LT" })
check(r.success and r.data.identId == pos and r.data.identifier.data.rank == "LT", "updateIdentifierV2(accountUuid, identId, fields)", r.reason)
r = client.cad:selectIdentifierV2(PAT, pos)
check(r.success and r.data.identifier.id == pos, "selectIdentifierV2(accountUuid, identId)", r.reason)
local deleted
client.cad:deleteIdentifierV2(PAT, pos, function(res) deleted = res end)
tick_until(client, function() return deleted ~= nil end)
check(deleted.success and deleted.data.identId == pos, "deleteIdentifierV2(accountUuid, identId, callback)", deleted.reason)
r = client.cad:getIdentifiersV2(nil, function() end)
check(type(r) == "number", "a nil positional argument is skipped")
tick_until(client, function() return client:pending() == 0 end)
r = client.cad:closeDispatchCallsV2({ 999999 }, 1)
check(r.success == false and r.kind == "not_found", "a leading list is a positional value: closeDispatchCallsV2({callId}, serverId)", r.kind)
r = client.cad:addIdentifiersToGroupV2({ groupName = "Alias Shift", apiIds = { "license:abc123" } })
check(r.success and r.data.ok == true, "apiIds is sent as communityUserIds", r.reason)

-- the positional forms of the units, calls and dispatch methods, as their pages call them
r = client.cad:createDispatchCallV2({ origin = 1, status = 1, priority = 2, title = "Positional", communityUserIds = {} })
check(r.success, "createDispatchCallV2 for the positional forms", r.reason)
local call = r.data.callId
r = client.cad:updateDispatchCallV2(call, { serverId = 1, postal = "100", metaData = { x = "430.5", y = "-982.1" } })
check(r.success and r.data.postal == "100", "updateDispatchCallV2(callId, fields)", r.reason)
r = client.cad:attachUnitsToDispatchCallV2(call, { serverId = 1, communityUserIds = { "license:abc123" } })
check(r.success and r.data.identIds[1] == 12, "attachUnitsToDispatchCallV2(callId, fields)", r.reason)
r = client.cad:getCurrentCallV2("00000000-0000-0000-0000-000000000000")
check(r.success and r.data.CallId == call and r.data.IdentId == 12, "getCurrentCallV2(accountUuid)", r.reason)
r = client.cad:setDispatchPostalV2(call, "101", 1)
check(r.success and r.data.postal == "101", "setDispatchPostalV2(callId, postal, serverId)", r.reason)
r = client.cad:setDispatchPrimaryV2(call, 12, true, 1)
check(r.success and r.data.trackPrimary == true, "setDispatchPrimaryV2(callId, identId, trackPrimary, serverId)", r.reason)
local noted
client.cad:addDispatchNoteV2(call, { serverId = 1, note = "positional", noteType = "text", label = "Lua" }, function(res) noted = res end)
tick_until(client, function() return noted ~= nil end)
check(noted.success and noted.data.note == "positional", "addDispatchNoteV2(callId, fields, callback)", noted.reason)
r = client.cad:getDispatchTemplatesV2(1)
check(r.success and r.data.templateId == 1, "getDispatchTemplatesV2(templateId)", r.reason)
r = client.cad:createEmergencyCallV2({ isEmergency = false, caller = "P", location = "L", description = "D" })
check(r.success, "createEmergencyCallV2", r.reason)
r = client.cad:deleteEmergencyCallV2(r.data.callId, 1)
check(r.success and r.data.serverId == 1, "deleteEmergencyCallV2(callId, serverId)", r.reason)
r = client.cad:detachUnitsFromDispatchCallV2({ apiIds = { "license:abc123" } })
check(r.success and r.data.identIds[1] == 12, "detachUnitsFromDispatchCallV2 with apiIds", r.reason)
r = client.cad:closeDispatchCallsV2({ callIds = { call }, serverId = 1 })
check(r.success and r.data.callIds[1] == call, "closeDispatchCallsV2", r.reason)
-- map and configuration: sonoran.lua's positional argument lists
r = client.cad:createBlipV2({ serverId = 1, coordinates = { x = 425.1, y = -979.2, z = 30.7, w = 0 }, subType = "radius", icon = "fire", color = "#ff0000", tooltip = "Structure Fire", radius = 25 })
check(r.success and r.data.id and r.data.tooltip == "Structure Fire", "createBlipV2({fields})", r.reason)
local blip = r.data.id
r = client.cad:updateBlipV2(blip, { serverId = 1, tooltip = "Updated marker", color = "#ffaa00" })
check(r.success and r.data.id == blip, "updateBlipV2(blipId, fields)", r.reason)
r = client.cad:getBlipsV2(1)
local found
for _, b in ipairs(r.data or {}) do if b.id == blip then found = b end end
check(r.success and found and found.color == "#ffaa00" and found.radius == 25, "getBlipsV2(serverId) reads the update", r.reason)
local deleted_blips
client.cad:deleteBlipsV2({ blip }, 1, function(res) deleted_blips = res end)
tick_until(client, function() return deleted_blips ~= nil end)
check(deleted_blips.success and deleted_blips.data.ids[1] == blip, "deleteBlipsV2({ids}, serverId, callback)", deleted_blips.reason)
r = client.cad:deleteBlipsV2({ blip }, 1)
check(r.success == false and r.kind == "not_found", "a deleted blip is gone", r.kind)
r = client.cad:setPagerConfigV2({ serverId = 2, natureWords = { Emergency = "Urgent" }, maxAddresses = 3, maxBodyLength = 100, nodes = { { id = "n-1", name = "EMS", kind = "group", children = {} } } })
check(r.success and r.data.serverId == 2, "setPagerConfigV2({fields})", r.reason)
r = client.cad:getPagerConfigV2(2)
check(r.success and r.data.maxAddresses == 3 and r.data.nodes[1].name == "EMS" and r.data.natureWords.Emergency == "Urgent", "getPagerConfigV2(serverId) reads what was set", r.reason)
r = client.cad:setAvailableCalloutsV2({ { id = "armed_suspect", data = { Enabled = true, CalloutName = "Armed Suspect" } } }, 2)
check(r.success and r.data.serverId == 2 and r.data.callouts == 1, "setAvailableCalloutsV2({callouts}, serverId)", r.reason)
r = client.cad:setStationsV2({ locations = { { name = "Mission Row", doors = { "bay_1" } } }, tones = {}, unitColors = { "#2563eb" } }, 2)
check(r.success and r.data.serverId == 2, "setStationsV2({fields}, serverId)", r.reason)
r = client.cad:setStreetSignConfigV2({ { id = 9, coordinates = { x = 0, y = 0, z = 0, w = 0 }, label = "Alta St" } }, 2)
check(r.success and r.data.signs == 1, "setStreetSignConfigV2({signs}, serverId)", r.reason)
r = client.cad:updateStreetSignsV2({ serverId = 2, ids = { 9 }, text1 = "ALTA", text2 = "ST", text3 = "" })
check(r.success and r.data.ids[1] == 9, "updateStreetSignsV2({fields}) on the configured sign", r.reason)
r = client.cad:setStationsV2({ locations = {}, tones = {} }, 2)
check(r.success == false and r.kind == "invalid_argument" and r.reason:find("unitColors", 1, true), "setStationsV2 without unitColors is refused", r.reason)
r = client.cad:getBlipsV2(9)
check(r.success == false and r.kind == "not_found", "an unknown server", r.kind)

-- records and characters as their pages call them: positional ids, then fields, then a callback
r = client.cad:createRecordV2({ communityUserId = "license:pat001", useDictionary = true, recordTypeId = 5,
  replaceValues = { plate = "LUA 1", model = "Sultan" } })
check(r.success and r.data.recordTypeId == 5 and r.data.sections[1].fields[1].value == "LUA 1", "createRecordV2 keeps sections and fields", r.reason)
local rec = r.data.id
r = client.cad:lookupV2({ plate = "lua 1", types = { 5 } })
check(r.success and #r.data == 1 and r.data[1].id == rec, "lookupV2 finds the new plate", r.reason)
r = client.cad:updateRecordV2(rec, { useDictionary = true, templateId = 5, replaceValues = { plate = "ABC123" } })
check(not r.success and r.status == 409, "updateRecordV2(recordId, fields): a taken plate is a 409", r.status)
r = client.cad:updateRecordV2(rec, { useDictionary = true, templateId = 5, replaceValues = { plate = "LUA 2" } })
check(r.success and r.data.id == rec and r.data.sections[1].fields[1].value == "LUA 2", "updateRecordV2(recordId, fields)", r.reason)
local removed
client.cad:removeRecordV2(rec, function(res) removed = res end)
tick_until(client, function() return removed ~= nil end)
check(removed.success and removed.data.recordId == rec, "removeRecordV2(recordId, callback)", removed.reason)
r = client.cad:lookupV2({ plate = "LUA 2" })
check(r.success and #r.data == 0, "a removed record is not found", r.reason)
r = client.cad:getTemplatesV2(12)
check(r.success and r.data.recordTypeId == 12 and r.data.name == "Incident Report", "getTemplatesV2(recordTypeId)", r.reason)
r = client.cad:getTemplatesV2()
check(r.success and #r.data >= 5, "getTemplatesV2()", r.reason)
r = client.cad:createRecordV2({ accountUuid = PAT, useDictionary = true, recordTypeId = 7, replaceValues = { first = "Posi", last = "Tional" } })
check(r.success and r.data.name == "Posi Tional", "a character is a record of type 7", r.reason)
local char = r.data.id
r = client.cad:setSelectedCharacterV2({ characterId = tostring(char), accountUuid = PAT })
check(r.success and r.data.characterId == tostring(char), "setSelectedCharacterV2 with a numeric string", r.reason)
r = client.cad:removeCharacterV2(char)
check(r.success and r.data.characterId == char, "removeCharacterV2(characterId)", r.reason)
r = client.cad:addCharacterLinkV2("lua:pos", { accountUuid = PAT })
check(r.success and r.data.action == "ADD" and r.data.syncId == "lua:pos", "addCharacterLinkV2(syncId, fields)", r.reason)
local links
client.cad:getCharacterLinksV2({ communityUserId = "license:pat001" }, function(res) links = res end)
tick_until(client, function() return links ~= nil end)
check(links.success and links.data[#links.data] == "lua:pos", "getCharacterLinksV2(fields, callback)", links.reason)
r = client.cad:removeCharacterLinkV2("lua:pos", { accountUuid = PAT })
check(r.success and r.data.action == "REMOVE", "removeCharacterLinkV2(syncId, fields)", r.reason)
r = client.cad:getCharactersV2({ accountUuid = JOHN })
check(r.success and r.data[1].syncId == "citizen:1234" and r.data[1].sections[1].fields[1].uid == "first_name", "getCharactersV2 keeps sections as data", r.reason)
r = client.cad:lookupV2({ mi = "", plate = "" })
check(not r.success and r.kind == "invalid_argument", "a lookup with nothing to look up is refused", r.reason)

r = client.cad:updateUnitLocationsV2({ updates = { { apiId = "license:abc123", coordinates = { x = "east", y = 1 } } } })
check(not r.success and r.kind == "invalid_argument" and r.reason:find("updates[0].coordinates.x", 1, true), "a bad coordinate is named", r.reason)

-- the v2 general methods in sonoran.lua's positional forms, as their pages call them
r = client.cad:heartbeatV2(1, 64)
check(r.success and r.data.serverId == 1 and r.data.playerCount == 64, "heartbeatV2(serverId, playerCount)", r.reason)
r = client.cad:verifySecretV2("22222222-2222-2222-2222-222222222222")
check(r.success and r.data["22222222-2222-2222-2222-222222222222"] == JOHN, "verifySecretV2(secret)", r.reason)
r = client.cad:authorizeStreetSignsV2(1)
check(r.success and r.data.authorized == true, "authorizeStreetSignsV2(serverId)", r.reason)
r = client.cad:setPenalCodesV2({ { title = "Speeding", code = "22350", type = "INFRACTION", bondType = "NONE", bondAmount = 0, jailTime = "0" } })
check(r.success and r.data.updated == 1, "setPenalCodesV2({codes})", r.reason)
r = client.cad:getPenalCodesV2()
check(r.success and #r.data == 1 and r.data[1].code == "22350", "getPenalCodesV2 reads what setPenalCodesV2 wrote", r.reason)
r = client.cad:setPostalsV2({ { code = "100", x = 425.1, y = -979.2 } })
check(r.success and r.data.updated == 1, "setPostalsV2({postals})", r.reason)
r = client.cad:setServersV2({ { id = 1, name = "Main Server", mapIp = "127.0.0.1" }, { id = 2, name = "Server 2", mapIp = "127.0.0.1" } }, true)
check(r.success and #r.data.servers == 2 and r.data.servers[1].name == "Main Server", "setServersV2({servers}, deployMap)", r.reason)
local version
client.cad:getVersionV2(function(res) version = res end)
tick_until(client, function() return version ~= nil end)
check(version.success and version.data.name == "PRO", "getVersionV2(callback)", version.reason)
-- the link flow: a code, the player enters it in the CAD (the mock's control route), linked
r = client.cad:createCommunityLinkV2({ communityUserId = "fivem:lua-link" })
check(r.success and #r.data.code == 4 and r.data.expiresInSeconds == 600, "createCommunityLinkV2", r.reason)
r = client.cad:checkCommunityLinkV2({ communityUserId = "fivem:lua-link" })
check(r.success and r.data.linked == false, "checkCommunityLinkV2 before the code is entered", r.reason)
-- the upload: sonoran.lua's fileContent is raw bytes (NUL and 0xFF included), sent as they are
r = client.cad:uploadBodycamRecordingV2({ communityUserId = "license:abc123", durationMs = 90000, fileName = "clip.webm", fileContent = "\26\69\223\163\0\255", contentType = "video/webm" })
check(r.success and type(r.data[1]) == "string", "uploadBodycamRecordingV2 with fileContent", r.reason)
r = client.cad:uploadBodycamRecordingV2({ communityUserId = "license:abc123", durationMs = 90000, fileName = "clip.mp4", fileContent = "x" })
check(not r.success and r.kind == "invalid_argument" and r.reason:find("fileName", 1, true), "a file of the wrong type is refused", r.reason)
r = client.cad:uploadBodycamRecordingV2({ communityUserId = "license:abc123", durationMs = 90000, fileContent = string.rep("x", 6000001) })
check(not r.success and r.kind == "invalid_argument" and r.reason:find("at most 6000000", 1, true) and #r.reason < 200, "a file over 6,000,000 bytes is refused, its bytes not echoed", r.reason)
r = client.cad:getLoginPageV2({ communityId = "demo-community" })
check(r.success and r.data.comId == "demo-community", "getLoginPageV2", r.reason)

-- misuse is one line, at the caller's line: no "runtime error:" prefix, no traceback
-- (not a tail call: a tail call leaves no caller line to point at)
local ok, err = pcall(function() local _ = client.cad:updateIdentifierV2(PAT, 1, "not a table") end)
check(not ok and err:find("^[^\n]*test_sonoran%.lua:%d+: sonoran: updateIdentifierV2: argument 3 is a string") and not err:find("\n")
  and not err:find("runtime error", 1, true), "one-line misuse error at the caller", err)
ok, err = pcall(function() local _ = Sonoran.createClient({ communityId = "c" }) end)
check(not ok and err:find("test_sonoran%.lua:%d+: sonoran%.createClient: `apiKey` is required$"), "one-line createClient error", err)
ok, err = pcall(function() return client.cad.getAccount({ username = "x" }) end)
check(not ok and err:find("call methods with a colon", 1, true), "dot instead of colon says so", err)

-- paging: a for loop over pages, and one callback for the whole walk
local seen, pages_seen = {}, 0
for page in client:pages("getAccounts", { limit = 1, status = Sonoran.ACCOUNT_STATUS.ACTIVE }) do
  check(page.success, "page", page.reason)
  pages_seen = pages_seen + 1
  for _, account in ipairs(page.data.accounts) do seen[#seen + 1] = account.username end
end
check(pages_seen == 2 and #seen == 2 and seen[1] == "SonoranBrian" and seen[2] == "JohnDoe", "pages walks every page once", pages_seen)
local walked = 0
for page in client:pages("get_active_units", { limit = 1, includeOffline = true }) do walked = walked + #page.data end
check(walked >= 3, "pages by operation name, lists without a total", walked)
raises(function() client:pages("getAccount", {}) end, "not a paged operation", "pages of a non-paged operation")
local whole
client.cad:getAllAccounts({ limit = 1 }, function(res) whole = res end)
tick_until(client, function() return whole ~= nil end)
check(whole and whole.success and #whole.data.accounts == 2 and whole.data.pagination.total == 2, "getAllAccounts with a callback")
local failing = client:pages("getAccounts", { limit = 0 })
local first = failing()
check(first and first.success == false and first.kind == "invalid_argument" and failing() == nil, "a failed page ends the walk")

-- a logger function gets the client's records on the script's thread
local lines = {}
local logged = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
  rateLimits = "off", logLevel = "debug", logger = function(level, message) lines[#lines + 1] = level .. " " .. message end })
logged.cad:getAccount({ username = "SonoranBrian" })
check(#lines >= 1 and lines[1]:find("^debug sonoran DEBUG get_account: HTTP 200"), "logger after a blocking call", lines[1])
logged.cad:getAccountUnitsV2({ accountUuid = BRIAN, serverId = 9 }, function() end)
tick_until(logged, function() return logged:pending() == 0 end)
local saw404 = false
for _, line in ipairs(lines) do
  if line:find("HTTP 404", 1, true) and line:find("traceId", 1, true) then saw404 = true end
  check(not line:find("demo-api-key", 1, true), "no key in log lines", line)
end
check(saw404, "logger gets non-blocking records in poll")
raises(function() Sonoran.createClient({ communityId = "c", apiKey = "k", logger = "print" }) end, "logger must be a function", "logger type")

-- cancel, and a client collected with requests in flight
local silent = new(SILENT_URL)
local cancelled
local id = silent.cad:getAccounts({}, function(res) cancelled = res end)
sleep(0.05)
check(silent:poll() == 0, "pending against a silent server")
check(silent:cancel(id) == true, "cancel returns true for a pending request")
tick_until(silent, function() return cancelled ~= nil end)
check(cancelled and cancelled.success == false and cancelled.kind == "cancelled", "cancelled result", cancelled and cancelled.kind)
check(silent:cancel(id) == false, "cancel twice")
for _ = 1, 20 do silent.cad:getAccounts({}, function() error("must not run") end) end
silent = nil
collectgarbage("collect")
collectgarbage("collect")
check(true, "client collected with 20 requests in flight did not crash")

-- Hostile answers: a 1e400, a 400-digit integer, a lone surrogate, nesting 200 deep. Each
-- is a decode failure on every path: never a Lua error, never a lost callback.
local hostile = new(HOSTILE_URL)
for _, case in ipairs({ { "getAccountV2", { username = "x" } }, { "getAccountsV2", {} },
                        { "getIdentifiersV2", { accountUuid = BRIAN } }, { "getUnitsV2", {} } }) do
  local method, params = case[1], case[2]
  local ok, res = pcall(hostile.cad[method], hostile.cad, params)
  check(ok and res.success == false and res.kind == "decode", method .. " blocking: a decode failure", ok and res.reason or res)
  local got, count = nil, 0
  hostile.cad[method](hostile.cad, params, function(r) got = r; count = count + 1 end)
  local _, errors = tick_until(hostile, function() return got ~= nil end)
  check(count == 1 and got.kind == "decode" and #errors == 0, method .. " callback ran once with decode", got and got.reason)
end
local pages_ok, pages_err = pcall(function()
  local n = 0
  for page in hostile:pages("getUnitsV2", {}) do
    n = n + 1
    check(page.success == false and page.kind == "decode", "pages: the failed page is the last", page.kind)
  end
  return n
end)
check(pages_ok and pages_err == 1, "client:pages over a hostile answer does not raise", pages_err)

-- The mock's body limit answers 413 and closes while an 8 MB body is still being written:
-- the interpreter (SIGPIPE at its default) must survive with an error result.
local many = {}
for i = 1, 1000000 do many[i] = 1000000 + i end
for _ = 1, 3 do
  local res = client.cad:setIdentifiersToGroup({ identIds = many, groupName = "A" })
  check(res.success == false and (res.kind == "network" or res.kind == "bad_request"), "a server closing mid-body is an error result", res.kind)
end

-- Push events: over the hub and over the HTTP listener, into onEvent handlers run by poll().
local MOCK_BIN = assert(os.getenv("MOCK_BIN"), "MOCK_BIN is not set")
local EVENT_TYPES = {
  "EVENT_CHAR_SELECTED", "EVENT_COMMUNITY_LINK_VERIFIED", "EVENT_DISPATCH_UNIT_ATTACH", "EVENT_DISPATCH_CLOSED",
  "EVENT_DISPATCH_UNIT_DETACH", "EVENT_DISPATCH_NEW", "EVENT_DISPATCH_NOTE", "EVENT_DISPATCH_EDIT",
  "EVENT_DISPATCH_TOGGLE_BODYCAM", "EVENT_NEW_CALLOUT", "EVENT_911", "EVENT_PAGER_REBORN", "EVENT_RECORD_ADD",
  "EVENT_RECORD_EDIT", "EVENT_RECORD_REMOVE", "EVENT_REMOVE_911", "EVENT_STREETSIGN_UPDATED", "EVENT_STATION_ALERT",
  "EVENT_TONE", "EVENT_UNIT_GROUP_ADD", "EVENT_UNIT_GROUP_CHANGE_NAME", "EVENT_UNIT_GROUP_REMOVE", "EVENT_UNIT_LOGIN",
  "EVENT_UNIT_LOGOUT", "EVENT_UNIT_PANIC", "EVENT_UNIT_STATUS",
}
local function emit(what)
  local command = string.format("'%s' --emit %s --server-id 1 --url '%s' >/dev/null", MOCK_BIN, what, MOCK_URL)
  local r = os.execute(command)
  check(r == true or r == 0, "the mock emitted " .. what, command)
end
local ev = new(MOCK_URL)
raises(function() ev:startEvents("x") end, "startEvents: the options must be a table", "startEvents takes a table")
raises(function() ev:onEvent(42) end, "onEvent: expected (eventType, function)", "onEvent takes a type and a function")
local bad = ev:startEvents({ serverId = 0 })
check(bad.success == false and bad.kind == "invalid_argument" and bad.reason:find("serverId", 1, true), "a bad option names the field", bad.reason)
local started = ev:startEvents({ serverId = 1, waitMs = 5000 })
check(started.success and started.data.hub.state == "connected" and started.data.listener == Sonoran.null, "the hub session is up", started.data and started.data.hub.state)

local seen, calls911, after_error = {}, {}, 0
ev:onEvent("EVENT_911", function(e) calls911[#calls911 + 1] = e end)
ev:onEvent(function(e)
  seen[#seen + 1] = e
  if e.type == "EVENT_TONE" then error("boom") end
end)
ev:onEvent(function() after_error = after_error + 1 end)
local function every_type(via)
  seen, calls911, after_error = {}, {}, 0
  emit("all")
  local _, errors = tick_until(ev, function() return #seen >= #EVENT_TYPES end)
  check(#seen == #EVENT_TYPES and after_error == #EVENT_TYPES, via .. ": every documented event reached every handler", #seen .. " " .. after_error)
  for i, e in ipairs(seen) do
    check(e.type == EVENT_TYPES[i] and e.via == via and e.key == nil and type(e.receivedAtMs) == "number",
          via .. ": event " .. i .. " is " .. EVENT_TYPES[i], tostring(e.type) .. " by " .. tostring(e.via))
    check(type(e.data) == "table" and e.data.key == nil, via .. ": " .. tostring(e.type) .. " has data and no key")
  end
  check(#calls911 == 1 and calls911[1].data.call.caller == "John Doe", via .. ": the EVENT_911 handler got the call", #calls911)
  check(#errors == 1 and errors[1]:find("event handler (every event) failed on EVENT_TONE", 1, true), via .. ": a failing handler is reported, the others still run", errors[1])
end
every_type("websocket")
local stopped = ev:stopEvents()
check(stopped.success and stopped.data.hub.state == "stopped", "stopEvents closes the session", stopped.data and stopped.data.hub.state)

local listening = ev:startEvents({ websocket = false, listen = "127.0.0.1:0" })
local port = listening.success and listening.data.listener.url:match("^http://127%.0%.0%.1:(%d+)/sonorancad/event$")
check(port ~= nil and listening.data.hub == Sonoran.null, "the listener is up", listening.data and listening.data.listener)
local servers = ev.cad:setServersV2({ servers = { { id = 1, name = "Main", mapIp = "127.0.0.1", listenerPort = port }, { id = 2, name = "Second" } } })
check(servers.success, "the listener is registered with setServersV2", servers.reason)
every_type("http")

-- Without handlers, events wait for pollEvent.
ev:onEvent(nil)
ev:onEvent("EVENT_911", nil)
emit("EVENT_UNIT_PANIC")
local polled
for _ = 1, 5000 do
  polled = ev:pollEvent()
  if polled then break end
  sleep(0.001)
end
check(polled and polled.type == "EVENT_UNIT_PANIC" and polled.data.isPanic == true and polled.via == "http", "pollEvent hands out the next event", polled and polled.type)
check(ev:pollEvent() == nil, "pollEvent answers nil when none waits")
local status = ev:eventStatus()
check(status.success and status.data.queue.rejected == 0 and status.data.queue.dropped == 0, "eventStatus counts", status.data and status.data.queue.received)
ev:stopEvents()

-- Unit locations: pushed from the script's thread, flushed by the library over the hub. They
-- move unit 1 (A-10), whose position no other check reads (the C tests share this mock).
local loc = new(MOCK_URL)
raises(function() loc:pushUnitLocation("x") end, "pushUnitLocation: the location must be a table", "pushUnitLocation takes a table")
local queued, why = loc:pushUnitLocation({ communityUserId = "player-1234" })
check(queued == false and why:find("`location` is required", 1, true), "a bad position is refused, naming the field", why)
for step = 1, 30 do
  queued, why = loc:pushUnitLocation({ identId = 1, location = "Lua step " .. step, coordinates = { x = step, y = 1, z = 0, w = 0 } })
  check(queued == true, "position " .. step .. " queued", why)
end
local stats
for _ = 1, 10000 do
  stats = loc:locationStats()
  if stats.queued == 0 and stats.sent > 0 then break end
  sleep(0.001)
end
check(stats.queued == 0 and stats.pushed == 30 and stats.sent + stats.superseded == 30 and stats.transport == "hub" and stats.calls.failed == 0,
      "the positions were flushed over the hub", stats.transport)
local units = loc.cad:getUnitsV2({ includeOffline = true })
local found
for _, unit in ipairs(units.data or {}) do if unit.location == "Lua step 30" then found = unit end end
check(found ~= nil, "the last position is on the map")

-- Rate-limit budgets: only this client paces (the others turn rateLimits off), and only its
-- getUnitsV2 call counts against the budget; the mock's own limit is off.
local paced = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL, defaultServerId = 1 })
local before = paced:budget("get_units_v2")
check(type(before) == "table" and before.limit == 3 and before.periodMs == 60000 and before.queued == 0, "budget of get_units_v2",
      before and before.limit)
check(before and before.remaining >= 1 and before.remaining <= 3 and before.resetInMs >= 0, "room for one more", before and before.remaining)
check(paced.cad:getUnitsV2({ limit = 1 }).success, "a paced getUnitsV2")
local after = paced:budget("get_units_v2")
check(after.remaining >= 0 and after.remaining <= before.remaining - 1, "one less left", after.remaining)
check(after.resetInMs > 0 and after.resetInMs <= 60000, "the window resets", after.resetInMs)
check(paced:budget("get_all_units_v2").limit == 3, "get_all_X has its get_X's budget")
check(paced:budget("getUnitsV2").remaining == after.remaining, "a Lua method name names the same budget")
local none, why = paced:budget("get_everything")
check(none == nil and why and why:find("sonoran: `operation` `get_everything` is not an operation", 1, true), "an unknown operation answers nil and why", why)
raises(function() paced:budget({}) end, "budget: the operation name must be a string, got table", "budget takes a string")
raises(function() paced:budget() end, "budget: the operation name must be a string, got nil", "budget needs a name")
local off, off_why = new(MOCK_URL):budget("get_units_v2")
check(off == nil and off_why == nil, "no budget when pacing is off", off_why)

-- The read cache: the second read is answered from the first, and says how old it is.
local cached_client = Sonoran.createClient({ communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
  rateLimits = "off", cache = { get_calls_v2 = 60000 } })
local first = cached_client.cad:getCallsV2({})
local second = cached_client.cad:getCallsV2({})
check(first.success and first.cached == nil, "the first answer is the server's", first.cached)
check(second.success and second.cached == true and type(second.ageMs) == "number" and second.ageMs < 60000,
      "the second comes from the cache, with its age", second.ageMs)
local raised = pcall(Sonoran.createClient, { communityId = "demo-community", apiKey = "demo-api-key", apiUrl = MOCK_URL,
  cache = { set_unit_status_v2 = 1000 } })
check(not raised, "a write cannot be cached")

print(string.format("%s: %d passed, %d failed", _VERSION .. (jit and (" " .. jit.version) or ""), passed, failed))
os.exit(failed == 0 and 0 or 1)
