#!/usr/bin/env bash
# Shared helpers of the benchmark scripts: unpack a fresh distribution, start it on loopback ports, stop it.
# Everything stays on 127.0.0.1 and every run stops by itself.

BENCH_HTTP_PORT=${BENCH_HTTP_PORT:-18181}
BENCH_SSH_PORT=${BENCH_SSH_PORT:-18101}

# unpack_distribution DIR -> prints the DotMac home inside DIR
unpack_distribution() {
    local dir=$1 tgz
    tgz=$(ls "$ROOT"/distribution/target/distribution-*.tar.gz 2>/dev/null | head -1)
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
