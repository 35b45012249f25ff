#!/usr/bin/env bash
# What an API key costs per request against a bearer JWT, on loopback, in one run against one instance, with wrk
# (Debian package `wrk`): the same GET /api/v1/customers?limit=1 of a PREMIUM tenant (one customer), once with the
# tenant admin's JWT (signature check, claims, token version) and once with an API key scoped customers:read (the
# key's tenant found through licensing, the secret's SHA-256 compared, the rate counted, the usage counted, the
# scope checked, the RateLimit-* headers written). The key's rate is raised for the run (etc/, before start) so no
# request is refused. Rounds alternate (jwt, key, key, jwt, ...) and ratios are per round: this machine is shared
# and noisy. Goal: key/jwt >= 0.95.
#
#   benchmarks/api-keys.sh [rounds] [seconds] [connections]   (defaults 4, 10, 32; wrk uses 2 threads)
# Needs wrk, curl and jq; a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-4} SECONDS_PER_RUN=${2:-10} CONNECTIONS=${3:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
trap 'stop_distribution "$home"; rm -rf "$WORK"' EXIT
sed -i 's#^fullRequestsPerMinute = .*#fullRequestsPerMinute = 1000000000#' "$home/etc/io.dotmac.api.access.cfg"
start_and_login "$home" "bench-$(date +%s)-password"
curl -sf -o /dev/null -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"name":"Keys ISP","slug":"keys","tier":"PREMIUM","admin":{"username":"boss","email":"boss@keys.test","password":"bench-password-1"}}'
JWT=$(curl -sf -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"tenant":"keys","username":"boss","password":"bench-password-1"}' | jq -r .access_token)
curl -sf -o /dev/null -X POST "$BASE/api/v1/customers" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
    -d '{"name":"Ada","email":"ada@keys.test"}'
KEY=$(curl -sf -X POST "$BASE/api/v1/api-keys" -H "Authorization: Bearer $JWT" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["customers:read"]}' | jq -r .key)
URL="$BASE/api/v1/customers?limit=1"
for token in "$JWT" "$KEY"; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$URL")" = 200 ] \
        || { echo "GET $URL does not answer 200" >&2; exit 1; }
done
run() { # run TOKEN -> requests/s (non-2xx fail the benchmark)
    local out
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -H "Authorization: Bearer $1" "$URL")
    if echo "$out" | grep -q "Non-2xx"; then echo "$out" >&2; exit 1; fi
    echo "$out" | awk '/Requests\/sec/ {print $2}'
}
# warm-up, both paths
wrk -t2 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $JWT" "$URL" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d20s -H "Authorization: Bearer $KEY" "$URL" >/dev/null
printf '%-6s %10s %10s %8s\n' round jwt key key/jwt
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then jwt=$(run "$JWT"); key=$(run "$KEY"); else key=$(run "$KEY"); jwt=$(run "$JWT"); fi
    printf '%-6s %10s %10s %8.3f\n' "$round" "$jwt" "$key" "$(awk -v k="$key" -v j="$jwt" 'BEGIN {print k / j}')"
done
