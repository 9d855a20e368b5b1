-- wrk script for bench/counter_bench.py: page views with fresh ids, from many visitors.
-- The visitors' addresses come in X-Forwarded-For (the bench server trusts 127.0.0.1); they
-- are documentation ranges, written into a header and never dialled.

local agents = {
  "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36",
  "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0",
}
local nets = {"192.0.2.", "198.51.100.", "203.0.113."}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  n = 0
  origin = string.format("http://%s:%s", wrk.host, wrk.port)
  prefix = string.format("%04x%08x", thread_id or 0, os.time() % 4294967295)
end

function request()
  n = n + 1
  local page = n % 51
  local path = page == 0 and "/" or string.format("/tin-tuc/2026/bai-%d/", page - 1)
  local body = string.format('{"path":"%s","id":"%s%012x"}', path, prefix, n)
  local headers = {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = agents[n % #agents + 1],
    ["X-Forwarded-For"] = nets[n % #nets + 1] .. (n % 254 + 1),
    ["Origin"] = origin,
  }
  return wrk.format("POST", nil, headers, body)
end

-- One JSON line: counts, and the latency (microseconds) at every 0.1 percentile, so that
-- several short runs can be pooled into one distribution.
function done(summary, latency, requests)
  local e = summary.errors
  local quantiles = {}
  for i = 1, 1000 do
    quantiles[i] = latency:percentile(i / 10)
  end
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"refused":%d,"quantiles_us":[%s]}\n',
    summary.requests, summary.duration,
    e.status + e.connect + e.read + e.write + e.timeout, table.concat(quantiles, ",")))
end
