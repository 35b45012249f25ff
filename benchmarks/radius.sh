#!/usr/bin/env bash
# RADIUS (issue 26): a stock FreeRADIUS authenticating from DotMac's views. Runs itests' RadiusBench: the
# distribution as a process on a new PostgreSQL database (loopback), SUBSCRIBERS accounts in radius_aaa's table,
# FreeRADIUS on loopback ports, CLIENTS NAS threads sending PAP Access-Requests (one outstanding each) for SECONDS:
# auth/s and latency p50/p99/max; then SUSPENSIONS subscribers with an open session suspended through the API, one
# after another: the time from the PATCH to the Disconnect-Request at a test NAS. Stops by itself, drops its database.
#
#   benchmarks/radius.sh [subscribers clients seconds suspensions]     (default 100000 32 30 20)
#   RADIUS_ASYNC_COMMIT=true benchmarks/radius.sh ...   the FreeRADIUS role with synchronous_commit = off
# Needs a built distribution (mvn -B install -DskipTests), PostgreSQL on 127.0.0.1:5432 (trust, user postgres) and
# the Debian packages freeradius, freeradius-postgresql, freeradius-utils.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=RadiusBench -Dradius.subscribers="${1:-100000}" \
    -Dradius.clients="${2:-32}" -Dradius.seconds="${3:-30}" -Dradius.suspensions="${4:-20}" \
    -Dradius.asyncCommit="${RADIUS_ASYNC_COMMIT:-false}" \
    -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
    | grep -oE "radius: .*" || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
