-- Row-level security (PostgreSQL) on the plan-change history, as on every tenant-owned table.
ALTER TABLE dotmac_subscription_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_subscription_change FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_subscription_change_tenant ON dotmac_subscription_change
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');
