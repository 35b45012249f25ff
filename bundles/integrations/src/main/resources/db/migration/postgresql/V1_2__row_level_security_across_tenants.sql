-- The custom_integrations tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'custom_integrations'), and no other bundle's.
SELECT dotmac_tenant_rls_across('custom_integrations', 'dotmac_webhook', 'dotmac_webhook_delivery', 'dotmac_webhook_attempt');
