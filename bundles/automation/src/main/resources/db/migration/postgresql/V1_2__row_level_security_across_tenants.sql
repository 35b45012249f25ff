-- The advanced_automation tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'advanced_automation'), and no other bundle's.
SELECT dotmac_tenant_rls_across('advanced_automation', 'dotmac_automation_rule', 'dotmac_automation_run');
