-- Row-level security (PostgreSQL): the bound tenant's rows only, or every row for the platform's own work across
-- tenants (dotmac.system = on). FORCE: the owner is bound too.

ALTER TABLE dotmac_customer ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_customer FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_customer_tenant ON dotmac_customer
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');
