#!/usr/bin/env bash
# Cold start of the DotMac distribution: time from `bin/karaf server` to the first 200 of /api/v1/health on a
# freshly unpacked distribution (empty data/, so the H2 database is created and migrated), then, 10 s later,
# resident memory (RSS), live heap after a full GC (class histogram total) and the number of threads; then the
# same instance is stopped and started again (restart_s: data/ kept, so no feature resolution or migration).
#
#   benchmarks/startup.sh [runs]      (default 5; needs a built distribution: mvn -B install -DskipTests)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
RUNS=${1:-5}
WORK=$(mktemp -d)
trap 'for h in "$WORK"/*/distribution-*; do [ -d "$h" ] && stop_distribution "$h"; done; rm -rf "$WORK"' EXIT

printf "%-4s %10s %9s %14s %8s %10s\n" run start_s rss_mb live_heap_mb threads restart_s
starts=() rss=() heap=() threads=() restarts=()
for i in $(seq 1 "$RUNS"); do
    mkdir "$WORK/$i"
    home=$(unpack_distribution "$WORK/$i")
    t0=$(date +%s%N)
    "$home/bin/karaf" server >/dev/null 2>&1 &
    wait_for_200 "http://127.0.0.1:$BENCH_HTTP_PORT/api/v1/health" 120
    t1=$(date +%s%N)
    sleep 10
    pid=$(java_pid "$home")
    r=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
    t=$(awk '/Threads/ {print $2}' "/proc/$pid/status")
    # GC.class_histogram runs a full GC first; its Total line is the live heap
    h=$(jcmd "$pid" GC.class_histogram | awk '/^Total/ {print $3}')
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
    stop_distribution "$home"
    t2=$(date +%s%N)
    "$home/bin/karaf" server >/dev/null 2>&1 &
    wait_for_200 "http://127.0.0.1:$BENCH_HTTP_PORT/api/v1/health" 120
    t3=$(date +%s%N)
    w=$(awk -v a="$t2" -v b="$t3" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
    printf "%-4s %10s %9.0f %14.1f %8s %10s\n" "$i" "$s" "$(echo "$r / 1024" | bc -l)" "$(echo "$h / 1048576" | bc -l)" "$t" "$w"
    starts+=("$s") rss+=("$(echo "$r / 1024" | bc -l)") heap+=("$(echo "$h / 1048576" | bc -l)") threads+=("$t") restarts+=("$w")
    stop_distribution "$home"
    rm -rf "$WORK/$i"
done
printf "%-4s %10s %9.0f %14.1f %8s %10s\n" median \
    "$(printf '%s\n' "${starts[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" \
    "$(printf '%s\n' "${heap[@]}" | median)" "$(printf '%s\n' "${threads[@]}" | median)" \
    "$(printf '%s\n' "${restarts[@]}" | median)"
