-- wrk script for bench/quick_entry.py: form POSTs, each with a fresh request token.
--
--   wrk -t N -c N -d <seconds> -s bench/quick_entry.lua <url> -- <nonce> <deadline> [<fields>]
--
-- nonce     8 hex digits, new for every wrk run, so that no token repeats across runs (a
--           repeated token is a no-op by design, which would hide a write)
-- deadline  CLOCK_MONOTONIC seconds (Python's time.monotonic()) after which nothing more is sent
-- fields    url-encoded form fields to send after the token, such as "&kind=water"
--
-- Cookies and the CSRF and htmx headers come from wrk's -H options.
--
-- Run with as many threads as connections: each thread then owns one connection, so every
-- response answers that thread's last request. That lets the script time each request itself
-- (wrk's own histogram adds invented samples to correct for coordinated omission) and stop
-- sending at the deadline while wrk keeps running, so that no request is still in flight when
-- wrk stops and the rows written can be matched exactly with the answers counted.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } quick_entry_timespec;
int clock_gettime(int clock_id, quick_entry_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("quick_entry_timespec")

local function now()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
    return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

wrk.method = "POST"

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    nonce, deadline, fields = args[1], tonumber(args[2]), args[3] or ""
    tokens = 0
    answered, failed, lost = 0, 0, 0
    statuses = {}      -- status code -> count, for the answers that were not 2xx
    latencies = {}     -- microseconds, one per answer
    sent_at = nil      -- when the request now in flight was sent; nil when none is
    first_sent, last_answered = nil, nil
    -- wrk calls request() once on its first thread before the run, to check what it
    -- returns; nothing is sent then.
    check_call_pending = id == 1
end

function delay()
    -- Past the deadline, wait longer than wrk will run: the connection falls silent.
    if now() >= deadline then
        return 3600 * 1000
    end
    return 0
end

function request()
    tokens = tokens + 1
    local token = string.format("%s-%04x-4000-8000-%012x", nonce, id, tokens)
    if check_call_pending then
        check_call_pending = false
    else
        -- One connection per thread: a request still unanswered now never will be (wrk
        -- reconnected after a reset or a close without an answer).
        if sent_at then
            lost = lost + 1
        end
        sent_at = now()
    end
    return wrk.format(nil, nil, nil, "request_token=" .. token .. fields)
end

function response(status, headers, body)
    local finished = now()
    first_sent = first_sent or sent_at
    last_answered = finished
    latencies[#latencies + 1] = math.floor((finished - sent_at) * 1e6 + 0.5)
    sent_at = nil
    answered = answered + 1
    if status < 200 or status > 299 then
        failed = failed + 1
        statuses[status] = (statuses[status] or 0) + 1
    end
end

-- One line per fact, prefixed so that quick_entry.py can pick them out of wrk's own report.
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("quick-entry socket-errors %d %d %d %d\n",
        e.connect, e.read, e.write, e.timeout))
    for _, thread in ipairs(threads) do
        local codes = {}
        for code, count in pairs(thread:get("statuses")) do
            codes[#codes + 1] = string.format("%d:%d", code, count)
        end
        io.write(string.format(
            "quick-entry thread %d answered=%d failed=%d lost=%d in_flight=%s first=%.6f last=%.6f statuses=%s\n",
            thread:get("id"), thread:get("answered"), thread:get("failed"), thread:get("lost"),
            tostring(thread:get("sent_at") ~= nil),
            thread:get("first_sent") or 0, thread:get("last_answered") or 0,
            table.concat(codes, ",")))
        io.write("quick-entry latencies " .. table.concat(thread:get("latencies"), ",") .. "\n")
    end
end
