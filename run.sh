#!/usr/bin/env bash
# Builds DotMac (skipping the tests) and starts it in the foreground on the embedded H2 database.
#   ./run.sh           interactive Karaf console (type `logout` or Ctrl-D to stop)
#   ./run.sh server    no console (stop with Ctrl-C, or bin/stop from another terminal)
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q install -DskipTests
exec distribution/target/assembly/bin/karaf "$@"
