-- dotmac_tenant_rls('table', ...): row-level security on tenant-owned tables, ENABLEd and FORCEd, with the policy every
-- such table has: a row is visible and writable only in a transaction bound to its tenant (dotmac.tenant), or in one
-- working across tenants (dotmac.system = on). Bundles' PostgreSQL migrations call it for their tables (the older
-- ones repeat the same statements inline).
CREATE OR REPLACE FUNCTION dotmac_tenant_rls(VARIADIC tables text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR current_setting(''dotmac.system'', true) = ''on'') WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR current_setting(''dotmac.system'', true) = ''on'')',
            t || '_tenant', t);
    END LOOP;
END
$$;
