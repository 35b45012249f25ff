-- wrk script of benchmarks/hardening-cost.sh: every request logs a tenant's administrator in with the right
-- password (POST /api/v1/auth/token), the tenant chosen at random among args[1] tenants named login-001 ...
-- Wrong answers are counted and shown (the first few), so a throttled or failed login is never measured as a success.
local threads = {}

function setup(thread)
    thread:set("id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    tenants = tonumber(args[1] or "4")
    math.randomseed(os.time() * 1000 + id)
end

function request()
    local body = string.format('{"tenant":"login-%03d","username":"boss","password":"bench-password-1"}',
        math.random(tenants))
    return wrk.format("POST", "/api/v1/auth/token", { ["Content-Type"] = "application/json" }, body)
end
