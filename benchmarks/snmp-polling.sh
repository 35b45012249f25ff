#!/usr/bin/env bash
# SNMP polling throughput (issue 7), on loopback: the distribution on PostgreSQL polls simulated agents in a
# separate process (io.dotmac.snmp.sim.SimulatedAgents: one agent per address 127.0.10.1, 127.0.10.2, ... on one
# UDP port, 20 interfaces each; every poll reads sysUpTime, sysName, sysDescr and 11 interface columns, 223 values).
#   seed     one PREMIUM tenant and AGENTS v2c devices through the API (POST /api/v1/network/devices)
#   warm-up  WARMUP seconds of polling, then
#   measure  WINDOW seconds: polls stored per second (from the samples written: 20 per poll) and so OIDs polled
#            (223 per poll), values and requests the agents answered, and the CPU used by the Karaf JVM, PostgreSQL's
#            processes and the agents' process (utime + stime from /proc, as cores: 1.0 = one core busy)
#   check    devices UP and samples stored, from PostgreSQL
#
#   benchmarks/snmp-polling.sh [agents] [interval seconds] [in-flight limit]   (defaults 1000, 5, 256)
#   WINDOW=s (default 60), WARMUP=s (default 30), SIM_THREADS=n (default 1)
# Needs a built distribution and snmp-sim (mvn -B install -DskipTests), psql, curl and jq, and PostgreSQL on
# 127.0.0.1:5432 reachable as postgres without a password. Creates its own database and roles and drops them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
AGENTS=${1:-1000} INTERVAL=${2:-5} INFLIGHT=${3:-256}
WINDOW=${WINDOW:-60} WARMUP=${WARMUP:-30}
for tool in psql curl jq bc python3; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
SIM_JAR=$(ls "$ROOT"/bundles/snmp-sim/target/snmp-sim-*.jar 2>/dev/null | head -1)
SNMP4J=$(ls ~/.m2/repository/org/snmp4j/snmp4j/*/snmp4j-*.jar 2>/dev/null | grep -v sources | tail -1)
[ -n "$SIM_JAR" ] && [ -n "$SNMP4J" ] || { echo "build first: mvn -B install -DskipTests" >&2; exit 1; }
SIM_PORT=16100

WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
SIM_PID=
cleanup() {
    [ -n "$SIM_PID" ] && kill "$SIM_PID" 2>/dev/null || true
    stop_distribution "$home"
    pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT
pg_distribution "$home" 10
sed -i "s/^minPollIntervalSeconds = .*/minPollIntervalSeconds = 1/" "$home/etc/io.dotmac.network.monitoring.cfg"
sed -i "s/^maxInFlight = .*/maxInFlight = $INFLIGHT/" "$home/etc/io.dotmac.snmp.cfg"

java -Xmx512m -cp "$SNMP4J:$SIM_JAR" io.dotmac.snmp.sim.SimulatedAgents 127.0.10.1 "$SIM_PORT" "$AGENTS" 20 public \
    "${SIM_THREADS:-1}" addresses > "$WORK/sim.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 100); do grep -q '^ready' "$WORK/sim.log" && break; sleep 0.1; done
grep -q '^ready' "$WORK/sim.log" || { cat "$WORK/sim.log" >&2; exit 1; }

SUFFIX=$(date +%s)_$$
start_and_login "$home" "bench-admin-$SUFFIX"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }
json -H "Authorization: Bearer $ADMIN" -d '{"name":"Network ISP","slug":"net-bench","tier":"PREMIUM",
    "admin":{"username":"boss","email":"boss@net.test","password":"bench-password-1"}}' "$BASE/api/v1/tenants" >/dev/null
TOKEN=$(json -d '{"tenant":"net-bench","username":"boss","password":"bench-password-1"}' "$BASE/api/v1/auth/token" \
    | jq -r .access_token)
