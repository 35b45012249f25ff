-- Row-level security (PostgreSQL) on every advanced_automation table, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_automation_rule', 'dotmac_automation_run');

-- The queue: only the PENDING runs are in its index, so a finished run leaves it; free space in each page, so that
-- a claim (a lease, no indexed column) is a HOT update.
DROP INDEX dotmac_automation_run_due_ix;
CREATE INDEX dotmac_automation_run_due_ix ON dotmac_automation_run (next_attempt_at, id) WHERE status = 'PENDING';
ALTER TABLE dotmac_automation_run SET (fillfactor = 70);
