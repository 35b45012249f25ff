-- When a ticket was last resolved (reports compute the time to resolve). Set when it moves to RESOLVED, cleared when it
-- is reopened, kept when it is closed. Tickets resolved or closed before this column existed were resolved at their
-- last change as far as anyone can tell.
ALTER TABLE dotmac_ticket ADD COLUMN resolved_at TIMESTAMP;
UPDATE dotmac_ticket SET resolved_at = updated_at WHERE status IN ('RESOLVED', 'CLOSED');
-- Tickets opened and resolved per month.
CREATE INDEX dotmac_ticket_created_ix ON dotmac_ticket (tenant_id, created_at);
CREATE INDEX dotmac_ticket_resolved_ix ON dotmac_ticket (tenant_id, resolved_at);
