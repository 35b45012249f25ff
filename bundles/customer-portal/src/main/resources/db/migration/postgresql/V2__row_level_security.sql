-- Row-level security (PostgreSQL) on the customer portal's tables, as on every tenant-owned table: tokens carry their
-- tenant, so every lookup is bound to it.
SELECT dotmac_tenant_rls('dotmac_customer_login', 'dotmac_customer_session');
