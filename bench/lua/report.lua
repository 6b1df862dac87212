-- Shared by every bench script: counts non-2xx responses and prints exact
-- figures as one machine-readable line, because wrk's own text rounds the
-- percentiles, omits p95 and lumps 3xx in with 2xx (a lost session that
-- redirects to the login page would otherwise look like a fast success).
--
-- Load it first from a script with:
--   dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
-- Scripts that need their own response() must call count_status(status).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

non2xx = 0

function count_status(status)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function response(status, headers, body)
  count_status(status)
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non2xx") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, "non2xx": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout, bad))
end
