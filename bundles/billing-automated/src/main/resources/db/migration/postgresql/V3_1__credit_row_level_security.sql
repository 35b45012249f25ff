-- Row-level security on the credits, with this bundle's own work across tenants.
SELECT dotmac_tenant_rls_across('automated_billing', 'dotmac_billing_credit');
