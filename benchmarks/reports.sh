#!/usr/bin/env bash
# Reports on PostgreSQL (issue 8), on loopback:
#   seed  TENANTS PREMIUM tenants through the API, then in SQL (as the superuser) per tenant: CUSTOMERS customers
#         signing up over 18 months (a seventh of them cancelling, a tenth on quarterly and yearly plans, an
#         eleventh changing plan), one invoice per customer and month for the 12 months before this one
#         (TENANTS x CUSTOMERS x 12 invoices: 240,000 by default; most paid, some open, some void), their
#         payments, 300 tickets; and for the first tenant 20 devices x 4 interfaces x 30 days of 5-minute rollups
#         (691,200 rows) for the network report
#   time  each report, JSON, for one tenant after another: WARMUP requests, then REQUESTS more; prints median,
#         p95 and max of curl's total time (loopback, so the server's whole answer), in ms
#
#   benchmarks/reports.sh [tenants] [customers per tenant]   (defaults 20, 1000)
#   REQUESTS=n (default 40), WARMUP=n (default 10), POOL=n (data source pool, default 10), ONLY=regex (time only the
#   reports whose name matches)
# Needs a built distribution (mvn -B install -DskipTests), psql, curl, jq and bc, and PostgreSQL on 127.0.0.1:5432
# reachable as postgres without a password. Creates its own database and roles and drops them at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
TENANTS=${1:-20} CUSTOMERS=${2:-1000} REQUESTS=${REQUESTS:-40} WARMUP=${WARMUP:-10}
for tool in psql curl jq bc; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done

SUFFIX=$(date +%s)_$$
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
cleanup() {
    stop_distribution "$home"
    pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT
pg_distribution "$home" "${POOL:-10}"
sed -i "s/^defaultScheduled = .*/defaultScheduled = false/" "$home/etc/io.dotmac.billing.automated.cfg"
ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

echo "seed: $TENANTS tenants through the API" >&2
: > "$WORK/tenants.tsv"
declare -a TOKENS
for i in $(seq 1 "$TENANTS"); do
    slug=$(printf 'rep-%03d' "$i")
    id=$(json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Reporting ISP $i\",\"slug\":\"$slug\",\"tier\":\"PREMIUM\",
        \"admin\":{\"username\":\"boss\",\"email\":\"boss@$slug.test\",\"password\":\"bench-password-1\"}}" \
        "$BASE/api/v1/tenants" | jq -r .id)
    TOKENS[$i]=$(json -d "{\"tenant\":\"$slug\",\"username\":\"boss\",\"password\":\"bench-password-1\"}" \
        "$BASE/api/v1/auth/token" | jq -r .access_token)
    # no e-mail per customer created in SQL anyway; keep the outbox out of the picture
    json -X PUT -H "Authorization: Bearer ${TOKENS[$i]}" -d '{"enabled":false}' \
        "$BASE/api/v1/tenant/plugins/email_notifications" >/dev/null
    printf '%s\t%s\n' "$i" "$id" >> "$WORK/tenants.tsv"
done
START=$(date -u -d "$(date -u +%Y-%m-01) -12 months" +%F)
END=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)
TODAY=$(date -u +%F)
INVOICES=$((TENANTS * CUSTOMERS * 12))

echo "seed: $INVOICES invoices for $((TENANTS * CUSTOMERS)) customers, $START to $END, in SQL" >&2
start=$(date +%s.%N)
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q <<SQL
CREATE TABLE bench_tenant (idx INTEGER PRIMARY KEY, id VARCHAR(26) NOT NULL);
\copy bench_tenant FROM '$WORK/tenants.tsv'
SET dotmac.system = 'on';
INSERT INTO dotmac_plan (id, tenant_id, name, price_minor, currency, billing_period, download_mbps, upload_mbps,
        active, created_at, updated_at, tax_rate)
SELECT format('P%s%s', lpad(t.idx::text, 3, '0'), p.k), t.id, p.name, p.price, 'USD', p.period, 100, 20, TRUE,
       now(), now(), 20
FROM bench_tenant t, (VALUES (1, 'Fibre 100', 4990, 'MONTHLY'), (2, 'Fibre 100 quarterly', 13500, 'QUARTERLY'),
    (3, 'Fibre 100 yearly', 49900, 'YEARLY'), (4, 'Fibre 500', 7990, 'MONTHLY')) AS p(k, name, price, period);
