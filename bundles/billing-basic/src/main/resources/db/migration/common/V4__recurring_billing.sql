-- What recurring billing needs from the core tables.
-- The tax rate a plan's charges carry, a percentage as on invoice lines.
ALTER TABLE dotmac_plan ADD COLUMN tax_rate DECIMAL(6, 3) DEFAULT 0 NOT NULL;
ALTER TABLE dotmac_plan ADD CONSTRAINT dotmac_plan_tax_ck CHECK (tax_rate >= 0 AND tax_rate <= 100);

-- Plan changes of subscriptions, for prorating the period they fall in. settled: an invoice has accounted for it.
CREATE TABLE dotmac_subscription_change (
    id               VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)  NOT NULL,
    subscription_id  VARCHAR(26)  NOT NULL,
    changed_on       DATE         NOT NULL,
    from_plan_id     VARCHAR(26)  NOT NULL,
    to_plan_id       VARCHAR(26)  NOT NULL,
    settled          BOOLEAN      NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_subscription_change_fk FOREIGN KEY (subscription_id) REFERENCES dotmac_subscription (id)
);
CREATE INDEX dotmac_subscription_change_ix ON dotmac_subscription_change (tenant_id, subscription_id, settled);

-- Finding what is due: a tenant's active subscriptions by next billing date.
CREATE INDEX dotmac_subscription_due_ix ON dotmac_subscription (tenant_id, status, next_billing_date, id);

-- Lines of recurring invoices may credit (a negative unit price: the unused part of a plan left mid-period); the
-- invoice's own amounts stay non-negative.
ALTER TABLE dotmac_invoice_line DROP CONSTRAINT dotmac_invoice_line_amounts_ck;
ALTER TABLE dotmac_invoice_line ADD CONSTRAINT dotmac_invoice_line_amounts_ck CHECK (quantity > 0 AND tax_rate >= 0
    AND tax_rate <= 100);
