-- Row-level security on the outage log, with this bundle's own work across tenants (the poller's writer).
SELECT dotmac_tenant_rls_across('network_monitoring', 'dotmac_network_outage');