-- customers sign up from 6 months before the range to its end; a seventh cancel after 30-230 days
CREATE TABLE bench_customer AS
SELECT t.idx, t.id AS tenant_id, n, format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')) AS cid,
       DATE '$START' - 180 + (n * 545 / $CUSTOMERS) AS signup,
       CASE WHEN n % 7 = 0 THEN DATE '$START' - 180 + (n * 545 / $CUSTOMERS) + 30 + n % 200 END AS cancel_at,
       format('P%s%s', lpad(t.idx::text, 3, '0'), CASE WHEN n % 10 < 7 THEN 1 WHEN n % 10 < 9 THEN 2 ELSE 3 END)
           AS plan
FROM bench_tenant t, generate_series(1, $CUSTOMERS) n;
INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, status, created_at, updated_at, closed_at)
SELECT cid, tenant_id, format('Customer %s', n), format('c%s@bench.test', n), format('c%s@bench.test', n),
       CASE WHEN cancel_at <= DATE '$TODAY' AND n % 2 = 0 THEN 'CLOSED' ELSE 'ACTIVE' END, signup, signup,
       CASE WHEN cancel_at <= DATE '$TODAY' AND n % 2 = 0 THEN cancel_at END
FROM bench_customer;
INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, next_billing_date,
        cancel_at, created_at, updated_at)
SELECT format('S%s', substr(cid, 2)), tenant_id, cid,
       CASE WHEN n % 11 = 0 AND plan LIKE '%1' THEN regexp_replace(plan, '1\$', '4') ELSE plan END,
       signup, CASE WHEN cancel_at <= DATE '$TODAY' THEN 'CANCELLED' ELSE 'ACTIVE' END, DATE '$TODAY', cancel_at,
       signup, signup
FROM bench_customer;
-- an eleventh of the monthly ones moved up to Fibre 500 60 days after signing up
INSERT INTO dotmac_subscription_change (id, tenant_id, subscription_id, changed_on, from_plan_id, to_plan_id, settled,
        created_at)
SELECT format('H%s', substr(cid, 2)), tenant_id, format('S%s', substr(cid, 2)), signup + 60, plan,
       regexp_replace(plan, '1\$', '4'), TRUE, signup
FROM bench_customer WHERE n % 11 = 0 AND plan LIKE '%1';
-- one invoice per customer and month of the range: paid (6 in 7), open, or void (1 in 97)
INSERT INTO dotmac_invoice (id, tenant_id, number, customer_id, status, currency, subtotal_minor, tax_minor,
        total_minor, paid_minor, issue_date, due_date, created_at, updated_at)
SELECT format('I%s%s', substr(c.cid, 2), lpad(m::text, 2, '0')), c.tenant_id,
       format('INV-%s-%s', lpad(m::text, 2, '0'), lpad(c.n::text, 6, '0')), c.cid,
       CASE WHEN (c.n + m) % 97 = 0 THEN 'VOID' WHEN (c.n + m) % 7 = 0 THEN 'ISSUED' ELSE 'PAID' END, 'USD',
       4990, 998, 5988, CASE WHEN (c.n + m) % 97 = 0 OR (c.n + m) % 7 = 0 THEN 0 ELSE 5988 END,
       (DATE '$START' + make_interval(months => m))::date + c.n % 28,
       (DATE '$START' + make_interval(months => m))::date + c.n % 28 + 14, now(), now()
FROM bench_customer c, generate_series(0, 11) m;
INSERT INTO dotmac_payment (id, tenant_id, invoice_id, amount_minor, method, received_at)
SELECT format('Y%s', substr(id, 2)), tenant_id, id, total_minor, 'BANK_TRANSFER', issue_date + (length(id) % 20)
FROM dotmac_invoice WHERE status = 'PAID';
INSERT INTO dotmac_ticket (id, tenant_id, subject, description, customer_id, priority, status, created_by,
        comment_count, created_at, updated_at, resolved_at)
SELECT format('T%s%s', lpad(t.idx::text, 3, '0'), lpad(k::text, 6, '0')), t.id, 'No signal', 'Red light',
       format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(k::text, 6, '0')),
       (ARRAY['LOW', 'NORMAL', 'HIGH', 'URGENT'])[1 + k % 4], CASE WHEN k % 5 = 0 THEN 'OPEN' ELSE 'RESOLVED' END,
       'bench', 0, DATE '$START' + k * 365 / 300, DATE '$START' + k * 365 / 300,
       CASE WHEN k % 5 <> 0 THEN DATE '$START' + k * 365 / 300 + make_interval(hours => k % 72) END
FROM bench_tenant t, generate_series(1, 300) k;
-- network: the first tenant's 20 devices, 4 interfaces each, 30 days of 5-minute rollups
INSERT INTO dotmac_network_device (id, tenant_id, name, address, port, version, credentials_enc, poll_interval_s,
        timeout_ms, retries, created_at, updated_at, status, failures)
