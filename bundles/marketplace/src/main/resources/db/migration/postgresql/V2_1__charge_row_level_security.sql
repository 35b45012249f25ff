-- A tenant's charges are its own rows; the marketplace reads them across tenants (payouts) as the system.
SELECT dotmac_tenant_rls_across('marketplace', 'dotmac_mp_charge');
