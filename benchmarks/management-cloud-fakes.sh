#!/usr/bin/env bash
# The cloud providers' own cost: CloudProvidersIT's flows (aws with Route 53 and ACM, digitalocean with its DNS,
# kubernetes) from the confirmation link to READY or FAILED, against local fakes that answer at once (WireMock,
# fabric8's mock API server; the providers poll every 100 ms there), RUNS times; prints each flow's times.
#
#   benchmarks/management-cloud-fakes.sh [runs]     (default 3)
# Needs a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
RUNS=${1:-3}
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
for i in $(seq 1 "$RUNS"); do
    mvn -B -o -q verify -pl itests -Dit.test=CloudProvidersIT 2>&1 | grep -oE "CloudProvidersIT: .*" >> "$OUT" \
        || { echo "run $i failed: see itests/target/failsafe-reports"; exit 1; }
done
awk '{ key = $2 " " $3 " " $4; ms[key] = ms[key] " " $5 } END { for (k in ms) print k ":" ms[k] " ms" }' "$OUT" | sort
