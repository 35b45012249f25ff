-- email_notifications: the outbox, templates and sender settings per tenant.

-- The outbox: one row per e-mail to send, written in the transaction of the event that caused it (payload: the
-- event's properties as JSON). Sent by claiming due rows (status PENDING and next_attempt_at come, or SENDING whose
-- lease ran out: its sender died), retried with backoff, SENT or FAILED after the configured attempts.
CREATE TABLE dotmac_email_outbox (
    id               VARCHAR(26)     NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)     NOT NULL,
    event            VARCHAR(32)     NOT NULL,
    customer_id      VARCHAR(26)     NOT NULL,
    payload          VARCHAR(8000)   NOT NULL,
    recipient        VARCHAR(320),
    subject          VARCHAR(1000),
    status           VARCHAR(16)     NOT NULL,
    attempts         INTEGER         NOT NULL,
    next_attempt_at  TIMESTAMP       NOT NULL,
    lease_until      TIMESTAMP,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP       NOT NULL,
    sent_at          TIMESTAMP,
    CONSTRAINT dotmac_email_outbox_status_ck CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED'))
);
CREATE INDEX dotmac_email_outbox_due_ix ON dotmac_email_outbox (status, next_attempt_at);
CREATE INDEX dotmac_email_outbox_tenant_ix ON dotmac_email_outbox (tenant_id, id);

CREATE TABLE dotmac_email_template (
    tenant_id   VARCHAR(26)     NOT NULL,
    event       VARCHAR(32)     NOT NULL,
    subject     VARCHAR(1000)   NOT NULL,
    body        VARCHAR(20000)  NOT NULL,
    updated_at  TIMESTAMP       NOT NULL,
    CONSTRAINT dotmac_email_template_pk PRIMARY KEY (tenant_id, event)
);

-- Sender and SMTP settings; NULL: the instance default. active: the plugin is activated for the tenant (its outbox
-- is sent; while not, messages wait). The password is AES-GCM encrypted (key in etc/).
CREATE TABLE dotmac_email_settings (
    tenant_id          VARCHAR(26)   NOT NULL PRIMARY KEY,
    from_name          VARCHAR(200),
    from_address       VARCHAR(320),
    smtp_host          VARCHAR(255),
    smtp_port          INTEGER,
    smtp_username      VARCHAR(320),
    smtp_password_enc  VARCHAR(1000),
    smtp_starttls      BOOLEAN,
    active             BOOLEAN       NOT NULL,
    updated_at         TIMESTAMP     NOT NULL
);
