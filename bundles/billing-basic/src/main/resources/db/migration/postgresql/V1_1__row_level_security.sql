-- Row-level security (PostgreSQL): the bound tenant's rows only, or every row for the platform's own work across
-- tenants (dotmac.system = on). FORCE: the owner is bound too.

ALTER TABLE dotmac_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_plan_tenant ON dotmac_plan
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');
