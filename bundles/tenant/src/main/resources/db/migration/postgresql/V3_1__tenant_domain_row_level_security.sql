-- Row-level security on the custom domains, as on every tenant-owned table: a request binds the domain's tenant;
-- the registry loading every tenant's domains at start works across tenants as this bundle (schema 'tenant').
SELECT dotmac_tenant_rls_across('tenant', 'dotmac_tenant_domain');
