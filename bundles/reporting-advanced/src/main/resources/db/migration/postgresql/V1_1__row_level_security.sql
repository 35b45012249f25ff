-- Row-level security (PostgreSQL) on every advanced_reporting table, as on every tenant-owned table.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dotmac_report_schedule', 'dotmac_report_delivery'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR current_setting(''dotmac.system'', true) = ''on'') WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR current_setting(''dotmac.system'', true) = ''on'')',
            t || '_tenant', t);
    END LOOP;
END
$$;
