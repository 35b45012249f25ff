-- sla_management: agreements (per plan or per customer), which device or interface measures a subscription,
-- maintenance windows, breaches (once per subject, month and kind) and the months evaluated.

-- credits: JSON [{"below":"99.9","percent":"10"}, ...]; ticket_targets: JSON {"URGENT":{"firstResponseMinutes":15,
-- "resolutionMinutes":240}, ...}. Exactly one of plan_id and customer_id.
CREATE TABLE dotmac_sla (
    tenant_id            VARCHAR(26)    NOT NULL,
    id                   VARCHAR(26)    NOT NULL PRIMARY KEY,
    name                 VARCHAR(200)   NOT NULL,
    plan_id              VARCHAR(26),
    customer_id          VARCHAR(26),
    availability_target  DECIMAL(7, 4)  NOT NULL,
    credits              VARCHAR(2000)  NOT NULL,
    ticket_targets       VARCHAR(2000)  NOT NULL,
    created_at           TIMESTAMP      NOT NULL,
    updated_at           TIMESTAMP      NOT NULL,
    CONSTRAINT dotmac_sla_plan_uq UNIQUE (tenant_id, plan_id),
    CONSTRAINT dotmac_sla_customer_uq UNIQUE (tenant_id, customer_id),
    CONSTRAINT dotmac_sla_scope_ck CHECK ((plan_id IS NULL) <> (customer_id IS NULL))
);

-- The device (if_index NULL) or interface whose outages are a subscription's downtime.
CREATE TABLE dotmac_sla_link (
    tenant_id        VARCHAR(26)  NOT NULL,
    subscription_id  VARCHAR(26)  NOT NULL,
    device_id        VARCHAR(26)  NOT NULL,
    if_index         INTEGER,
    created_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_sla_link_pk PRIMARY KEY (tenant_id, subscription_id)
);

-- Planned work: outages inside it are not downtime (device_id NULL: every device of the tenant).
CREATE TABLE dotmac_sla_maintenance (
    tenant_id   VARCHAR(26)   NOT NULL,
    id          VARCHAR(26)   NOT NULL PRIMARY KEY,
    device_id   VARCHAR(26),
    starts_at   TIMESTAMP     NOT NULL,
    ends_at     TIMESTAMP     NOT NULL,
    reason      VARCHAR(500)  NOT NULL,
    created_at  TIMESTAMP     NOT NULL
);
CREATE INDEX dotmac_sla_maintenance_ix ON dotmac_sla_maintenance (tenant_id, starts_at);

-- A breach: of a subscription's availability (kind AVAILABILITY) or of a ticket's first response or resolution
-- target (subject_id the ticket). The unique key makes the event and the credit happen once per breach and month;
-- credit_id is the automated_billing credit once it was added.
CREATE TABLE dotmac_sla_breach (
    tenant_id      VARCHAR(26)   NOT NULL,
    id             VARCHAR(26)   NOT NULL PRIMARY KEY,
    sla_id         VARCHAR(26)   NOT NULL,
    subject_id     VARCHAR(26)   NOT NULL,
    customer_id    VARCHAR(26)   NOT NULL,
    breach_month   VARCHAR(7)    NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    measured       VARCHAR(40)   NOT NULL,
    target         VARCHAR(40)   NOT NULL,
    credit_minor   BIGINT        NOT NULL,
    currency       VARCHAR(3),
    credit_id      VARCHAR(26),
    created_at     TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_sla_breach_uq UNIQUE (tenant_id, subject_id, breach_month, kind)
);
CREATE INDEX dotmac_sla_breach_month_ix ON dotmac_sla_breach (tenant_id, breach_month);

-- The months whose breaches were recorded (by the schedule or an operator).
CREATE TABLE dotmac_sla_evaluation (
    tenant_id     VARCHAR(26)  NOT NULL,
    eval_month    VARCHAR(7)   NOT NULL,
    evaluated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_sla_evaluation_pk PRIMARY KEY (tenant_id, eval_month)
);
