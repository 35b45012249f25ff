-- Row-level security (PostgreSQL) on every custom_integrations table, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_webhook', 'dotmac_webhook_delivery', 'dotmac_webhook_attempt');
