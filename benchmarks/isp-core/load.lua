-- wrk script of benchmarks/isp-core-load.sh. Arguments: mode (reads | creates | mixed) and the file of
-- "<tenant index> <bearer token>" lines. Every request acts for a random tenant on a random seeded row.
--   reads:   GET a customer, GET an invoice (with lines), GET the first page of ACTIVE customers (20),
--            GET a customer's invoices (12, with lines); one quarter each
--   creates: POST a customer, POST a draft invoice for a seeded customer; half each
--   mixed:   80 % reads, 20 % creates
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    mode = args[1] or "reads"
    tokens = {}
    for line in io.lines(args[2]) do
        local idx, token = line:match("^(%d+) (%S+)$")
        if idx then
            tokens[#tokens + 1] = { idx = tonumber(idx), auth = "Bearer " .. token }
        end
    end
    math.randomseed(os.time() * 1000 + id)
    failures = 0
    shown = 0
end

local function customer(idx, n)
    return string.format("C%03d%06d", idx, n)
end

local function read(t, h)
    local kind = math.random(4)
    local n = math.random(1000)
    if kind == 1 then
        return wrk.format("GET", "/api/v1/customers/" .. customer(t.idx, n), h)
    elseif kind == 2 then
        return wrk.format("GET", string.format("/api/v1/invoices/I%03d%06d%02d", t.idx, n, math.random(12)), h)
    elseif kind == 3 then
        return wrk.format("GET", "/api/v1/customers?status=ACTIVE&limit=20", h)
    end
    return wrk.format("GET", "/api/v1/invoices?limit=12&customerId=" .. customer(t.idx, n), h)
end

local function create(t, h)
    h["Content-Type"] = "application/json"
    counter = counter + 1
    if math.random(2) == 1 then
        return wrk.format("POST", "/api/v1/customers", h, string.format(
            '{"name":"Load %d","email":"load-%d-%d-%d@bench.test","phone":"+1 555 0199"}',
            counter, id, counter, math.random(1000000000)))
    end
    return wrk.format("POST", "/api/v1/invoices", h, string.format(
        '{"customerId":"%s","lines":[{"description":"Installation","quantity":"1","unitPrice":"99.00",'
            .. '"taxRate":"20"},{"description":"Router","quantity":"2","unitPrice":"12.45","taxRate":"20"}]}',
        customer(t.idx, math.random(1000))))
end

function request()
    local t = tokens[math.random(#tokens)]
    local h = { ["Authorization"] = t.auth }
    if mode == "reads" or (mode == "mixed" and math.random(10) <= 8) then
        return read(t, h)
    end
    return create(t, h)
end

function response(status, headers, body)
    if status >= 300 then
        failures = failures + 1
        if shown < 3 then
            shown = shown + 1
            io.stderr:write("HTTP " .. status .. ": " .. body:sub(1, 300) .. "\n")
        end
    end
end
