-- On PostgreSQL a tenant's rows are its own (the platform's row-level security helper).
SELECT dotmac_tenant_rls_across('${pluginId}', '${pluginId}_note');
