-- Credits for a subscription's next invoice (an SLA breach...), once per key; invoice_id set by the run that
-- invoiced them.
CREATE TABLE dotmac_billing_credit (
    tenant_id        VARCHAR(26)   NOT NULL,
    id               VARCHAR(26)   NOT NULL PRIMARY KEY,
    subscription_id  VARCHAR(26)   NOT NULL,
    credit_key       VARCHAR(200)  NOT NULL,
    description      VARCHAR(200)  NOT NULL,
    amount_minor     BIGINT        NOT NULL,
    currency         VARCHAR(3)    NOT NULL,
    invoice_id       VARCHAR(26),
    created_at       TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_billing_credit_key_uq UNIQUE (tenant_id, credit_key),
    CONSTRAINT dotmac_billing_credit_amount_ck CHECK (amount_minor > 0)
);
CREATE INDEX dotmac_billing_credit_subscription_ix ON dotmac_billing_credit (tenant_id, subscription_id);
