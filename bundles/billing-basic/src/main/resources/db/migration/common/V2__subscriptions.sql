-- A customer's subscription to a plan. customer_id refers to the customers schema (checked by the service, no
-- foreign key across schemas); plan_id to dotmac_plan.
CREATE TABLE dotmac_subscription (
    id                 VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id          VARCHAR(26)  NOT NULL,
    customer_id        VARCHAR(26)  NOT NULL,
    plan_id            VARCHAR(26)  NOT NULL,
    start_date         DATE         NOT NULL,
    status             VARCHAR(16)  NOT NULL,
    next_billing_date  DATE         NOT NULL,
    cancel_at          DATE,
    created_at         TIMESTAMP    NOT NULL,
    updated_at         TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_subscription_plan_fk FOREIGN KEY (plan_id) REFERENCES dotmac_plan (id),
    CONSTRAINT dotmac_subscription_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CANCELLED'))
);
CREATE INDEX dotmac_subscription_tenant_ix ON dotmac_subscription (tenant_id, id);
CREATE INDEX dotmac_subscription_customer_ix ON dotmac_subscription (tenant_id, customer_id);
