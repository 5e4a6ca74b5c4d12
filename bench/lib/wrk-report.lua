-- wrk script for the benchmarks (bench/lib/wrk.ts runs `wrk -s bench/lib/wrk-report.lua`): prints one
-- line "WRK_REPORT {json}" with the run's summary when it is done. Latencies are in microseconds; status
-- errors are responses with a status above 399 (wrk's own count); socket errors are connect/read/write/timeout.
-- Only done() is defined: a request() or response() hook makes wrk run Lua for every request and slows
-- the generator down, so headers are checked outside the measured run.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_REPORT {"durationUs":%d,"requests":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latencyUs":{"min":%d,"p50":%d,"p90":%d,"p99":%d,"mean":%.3f,"stdev":%.3f,"max":%d}}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.stdev, latency.max))
end
