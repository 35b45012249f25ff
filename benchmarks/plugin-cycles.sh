#!/usr/bin/env bash
# Plugin install/uninstall cycles under load: a PREMIUM tenant's requests to a core endpoint and to plugin endpoints
# (through the licensing dispatcher) run with wrk the whole time, while a plugin feature with no dependents is
# uninstalled and installed again `cycles` times through the shell (dotmac:plugin-uninstall / plugin-install, over
# OpenSSH with etc/client.key). Prints the failed requests (non-2xx or socket errors: the goal is 0), the
# FeaturesService time of each operation as DotMac logs it (median, p90, max), the CXF servers built during the
# cycles (0: the application is never rebuilt), and the JVM's live heap after a full GC before and after.
#
#   benchmarks/plugin-cycles.sh [cycles] [feature]    (defaults 100, dotmac-advanced-automation)
# Needs wrk, ssh and jq; a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
CYCLES=${1:-100}
FEATURE=${2:-dotmac-advanced-automation}
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
trap 'stop_distribution "$home"; rm -rf "$WORK"' EXIT
PASSWORD="bench-$(date +%s)-password"
start_and_login "$home" "$PASSWORD"
curl -sf -o /dev/null -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"name":"Cycles ISP","slug":"cycles","tier":"PREMIUM","admin":{"username":"boss","email":"boss@cycles.test","password":"bench-password-1"}}'
TOKEN=$(curl -sf -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d '{"tenant":"cycles","username":"boss","password":"bench-password-1"}' | jq -r .access_token)
shell() {
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "$BENCH_SSH_PORT" \
        -i "$home/etc/client.key" karaf@127.0.0.1 "$1"
}
heap() { jcmd "$(java_pid "$home")" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}'; }
builds() { grep -c "Setting the server's publish address" "$home/data/log/karaf.log" || true; }

# wrk rotates over three paths: a core resource and two plugins' endpoints
cat > "$WORK/paths.lua" <<'LUA'
local paths = {"/api/v1/tenant/license", "/api/v1/customers", "/api/v1/reports/revenue"}
local n = 0
request = function()
    n = n + 1
    return wrk.format("GET", paths[(n % #paths) + 1])
end
LUA
for p in /api/v1/tenant/license /api/v1/customers /api/v1/reports/revenue; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$p")" = 200 ] \
        || { echo "$p does not answer 200" >&2; exit 1; }
done
heap_before=$(heap)
builds_before=$(builds)
wrk -t1 -c4 -d3600s -s "$WORK/paths.lua" -H "Authorization: Bearer $TOKEN" "$BASE" > "$WORK/wrk.txt" 2>&1 &
WRK=$!
t0=$(date +%s)
# 25 cycles per shell session ("a; b; ..."): Karaf 4.4.10's SSH server keeps a few threads of every exec session
# (seen here: 8 per session, never ending, holding what the session touched), which would be measured as our leak
done_cycles=0
while [ "$done_cycles" -lt "$CYCLES" ]; do
    n=$(( CYCLES - done_cycles < 25 ? CYCLES - done_cycles : 25 ))
    commands=""
    for _ in $(seq 1 "$n"); do
        commands+="dotmac:plugin-uninstall $FEATURE; dotmac:plugin-install $FEATURE; "
    done
    shell "$commands" >/dev/null
    done_cycles=$(( done_cycles + n ))
done
t1=$(date +%s)
kill -INT "$WRK"; wait "$WRK" || true
heap_after=$(heap)
echo "$CYCLES cycles of $FEATURE in $((t1 - t0)) s (ssh round trips included)"
awk '/requests in/ {print "requests under load: " $1} /Non-2xx/ {print "non-2xx answers: " $NF} /Socket errors/ {print}' "$WORK/wrk.txt"
grep -q "Non-2xx\|Socket errors" "$WORK/wrk.txt" || echo "failed requests: 0"
for op in Installed Uninstalled; do
    grep -o "$op feature $FEATURE in [0-9]* ms" "$home/data/log/karaf.log" | awk '{print $(NF-1)}' | sort -n \
        | awk -v op="$op" '{a[NR]=$1} END {printf "%-11s n=%d median %d ms, p90 %d ms, max %d ms\n", op, NR, a[int((NR+1)/2)], a[int(NR*0.9+0.5)], a[NR]}'
done
echo "CXF servers built during the cycles: $(( $(builds) - builds_before ))"
echo "live heap after GC: $heap_before MB -> $heap_after MB"
