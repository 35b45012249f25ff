#!/usr/bin/env bash
# Webhook deliveries per second to a loopback receiver, on PostgreSQL (issue 9), on loopback:
#   seed  one ENTERPRISE tenant with WEBHOOKS webhooks (through the API) on a receiver at 127.0.0.1 (a JDK
#         HttpServer answering 200 at once: benchmarks/WebhookReceiver.java), allowed by allowedNetworks
#   run   DELIVERIES pending deliveries written in one SQL statement, spread over the webhooks; the time until the
#         last is DELIVERED; deliveries/s = DELIVERIES / that time; the receiver counts requests and distinct ids
#
#   benchmarks/webhook-delivery.sh [rounds] [webhooks] [deliveries]   (defaults 3, 50, 20000)
#   THREADS=n (senderThreads, default 4 as shipped), POOL=n (data source pool, default 10)
# Needs a built distribution (mvn -B install -DskipTests), java, psql, curl, jq and bc, and PostgreSQL on
# 127.0.0.1:5432 reachable as postgres without a password. Creates its own database and roles and drops them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} WEBHOOKS=${2:-50} DELIVERIES=${3:-20000}
for tool in java psql curl jq bc; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
SUFFIX=$(date +%s)_$$
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
RECEIVER_PORT=${RECEIVER_PORT:-18999}
java "$ROOT/benchmarks/WebhookReceiver.java" "$RECEIVER_PORT" "$WORK/received" &
RECEIVER=$!
cleanup() {
    kill "$RECEIVER" 2>/dev/null || true
    stop_distribution "$home"
    pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT
pg_distribution "$home" "${POOL:-10}"
cfg="$home/etc/io.dotmac.integrations.cfg"
sed -i "s#^allowedNetworks =.*#allowedNetworks = 127.0.0.0/8#; s/^senderThreads = .*/senderThreads = ${THREADS:-4}/" "$cfg"
ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }
for _ in $(seq 1 100); do [ -s "$WORK/received" ] && break; sleep 0.1; done

tenant=$(json -H "Authorization: Bearer $ADMIN" -d '{"name":"Hooks ISP","slug":"hooks","tier":"ENTERPRISE",
    "admin":{"username":"boss","email":"boss@hooks.test","password":"bench-password-1"}}' "$BASE/api/v1/tenants" | jq -r .id)
token=$(json -d '{"tenant":"hooks","username":"boss","password":"bench-password-1"}' "$BASE/api/v1/auth/token" \
    | jq -r .access_token)
for i in $(seq 1 "$WEBHOOKS"); do
    json -H "Authorization: Bearer $token" -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$i\",
        \"topics\":[\"io/dotmac/*\"]}" "$BASE/api/v1/integrations/webhooks" >/dev/null
done
ADMIN_PSQL="psql -h 127.0.0.1 -U postgres -d $DB -v ON_ERROR_STOP=1 -qAt"
delivered() { $ADMIN_PSQL -c "SET dotmac.system = 'on'" \
    -c "SELECT COUNT(*) FROM dotmac_webhook_delivery WHERE status = 'DELIVERED'"; }

printf 'round\twebhooks\tdeliveries\tseconds\tdeliveries_per_s\treceived\tdistinct\n'
for round in $(seq 1 "$ROUNDS"); do
    $ADMIN_PSQL -c "SET dotmac.system = 'on'" -c "TRUNCATE dotmac_webhook_attempt, dotmac_webhook_delivery"
    read -r before_requests before_ids < "$WORK/received"
    start=$(date +%s.%N)
    $ADMIN_PSQL <<SQL
SET dotmac.system = 'on';
INSERT INTO dotmac_webhook_delivery (id, tenant_id, webhook_id, topic, payload, status, attempts, next_attempt_at,
        created_at)
SELECT format('B%s%s', lpad('$round', 2, '0'), lpad(n::text, 23, '0')), '$tenant', w.id,
       'io/dotmac/customers/CUSTOMER_CREATED',
       format('{"id":"B%s","topic":"io/dotmac/customers/CUSTOMER_CREATED","tenant":"hooks","data":{"customerId":"C%s"}}',
           n, n), 'PENDING', 0, now(), now()
FROM generate_series(1, $DELIVERIES) n
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM dotmac_webhook) w ON w.k = n % $WEBHOOKS;
SQL
    deadline=$(( $(date +%s) + 600 ))
    while [ "$(delivered)" -lt "$DELIVERIES" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "not all delivered after 10 minutes" >&2; exit 1; }
        sleep 0.2
    done
    elapsed=$(echo "$(date +%s.%N) - $start" | bc)
    sleep 0.3
    read -r requests ids < "$WORK/received"
    printf '%s\t%s\t%s\t%.2f\t%.0f\t%s\t%s\n' "$round" "$WEBHOOKS" "$DELIVERIES" "$elapsed" \
        "$(echo "$DELIVERIES / $elapsed" | bc -l)" "$((requests - before_requests))" "$((ids - before_ids))"
done
