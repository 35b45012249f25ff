#!/usr/bin/env bash
# The cost of issue 19's limits on logins, before vs after, alternating in one run on loopback (H2, the default):
# the login endpoint now passes the login throttle (per account+address, address and account) and a bounded number
# of concurrent password checks, the request body limit, upload-rate and anonymous-request filters. Each round
# starts each build fresh, creates TENANTS tenants (each with its administrator, an Argon2id hash) and runs wrk with
# CONNECTIONS connections posting the right password for a random tenant (benchmarks/login/login.lua); any answer
# other than 200 fails the run. The read mix of the ISP core is measured by benchmarks/isp-core-load.sh with
# BENCH_DISTRIBUTION set to each build.
#
#   BENCH_BEFORE=<old distribution tar.gz> benchmarks/hardening-cost.sh [rounds] [seconds] [connections] [tenants]
#   (defaults 3, 20, 8, 4)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} SECONDS_PER_RUN=${2:-20} CONNECTIONS=${3:-8} TENANTS=${4:-4}
[ -n "${BENCH_BEFORE:-}" ] || { echo "set BENCH_BEFORE to the distribution tar.gz to compare with" >&2; exit 1; }
for tool in wrk curl jq; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
WORK=$(mktemp -d)
home=
cleanup() {
    [ -z "$home" ] || stop_distribution "$home"
    rm -rf "$WORK"
}
trap cleanup EXIT
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }

printf '%-6s %-7s %10s %8s %8s\n' round build logins_s p50_ms p99_ms
for r in $(seq 1 "$ROUNDS"); do
    order="before after"
    [ $((r % 2)) -eq 0 ] && order="after before"
    for build in $order; do
        mkdir -p "$WORK/$r-$build"
        if [ "$build" = before ]; then
            home=$(BENCH_DISTRIBUTION=$BENCH_BEFORE unpack_distribution "$WORK/$r-$build")
        else
            home=$(unpack_distribution "$WORK/$r-$build")
        fi
        start_and_login "$home" "bench-admin-$r-$build"
        for i in $(seq 1 "$TENANTS"); do
            json -H "Authorization: Bearer $ADMIN" -d "{\"name\":\"Login $i\",\"slug\":\"$(printf 'login-%03d' "$i")\",
                \"tier\":\"FREE\",\"admin\":{\"username\":\"boss\",\"email\":\"boss$i@bench.test\",
                \"password\":\"bench-password-1\"}}" "$BASE/api/v1/tenants" >/dev/null
        done
        wrk -t2 -c"$CONNECTIONS" -d5s -s "$ROOT/benchmarks/login/login.lua" "$BASE" -- "$TENANTS" >/dev/null # warm-up
        out=$(wrk -t2 -c"$CONNECTIONS" -d"$SECONDS_PER_RUN"s --timeout 10s --latency \
            -s "$ROOT/benchmarks/login/login.lua" "$BASE" -- "$TENANTS")
        if echo "$out" | grep -q -e 'Non-2xx' -e 'Socket errors'; then
            echo "$out" >&2
            echo "the $build run had failed logins" >&2
            exit 1
        fi
        echo "$out" | awk -v r="$r" -v b="$build" '
            function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
                             sub(/s$/, "", v); return v * 1000 }
            /Requests\/sec/ {rps = $2}
            /^ +50%/ {p50 = ms($2)}
            /^ +99%/ {p99 = ms($2)}
            END {printf "%-6s %-7s %10s %8.1f %8.1f\n", r, b, rps, p50, p99}'
        stop_distribution "$home"
        home=
    done
done
