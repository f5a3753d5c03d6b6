-- wrk script for bench/load.py: 50 simulated people, each on its own connection and thread,
-- half of them writing quick entries and half reading their pages.
--
--   LOAD_PEOPLE_FILE=people.txt wrk -t N -c N -d <seconds> -s bench/load.lua <base url> -- - <nonce> <deadline>
--
-- LOAD_PEOPLE_FILE (environment): one line per thread: "<role> <sessionid> <csrftoken>", role "writer" or "reader"
-- nonce        8 hex digits, new for every run, so that no request token repeats
-- deadline     CLOCK_MONOTONIC seconds after which nothing more is sent
--
-- A writer alternates "log a cramp" and "+250 ml water" (htmx POSTs, each with a fresh request
-- token, so each writes a row). A reader goes round Today, the food search as typed (htmx
-- fragment), the history and the reports. No think time: each person sends the next request
-- as soon as the last is answered, the harshest load 50 people can make.
--
-- As in quick_entry.lua, one connection per thread lets the script time each request itself
-- and stop at the deadline, so that the rows written can be matched with the answers counted.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } load_timespec;
int clock_gettime(int clock_id, load_timespec *tp);
]]
local timespec = ffi.new("load_timespec")

local function now()
    ffi.C.clock_gettime(1, timespec)  -- CLOCK_MONOTONIC
    return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}
local people = nil

local function read_people(path)
    local list = {}
    for line in io.lines(path) do
        local role, session, csrf = line:match("^(%S+) (%S+) (%S+)$")
        list[#list + 1] = { role = role, session = session, csrf = csrf }
    end
    return list
end

function setup(thread)
    people = people or read_people(os.getenv("LOAD_PEOPLE_FILE"))
    table.insert(threads, thread)
    local person = people[#threads]
    thread:set("id", #threads)
    thread:set("role", person.role)
    thread:set("cookie", "sessionid=" .. person.session .. "; csrftoken=" .. person.csrf)
    thread:set("csrf", person.csrf)
end

local WRITES = {
    { path = "/journal/cramps/log/", fields = "" },
    { path = "/journal/drinks/quick/", fields = "&kind=water&volume_ml=250" },
}
local READS = {
    { path = "/today/", htmx = false },
    { path = "/foods/?q=banana", htmx = true },
    { path = "/journal/", htmx = false },
    { path = "/today/", htmx = false },
    { path = "/foods/?q=milk", htmx = true },
    { path = "/reports/", htmx = false },
}

function init(args)
    nonce, deadline = args[2], tonumber(args[3])
    step = 0
    answered, failed, lost = 0, 0, 0
    statuses = {}
    latencies = {}
    sent_at = nil
    first_sent, last_answered = nil, nil
    check_call_pending = id == 1
end

function delay()
    if now() >= deadline then
        return 3600 * 1000
    end
    return 0
end

function request()
    if check_call_pending then
        check_call_pending = false
    else
        if sent_at then
            lost = lost + 1
        end
        sent_at = now()
    end
    step = step + 1
    local headers = { ["Cookie"] = cookie }
    if role == "writer" then
        local write = WRITES[(step % #WRITES) + 1]
        headers["X-CSRFToken"] = csrf
        headers["HX-Request"] = "true"
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        local token = string.format("%s-%04x-4000-8000-%012x", nonce, id, step)
        return wrk.format("POST", write.path, headers, "request_token=" .. token .. write.fields)
    end
    local read = READS[(step % #READS) + 1]
    if read.htmx then
        headers["HX-Request"] = "true"
        headers["HX-Target"] = "food-results"
    end
    return wrk.format("GET", read.path, headers)
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

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("load socket-errors %d %d %d %d\n",
        e.connect, e.read, e.write, e.timeout))
    for _, thread in ipairs(threads) do
        local codes = {}
        for code, count in pairs(thread:get("statuses")) do
            codes[#codes + 1] = string.format("%d:%d", code, count)
        end
        io.write(string.format(
            "load thread %d role=%s answered=%d failed=%d lost=%d in_flight=%s first=%.6f last=%.6f statuses=%s\n",
            thread:get("id"), thread:get("role"), thread:get("answered"), thread:get("failed"),
            thread:get("lost"), tostring(thread:get("sent_at") ~= nil),
            thread:get("first_sent") or 0, thread:get("last_answered") or 0,
            table.concat(codes, ",")))
        io.write(string.format("load latencies %s %s\n", thread:get("role"),
            table.concat(thread:get("latencies"), ",")))
    end
end
