-- Revenue by month reads invoices by issue date and payments by the time they came in.
CREATE INDEX dotmac_invoice_issued_ix ON dotmac_invoice (tenant_id, issue_date);
CREATE INDEX dotmac_payment_received_ix ON dotmac_payment (tenant_id, received_at);
