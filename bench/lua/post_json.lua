-- POSTs with JSON bodies (answers, autosaves). Bodies come from
-- BENCH_BODIES_FILE, one JSON document per line, sent round-robin, so that a
-- row can exercise many questions rather than one cached one; BENCH_BODY is
-- the single-body shortcut. Auth: BENCH_COOKIE plus BENCH_CSRF_TOKEN for a
-- browser session, or `-H "Authorization: Bearer ..."` (exempt from CSRF).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
local csrf = os.getenv("BENCH_CSRF_TOKEN")
if csrf and csrf ~= "" then
  wrk.headers["X-CSRFToken"] = csrf
end

local bodies = {}
local path = os.getenv("BENCH_BODIES_FILE")
if path and path ~= "" then
  for line in io.lines(path) do
    if line:match("%S") then
      table.insert(bodies, line)
    end
  end
  assert(#bodies > 0, "BENCH_BODIES_FILE has no bodies: " .. path)
else
  table.insert(bodies, os.getenv("BENCH_BODY") or "{}")
end

local next_body = 0

function request()
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[next_body])
end
