-- dotmac_tenant_rls_across('schema', 'table', ...): the row-level security of dotmac_tenant_rls, and also letting
-- through a transaction that works across the tenants of that one schema (dotmac.system = the schema's name, set by
-- Database.acrossTenants of the bundle declaring the schema). The platform's own work (dotmac.system = on) passes
-- everywhere; a plugin's background work across tenants sees its own tables' rows and no other table's. Replaces a
-- policy the table already has.
CREATE OR REPLACE FUNCTION dotmac_tenant_rls_across(schema text, VARIADIC tables text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_tenant', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR current_setting(''dotmac.system'', true) IN (''on'', %L)) WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR current_setting(''dotmac.system'', true) IN (''on'', %L))',
            t || '_tenant', t, schema, schema);
    END LOOP;
END
$$;
