-- Row-level security (PostgreSQL) on every advanced_automation table, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_automation_rule', 'dotmac_automation_run');
