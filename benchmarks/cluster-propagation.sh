#!/usr/bin/env bash
# Scale-out (issue 25): how long a change made on one node is in force on another. Runs itests'
# ClusterPropagationBench: two distributions as processes on one new PostgreSQL database (loopback), a tenant's plugin
# switched off and on on node A CHANGES times, node B asked after each until it answers as switched; prints p50, p90,
# p99 and max of the delay (from sending the switch to A, so A's write included), and of A's write alone. Stops by
# itself and drops its database.
#
#   benchmarks/cluster-propagation.sh [changes]     (default 1000)
# Needs a built distribution (mvn -B install -DskipTests) and PostgreSQL on 127.0.0.1:5432 (trust, user postgres).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=ClusterPropagationBench -Dcluster.changes="${1:-1000}" \
    -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
    | grep -oE "propagation .*" || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
