#!/usr/bin/env bash
# The e-mail outbox's throughput to GreenMail on PostgreSQL (issue 6), on loopback:
#   text  N welcome e-mails written straight into the outbox (SQL, as the superuser), sent by DotMac's outbox
#         sender to a GreenMail SMTP server; messages/s = N / (last sent_at - first created_at)
#   pdf   a billing run over N due subscriptions: N invoices, each e-mail rendered with the invoice's PDF attached;
#         messages/s = N / (last sent_at - first created_at), the billing run included
#
#   benchmarks/email-outbox.sh [messages]   (default 5000)
#   BATCH=n: messages claimed at once (batchSize, default 50 as shipped)
# Needs a built distribution (mvn -B install -DskipTests), Maven (to fetch greenmail-standalone), psql, curl, jq
# and bc, and PostgreSQL on 127.0.0.1:5432 reachable as postgres without a password. Creates its own database and
# roles and drops them at the end.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/benchmarks/lib.sh"
N=${1:-5000}
SMTP_PORT=${BENCH_SMTP_PORT:-13025}
GREENMAIL_VERSION=1.6.15
for tool in psql curl jq bc mvn; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done

SUFFIX=$(date +%s)_$$
WORK=$(mktemp -d)
home=$(unpack_distribution "$WORK")
GREENMAIL_PID=
cleanup() {
    stop_distribution "$home"
    [ -n "$GREENMAIL_PID" ] && kill "$GREENMAIL_PID" 2>/dev/null || true
    pg_drop
    rm -rf "$WORK"
}
trap cleanup EXIT

mvn -B -q dependency:copy -Dartifact=com.icegreen:greenmail-standalone:$GREENMAIL_VERSION -DoutputDirectory="$WORK" \
    < /dev/null >/dev/null
java -Xmx1g -Dgreenmail.smtp.hostname=127.0.0.1 -Dgreenmail.smtp.port="$SMTP_PORT" \
    -jar "$WORK/greenmail-standalone-$GREENMAIL_VERSION.jar" >"$WORK/greenmail.log" 2>&1 &
GREENMAIL_PID=$!

pg_distribution "$home" 10
sed -i "s/^defaultScheduled = .*/defaultScheduled = false/" "$home/etc/io.dotmac.billing.automated.cfg"
sed -i "s/^smtpPort = .*/smtpPort = $SMTP_PORT/; s/^batchSize = .*/batchSize = ${BATCH:-50}/" \
    "$home/etc/io.dotmac.notifications.email.cfg"

ADMIN_PASSWORD=bench-admin-$SUFFIX
start_and_login "$home" "$ADMIN_PASSWORD"
json() { curl -sS --fail-with-body -H 'Content-Type: application/json' "$@"; }
TENANT=$(json -H "Authorization: Bearer $ADMIN" -d '{"name":"Mail ISP","slug":"mail-isp","tier":"PREMIUM",
    "admin":{"username":"boss","email":"boss@mail.test","password":"bench-password-1"}}' "$BASE/api/v1/tenants" | jq -r .id)
TOKEN=$(json -d '{"tenant":"mail-isp","username":"boss","password":"bench-password-1"}' "$BASE/api/v1/auth/token" \
    | jq -r .access_token)
PLAN=$(json -H "Authorization: Bearer $TOKEN" -d '{"name":"Fibre 100","price":"49.90","currency":"USD",
    "billingPeriod":"MONTHLY","downloadMbps":100,"uploadMbps":20,"taxRate":"20"}' "$BASE/api/v1/plans" | jq -r .id)
TODAY=$(date -u +%F)

admin_sql() { psql -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -qAt "$@"; }
admin_sql <<SQL
SET dotmac.system = 'on';
INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, phone, service_address, status, created_at,
        updated_at)
SELECT format('C%s', lpad(n::text, 7, '0')), '$TENANT', format('Customer %s', n), format('c%s@mail.test', n),
       format('c%s@mail.test', n), NULL, NULL, 'ACTIVE', now(), now()
FROM generate_series(1, $N) n;
INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, next_billing_date,
        cancel_at, created_at, updated_at)
SELECT format('S%s', lpad(n::text, 7, '0')), '$TENANT', format('C%s', lpad(n::text, 7, '0')), '$PLAN',
       DATE '$TODAY', 'ACTIVE', DATE '$TODAY', NULL, now(), now()
FROM generate_series(1, $N) n;
ANALYZE dotmac_customer;
ANALYZE dotmac_subscription;
SQL

# wait_sent EVENT: until N messages of EVENT are SENT (none FAILED); prints the seconds from the first created_at
# to the last sent_at
wait_sent() {
    local deadline=$(( $(date +%s) + 1800 )) sent failed
    while :; do
        read -r sent failed < <(admin_sql -F ' ' -c "SET dotmac.system = 'on'" -c "SELECT
            COUNT(*) FILTER (WHERE status = 'SENT'), COUNT(*) FILTER (WHERE status = 'FAILED')
            FROM dotmac_email_outbox WHERE event = '$1'")
        [ "$failed" = 0 ] || { echo "$failed $1 messages FAILED" >&2; exit 1; }
        [ "$sent" = "$N" ] && break
        [ "$(date +%s)" -lt "$deadline" ] || { echo "only $sent of $N $1 messages sent after 30 minutes" >&2; exit 1; }
        sleep 0.5
    done
    admin_sql -c "SET dotmac.system = 'on'" -c "SELECT EXTRACT(EPOCH FROM MAX(sent_at) - MIN(created_at))
        FROM dotmac_email_outbox WHERE event = '$1'" | tail -1
}

echo "text: $N welcome e-mails into the outbox" >&2
admin_sql -c "SET dotmac.system = 'on'" -c "INSERT INTO dotmac_email_outbox (id, tenant_id, event, customer_id,
        payload, status, attempts, next_attempt_at, created_at)
    SELECT format('W%s', lpad(n::text, 7, '0')), '$TENANT', 'welcome', format('C%s', lpad(n::text, 7, '0')),
        '{}', 'PENDING', 0, now(), now() FROM generate_series(1, $N) n" >/dev/null
text_s=$(wait_sent welcome)

echo "pdf: a billing run over $N subscriptions, each invoice mailed with its PDF" >&2
json -H "Authorization: Bearer $TOKEN" -d "{\"date\":\"$TODAY\"}" "$BASE/api/v1/billing/runs" >/dev/null
pdf_s=$(wait_sent invoice_issued)

printf 'kind\tmessages\tseconds\tmessages_per_s\n'
printf 'text\t%s\t%.2f\t%.0f\n' "$N" "$text_s" "$(echo "$N / $text_s" | bc -l)"
printf 'pdf\t%s\t%.2f\t%.0f\n' "$N" "$pdf_s" "$(echo "$N / $pdf_s" | bc -l)"
