-- automated_billing: per-tenant settings, billing runs, the exactly-once record of billed periods, and dunning.

-- A tenant's settings; active: the plugin is activated for the tenant; scheduled: its daily run happens (when active).
CREATE TABLE dotmac_billing_settings (
    tenant_id   VARCHAR(26)  NOT NULL PRIMARY KEY,
    active      BOOLEAN      NOT NULL,
    scheduled   BOOLEAN      NOT NULL,
    run_time    VARCHAR(5)   NOT NULL,
    time_zone   VARCHAR(64)  NOT NULL,
    anchor_day  INTEGER,
    dunning     VARCHAR(500) NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_billing_settings_anchor_ck CHECK (anchor_day IS NULL OR (anchor_day >= 1 AND anchor_day <= 28))
);

-- A run. schedule_key: the local date of a scheduled run (NULL for a manual one), unique per tenant, so a day's
-- scheduled run starts once even with several nodes. cursor: the last subscription id it went through, written in
-- the same transaction as the invoices, so a resumed run goes on where it stopped.
CREATE TABLE dotmac_billing_run (
    id             VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(26)   NOT NULL,
    run_date       DATE          NOT NULL,
    run_trigger    VARCHAR(16)   NOT NULL,
    schedule_key   VARCHAR(10),
    status         VARCHAR(16)   NOT NULL,
    total          INTEGER       NOT NULL,
    done           INTEGER       NOT NULL,
    failed         INTEGER       NOT NULL,
    invoices       INTEGER       NOT NULL,
    cursor_id      VARCHAR(26),
    message        VARCHAR(1000),
    started_at     TIMESTAMP     NOT NULL,
    finished_at    TIMESTAMP,
    CONSTRAINT dotmac_billing_run_schedule_uk UNIQUE (tenant_id, schedule_key),
    CONSTRAINT dotmac_billing_run_status_ck CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'STOPPED'))
);
CREATE INDEX dotmac_billing_run_tenant_ix ON dotmac_billing_run (tenant_id, id);
CREATE INDEX dotmac_billing_run_status_ix ON dotmac_billing_run (status);

CREATE TABLE dotmac_billing_run_failure (
    run_id           VARCHAR(26)   NOT NULL,
    subscription_id  VARCHAR(26)   NOT NULL,
    tenant_id        VARCHAR(26)   NOT NULL,
    message          VARCHAR(500)  NOT NULL,
    CONSTRAINT dotmac_billing_run_failure_pk PRIMARY KEY (run_id, subscription_id)
);

-- Exactly once: each period of a subscription is invoiced at most once, whichever run, node or retry bills it.
CREATE TABLE dotmac_billing_charge (
    tenant_id        VARCHAR(26)  NOT NULL,
    subscription_id  VARCHAR(26)  NOT NULL,
    period_start     DATE         NOT NULL,
    period_end       DATE         NOT NULL,
    invoice_id       VARCHAR(26)  NOT NULL,
    run_id           VARCHAR(26)  NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_billing_charge_pk PRIMARY KEY (tenant_id, subscription_id, period_start)
);
CREATE INDEX dotmac_billing_charge_run_ix ON dotmac_billing_charge (run_id);

-- Dunning steps reached, once each per invoice.
CREATE TABLE dotmac_dunning_step (
    tenant_id    VARCHAR(26)  NOT NULL,
    invoice_id   VARCHAR(26)  NOT NULL,
    step         INTEGER      NOT NULL,
    action       VARCHAR(16)  NOT NULL,
    customer_id  VARCHAR(26)  NOT NULL,
    reached_on   DATE         NOT NULL,
    CONSTRAINT dotmac_dunning_step_pk PRIMARY KEY (tenant_id, invoice_id, step)
);
CREATE INDEX dotmac_dunning_step_customer_ix ON dotmac_dunning_step (tenant_id, customer_id, action);

-- A customer's service held for non-payment: what dunning suspended, to resume exactly that once paid.
CREATE TABLE dotmac_dunning_hold (
    id                  VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id           VARCHAR(26)    NOT NULL,
    customer_id         VARCHAR(26)    NOT NULL,
    customer_suspended  BOOLEAN        NOT NULL,
    subscription_ids    VARCHAR(4000)  NOT NULL,
    held_on             DATE           NOT NULL,
    released_at         TIMESTAMP
);
CREATE INDEX dotmac_dunning_hold_customer_ix ON dotmac_dunning_hold (tenant_id, customer_id);
