-- Row-level security (PostgreSQL): a transaction sees only the rows of the tenant it is bound to
-- (set_config('dotmac.tenant', id, true)), or every row when the platform works across tenants
-- (dotmac.system = on). FORCE: the tables' owner is bound too.

ALTER TABLE dotmac_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE dotmac_user FORCE ROW LEVEL SECURITY;
CREATE POLICY dotmac_user_tenant ON dotmac_user
    USING (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on')
    WITH CHECK (tenant_id = current_setting('dotmac.tenant', true) OR current_setting('dotmac.system', true) = 'on');

