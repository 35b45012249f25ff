-- Seed data of benchmarks/isp-core-load.sh, run as the owner role on PostgreSQL once DotMac has created the tenants
-- (table bench_tenant: idx, id). Per tenant: 3 plans, 1,000 customers, one subscription each, and 12 monthly
-- invoices per customer (one line each, 10 paid with a payment, the last 2 issued and open). Ids are formulaic so
-- the load script can name any row: customer C<tenant:3><n:6>, invoice I<tenant:3><n:6><month:2>.
\set ON_ERROR_STOP on
SET dotmac.system = 'on';
SET synchronous_commit = off;

INSERT INTO dotmac_plan (id, tenant_id, name, price_minor, currency, billing_period, download_mbps, upload_mbps,
        data_cap_gb, active, created_at, updated_at)
SELECT format('P%s%s', lpad(t.idx::text, 3, '0'), k), t.id, format('Fibre %s', k * 100), 4990 * k, 'USD', 'MONTHLY',
       k * 100, k * 20, NULL, TRUE, now(), now()
FROM bench_tenant t, generate_series(1, 3) k;

INSERT INTO dotmac_customer (id, tenant_id, name, email, email_key, phone, service_address, status, created_at,
        updated_at)
SELECT format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), t.id, format('Customer %s', n),
       format('c%s@bench.test', n), format('c%s@bench.test', n), '+1 555 0100', format('%s Fibre Street', n),
       'ACTIVE', now(), now()
FROM bench_tenant t, generate_series(1, 1000) n;

INSERT INTO dotmac_limit_usage (tenant_id, limit_name, used)
SELECT id, 'customers', 1000 FROM bench_tenant
ON CONFLICT (tenant_id, limit_name) DO UPDATE SET used = EXCLUDED.used;

INSERT INTO dotmac_subscription (id, tenant_id, customer_id, plan_id, start_date, status, next_billing_date,
        cancel_at, created_at, updated_at)
SELECT format('S%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), t.id,
       format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')), format('P%s%s', lpad(t.idx::text, 3, '0'), 1),
       DATE '2026-01-01', 'ACTIVE', DATE '2027-01-01', NULL, now(), now()
FROM bench_tenant t, generate_series(1, 1000) n;

INSERT INTO dotmac_invoice (id, tenant_id, number, customer_id, status, currency, subtotal_minor, tax_minor,
        total_minor, paid_minor, issue_date, due_date, notes, created_at, updated_at)
SELECT format('I%s%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0'), lpad(m::text, 2, '0')), t.id,
       format('INV-2026-%s', lpad(((n - 1) * 12 + m)::text, 6, '0')),
       format('C%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0')),
       CASE WHEN m <= 10 THEN 'PAID' ELSE 'ISSUED' END, 'USD', 4990, 998, 5988,
       CASE WHEN m <= 10 THEN 5988 ELSE 0 END, make_date(2026, m, 1), make_date(2026, m, 15), NULL, now(), now()
FROM bench_tenant t, generate_series(1, 1000) n, generate_series(1, 12) m;

INSERT INTO dotmac_invoice_line (invoice_id, line_no, tenant_id, description, quantity, unit_price_minor, tax_rate,
        net_minor, tax_minor)
SELECT format('I%s%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0'), lpad(m::text, 2, '0')), 0, t.id,
       format('Fibre 100, month %s', m), 1, 4990, 20, 4990, 998
FROM bench_tenant t, generate_series(1, 1000) n, generate_series(1, 12) m;

INSERT INTO dotmac_payment (id, tenant_id, invoice_id, amount_minor, method, reference, received_at)
SELECT format('Y%s%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0'), lpad(m::text, 2, '0')), t.id,
       format('I%s%s%s', lpad(t.idx::text, 3, '0'), lpad(n::text, 6, '0'), lpad(m::text, 2, '0')), 5988,
       'DIRECT_DEBIT', NULL, make_date(2026, m, 10)
FROM bench_tenant t, generate_series(1, 1000) n, generate_series(1, 10) m;

INSERT INTO dotmac_invoice_number (tenant_id, invoice_year, last_number)
SELECT id, 2026, 12000 FROM bench_tenant;

-- vacuum as well as analyze: otherwise PostgreSQL's insert-triggered autovacuum works through these tables during
-- the measurement (a stall of several seconds, p99 over 300 ms in a round)
VACUUM (ANALYZE) dotmac_plan, dotmac_customer, dotmac_limit_usage, dotmac_subscription, dotmac_invoice,
    dotmac_invoice_line, dotmac_payment, dotmac_invoice_number;
