-- Row-level security (PostgreSQL) on the white_label table, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_branding');
