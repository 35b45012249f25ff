-- When a customer was closed (reports count customers closed per month). Customers closed before this column existed
-- were last changed when they were closed.
ALTER TABLE dotmac_customer ADD COLUMN closed_at TIMESTAMP;
UPDATE dotmac_customer SET closed_at = updated_at WHERE status = 'CLOSED';
-- Customers won and lost per month.
CREATE INDEX dotmac_customer_created_ix ON dotmac_customer (tenant_id, created_at);
CREATE INDEX dotmac_customer_closed_ix ON dotmac_customer (tenant_id, closed_at);
