#!/usr/bin/env bash
# Demo creation per scenario (issue 24): POST /api/v1/demos for SMALL, MEDIUM and ENTERPRISE, ROUNDS times each, on a
# fresh instance with the management platform installed; prints the wall time of each request (curl time_total),
# the server's own generationMillis, the sample data made (checked: customers, plans, subscriptions, tickets
# exact; invoices between one and months+1 per subscription) and the time to destroy it (DELETE: the tenant and
# every row it owns). Goals: SMALL ≤ 5 s, ENTERPRISE ≤ 60 s. BENCH_PG=1 runs on PostgreSQL (local, trust).
#
#   benchmarks/demos.sh [rounds]   (default 2)
# Needs a built distribution (mvn -B install -DskipTests), curl, jq, ssh. Loopback only; stops by itself.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
ROUNDS=${1:-2}
for tool in curl jq ssh; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
WORK=$(mktemp -d)
home=
cleanup() {
    [ -z "$home" ] || stop_distribution "$home"
    [ -z "${BENCH_PG:-}" ] || pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT
shell() {
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -p "$BENCH_SSH_PORT" \
        -i "$home/etc/client.key" karaf@127.0.0.1 "$1" 2>/dev/null
}
home=$(unpack_distribution "$WORK")
[ -z "${BENCH_PG:-}" ] || pg_distribution "$home" 10
sed -i 's/^demosPerHour = .*/demosPerHour = 1000/' "$home/etc/io.dotmac.management.cfg"
start_and_login "$home" bench-demos-admin-1
shell "feature:install -r dotmac-management" >/dev/null
for _ in $(seq 1 300); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/isp/regions")" = 200 ] && break
    sleep 0.2
done
printf '%-6s %-11s %9s %12s %10s %s\n' round scenario wall_s generation_ms delete_s sample_data
for r in $(seq 1 "$ROUNDS"); do
    for scenario in SMALL MEDIUM ENTERPRISE; do
        out=$(curl -sS -w '\n%{http_code} %{time_total}' -H 'Content-Type: application/json' \
            -d "{\"email\":\"bench$r@example.test\",\"company\":\"Bench $scenario $r\",\"scenario\":\"$scenario\"}" \
            "$BASE/api/v1/demos")
        body=$(echo "$out" | head -n -1)
        read -r code wall <<< "$(echo "$out" | tail -1)"
        [ "$code" = 201 ] || { echo "$scenario: HTTP $code: $body" >&2; exit 1; }
        data=$(echo "$body" | jq -c .sampleData)
        case $scenario in
            SMALL) want='50 3 50 5 3' ;;
            MEDIUM) want='500 7 500 25 12' ;;
            ENTERPRISE) want='2000 8 2000 100 12' ;;
        esac
        read -r customers plans subscriptions tickets months <<< "$want"
        echo "$data" | jq -e --argjson c "$customers" --argjson p "$plans" --argjson s "$subscriptions" \
            --argjson t "$tickets" --argjson m "$months" '.customers == $c and .plans == $p and
            .subscriptions == $s and .tickets == $t and .invoices >= $s and .invoices <= $s * ($m + 1)' >/dev/null \
            || { echo "$scenario: unexpected sample data $data" >&2; exit 1; }
        id=$(echo "$body" | jq -r .id)
        deleted=$(curl -sS -o /dev/null -w '%{time_total}' -X DELETE -H "Authorization: Bearer $ADMIN" \
            "$BASE/api/v1/demos/$id")
        printf '%-6s %-11s %9.2f %12s %10.2f %s\n' "$r" "$scenario" "$wall" "$(echo "$body" | jq .generationMillis)" \
            "$deleted" "$data"
    done
    # converting an ENTERPRISE demo to a paying ISP, its sample dropped (every row its generation made)
    body=$(curl -sS -H 'Content-Type: application/json' -d "{\"email\":\"conv$r@example.test\",\"company\":\"Bench \
conversion $r\",\"scenario\":\"ENTERPRISE\"}" "$BASE/api/v1/demos")
    id=$(echo "$body" | jq -r .id)
    [ "$id" != null ] || { echo "conversion demo: $body" >&2; exit 1; }
    registration="{\"business\":{\"companyName\":\"Bench Conversion $r\",\"registrationNumber\":\"HRB 1\",\"taxId\":\"DE12345678$r\",
\"country\":\"DE\",\"primaryContact\":{\"name\":\"Bench\",\"email\":\"bench@conv$r.example.test\",\"phone\":\"+49 30 1\"},
\"serviceArea\":\"Berlin\",\"customerBaseSize\":10},\"technical\":{\"domain\":\"conv$r-$(date +%s).example.com\"},
\"commercial\":{\"tier\":\"ENTERPRISE\",\"billingCycle\":\"MONTHLY\",\"supportLevel\":\"STANDARD\",\"training\":false}}"
    out=$(curl -sS -w '\n%{http_code} %{time_total}' -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN" \
        -d "$registration" "$BASE/api/v1/demos/$id/convert")
    read -r code wall <<< "$(echo "$out" | tail -1)"
    [ "$code" = 202 ] || { echo "convert: HTTP $code: $(echo "$out" | head -n -1)" >&2; exit 1; }
    printf '%-6s %-11s %9.2f %s\n' "$r" convert "$wall" "$(echo "$out" | head -n -1 | jq -c '{dropped: (.sampleDropped |
        add), kept: (.sampleKept | add)}')"
done
