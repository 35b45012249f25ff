#!/usr/bin/env bash
# Builds DotMac (skipping the tests) and starts it in the foreground, on the embedded H2 database, from an instance
# directory outside target/ that keeps its data and configuration across runs and rebuilds.
#   ./run.sh           interactive Karaf console (type `logout` or Ctrl-D to stop)
#   ./run.sh server    no console (stop with Ctrl-C, or <instance>/bin/stop from another terminal)
#
# The first run unpacks the built distribution into the instance directory. Every later run upgrades it in place
# from the new build: bin/, lib/ and system/ are replaced; a file of etc/ is replaced only while it is still the one
# the previous build installed (an edited one is kept, and the new build's version is put beside it as
# <file>.dist); files that only the instance has (keys, admin.password, deploy/ bundles) stay; data/db (the H2
# database) and data/log stay, Karaf's caches under data/ are cleared so the new bundles load.
#
# Environment:
#   DOTMAC_INSTANCE     the instance directory (default: ./instance, ignored by git)
#   DOTMAC_HTTP_PORT    the HTTP port to listen on (written to the instance's etc/org.ops4j.pax.web.cfg)
#   DOTMAC_SSH_PORT     the SSH console's port (written to etc/org.apache.karaf.shell.cfg)
#   DOTMAC_SKIP_BUILD=1 use the distribution already built instead of running Maven
set -euo pipefail
cd "$(dirname "$0")"
if [ "${DOTMAC_SKIP_BUILD:-}" != 1 ]; then
    mvn -B -q install -DskipTests
fi
tgz=$(ls distribution/target/distribution-*.tar.gz 2>/dev/null | head -1)
[ -n "$tgz" ] || { echo "no distribution built under distribution/target (run without DOTMAC_SKIP_BUILD)" >&2; exit 1; }
instance=$(realpath -m "${DOTMAC_INSTANCE:-instance}")
unpacked=$(mktemp -d)
trap 'rm -rf "$unpacked"' EXIT
tar xzf "$tgz" -C "$unpacked"
dist=$(ls -d "$unpacked"/distribution-*)
installed="$instance/.dotmac-etc.sha256" # etc/ as the last build installed it

sum() { sha256sum "$1" | cut -d' ' -f1; }

if [ ! -d "$instance/etc" ]; then
    mkdir -p "$instance"
    cp -a "$dist"/. "$instance"/
    echo "DotMac: created the instance $instance"
else
    for dir in bin lib system; do
        rm -rf "${instance:?}/$dir"
        cp -a "$dist/$dir" "$instance/$dir"
    done
    for file in "$dist"/*; do # Karaf's top-level files (LICENSE, NOTICE, README ...)
        [ -f "$file" ] && cp -a "$file" "$instance/"
    done
    mkdir -p "$instance/deploy"
    cp -an "$dist/deploy/." "$instance/deploy/"
    kept=()
    while IFS= read -r -d '' new; do
        rel=${new#"$dist"/}
        current="$instance/$rel"
        if [ ! -e "$current" ]; then
            mkdir -p "$(dirname "$current")"
            cp -a "$new" "$current"
        elif [ "$(sum "$current")" != "$(sum "$new")" ]; then
            before=$(awk -v f="$rel" '$2 == f { print $1 }' "$installed" 2>/dev/null || true)
            if [ -n "$before" ] && [ "$(sum "$current")" = "$before" ]; then
                cp -a "$new" "$current" # untouched since the last build installed it
            else
                cp -a "$new" "$current.dist"
                kept+=("$rel")
            fi
        fi
    done < <(find "$dist/etc" -type f -print0)
    for cache in cache generated-bundles kar pax-web tmp port; do
        rm -rf "${instance:?}/data/$cache"
    done
    echo "DotMac: upgraded the instance $instance in place (data/db, data/log and your etc/ changes kept)"
    for rel in "${kept[@]}"; do
        echo "DotMac: kept your $rel; this build's version is beside it as $rel.dist"
    done
fi
(cd "$dist" && find etc -type f -exec sha256sum {} +) | awk '{ print $1, $2 }' > "$installed"

setting() { # FILE KEY VALUE: sets KEY = VALUE in a Karaf .cfg file
    if grep -q "^$2 *=" "$1"; then
        sed -i "s#^$2 *=.*#$2 = $3#" "$1"
    else
        echo "$2 = $3" >> "$1"
    fi
}
[ -z "${DOTMAC_HTTP_PORT:-}" ] || setting "$instance/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port \
    "$DOTMAC_HTTP_PORT"
[ -z "${DOTMAC_SSH_PORT:-}" ] || setting "$instance/etc/org.apache.karaf.shell.cfg" sshPort "$DOTMAC_SSH_PORT"

rm -rf "$unpacked"
trap - EXIT
exec "$instance/bin/karaf" "$@"
