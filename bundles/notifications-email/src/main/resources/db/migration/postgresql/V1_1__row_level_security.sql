-- Row-level security (PostgreSQL) on every email_notifications table, as on every tenant-owned table.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['dotmac_email_outbox', 'dotmac_email_template', 'dotmac_email_settings'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (tenant_id = current_setting(''dotmac.tenant'', true) '
            || 'OR current_setting(''dotmac.system'', true) = ''on'') WITH CHECK (tenant_id = '
            || 'current_setting(''dotmac.tenant'', true) OR current_setting(''dotmac.system'', true) = ''on'')',
            t || '_tenant', t);
    END LOOP;
END
$$;
