-- Work across tenants is the system role's alone. Until now a policy let through any session that set
-- dotmac.system, which any SQL of the application role can do. From here on every policy reads that setting through
-- dotmac_system_setting(), which gives it only to the system role (a separate role with its own credentials, that
-- the application role cannot become): for every other role it is NULL, and only the tenant binding remains.

-- A placeholder that lets nobody through; the persistence bundle replaces it at every start with one naming the
-- configured system role (systemUser in io.dotmac.persistence.cfg).
CREATE OR REPLACE FUNCTION dotmac_system_setting() RETURNS text LANGUAGE sql STABLE AS $$ SELECT NULL::text $$;

-- The policies dotmac_tenant_rls and dotmac_tenant_rls_across write from now on.
CREATE OR REPLACE FUNCTION dotmac_tenant_rls(VARIADIC tables text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR dotmac_system_setting() = ''on'') WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR dotmac_system_setting() = ''on'')',
            t || '_tenant', t);
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION dotmac_tenant_rls_across(schema text, VARIADIC tables text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS %I ON %I', t || '_tenant', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR dotmac_system_setting() IN (''on'', %L)) WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR dotmac_system_setting() IN (''on'', %L))',
            t || '_tenant', t, schema, schema);
    END LOOP;
END
$$;

-- dotmac_rls_system_only(): rewrites every policy of this schema that still reads dotmac.system itself (the ones
-- made before this migration, and those bundles' migrations write inline) to read it through
-- dotmac_system_setting(). The persistence bundle calls it after every migration; it is idempotent and returns how
-- many policies it changed.
CREATE OR REPLACE FUNCTION dotmac_rls_system_only() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    p record;
    direct constant text := 'current_setting(''dotmac.system''::text, true)';
    using_ text;
    check_ text;
    changed integer := 0;
BEGIN
    FOR p IN SELECT tablename, policyname, qual, with_check FROM pg_policies
             WHERE schemaname = current_schema()
               AND (strpos(qual, direct) > 0 OR strpos(coalesce(with_check, ''), direct) > 0) LOOP
        using_ := replace(p.qual, direct, 'dotmac_system_setting()');
        check_ := replace(p.with_check, direct, 'dotmac_system_setting()');
        EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.policyname, p.tablename, using_)
            || CASE WHEN check_ IS NULL THEN '' ELSE format(' WITH CHECK (%s)', check_) END;
        changed := changed + 1;
    END LOOP;
    RETURN changed;
END
$$;

SELECT dotmac_rls_system_only();
