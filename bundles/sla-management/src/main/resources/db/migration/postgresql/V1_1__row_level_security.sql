-- Row-level security on every sla_management table, with this bundle's own work across tenants (the monthly
-- evaluation finding the tenants that have agreements).
SELECT dotmac_tenant_rls_across('sla_management', 'dotmac_sla', 'dotmac_sla_link', 'dotmac_sla_maintenance',
    'dotmac_sla_breach', 'dotmac_sla_evaluation');
