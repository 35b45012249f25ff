-- Row-level security (PostgreSQL) on the attachments, as on every tenant-owned table.
SELECT dotmac_tenant_rls('dotmac_email_attachment');
