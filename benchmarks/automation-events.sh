#!/usr/bin/env bash
# Events per second through advanced_automation's rules, on PostgreSQL (issue 9), on loopback:
#   seed  TENANTS ENTERPRISE tenants (through the API), each with one customer and RULES rules on
#         io/dotmac/network/INTERFACE_DOWN: rule k holds for ifIndex = k and sets a tag on the customer (a cheap
#         action: the customer is locked and its tags read; the tag is there after the first run, so nothing more
#         is written). TENANTS x RULES enabled rules in all (1,000 by default).
#   run   EVENTS events published by benchmarks/automation-events (a bundle dropped into deploy/), each in its own
#         transaction as a change would be, round-robin over the tenants, on PUBLISHERS threads; each event is
#         tested against its tenant's rules and matches exactly one, whose run is written in the event's
#         transaction. Reported: the publishing rate (events/s with matching and the run written) and the
#         end-to-end rate (events/s until the last run has SUCCEEDED: claimed, its action done, the run logged).
#
#   benchmarks/automation-events.sh [rounds] [tenants] [rules per tenant] [events]   (defaults 3, 100, 10, 20000)
#   PUBLISHERS=n (default 4), WORKERS=n (workerThreads, default 4 as shipped), POOL=n (data source pool, default 10)
#   BATCH=n: runs claimed at once (batchSize, default 1000 as shipped)
#   PER_TX=n: events per publishing transaction (default 1; a network poll or a billing run publishes several)
#   RULES=0 (the third argument): no rules, only the publishing rate: the baseline without automation
# Needs a built distribution (mvn -B install -DskipTests), java, psql, curl, jq and bc, and PostgreSQL on
# 127.0.0.1:5432 reachable as postgres without a password. Creates its own database and roles and drops them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} TENANTS=${2:-100} RULES=${3:-10} EVENTS=${4:-20000}
for tool in java psql curl jq bc mvn; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
mvn -B -q -f "$ROOT/benchmarks/pom.xml" package -pl automation-events -am
BENCH_JAR=$(ls "$ROOT"/benchmarks/automation-events/target/bench-automation-events-*.jar)
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
cfg="$home/etc/io.dotmac.automation.cfg"
sed -i "s/^workerThreads = .*/workerThreads = ${WORKERS:-4}/; s/^batchSize = .*/batchSize = ${BATCH:-1000}/; s/^maxRunsPerMinute = .*/maxRunsPerMinute = 100000000/" "$cfg"
ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

slugs=()
for t in $(seq 1 "$TENANTS"); do
    slug=auto$t
    json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Automation ISP $t\",\"slug\":\"$slug\",\"tier\":\"ENTERPRISE\",
        \"admin\":{\"username\":\"boss\",\"email\":\"boss@$slug.test\",\"password\":\"bench-password-1\"}}" \
        "$BASE/api/v1/tenants" >/dev/null
    token=$(json -d "{\"tenant\":\"$slug\",\"username\":\"boss\",\"password\":\"bench-password-1\"}" \
        "$BASE/api/v1/auth/token" | jq -r .access_token)
    customer=$(json -H "Authorization: Bearer $token" -d "{\"name\":\"Customer $t\",\"email\":\"c@$slug.test\"}" \
        "$BASE/api/v1/customers" | jq -r .id)
    for k in $(seq 0 $((RULES - 1))); do
        json -H "Authorization: Bearer $token" -d "{\"name\":\"Link $k down\",\"trigger\":{\"topic\":
            \"io/dotmac/network/INTERFACE_DOWN\"},\"conditions\":{\"field\":\"ifIndex\",\"op\":\"equals\",\"value\":$k},
            \"actions\":[{\"type\":\"set_customer_tag\",\"customerId\":\"$customer\",\"tag\":\"link-down\"}]}" \
            "$BASE/api/v1/automation/rules" >/dev/null
    done
    slugs+=("$slug")
done
tenant_list=$(IFS=,; echo "${slugs[*]}")
cp "$BENCH_JAR" "$home/deploy/"
for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/bench/v1/events?tenants=${slugs[0]}&events=0&threads=1&kinds=1")" = 200 ] && break
    sleep 0.2
done
ADMIN_PSQL="psql -h 127.0.0.1 -U postgres -d $DB -v ON_ERROR_STOP=1 -qAt"
sql() { $ADMIN_PSQL -c "SET dotmac.system = 'on'" -c "$1"; }
echo "rules: $(sql "SELECT COUNT(*) FROM dotmac_automation_rule WHERE enabled") enabled across $TENANTS tenants"

echo "events per publishing transaction: ${PER_TX:-1}, publishers: ${PUBLISHERS:-4}, workers: ${WORKERS:-4}, batch: ${BATCH:-1000}"
printf 'round\tevents\tpublish_s\tpublished_per_s\tend_to_end_s\tevents_per_s\tsucceeded\tother\n'
for round in $(seq 1 "$ROUNDS"); do
    sql "TRUNCATE dotmac_automation_run" >/dev/null
    start=$(date +%s.%N)
    millis=$(curl -sS --fail-with-body -X POST --max-time 900 \
        "$BASE/bench/v1/events?tenants=$tenant_list&events=$EVENTS&threads=${PUBLISHERS:-4}&kinds=$RULES&perTransaction=${PER_TX:-1}" \
        | jq -r .millis)
    if [ "$RULES" = 0 ]; then
        printf '%s\t%s\t%.2f\t%.0f\t-\t-\t-\t-\n' "$round" "$EVENTS" "$(echo "$millis / 1000" | bc -l)" \
            "$(echo "$EVENTS * 1000 / $millis" | bc -l)"
        continue
    fi
    deadline=$(( $(date +%s) + 900 ))
    while [ "$(sql "SELECT COUNT(*) FROM dotmac_automation_run WHERE finished_at IS NOT NULL")" -lt "$EVENTS" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "not all runs finished after 15 minutes" >&2; exit 1; }
        sleep 0.1
    done
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    succeeded=$(sql "SELECT COUNT(*) FROM dotmac_automation_run WHERE status = 'SUCCEEDED'")
    other=$(sql "SELECT COUNT(*) FROM dotmac_automation_run WHERE status <> 'SUCCEEDED'")
    printf '%s\t%s\t%.2f\t%.0f\t%.2f\t%.0f\t%s\t%s\n' "$round" "$EVENTS" "$(echo "$millis / 1000" | bc -l)" \
        "$(echo "$EVENTS * 1000 / $millis" | bc -l)" "$elapsed" "$(echo "$EVENTS / $elapsed" | bc -l)" \
        "$succeeded" "$other"
done
