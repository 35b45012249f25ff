#!/usr/bin/env bash
# Billing runs on PostgreSQL (issue 6), on loopback:
#   seed  10 PREMIUM tenants through the API (each with a plan at 20 % tax), then 10,000 customers per tenant with a
#         subscription due today, written in SQL as the superuser (100,000 due subscriptions)
#   run   a billing run for today for every tenant at once (POST /api/v1/billing/runs), polled until all are done:
#         invoices/s = invoices issued / (last run's end - first run's start), from the runs' own timestamps
#   rerun the same date again for every tenant: nothing is due; its time as a share of the first run's
#   Each round starts from the same state: the invoices, runs and records of the round before are truncated and the
#   subscriptions are due again.
#
#   benchmarks/billing-run.sh [rounds] [tenants] [subscriptions per tenant]   (defaults 3, 10, 10000)
#   EMAIL=on: leave the tenants' email_notifications on (each invoice then also writes an outbox row in its
#   transaction, and the sender works through them meanwhile, against an SMTP port nobody listens on); by default
#   the tenants switch the plugin off, so the figures are the billing run's own
#   THREADS=n: runs carried out at once (runnerThreads, default 2 as shipped); CHUNK=n: subscriptions per
#   transaction (chunkSize, default 500 as shipped); POOL=n: the data source pool (default 10)
# Needs a built distribution (mvn -B install -DskipTests), psql, curl, jq and bc, and PostgreSQL on 127.0.0.1:5432
# reachable as postgres without a password. Creates its own database and roles and drops them at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} TENANTS=${2:-10} PER_TENANT=${3:-10000}
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
cfg="$home/etc/io.dotmac.billing.automated.cfg"
sed -i "s/^defaultScheduled = .*/defaultScheduled = false/; s/^runnerThreads = .*/runnerThreads = ${THREADS:-2}/; \
s/^chunkSize = .*/chunkSize = ${CHUNK:-500}/" "$cfg"

ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

echo "seed: $TENANTS tenants and plans through the API" >&2
: > "$WORK/tenants.tsv"
declare -a TOKENS
for i in $(seq 1 "$TENANTS"); do
    slug=$(printf 'bill-%03d' "$i")
    id=$(json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Billing ISP $i\",\"slug\":\"$slug\",\"tier\":\"PREMIUM\",
        \"admin\":{\"username\":\"boss\",\"email\":\"boss@$slug.test\",\"password\":\"bench-password-1\"}}" \
        "$BASE/api/v1/tenants" | jq -r .id)
    token=$(json -d "{\"tenant\":\"$slug\",\"username\":\"boss\",\"password\":\"bench-password-1\"}" \
        "$BASE/api/v1/auth/token" | jq -r .access_token)
    plan=$(json -H "Authorization: Bearer $token" -d '{"name":"Fibre 100","price":"49.90","currency":"USD",
        "billingPeriod":"MONTHLY","downloadMbps":100,"uploadMbps":20,"taxRate":"20"}' "$BASE/api/v1/plans" | jq -r .id)
    TOKENS[$i]=$token
    if [ "${EMAIL:-off}" != on ]; then
        json -X PUT -H "Authorization: Bearer $token" -d '{"enabled":false}' \
            "$BASE/api/v1/tenant/plugins/email_notifications" >/dev/null
    fi
    printf '%s\t%s\t%s\n' "$i" "$id" "$plan" >> "$WORK/tenants.tsv"
done
TODAY=$(date -u +%F)
TOTAL=$((TENANTS * PER_TENANT))

echo "seed: $TOTAL customers and due subscriptions in SQL" >&2
start=$(date +%s.%N)
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q <<SQL
CREATE TABLE bench_tenant (idx INTEGER PRIMARY KEY, id VARCHAR(26) NOT NULL, plan_id VARCHAR(26) NOT NULL);
\copy bench_tenant FROM '$WORK/tenants.tsv'
SET dotmac.system = 'on';
INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, phone, service_address, status, created_at,
        updated_at)
SELECT format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), t.id, format('Customer %s', n),
       format('c%s@bench.test', n), format('c%s@bench.test', n), NULL, NULL, 'ACTIVE', now(), now()
