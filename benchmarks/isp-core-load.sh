#!/usr/bin/env bash
# ISP core under load on PostgreSQL (issue 5), on loopback:
#   seed  100 tenants (ENTERPRISE, no customer limit, through the API: each with its first admin, an Argon2id hash) x 1,000 customers,
#         3 plans, a subscription per customer and 12 invoices per customer (1.2 million, one line each, 1 million
#         payments), written by benchmarks/isp-core/seed.sql as the PostgreSQL superuser (row-level security lets only the system role across tenants); the time of each part is printed
#   load  wrk with 32 connections (2 threads), every request a random tenant's token on a random seeded row
#         (benchmarks/isp-core/load.lua): "reads", "creates" and "mixed" (80/20) runs, p50/p99 and requests/s;
#         any answer other than 2xx fails the run
#
#   benchmarks/isp-core-load.sh [rounds] [seconds] [connections] [tenants]   (defaults 3, 30, 32, 100)
#   POOL=n: the data source pool size (default 10, as shipped); PROFILE=dir: record one reads run with JFR
# Needs a built distribution (mvn -B install -DskipTests), wrk and psql, and PostgreSQL on 127.0.0.1:5432 reachable
# as postgres without a password (as on the CI machine). Creates its own database and roles and drops them at the
# end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} SECONDS_PER_RUN=${2:-30} CONNECTIONS=${3:-32} TENANTS=${4:-100}
for tool in wrk psql curl jq; do
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

ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

echo "seed: $TENANTS tenants through the API" >&2
start=$(date +%s.%N)
: > "$WORK/tenants.tsv"
for i in $(seq 1 "$TENANTS"); do
    slug=$(printf 'bench-%03d' "$i")
    id=$(json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Bench ISP $i\",\"slug\":\"$slug\",\"tier\":\"ENTERPRISE\",
        \"admin\":{\"username\":\"boss\",\"email\":\"boss@$slug.test\",\"password\":\"bench-password-1\"}}" \
        "$BASE/api/v1/tenants" | jq -r .id)
    printf '%s\t%s\n' "$i" "$id" >> "$WORK/tenants.tsv"
done
tenants_s=$(echo "$(date +%s.%N) - $start" | bc)

echo "seed: rows through SQL as the superuser" >&2
start=$(date +%s.%N)
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q \
    -c "CREATE TABLE bench_tenant (idx INTEGER PRIMARY KEY, id VARCHAR(26) NOT NULL)" \
    -c "\\copy bench_tenant FROM '$WORK/tenants.tsv'" \
    -f "$ROOT/benchmarks/isp-core/seed.sql"
rows_s=$(echo "$(date +%s.%N) - $start" | bc)
$PG -d "$DB" -c "CHECKPOINT" # write the seed out now rather than in a checkpoint during the measurement
counts=$($PG -d "$DB" -c "SET dotmac.system = 'on'" -c "SELECT
    (SELECT count(*) FROM dotmac_customer) || ' customers, ' || (SELECT count(*) FROM dotmac_subscription)
    || ' subscriptions, ' || (SELECT count(*) FROM dotmac_invoice) || ' invoices, '
    || (SELECT count(*) FROM dotmac_invoice_line) || ' lines, ' || (SELECT count(*) FROM dotmac_payment)
    || ' payments'")
size=$($PG -d "$DB" -c "SELECT pg_size_pretty(pg_database_size('$DB'))")
printf 'seed: tenants %.1f s, rows %.1f s (%s; database %s)\n' "$tenants_s" "$rows_s" "$counts" "$size"

: > "$WORK/tokens.txt"
while IFS=$'\t' read -r i id; do
    token=$(json -d "{\"tenant\":\"$(printf 'bench-%03d' "$i")\",\"username\":\"boss\",\"password\":\"bench-password-1\"}" \
        "$BASE/api/v1/auth/token" | jq -r .access_token)
    echo "$i $token" >> "$WORK/tokens.txt"
done < "$WORK/tenants.tsv"

run_wrk() { # mode seconds -> "requests_per_second p50_ms p99_ms"
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$2"s --timeout 10s --latency -s "$ROOT/benchmarks/isp-core/load.lua" \
        "$BASE" -- "$1" "$WORK/tokens.txt")
    if echo "$out" | grep -q -e 'Non-2xx' -e 'Socket errors'; then
        echo "$out" >&2
        echo "the $1 run had failed requests" >&2
        return 1
    fi
    echo "$out" | awk '
        function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
                         sub(/s$/, "", v); return v * 1000 }
        /Requests\/sec/ {rps = $2}
        /^ +50%/ {p50 = ms($2)}
        /^ +99%/ {p99 = ms($2)}
        END {printf "%s %.2f %.2f\n", rps, p50, p99}'
}

echo "warm-up: 60 s mixed" >&2
run_wrk mixed 60 >/dev/null
if [ -n "${PROFILE:-}" ]; then # PROFILE=<dir>: a JFR recording and a CPU split (top) of one reads run, then stop
    mkdir -p "$PROFILE"
    jcmd "$(java_pid "$home")" JFR.start name=load settings=profile duration="${SECONDS_PER_RUN}s" \
        filename="$PROFILE/reads.jfr" >/dev/null
    (sleep 5; top -b -d 10 -n 2 > "$PROFILE/top.txt") &
    run_wrk reads "$SECONDS_PER_RUN"
    wait
    sleep 2
    exit 0
fi
printf '%-6s %-8s %10s %8s %8s\n' round mode req_per_s p50_ms p99_ms
for r in $(seq 1 "$ROUNDS"); do
    for mode in reads creates mixed; do
        read -r rps p50 p99 < <(run_wrk "$mode" "$SECONDS_PER_RUN")
        printf '%-6s %-8s %10s %8s %8s\n' "$r" "$mode" "$rps" "$p50" "$p99"
    done
done
