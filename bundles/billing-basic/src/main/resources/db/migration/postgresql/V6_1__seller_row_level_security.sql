-- Row-level security (PostgreSQL) on the seller's details, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_billing_seller');
