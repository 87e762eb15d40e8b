-- Prints wrk's figures as one JSON line ("WRKJSON {...}") for bench/run.py.
-- Latencies are in microseconds; status = responses with a status of 400 or more.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function done(summary, latency, requests)
  local server_errors = 0
  for _, thread in ipairs(threads) do
    server_errors = server_errors + (thread:get("server_errors") or 0)
  end
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"server_errors": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    server_errors, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
