-- Row-level security (PostgreSQL), as in the security schema: the bound tenant's rows only, or every row
-- for the platform's own work across tenants (dotmac.system = on). FORCE: the owner is bound too.

ALTER TABLE dotmac_plugin_toggle ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_plugin_toggle FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_plugin_toggle_tenant ON dotmac_plugin_toggle
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');

ALTER TABLE dotmac_plugin_addon ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_plugin_addon FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_plugin_addon_tenant ON dotmac_plugin_addon
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');

ALTER TABLE dotmac_plugin_activation ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_plugin_activation FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_plugin_activation_tenant ON dotmac_plugin_activation
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');

ALTER TABLE dotmac_limit_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_limit_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_limit_usage_tenant ON dotmac_limit_usage
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');

