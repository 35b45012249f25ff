#!/usr/bin/env bash
# GET /metrics with many tenants, and what recording the metrics costs the REST API (issue 24). One fresh instance
# on H2: TENANTS tenants (each with its administrator) are created through the API, four at a time, and each makes
# one request (the operator acting for it with X-Tenant-ID), so every tenant has counted something. Then:
#   - scrape: SCRAPES scrapes of /metrics: time (curl's time_total; median and max), body size, samples, the dotmac_
#     samples, and promtool's check of the text (Debian package prometheus);
#   - cost: wrk on GET /api/v1/customers?limit=20 of one tenant for SECONDS s with 32 connections, with the metrics
#     bundle started and stopped (bundle:stop io.dotmac.metrics: the REST filter then records nothing), alternating,
#     ROUNDS rounds after a 60-s warm-up; prints requests/s and p99 of each.
#
#   benchmarks/metrics.sh [tenants] [scrapes] [rounds] [seconds]   (defaults 1000, 50, 4, 15)
# Needs a built distribution (mvn -B install -DskipTests), wrk, jq, promtool. Loopback only; stops by itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
TENANTS=${1:-1000} SCRAPES=${2:-50} ROUNDS=${3:-4} SECONDS_PER_RUN=${4:-15}
for tool in wrk curl jq promtool ssh; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
WORK=$(mktemp -d)
home=
cleanup() {
    [ -z "$home" ] || stop_distribution "$home"
    rm -rf "$WORK"
}
trap cleanup EXIT
shell() {
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "$BENCH_SSH_PORT" \
        -i "$home/etc/client.key" karaf@127.0.0.1 "$1" >/dev/null 2>&1
}
home=$(unpack_distribution "$WORK")
start_and_login "$home" bench-metrics-admin-1
started=$(date +%s.%N)
seq 1 "$TENANTS" | xargs -P 4 -I{} sh -c 'i={}
    case $((i % 4)) in 0) t=FREE ;; 1) t=BASIC ;; 2) t=PREMIUM ;; *) t=ENTERPRISE ;; esac
    curl -sS -o /dev/null -w "%{http_code}\n" -X POST \
    -H "Authorization: Bearer $0" -H "Content-Type: application/json" \
    -d "{\"name\":\"ISP $i\",\"slug\":\"isp-$i\",\"tier\":\"$t\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@isp-$i.test\",\"password\":\"boss-password-1\"}}" \
    "$1/api/v1/tenants"' "$ADMIN" "$BASE" | sort | uniq -c
seq 1 "$TENANTS" | xargs -P 4 -I{} curl -sS -o /dev/null -H "Authorization: Bearer $ADMIN" -H "X-Tenant-ID: isp-{}" \
    "$BASE/api/v1/customers?limit=5"
echo "tenants created and each made a request in $(echo "$(date +%s.%N) - $started" | bc) s"

for _ in $(seq 1 "$SCRAPES"); do
    curl -sS -o "$WORK/metrics.txt" -w '%{time_total}\n' "$BASE/metrics"
done > "$WORK/times"
size=$(wc -c < "$WORK/metrics.txt")
samples=$(grep -vc '^#' "$WORK/metrics.txt")
ours=$(grep -c '^dotmac_' "$WORK/metrics.txt")
echo "scrape with $TENANTS tenants: median $(median < "$WORK/times") s, max $(sort -n "$WORK/times" | tail -1) s;" \
    "$size bytes, $samples samples ($ours dotmac_)"
promtool check metrics < "$WORK/metrics.txt" && echo "promtool: the text is valid"

run() {
    wrk -t2 -c32 -d"$1"s --latency -H "Authorization: Bearer $ADMIN" -H "X-Tenant-ID: isp-1" \
        "$BASE/api/v1/customers?limit=20"
}
report() {
    awk -v label="$1" '
        function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
                         sub(/s$/, "", v); return v * 1000 }
        /Requests\/sec/ {rps = $2}
        /^ +99%/ {p99 = ms($2)}
        /Non-2xx/ {bad = $NF}
        END {printf "%-9s %10s req/s  p99 %6.1f ms  non-2xx %s\n", label, rps, p99, bad + 0}'
}
run 60 >/dev/null # warm-up: C2 compiles late with bin/setenv's thresholds
for r in $(seq 1 "$ROUNDS"); do
    order="on off"
    [ $((r % 2)) -eq 0 ] && order="off on"
    for state in $order; do
        if [ "$state" = off ]; then shell "bundle:stop io.dotmac.metrics"; else shell "bundle:start io.dotmac.metrics"; fi
        sleep 2
        run "$SECONDS_PER_RUN" | report "$r metrics-$state"
    done
done
