-- wrk reporter: one tab-separated line, times in milliseconds.
-- WRK <req/s> <p50> <p90> <p99> <mean> <requests> <non-2xx/3xx> <socket errors>
-- Only done() is defined, so wrk keeps its fast path (no per-request Lua).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("WRK\t%.1f\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000, summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
