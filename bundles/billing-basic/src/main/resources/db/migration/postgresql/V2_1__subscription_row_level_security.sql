-- Row-level security (PostgreSQL): the bound tenant's rows only, or every row for the platform's own work across
-- tenants (dotmac.system = on). FORCE: the owner is bound too.

ALTER TABLE dotmac_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_subscription FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_subscription_tenant ON dotmac_subscription
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');
