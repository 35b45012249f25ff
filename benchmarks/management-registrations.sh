#!/usr/bin/env bash
# The management platform's shared provider: registration-to-ready one at a time, and 100 registrations at once (all
# ready, each tenant made once). Runs itests' ManagementRegistrationBench: the built distribution booted as a process
# on loopback, dotmac-management installed at runtime; stops by itself.
#
#   benchmarks/management-registrations.sh [sequential] [concurrent]     (default 20 100)
# Needs a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=ManagementRegistrationBench -Dmanagement.sequential="${1:-20}" \
    -Dmanagement.concurrent="${2:-100}" -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
    | grep -oE "registration-to-ready.*" || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