FROM bench_tenant t, generate_series(1, $PER_TENANT) n;
INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, next_billing_date,
        cancel_at, created_at, updated_at)
SELECT format('S%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), t.id,
       format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), t.plan_id, DATE '$TODAY', 'ACTIVE',
       DATE '$TODAY', NULL, now(), now()
FROM bench_tenant t, generate_series(1, $PER_TENANT) n;
SQL
printf 'seed: %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"

# reset: the state before a round (also run before the first, for the same VACUUM and CHECKPOINT)
reset() {
    psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q <<SQL >/dev/null
TRUNCATE dotmac_invoice_line, dotmac_payment, dotmac_invoice, dotmac_invoice_number, dotmac_billing_charge,
    dotmac_billing_run_failure, dotmac_billing_run, dotmac_dunning_step, dotmac_dunning_hold, dotmac_email_outbox;
SET dotmac.system = 'on';
UPDATE dotmac_subscription SET next_billing_date = start_date;
VACUUM (ANALYZE) dotmac_subscription, dotmac_customer, dotmac_invoice, dotmac_invoice_line, dotmac_billing_charge,
    dotmac_billing_run;
SQL
    $PG -d "$DB" -c "CHECKPOINT" # write the seed out now, not in a checkpoint during the measurement
}

# all_runs LABEL: starts a run for today for every tenant, waits for all, prints "seconds invoices"
all_runs() {
    local ids=() i r
    for i in $(seq 1 "$TENANTS"); do
        r=$(json -H "Authorization: Bearer ${TOKENS[$i]}" -d "{\"date\":\"$TODAY\"}" "$BASE/api/v1/billing/runs" | jq -r .id)
        ids[$i]=$r
    done
    local deadline=$(( $(date +%s) + 1800 )) running
    while :; do
        running=0
        : > "$WORK/runs.json"
        for i in $(seq 1 "$TENANTS"); do
            json -H "Authorization: Bearer ${TOKENS[$i]}" "$BASE/api/v1/billing/runs/${ids[$i]}" >> "$WORK/runs.json"
            echo >> "$WORK/runs.json"
        done
        running=$(jq -s '[.[] | select(.status == "RUNNING")] | length' "$WORK/runs.json")
        [ "$running" = 0 ] && break
        [ "$(date +%s)" -lt "$deadline" ] || { echo "runs still running after 30 minutes" >&2; exit 1; }
        sleep 0.2
    done
    if [ "$(jq -s '[.[] | select(.status != "COMPLETED" or .failed != 0)] | length' "$WORK/runs.json")" != 0 ]; then
        jq -c . "$WORK/runs.json" >&2
        echo "$1: a run did not complete cleanly" >&2
        exit 1
    fi
    jq -rs 'def t: capture("^(?<s>[^.Z]+)(\\.(?<f>[0-9]+))?Z$") | ((.s + "Z") | fromdate) + (("0." + (.f // "0")) | tonumber);
        [ ((map(.finishedAt | t) | max) - (map(.startedAt | t) | min)), (map(.invoices) | add) ] | @tsv' "$WORK/runs.json"
}

printf 'round\tinvoices\tfirst_s\tinvoices_per_s\trerun_s\trerun_share\n'
for round in $(seq 1 "$ROUNDS"); do
    reset
    read -r first n < <(all_runs first)
    [ "$n" = "$TOTAL" ] || { echo "round $round issued $n invoices, expected $TOTAL" >&2; exit 1; }
    read -r rerun rn < <(all_runs rerun)
    [ "$rn" = 0 ] || { echo "the re-run issued $rn invoices" >&2; exit 1; }
    printf '%s\t%s\t%.2f\t%.0f\t%.3f\t%.1f %%\n' "$round" "$n" "$first" "$(echo "$n / $first" | bc -l)" "$rerun" \
        "$(echo "100 * $rerun / $first" | bc -l)"
done
check=$($PG -d "$DB" -c "SET dotmac.system = 'on'" -c "SELECT COUNT(*), COUNT(DISTINCT (tenant_id, number)) FROM dotmac_invoice")
echo "last round in the database: invoices, distinct numbers = $check" >&2
