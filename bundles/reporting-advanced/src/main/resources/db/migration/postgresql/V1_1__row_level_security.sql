-- Row-level security (PostgreSQL) on every advanced_reporting table, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_report_schedule', 'dotmac_report_delivery');
