#!/usr/bin/env bash
# OpenAPI document generation with every plugin installed: the platform operator's description (the core and every
# plugin's endpoints) is made again after each change of the installed endpoints. Each round uninstalls and installs
# a plugin feature (new endpoint services, so the kept documents no longer apply), then asks for the description
# once (generated) and 20 times more (kept). Prints the generation times DotMac logs (median, max; the first round
# includes the JIT's warm-up), the size of the document, and the time of a kept answer as curl sees it.
#
#   benchmarks/openapi.sh [rounds] [feature]    (defaults 10, dotmac-advanced-automation)
# Needs ssh, curl and jq; a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-10}
FEATURE=${2:-dotmac-advanced-automation}
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
trap 'stop_distribution "$home"; rm -rf "$WORK"' EXIT
start_and_login "$home" "bench-$(date +%s)-password"
shell() {
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "$BENCH_SSH_PORT" \
        -i "$home/etc/client.key" karaf@127.0.0.1 "$1" >/dev/null
}
paths() { curl -sf -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/openapi.json" | jq '.paths | length'; }
all=$(paths)
kept=()
for round in $(seq 1 "$ROUNDS"); do
    shell "dotmac:plugin-uninstall $FEATURE; dotmac:plugin-install $FEATURE"
    # the plugin's endpoints register a moment after its feature is installed: each document asked for meanwhile
    # is generated too (and counted below with its own number of endpoints)
    for _ in $(seq 1 100); do [ "$(paths)" = "$all" ] && break; sleep 0.1; done
    curl -sf -o "$WORK/doc.json" -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/openapi.json"
    for _ in $(seq 1 20); do
        kept+=("$(curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/openapi.json")")
    done
done
made=$(grep -o 'OpenAPI document of the core and [0-9]* plugin endpoints made in [0-9]* ms' "$home/data/log/karaf.log" \
    | awk '{print $7 " " $12}')
echo "the operator's description: $(jq '.paths | length' "$WORK/doc.json") paths, $(wc -c < "$WORK/doc.json") bytes"
echo "documents generated (plugin endpoints:ms, in order; the first is the JIT's cold start): $(echo "$made" | tr ' ' ':' | tr '\n' ' ')"
times=$(echo "$made" | tail -n +2 | cut -d' ' -f2)
echo "generated after the first: median $(echo "$times" | median) ms, max $(echo "$times" | sort -n | tail -1) ms"
echo "kept answer, s (curl time_total), median $(printf '%s\n' "${kept[@]}" | median)"
