#!/usr/bin/env bash
# Start-up of DotMac against stock Apache Karaf 4.4.10, measured alternately in the same run (the machine is shared
# and noisy: only figures of one run compare). Each run unpacks both afresh and, in turn (the order swaps every run):
#   - cold start: wall time and the JVM's CPU-seconds (user + system, from /proc) from `bin/karaf server` until it
#     is ready: DotMac's first 200 of /api/v1/health (empty data/: the H2 database is created and migrated), stock
#     Karaf's SSH port accepting connections; the HTTP answers seen before that first 200 (never 404 is the goal);
#   - 10 s later: resident memory (RSS) and live heap after a full GC (class histogram total);
#   - restart (data/ kept): wall time and CPU-seconds to ready again.
# Then the medians of each, and DotMac / stock ratios of the medians.
#
#   benchmarks/startup.sh [runs]      (default 5; needs a built distribution: mvn -B install -DskipTests)
#   BENCH_BEFORE=/path/to/older/distribution-*.tar.gz benchmarks/startup.sh [runs]
#                                     adds that build ("before") to the rotation, for before/after in one run
#   BENCH_FLOOR=1 benchmarks/startup.sh [runs]
#                                     adds "floor": the same distribution booting only the stack DotMac is built
#                                     on (Karaf's features as DotMac boots them, Pax Web/Jetty, SCR, EventAdmin,
#                                     Aries JAX-RS Whiteboard with CXF, Jackson, pax-jdbc with HikariCP) and no
#                                     DotMac bundle but benchmarks/bare-app; ready = its /bare/v1/ping answering 200.
#                                     What any product on this stack pays before its own code runs.
#   BENCH_OPTS="-XX:..." benchmarks/startup.sh [runs]
#                                     adds "opts": this DotMac build started with those JVM options
#                                     (EXTRA_JAVA_OPTS), to weigh a JVM setting against the default in one run
# Stock Karaf comes from Maven Central (org.apache.karaf:apache-karaf:4.4.10:tar.gz) through Maven's local repository.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
RUNS=${1:-5}
STOCK_VERSION=4.4.10
WORK=$(mktemp -d)
trap 'for h in "$WORK"/*/*/; do [ -d "$h/bin" ] && stop_distribution "${h%/}"; done; rm -rf "$WORK"' EXIT

STOCK_TGZ="$HOME/.m2/repository/org/apache/karaf/apache-karaf/$STOCK_VERSION/apache-karaf-$STOCK_VERSION.tar.gz"
[ -f "$STOCK_TGZ" ] || mvn -B -q dependency:get -Dartifact="org.apache.karaf:apache-karaf:$STOCK_VERSION:tar.gz" \
    -Dtransitive=false >/dev/null
TICKS=$(getconf CLK_TCK)

# cpu_seconds PID: user + system CPU of the process so far
cpu_seconds() {
    awk -v t="$TICKS" '{ split($0, a, ") "); split(a[2], f, " "); printf "%.2f", (f[12] + f[13]) / t }' "/proc/$1/stat"
}

unpack_stock() { # DIR -> prints the stock Karaf home
    tar xzf "$STOCK_TGZ" -C "$1"
    local home="$1/apache-karaf-$STOCK_VERSION"
    sed -i "s#^sshPort *= .*#sshPort = $BENCH_SSH_PORT#; s#^sshHost *= .*#sshHost = 127.0.0.1#" \
        "$home/etc/org.apache.karaf.shell.cfg"
    echo "$home"
}

# The third-party features DotMac's platform feature pulls in (features/src/main/feature/feature.xml).
FLOOR_FEATURES="http, aries-jax-rs-whiteboard, dotmac-jackson, pax-jdbc-config, pax-jdbc-pool-hikaricp"

unpack_floor() { # DIR -> prints the home of the distribution booting the stack only, with bare-app deployed
    local home
    home=$(unpack_distribution "$1")
    awk -v extra="$FLOOR_FEATURES" '
        /^featuresBoot *=/ { boot = 1; next }
        boot {
            line = $0; more = (line ~ /\\$/)
            gsub(/\\$/, "", line); gsub(/[ ,]/, "", line)
            if (line != "" && line !~ /^dotmac-/) list = list (list == "" ? "" : ", ") line
            if (!more) { boot = 0; print "featuresBoot = " list ", " extra }
            next
        }
        { print }' "$home/etc/org.apache.karaf.features.cfg" > "$1/features.cfg"
    mv "$1/features.cfg" "$home/etc/org.apache.karaf.features.cfg"
    cp "$BARE_JAR" "$home/deploy/"
    echo "$home"
}

