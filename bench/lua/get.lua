-- Plain GETs, optionally as a logged-in user. The cookie comes from
-- BENCH_COOKIE (or from `-H "Cookie: ..."`, which lands in wrk.headers) so
-- that a session is never written into a command line that shows up in `ps`.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end
