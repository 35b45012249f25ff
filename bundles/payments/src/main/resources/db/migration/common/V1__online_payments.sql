-- online_payments: each tenant's gateway keys (sealed), pay links, its customers at the gateway, the payments and
-- refunds taken through the gateway, the gateway's events seen, and autopay attempts.

-- A tenant's gateway: its secret key and webhook signing secret sealed with etc/dotmac-payments.key (AES-GCM).
CREATE TABLE dotmac_payments_settings (
    tenant_id              VARCHAR(26)   NOT NULL PRIMARY KEY,
    gateway                VARCHAR(32)   NOT NULL,
    secret_key_sealed      VARCHAR(1000),
    webhook_secret_sealed  VARCHAR(1000),
    secret_key_hint        VARCHAR(16),
    autopay                BOOLEAN       NOT NULL,
    updated_at             TIMESTAMP     NOT NULL
);

-- One pay link per issued invoice: the token is the capability to see its amount due and pay it.
CREATE TABLE dotmac_pay_link (
    token       VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(26)  NOT NULL,
    invoice_id  VARCHAR(26)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_pay_link_invoice_uk UNIQUE (tenant_id, invoice_id)
);

-- A DotMac customer at the gateway, and the card kept there for autopay.
CREATE TABLE dotmac_payments_customer (
    tenant_id     VARCHAR(26)   NOT NULL,
    customer_id   VARCHAR(26)   NOT NULL,
    gateway_ref   VARCHAR(100)  NOT NULL,
    method_ref    VARCHAR(100),
    method_label  VARCHAR(100),
    autopay       BOOLEAN       NOT NULL,
    updated_at    TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_payments_customer_pk PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX dotmac_payments_customer_autopay_ix ON dotmac_payments_customer (autopay, tenant_id);

-- Money moved through the gateway: a PAYMENT (positive) recorded as the invoice's payment, or a REFUND (negative)
-- recorded as a refund of it. applied_minor is how much of it billing recorded (a payment beyond what the invoice
-- still owed, paid twice, is kept here and not applied: the operator refunds it). gateway_ref (pi_..., re_...) is
-- unique: each is recorded once, whichever of the webhook, the payer's return or the API call comes first.
CREATE TABLE dotmac_online_payment (
    id               VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)   NOT NULL,
    invoice_id       VARCHAR(26)   NOT NULL,
    customer_id      VARCHAR(26)   NOT NULL,
    kind             VARCHAR(8)    NOT NULL,
    amount_minor     BIGINT        NOT NULL,
    applied_minor    BIGINT        NOT NULL,
    currency         VARCHAR(3)    NOT NULL,
    gateway          VARCHAR(32)   NOT NULL,
    gateway_ref      VARCHAR(100)  NOT NULL,
    charge_ref       VARCHAR(100),
    payment_id       VARCHAR(26),
    refund_of        VARCHAR(26),
    via              VARCHAR(16)   NOT NULL,
    recorded_at      TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_online_payment_ref_uk UNIQUE (tenant_id, gateway_ref),
    CONSTRAINT dotmac_online_payment_kind_ck CHECK ((kind = 'PAYMENT' AND amount_minor > 0)
        OR (kind = 'REFUND' AND amount_minor < 0 AND refund_of IS NOT NULL)),
    CONSTRAINT dotmac_online_payment_applied_ck CHECK (applied_minor >= 0 AND applied_minor <= ABS(amount_minor)),
    CONSTRAINT dotmac_online_payment_refund_fk FOREIGN KEY (refund_of) REFERENCES dotmac_online_payment (id)
);
CREATE INDEX dotmac_online_payment_invoice_ix ON dotmac_online_payment (tenant_id, invoice_id);
CREATE INDEX dotmac_online_payment_recorded_ix ON dotmac_online_payment (tenant_id, recorded_at);
CREATE INDEX dotmac_online_payment_charge_ix ON dotmac_online_payment (tenant_id, charge_ref);

-- The gateway's events acted upon: a second delivery of one is acknowledged and ignored.
CREATE TABLE dotmac_payments_event (
    tenant_id    VARCHAR(26)   NOT NULL,
    event_id     VARCHAR(100)  NOT NULL,
    type         VARCHAR(100)  NOT NULL,
    received_at  TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_payments_event_pk PRIMARY KEY (tenant_id, event_id)
);

-- Autopay: one attempt per invoice and step (step 1 on the due date, then the retry days). Claimed (PENDING) before
-- the gateway is called, with an idempotency key made of the step, so a crash between the two charges nothing twice.
CREATE TABLE dotmac_autopay_attempt (
    id            VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(26)   NOT NULL,
    invoice_id    VARCHAR(26)   NOT NULL,
    customer_id   VARCHAR(26)   NOT NULL,
    step          INTEGER       NOT NULL,
    run_date      DATE          NOT NULL,
    amount_minor  BIGINT        NOT NULL,
    currency      VARCHAR(3)    NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    gateway_ref   VARCHAR(100),
    failure       VARCHAR(300),
    attempted_at  TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_autopay_attempt_step_uk UNIQUE (tenant_id, invoice_id, step),
    CONSTRAINT dotmac_autopay_attempt_status_ck CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED'))
);
CREATE INDEX dotmac_autopay_attempt_tenant_ix ON dotmac_autopay_attempt (tenant_id, id);
