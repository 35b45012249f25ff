#!/usr/bin/env bash
# Heap per tenant: live heap after a full GC of an instance holding N tenants (default 10,000; each with its
# first administrator, one in ten with a plugin switched off) minus that of the same instance with none, over N.
# Tenants are written straight into the embedded H2 database while DotMac is stopped (creating 10,000 through
# the API would mostly measure Argon2), then DotMac is started and loads them all into memory, as it does.
#
#   benchmarks/tenant-heap.sh [tenants]
# Needs a built distribution (mvn -B install -DskipTests). Loopback only; stops by itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
N=${1:-10000}
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
trap 'stop_distribution "$home"; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$BENCH_HTTP_PORT"
H2_JAR=$(ls "$home"/system/com/h2database/h2/*/h2-*.jar | head -1)

start() {
    DOTMAC_ADMIN_PASSWORD=bench-heap-password "$home/bin/karaf" server >/dev/null 2>&1 &
    wait_for_200 "$BASE/api/v1/health" 120
    # the same warm-up both times: a login and a tenant list
    for _ in $(seq 1 50); do
        t=$(curl -s -X POST "$BASE/api/v1/auth/token" -H 'Content-Type: application/json' \
            -d '{"username":"admin","password":"bench-heap-password"}' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
        [ -n "$t" ] && break
        sleep 0.2
    done
    for _ in $(seq 1 20); do curl -s -o /dev/null -H "Authorization: Bearer $t" "$BASE/api/v1/tenants?limit=200"; done
}
live_heap_kb() { # full GC three times, then the heap's used size
    local pid
    pid=$(java_pid "$home")
    for _ in 1 2 3; do jcmd "$pid" GC.run >/dev/null; done
    jcmd "$pid" GC.heap_info | awk '/garbage-first heap|def new generation|PSYoungGen|ParOldGen|tenured/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub(/K,?/,"",v); s+=v}} END {print s}'
}

start
before=$(live_heap_kb)
stop_distribution "$home"

SQL="$WORK/tenants.sql"
python3 - "$N" > "$SQL" <<'PY'
import sys, time
n = int(sys.argv[1])
tiers = ["FREE", "BASIC", "PREMIUM", "ENTERPRISE"]
print("SET AUTOCOMMIT FALSE;")
now = time.strftime("%Y-%m-%d %H:%M:%S")
for i in range(n):
    tid = "bench%021d" % i
    print(f"INSERT INTO dotmac_tenant VALUES ('{tid}', 'Bench ISP {i}', 'bench-{i}', '{tiers[i % 4]}', 'ACTIVE', '{now}', '{now}');")
    print(f"INSERT INTO dotmac_user VALUES ('user{i:022d}', '{tid}', 'boss', 'boss@bench-{i}.test', "
          f"'$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g', 'ISP_ADMIN', TRUE, '{now}', '{now}');")
    if i % 10 == 0:
        print(f"INSERT INTO dotmac_plugin_toggle VALUES ('{tid}', 'ticketing', FALSE, '{now}');")
print("COMMIT;")
PY
java -cp "$H2_JAR" org.h2.tools.RunScript -url "jdbc:h2:file:$home/data/db/dotmac" -user sa -script "$SQL"

start
after=$(live_heap_kb)
count=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health")
grep -o "[0-9]* tenants loaded" "$home/data/log/karaf.log" | tail -1
echo "tenants: $N; live heap after full GC: ${before} KB without, ${after} KB with (health $count)"
awk -v b="$before" -v a="$after" -v n="$N" 'BEGIN {printf "heap per tenant: %.2f KB\n", (a-b)/n}'
