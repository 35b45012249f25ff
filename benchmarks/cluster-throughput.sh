#!/usr/bin/env bash
# Scale-out (issue 25): throughput of the ISP-core read mix with one node against two nodes on one PostgreSQL
# database, on this machine, loopback only.
#   seed  TENANTS tenants through node A's API, then benchmarks/isp-core/seed.sql (1,000 customers, a subscription
#         and 12 invoices each per tenant) as the superuser; both nodes share A's keys (etc/dotmac-*.key)
#   load  benchmarks/isp-core/load.lua "reads" (GET a customer, an invoice, a page of customers, a customer's
#         invoices): "1 node" is one wrk (2 threads, CONNECTIONS connections) against A while B idles; "2 nodes" is
#         the load balanced in the script: two wrk at once (1 thread, CONNECTIONS/2 each), one per node, their
#         requests per second added. The two alternate, ROUNDS times; any non-2xx answer fails the run.
#
#   benchmarks/cluster-throughput.sh [rounds] [seconds] [connections] [tenants]   (defaults 3, 30, 32, 20)
# Needs a built distribution (mvn -B install -DskipTests), wrk, psql, curl, jq, bc, and PostgreSQL on 127.0.0.1:5432
# reachable as postgres without a password. Creates its own database and roles and drops them at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} SECONDS_PER_RUN=${2:-30} CONNECTIONS=${3:-32} TENANTS=${4:-20}
for tool in wrk psql curl jq bc; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done

WORK=$(mktemp -d)
mkdir -p "$WORK/a" "$WORK/b"
home_a=$(BENCH_HTTP_PORT=18181 BENCH_SSH_PORT=18101 unpack_distribution "$WORK/a")
home_b=$(BENCH_HTTP_PORT=18182 BENCH_SSH_PORT=18102 unpack_distribution "$WORK/b")
cleanup() {
    stop_distribution "$home_b"
    stop_distribution "$home_a"
    pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT
pg_distribution "$home_a" "${POOL:-10}"
cp "$home_a/etc/org.ops4j.datasource-dotmac.cfg" "$home_a/etc/io.dotmac.persistence.cfg" "$home_b/etc/"
sed -i 's/^nodeName =.*/nodeName = node-a/' "$home_a/etc/io.dotmac.cluster.cfg"
sed -i 's/^nodeName =.*/nodeName = node-b/' "$home_b/etc/io.dotmac.cluster.cfg"

ADMIN_PASSWORD=bench-admin-$$
# A first: it migrates the database and makes the keys, which B then shares (a node needs every other's keys)
BENCH_HTTP_PORT=18181 start_and_login "$home_a" "$ADMIN_PASSWORD"
A=$BASE
cp "$home_a"/etc/dotmac-*.key "$home_b/etc/"
BENCH_HTTP_PORT=18182 start_and_login "$home_b" "$ADMIN_PASSWORD"
B=$BASE
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

echo "seed: $TENANTS tenants through node A's API, rows through SQL" >&2
: > "$WORK/tenants.tsv"
for i in $(seq 1 "$TENANTS"); do
    slug=$(printf 'bench-%03d' "$i")
    id=$(json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Bench ISP $i\",\"slug\":\"$slug\",\"tier\":\"ENTERPRISE\",
        \"admin\":{\"username\":\"boss\",\"email\":\"boss@$slug.test\",\"password\":\"bench-password-1\"}}" \
        "$A/api/v1/tenants" | jq -r .id)
    printf '%s\t%s\n' "$i" "$id" >> "$WORK/tenants.tsv"
done
psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q \
    -c "CREATE TABLE bench_tenant (idx INTEGER PRIMARY KEY, id VARCHAR(26) NOT NULL)" \
    -c "\\copy bench_tenant FROM '$WORK/tenants.tsv'" \
    -f "$ROOT/benchmarks/isp-core/seed.sql"
$PG -d "$DB" -c "CHECKPOINT"
: > "$WORK/tokens.txt"
while IFS=$'\t' read -r i id; do
    token=$(json -d "{\"tenant\":\"$(printf 'bench-%03d' "$i")\",\"username\":\"boss\",\"password\":\"bench-password-1\"}" \
        "$A/api/v1/auth/token" | jq -r .access_token)
    echo "$i $token" >> "$WORK/tokens.txt"
done < "$WORK/tenants.tsv"
# the tokens A signed work on B (same key), and B knows the tenants made on A
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$WORK/tokens.txt" | cut -d' ' -f2)" \
    "$B/api/v1/customers/C001000001")
[ "$code" = 200 ] || { echo "node B answers $code for node A's tenant" >&2; exit 1; }

wrk_rps() { # url threads connections seconds -> requests per second (fails on any non-2xx)
    local out
    out=$(wrk -t"$2" -c"$3" -d"$4"s --timeout 10s -s "$ROOT/benchmarks/isp-core/load.lua" "$1" -- reads \
        "$WORK/tokens.txt")
    if echo "$out" | grep -q -e 'Non-2xx' -e 'Socket errors'; then
        echo "$out" >&2
        echo "a run against $1 had failed requests" >&2
        return 1
    fi
    echo "$out" | awk '/Requests\/sec/ {print $2}'
}
cpu_seconds() { # the Karaf JVMs' CPU seconds so far (user + system)
    local total=0 pid
    for pid in $(java_pid "$home_a") $(java_pid "$home_b"); do
        total=$(echo "$total + $(awk '{print ($14 + $15) / 100}' "/proc/$pid/stat")" | bc -l)
    done
    echo "$total"
}

echo "warm-up: 60 s, both nodes" >&2
wrk_rps "$A" 1 $((CONNECTIONS / 2)) 60 >/dev/null &
warm=$!
wrk_rps "$B" 1 $((CONNECTIONS / 2)) 60 >/dev/null
wait "$warm"
printf '%-6s %-8s %10s %14s\n' round nodes req_per_s cpu_s_per_1k
for r in $(seq 1 "$ROUNDS"); do
    c0=$(cpu_seconds)
    one=$(wrk_rps "$A" 2 "$CONNECTIONS" "$SECONDS_PER_RUN")
    c1=$(cpu_seconds)
    printf '%-6s %-8s %10s %14.3f\n' "$r" 1 "$one" "$(echo "($c1 - $c0) * 1000 / ($one * $SECONDS_PER_RUN)" | bc -l)"
    wrk_rps "$A" 1 $((CONNECTIONS / 2)) "$SECONDS_PER_RUN" > "$WORK/a.rps" &
    on_a=$!
    wrk_rps "$B" 1 $((CONNECTIONS / 2)) "$SECONDS_PER_RUN" > "$WORK/b.rps"
    wait "$on_a"
    two=$(echo "$(cat "$WORK/a.rps") + $(cat "$WORK/b.rps")" | bc -l)
    c2=$(cpu_seconds)
    printf '%-6s %-8s %10.2f %14.3f   (A %s + B %s; ratio %.2f)\n' "$r" 2 "$two" \
        "$(echo "($c2 - $c1) * 1000 / ($two * $SECONDS_PER_RUN)" | bc -l)" "$(cat "$WORK/a.rps")" \
        "$(cat "$WORK/b.rps")" "$(echo "$two / $one" | bc -l)"
done