echo "seed: $AGENTS devices, polled every $INTERVAL s, at most $INFLIGHT requests in flight" >&2
# agent i listens on 127.0.10.1 + i (carrying into the third octet), all on SIM_PORT
python3 - "$AGENTS" "$SIM_PORT" "$INTERVAL" > "$WORK/devices.jsonl" <<'PY'
import json, sys
n, port, interval = (int(a) for a in sys.argv[1:4])
timeout = min(2000, interval * 500)  # with one retry, both fit in the interval
for i in range(n):
    v = (127 << 24) + (10 << 8) + 1 + i
    print(json.dumps({"name": f"sim-{i}", "address": ".".join(str(v >> s & 255) for s in (24, 16, 8, 0)),
                      "port": port, "version": "v2c", "community": "public", "pollIntervalSeconds": interval,
                      "timeoutMillis": timeout, "retries": 1}))
PY
xargs -P 4 -d '\n' -I{} curl -sS -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $TOKEN" -d {} "$BASE/api/v1/network/devices" < "$WORK/devices.jsonl" \
    > "$WORK/created.txt"
created=$(grep -c '^201$' "$WORK/created.txt" || true)
[ "$created" = "$AGENTS" ] || { echo "created $created of $AGENTS devices: $(sort "$WORK/created.txt" | uniq -c)" >&2; exit 1; }

pid=$(java_pid "$home")
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_cpu() { local t=0 p; for p in $(pgrep -u postgres); do t=$((t + $(cpu "$p" 2>/dev/null || echo 0))); done; echo "$t"; }
sim_line() { tail -1 "$WORK/sim.log"; }
echo "warm-up: $WARMUP s" >&2
sleep "$WARMUP"
DBQ="$PG -d $DB"
samples() { $DBQ -c "SELECT count(*) FROM dotmac_network_sample"; }
read -r t0 v0 r0 < <(sim_line); c0=$(cpu "$pid"); s0=$(cpu "$SIM_PID"); n0=$(samples); g0=$(pg_cpu)
sleep "$WINDOW"
read -r t1 v1 r1 < <(sim_line); c1=$(cpu "$pid"); s1=$(cpu "$SIM_PID"); n1=$(samples); g1=$(pg_cpu)
secs=$(echo "($t1 - $t0) / 1000" | bc -l)
wire=$(echo "($v1 - $v0) / $secs" | bc -l)
# every poll stores one sample per interface (20): polls stored, each of 223 values
polls=$(echo "($n1 - $n0) / 20 / $secs" | bc -l)
oids=$(echo "$polls * 223" | bc -l)
reqs=$(echo "($r1 - $r0) / $secs" | bc -l)
karaf_cpu=$(echo "($c1 - $c0) / $ticks / $secs" | bc -l)
sim_cpu=$(echo "($s1 - $s0) / $ticks / $secs" | bc -l)
pg_cpu=$(echo "($g1 - $g0) / $ticks / $secs" | bc -l)
up=$($DBQ -c "SELECT count(*) FROM dotmac_network_device WHERE status = 'UP'")
down=$($DBQ -c "SELECT count(*) FROM dotmac_network_device WHERE status <> 'UP'")
samples=$n1
stale=$($DBQ -c "SELECT count(*) FROM dotmac_network_device WHERE last_poll_at < now() AT TIME ZONE 'UTC' - interval '$((INTERVAL * 3)) seconds'")
printf 'agents %d, interval %d s, in flight %d: %.0f OIDs/s polled and stored (%.1f polls/s; demand %.0f OIDs/s), %.0f values/s and %.0f requests/s on the wire; CPU: Karaf %.2f cores, PostgreSQL %.2f, agents %.2f; devices UP %s, not UP %s, not polled for 3 intervals %s; samples %s\n' \
    "$AGENTS" "$INTERVAL" "$INFLIGHT" "$oids" "$polls" "$(echo "$AGENTS * 223 / $INTERVAL" | bc -l)" "$wire" "$reqs" \
"$karaf_cpu" "$pg_cpu" "$sim_cpu" "$up" "$down" "$stale" "$samples"
