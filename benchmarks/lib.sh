#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: unpack a fresh distribution, start it on loopback ports, stop it.
# Everything stays on 127.0.0.1 and every run stops by itself.

BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-18181}
BENCH_SSH_PORT=${BENCH_SSH_PORT:-18101}

# unpack_distribution DIR -> prints the DotMac home inside DIR. The tar.gz is this repository's build, or
# BENCH_DISTRIBUTION when set (another build's, to compare before and after in one run).
unpack_distribution() {
    local dir=$1 tgz
    tgz=${BENCH_DISTRIBUTION:-$(ls "$ROOT"/distribution/target/distribution-*.tar.gz 2>/dev/null | head -1)}
    if [ -z "$tgz" ]; then
        echo "no distribution tar.gz: build first (mvn -B install -DskipTests)" >&2
        return 1
    fi
    tar xzf "$tgz" -C "$dir"
    local home
    home=$(ls -d "$dir"/distribution-*)
    sed -i "s#^org.osgi.service.http.port = .*#org.osgi.service.http.port = $BENCH_HTTP_PORT#" "$home/etc/org.ops4j.pax.web.cfg"
    sed -i "s#^sshPort = .*#sshPort = $BENCH_SSH_PORT#" "$home/etc/org.apache.karaf.shell.cfg"
    echo "$home"
}

# java_pid HOME -> pid of the Karaf JVM of HOME (empty when none)
java_pid() {
    pgrep -f -- "-Dkaraf.home=$1 " | head -1 || true
}

# stop_distribution HOME: bin/stop, then make sure the JVM is gone
stop_distribution() {
    local home=$1 pid
    pid=$(java_pid "$home")
    "$home/bin/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do
        [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null && return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

# wait_for_200 URL TIMEOUT_SECONDS: polls every 20 ms
wait_for_200() {
    local url=$1 deadline=$(( $(date +%s) + $2 ))
    while [ "$(date +%s)" -lt "$deadline" ]; do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$url")" = "200" ] && return 0
        sleep 0.02
    done
    echo "no 200 from $url within $2 s" >&2
    return 1
}

median() {
    sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# PostgreSQL for a benchmark: a fresh database owned by an owner role (which runs the migrations), a separate
# application role and the system role for work across tenants, as in production. pg_distribution HOME POOL creates
# them and points HOME's etc/ at them (sets DB, OWNER, APP, SYSTEM); pg_drop removes them. Benchmarks seed and
# check rows as the superuser: row-level security lets only the system role's sessions across tenants, and the owner
# is subject to it too (FORCE). Needs PostgreSQL on 127.0.0.1:5432, user postgres, no password.
PG="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt"
pg_distribution() {
    local home=$1 pool=$2 suffix
    suffix=$(date +%s)_$$
    DB=dotmac_bench_$suffix OWNER=dotmac_bench_owner_$suffix APP=dotmac_bench_app_$suffix
    SYSTEM=dotmac_bench_system_$suffix
    $PG -d test -c "CREATE ROLE $OWNER LOGIN PASSWORD 'owner'" -c "CREATE ROLE $APP LOGIN PASSWORD 'app'" \
        -c "CREATE ROLE $SYSTEM LOGIN PASSWORD 'system'" -c "CREATE DATABASE $DB OWNER $OWNER"
    cat > "$home/etc/org.ops4j.datasource-dotmac.cfg" <<CFG
dataSourceName = dotmac
osgi.jndi.service.name = dotmac
osgi.jdbc.driver.class = org.postgresql.Driver
url = jdbc:postgresql://127.0.0.1:5432/$DB
user = $APP
password = app
pool = hikari
xa = false
hikari.poolName = dotmac
hikari.maximumPoolSize = $pool
hikari.connectionTimeout = 5000
hikari.validationTimeout = 2000
hikari.initializationFailTimeout = -1
CFG
    printf 'migrationUser = %s\nmigrationPassword = owner\nsystemUser = %s\nsystemPassword = system\n' \
        "$OWNER" "$SYSTEM" > "$home/etc/io.dotmac.persistence.cfg"
}
pg_drop() {
    [ -n "${DB:-}" ] || return 0
    $PG -d test -c "DROP DATABASE IF EXISTS $DB" -c "DROP ROLE IF EXISTS $OWNER" -c "DROP ROLE IF EXISTS $APP" \
        -c "DROP ROLE IF EXISTS ${SYSTEM:-dotmac_bench_none}" \
        >/dev/null 2>&1 || true
}

# start_and_login HOME ADMIN_PASSWORD: starts HOME as a server with that first-operator password, waits for
# health 200, then for the operator's login (created once the schema is migrated, a moment after the first 200),
# then for the tenants endpoint (the application gains its resources as their services come up); sets BASE and
# ADMIN (the operator's token)
start_and_login() {
    local home=$1 password=$2
    DOTMAC_ADMIN_PASSWORD=$password "$home/bin/karaf" server >/dev/null 2>&1 &
    BASE="http://127.0.0.1:$BENCH_HTTP_PORT"
    wait_for_200 "$BASE/api/v1/health" 180
    ADMIN=
    for _ in $(seq 1 300); do
        ADMIN=$(curl -s -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
            "$BASE/api/v1/auth/token" | jq -r '.access_token // empty')
        [ -n "$ADMIN" ] && break
        sleep 0.2
    done
    [ -n "$ADMIN" ] || { echo "the admin cannot log in" >&2; return 1; }
    for _ in $(seq 1 300); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$BASE/api/v1/tenants")" = 200 ] \
            && return 0
        sleep 0.2
    done
    echo "the tenants endpoint did not come up" >&2
    return 1
}
