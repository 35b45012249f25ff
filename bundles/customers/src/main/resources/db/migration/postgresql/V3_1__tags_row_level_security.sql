-- Row-level security (PostgreSQL) on the customers' tags, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_customer_tag');
