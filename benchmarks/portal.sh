#!/usr/bin/env bash
# The ISP portal's figures in Debian's Chromium (headless, through chromedriver): the shell's first paint and bytes
# (cold, then revalidated), its files gzipped, and the customers page of a tenant with 1,000 customers until drawn,
# against its API call alone in the same browser (rounds alternating). Runs itests' PortalPaintBench, which boots the
# built distribution as its own process on free loopback ports and stops it.
#
#   benchmarks/portal.sh [rounds]     (default 10)
# Needs a built distribution (mvn -B install -DskipTests) and the packages chromium and chromium-driver.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=PortalPaintBench -Dportal.rounds="${1:-10}" -Dfailsafe.failIfNoSpecifiedTests=false \
    2>&1 | grep -E "^(shell|customers|its API)" || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