# ready PRODUCT: 0 once it is ready; for a DotMac build also records each non-200 status seen on the way
ready() {
    if [ "$1" = floor ]; then
        [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$BENCH_HTTP_PORT/bare/v1/ping")" = 200 ]
    elif [ "$1" != stock ]; then
        local code
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$BENCH_HTTP_PORT/api/v1/health")
        [ "$code" != 000 ] && [ "$code" != 200 ] && echo "$code" >> "$WORK/seen.$1"
        [ "$code" = 200 ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$BENCH_SSH_PORT") 2>/dev/null
    fi
}

# start PRODUCT HOME -> "wall_s cpu_s": starts it, waits until ready
start() {
    local product=$1 home=$2 t0 pid="" deadline
    t0=$(date +%s%N)
    if [ "$product" = opts ]; then
        EXTRA_JAVA_OPTS="$BENCH_OPTS" "$home/bin/karaf" server >/dev/null 2>&1 &
    else
        "$home/bin/karaf" server >/dev/null 2>&1 &
    fi
    deadline=$(( $(date +%s) + 180 ))
    while ! ready "$product"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "$product did not become ready" >&2; exit 1; }
        sleep 0.02
    done
    local t1
    t1=$(date +%s%N)
    pid=$(java_pid "$home")
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}') $(cpu_seconds "$pid")"
}

declare -A COL
PRODUCTS=(dotmac stock)
[ -n "${BENCH_BEFORE:-}" ] && PRODUCTS=(dotmac before stock)
[ -n "${BENCH_OPTS:-}" ] && PRODUCTS=("${PRODUCTS[@]:0:${#PRODUCTS[@]}-1}" opts stock)
if [ -n "${BENCH_FLOOR:-}" ]; then
    PRODUCTS=("${PRODUCTS[@]:0:${#PRODUCTS[@]}-1}" floor stock)
    mvn -B -q -f "$ROOT/benchmarks/pom.xml" -pl bare-app package
    BARE_JAR=$(ls "$ROOT"/benchmarks/bare-app/target/bench-bare-app-*.jar)
fi
printf "%-4s %-7s %8s %8s %8s %9s %10s %10s\n" run product start_s start_cpu rss_mb heap_mb restart_s restart_cpu
for i in $(seq 1 "$RUNS"); do
    order=("${PRODUCTS[@]:$(( (i - 1) % ${#PRODUCTS[@]} ))}" "${PRODUCTS[@]:0:$(( (i - 1) % ${#PRODUCTS[@]} ))}")
    for product in "${order[@]}"; do
        mkdir -p "$WORK/$i/$product"
        case $product in
            dotmac) home=$(unpack_distribution "$WORK/$i/$product") ;;
            before) home=$(BENCH_DISTRIBUTION=$BENCH_BEFORE unpack_distribution "$WORK/$i/$product") ;;
            stock) home=$(unpack_stock "$WORK/$i/$product") ;;
            floor) home=$(unpack_floor "$WORK/$i/$product") ;;
            opts) home=$(unpack_distribution "$WORK/$i/$product") ;;
        esac
        read -r s sc <<<"$(start "$product" "$home")"
        sleep 10
        pid=$(java_pid "$home")
        r=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
        h=$(jcmd "$pid" GC.class_histogram | awk '/^Total/ {printf "%.1f", $3 / 1048576}')
        stop_distribution "$home"
        read -r w wc <<<"$(start "$product" "$home")"
        stop_distribution "$home"
        rm -rf "${WORK:?}/$i/$product"
        printf "%-4s %-7s %8s %8s %8s %9s %10s %10s\n" "$i" "$product" "$s" "$sc" "$r" "$h" "$w" "$wc"
        for k in start_s:$s start_cpu:$sc rss_mb:$r heap_mb:$h restart_s:$w restart_cpu:$wc; do
            COL["$product.${k%%:*}"]+="${k#*:} "
        done
    done
done
echo
printf "%-12s" median; for p in "${PRODUCTS[@]}"; do printf " %9s" "$p"; done
for p in "${PRODUCTS[@]}"; do [ "$p" != stock ] && printf " %14s" "$p/stock"; done; echo
for k in start_s start_cpu rss_mb heap_mb restart_s restart_cpu; do
    printf "%-12s" "$k"
    declare -A M=()
    for p in "${PRODUCTS[@]}"; do M[$p]=$(printf '%s\n' ${COL[$p.$k]} | median); printf " %9s" "${M[$p]}"; done
    for p in "${PRODUCTS[@]}"; do
        [ "$p" != stock ] && printf " %14s" "$(awk -v a="${M[$p]}" -v b="${M[stock]}" 'BEGIN {printf "%.2f", a / b}')"
    done
    echo
done
for p in "${PRODUCTS[@]}"; do
    [ "$p" = stock ] || [ "$p" = floor ] && continue
    echo "$p: health answers before its first 200 (port closed not counted): $( [ -f "$WORK/seen.$p" ] \
        && sort "$WORK/seen.$p" | uniq -c | awk '{printf "%s x%s  ", $2, $1}' || echo none)"
done
