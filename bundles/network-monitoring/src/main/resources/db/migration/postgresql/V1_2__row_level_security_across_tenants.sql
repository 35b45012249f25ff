-- The network_monitoring tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'network_monitoring'), and no other bundle's.
SELECT dotmac_tenant_rls_across('network_monitoring', 'dotmac_network_device', 'dotmac_network_interface', 'dotmac_network_sample', 'dotmac_network_rollup');
