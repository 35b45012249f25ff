-- The automated_billing tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'automated_billing'), and no other bundle's.
SELECT dotmac_tenant_rls_across('automated_billing', 'dotmac_billing_settings', 'dotmac_billing_run', 'dotmac_billing_run_failure', 'dotmac_billing_charge', 'dotmac_dunning_step', 'dotmac_dunning_hold');
