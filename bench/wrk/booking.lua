-- POST /api/v3/bookings/ with a distinct adult person in every request.
-- Arguments after "--": comma-separated session ids, then a run prefix for unique e-mails.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "report.lua")

local sessions = {}
local prefix = "run"
local counter = 0
server_errors = 0

function init(args)
  for value in string.gmatch(args[1] or "", "[^,]+") do
    table.insert(sessions, value)
  end
  prefix = args[2] or prefix
end

function request()
  counter = counter + 1
  local session = sessions[(counter + id) % #sessions + 1]
  local body = string.format(
    '{"session": %s, "name": "Osoba Testowa %d", "email": "bench-%s-%d-%d@example.org", ' ..
    '"birth_year": 1990, "consents": {"terms": true}}',
    session, counter, prefix, id, counter)
  return wrk.format("POST", "/api/v3/bookings/", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end
