-- Row-level security (PostgreSQL) on the attachments, as on every tenant-owned table.
ALTER TABLE dotmac_email_attachment ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_email_attachment FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_email_attachment_tenant ON dotmac_email_attachment
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');
