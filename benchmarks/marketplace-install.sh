#!/usr/bin/env bash
# A marketplace plugin's install-to-first-request on a running instance with every plugin installed, and the cost to
# another tenant's requests meanwhile (failed requests; p99 during the installs vs the 2 s before each, as a ratio).
# Runs itests' MarketplaceInstallBench: the built distribution booted as a process on free loopback ports (its trust
# store holding a test authority made with keytool), the test plugin signed with jarsigner, bought and uninstalled
# <rounds> times while two threads read another tenant's customers; stops by itself.
#
#   benchmarks/marketplace-install.sh [rounds]     (default 10)
# Needs a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=MarketplaceInstallBench -Dmarketplace.rounds="${1:-10}" \
    -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 | grep -oE "(install-to-first-request|another tenant|its p99).*" \
    || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