SELECT format('D%s', lpad(d::text, 4, '0')), t.id, format('Router %s', d), format('127.0.9.%s', d), 161, 'v2c', 'x',
       60, 1000, 1, now(), now(), 'UP', 0
FROM bench_tenant t, generate_series(1, 20) d WHERE t.idx = 1;
INSERT INTO dotmac_network_interface (tenant_id, device_id, if_index, name, admin_status, oper_status, status,
        down_polls, speed_mbps, updated_at)
SELECT t.id, format('D%s', lpad(d::text, 4, '0')), i, format('ge-0/0/%s', i), 1, 1, 'UP', 0, 1000, now()
FROM bench_tenant t, generate_series(1, 20) d, generate_series(1, 4) i WHERE t.idx = 1;
INSERT INTO dotmac_network_rollup (tenant_id, device_id, if_index, bucket, samples, in_avg, in_max, out_avg, out_max)
SELECT t.id, format('D%s', lpad(d::text, 4, '0')), i,
       extract(epoch FROM DATE '$TODAY' - 29)::bigint + b * 300, 5,
       (100 + (b * 7919 + d * 31 + i) % 400) * 1000000::bigint, (200 + (b * 7919) % 500) * 1000000::bigint,
       (50 + (b * 104729 + d * 17 + i) % 300) * 1000000::bigint, (100 + (b * 104729) % 400) * 1000000::bigint
FROM bench_tenant t, generate_series(1, 20) d, generate_series(1, 4) i, generate_series(0, 8639) b
WHERE t.idx = 1;
DROP TABLE bench_customer;
DROP TABLE bench_tenant;
VACUUM (ANALYZE);
SQL
$PG -d "$DB" -c "CHECKPOINT"
printf 'seed: %.1f s; rows: %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$($PG -d "$DB" -c "SET dotmac.system = 'on'" \
    -c "SELECT (SELECT COUNT(*) FROM dotmac_invoice) || ' invoices, ' || (SELECT COUNT(*) FROM dotmac_payment) \
    || ' payments, ' || (SELECT COUNT(*) FROM dotmac_subscription) || ' subscriptions, ' \
    || (SELECT COUNT(*) FROM dotmac_network_rollup) || ' rollups'")" >&2

# time NAME PATH [TENANTS]: WARMUP then REQUESTS requests, tenant after tenant; prints a row
time_report() {
    local name=$1 path=$2 spread=${3:-$TENANTS} i code t
    [[ "$name" =~ ${ONLY:-.} ]] || return 0
    : > "$WORK/times"
    for r in $(seq 1 $((WARMUP + REQUESTS))); do
        i=$(( (r - 1) % spread + 1 ))
        read -r code t < <(curl -s -o "$WORK/body" -w '%{http_code} %{time_total}\n' \
            -H "Authorization: Bearer ${TOKENS[$i]}" "$BASE/api/v1/reports/$path")
        [ "$code" = 200 ] || { echo "$name: HTTP $code: $(head -c 300 "$WORK/body")" >&2; exit 1; }
        [ "$r" -gt "$WARMUP" ] && echo "$t * 1000" | bc >> "$WORK/times"
    done
    sort -n "$WORK/times" > "$WORK/sorted"
    printf '%s\t%.0f\t%.0f\t%.0f\t%s\n' "$name" "$(median < "$WORK/sorted")" \
        "$(sed -n "$(( (REQUESTS * 95 + 99) / 100 ))p" "$WORK/sorted")" "$(tail -1 "$WORK/sorted")" \
        "$(wc -c < "$WORK/body")"
}

RANGE="from=$START&to=$END"
printf 'report\tmedian_ms\tp95_ms\tmax_ms\tbytes\n'
time_report revenue "revenue?$RANGE"
time_report ageing "ageing"
time_report customers/by-status "customers/by-status"
time_report customers/by-plan "customers/by-plan"
time_report customers/movements "customers/movements?$RANGE"
time_report tickets "tickets?$RANGE"
time_report tickets/by-status "tickets/by-status"
time_report mrr "mrr?$RANGE"
time_report mrr/movements "mrr/movements?$RANGE"
time_report cohorts "cohorts?$RANGE"
time_report "revenue (CSV)" "revenue?format=csv&$RANGE"
time_report "mrr chart (PNG)" "mrr?format=png&$RANGE"
time_report "mrr/movements chart (SVG)" "mrr/movements?format=svg&$RANGE"
time_report "cohorts chart (PNG)" "cohorts?format=png&$RANGE"
time_report "network/utilisation (80 interfaces, 30 days)" "network/utilisation" 1
