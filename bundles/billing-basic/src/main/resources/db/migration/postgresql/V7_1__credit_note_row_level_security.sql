-- Row-level security (PostgreSQL) on credit notes, their lines and numbers, and refunds, as on every tenant-owned
-- table.
SELECT dotmac_tenant_rls('dotmac_credit_note', 'dotmac_credit_note_line', 'dotmac_credit_note_number',
    'dotmac_refund');
