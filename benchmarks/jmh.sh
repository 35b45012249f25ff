#!/usr/bin/env bash
# JMH micro-benchmarks, on this machine, in one JVM fork each:
#   benchmarks/jmh.sh [JMH options]          e.g. benchmarks/jmh.sh EntitlementBenchmark -p tenants=10,10000
# Needs the bundles installed in ~/.m2 (mvn -B install -DskipTests at the root).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mvn -B -q -f "$ROOT/benchmarks/pom.xml" package -pl jmh -am
CP="$ROOT/benchmarks/jmh/target/classes:$(cat "$ROOT/benchmarks/jmh/target/classpath.txt")"
exec java -cp "$CP" org.openjdk.jmh.Main "${@:-EntitlementBenchmark}"
