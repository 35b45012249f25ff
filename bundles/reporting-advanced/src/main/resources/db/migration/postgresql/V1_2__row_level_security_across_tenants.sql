-- The advanced_reporting tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'advanced_reporting'), and no other bundle's.
SELECT dotmac_tenant_rls_across('advanced_reporting', 'dotmac_report_schedule', 'dotmac_report_delivery');
