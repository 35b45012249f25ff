-- Row-level security (PostgreSQL) on the api_access tables; this bundle's own work across tenants (finding the
-- tenant of a presented key, writing the usage of every tenant's keys) passes, no other bundle's.
SELECT dotmac_tenant_rls('dotmac_api_key', 'dotmac_api_key_usage');
SELECT dotmac_tenant_rls_across('api_access', 'dotmac_api_key', 'dotmac_api_key_usage');
