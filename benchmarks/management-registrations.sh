#!/usr/bin/env bash
# The management platform's providers: the shared one's registration-to-ready one at a time, and 100 registrations at
# once (all ready, each tenant made once); then the karaf-instance one's, one at a time (confirmation link to READY,
# each child decommissioned after). Runs itests' ManagementRegistrationBench: the built distribution booted as a
# process on loopback, dotmac-management installed at runtime, GreenMail as its SMTP server; stops by itself.
#
#   benchmarks/management-registrations.sh [sequential] [concurrent] [instances]     (default 20 100 3)
# Needs a built distribution (mvn -B install -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -o -q verify -pl itests -Dit.test=ManagementRegistrationBench -Dmanagement.sequential="${1:-20}" \
    -Dmanagement.concurrent="${2:-100}" -Dmanagement.instances="${3:-3}" -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
    | grep -oE "registration-to-ready.*" || { echo "the benchmark failed: see itests/target/failsafe-reports"; exit 1; }
