#!/usr/bin/env bash
# The cost of DotMac's request chain (token, tenant resolution, access level, licence check), on loopback, in one
# run against one instance, with wrk (Debian package `wrk`):
#   guarded  GET /api/v1/bench/guarded/plugins        Authorization: Bearer <tenant user's token>; the resource
#                                                     belongs to a FREE plugin, so the licence filter checks the
#                                                     tenant's entitlement
#   open     GET /api/v1/bench/open/plugins?tenant=s  the same resource work (the tenant's plugin list as JSON)
#                                                     with those filters idle: anonymous, not a plugin
# Both are in the same application, so request ids, the access log and JSON cost the same. Rounds alternate
# and ratios are per round: this machine is shared and noisy.
#
#   benchmarks/chain.sh [rounds] [seconds] [connections]   (defaults 3, 15, 32; wrk uses 2 threads)
# Needs a built distribution (mvn -B install -DskipTests); builds the benchmark bundles itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-3} SECONDS_PER_RUN=${2:-15} CONNECTIONS=${3:-32}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

mvn -B -q -f "$ROOT/benchmarks/pom.xml" package -pl chain-guarded,chain-open -am
GUARDED_JAR=$(ls "$ROOT"/benchmarks/chain-guarded/target/bench-chain-guarded-*.jar)
OPEN_JAR=$(ls "$ROOT"/benchmarks/chain-open/target/bench-chain-open-*.jar)

WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
trap 'stop_distribution "$home"; rm -rf "$WORK"' EXIT
ADMIN_PASSWORD="bench-$(date +%s)-password"
DOTMAC_ADMIN_PASSWORD=$ADMIN_PASSWORD "$home/bin/karaf" server >/dev/null 2>&1 &
BASE="http://127.0.0.1:$BENCH_HTTP_PORT"
wait_for_200 "$BASE/api/v1/health" 120
shell() { echo "$1" | "$home/bin/client" -a "$BENCH_SSH_PORT" -u karaf -k "$home/etc/client.key" -r 30 -d 1 -b >/dev/null; }

token() { # json body -> access token
    curl -sf -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' -d "$1" \
        | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}
for _ in $(seq 1 100); do
    ADMIN=$(token "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" || true)
    [ -n "$ADMIN" ] && break
    sleep 0.2
done
curl -sf -o /dev/null -X POST "$BASE/api/v1/tenants" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"name":"Bench ISP","slug":"bench","tier":"PREMIUM","admin":{"username":"boss","email":"boss@bench.test","password":"bench-password-1"}}'
TENANT=$(token '{"tenant":"bench","username":"boss","password":"bench-password-1"}')
shell "bundle:install -s file:$GUARDED_JAR"
shell "bundle:install file:$OPEN_JAR"

declare -A URL=([guarded]="$BASE/api/v1/bench/guarded/plugins" [open]="$BASE/bench-open/v1/bench/open/plugins?tenant=bench")
declare -A HEADER=([guarded]="Authorization: Bearer $TENANT" [open]="X-Bench: open")
wait_for() { for _ in $(seq 1 300); do [ "$(curl -s -o /dev/null -w '%{http_code}' -H "${HEADER[$1]}" "${URL[$1]}")" = 200 ] && return 0; sleep 0.1; done; echo "$1 never answered 200" >&2; exit 1; }
# Aries JAX-RS 2.0.2 mixes up two named applications that both run (see throughput.sh): while "open" (its own
# application) is measured the rest bundle is stopped, and the other way round
use() { # guarded|open
    if [ "$1" = open ]; then
        shell "bundle:stop io.dotmac.rest"
        shell "bundle:start io.dotmac.bench.open"
    else
        shell "bundle:stop io.dotmac.bench.open"
        shell "bundle:start io.dotmac.rest"
    fi
    wait_for "$1"
}
wait_for guarded
guarded_answer=$(curl -s -H "${HEADER[guarded]}" "${URL[guarded]}")
use open
# the two answers must be the same work
[ "$guarded_answer" = "$(curl -s "${URL[open]}")" ] || { echo "answers differ" >&2; exit 1; }
use guarded

run_wrk() { # endpoint seconds -> "requests_per_second p99_ms"
    wrk -t2 -c"$CONNECTIONS" -d"$2"s --latency -H "${HEADER[$1]}" "${URL[$1]}" | awk '
        /Requests\/sec/ {rps=$2}
        /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
        /Non-2xx/ {print "non-2xx answers: " $0 > "/dev/stderr"; exit 1}
        END {printf "%s %s\n", rps, p99}'
}

echo "warm-up: 2 x 10 s per endpoint" >&2
for _ in 1 2; do
    run_wrk guarded 10 >/dev/null
    use open; run_wrk open 10 >/dev/null; use guarded
done

printf "%-6s %-8s %12s %9s\n" round endpoint req_per_s p99_ms
for r in $(seq 1 "$ROUNDS"); do
    read -r g gp <<<"$(run_wrk guarded "$SECONDS_PER_RUN")"
    use open
    read -r o op <<<"$(run_wrk open "$SECONDS_PER_RUN")"
    use guarded
    printf "%-6s %-8s %12s %9s\n" "$r" guarded "$g" "$gp"
    printf "%-6s %-8s %12s %9s\n" "$r" open "$o" "$op"
    awk -v g="$g" -v o="$o" -v r="$r" 'BEGIN {printf "round %s: guarded/open = %.3f\n", r, g/o}'
done
