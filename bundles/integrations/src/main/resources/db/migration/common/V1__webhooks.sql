-- custom_integrations: a tenant's webhooks and the persisted queue of their deliveries.

-- A webhook: where to POST (url), which of the tenant's events (topics: JSON array of topics, a topic may end in
-- /*), and the secret the deliveries are signed with (AES-GCM sealed, key in etc/).
CREATE TABLE dotmac_webhook (
    id           VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(26)    NOT NULL,
    url          VARCHAR(2000)  NOT NULL,
    topics       VARCHAR(4000)  NOT NULL,
    description  VARCHAR(200),
    secret_enc   VARCHAR(1000)  NOT NULL,
    enabled      BOOLEAN        NOT NULL,
    created_at   TIMESTAMP      NOT NULL,
    updated_at   TIMESTAMP      NOT NULL
);
CREATE INDEX dotmac_webhook_tenant_ix ON dotmac_webhook (tenant_id, id);

-- One event for one webhook, written in the transaction of the change that caused the event. Sent in id order per
-- webhook (only the oldest unfinished one of a webhook is tried), PENDING until due, SENDING under a lease,
-- DELIVERED on a 2xx answer, PENDING again with backoff, FAILED after the last attempt.
CREATE TABLE dotmac_webhook_delivery (
    id               VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)    NOT NULL,
    webhook_id       VARCHAR(26)    NOT NULL,
    topic            VARCHAR(100)   NOT NULL,
    payload          VARCHAR(16000) NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    attempts         INTEGER        NOT NULL,
    next_attempt_at  TIMESTAMP      NOT NULL,
    lease_until      TIMESTAMP,
    last_status      INTEGER,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMP      NOT NULL,
    delivered_at     TIMESTAMP,
    CONSTRAINT dotmac_webhook_delivery_fk FOREIGN KEY (webhook_id) REFERENCES dotmac_webhook (id) ON DELETE CASCADE,
    CONSTRAINT dotmac_webhook_delivery_status_ck CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'FAILED'))
);
CREATE INDEX dotmac_webhook_delivery_due_ix ON dotmac_webhook_delivery (status, next_attempt_at);
CREATE INDEX dotmac_webhook_delivery_hook_ix ON dotmac_webhook_delivery (webhook_id, status, id);
CREATE INDEX dotmac_webhook_delivery_tenant_ix ON dotmac_webhook_delivery (tenant_id, webhook_id, id);

-- Each attempt of a delivery: when, the HTTP status (NULL when there was no answer), why it failed, how long.
CREATE TABLE dotmac_webhook_attempt (
    delivery_id   VARCHAR(26)    NOT NULL,
    attempt       INTEGER        NOT NULL,
    tenant_id     VARCHAR(26)    NOT NULL,
    attempted_at  TIMESTAMP      NOT NULL,
    status_code   INTEGER,
    error         VARCHAR(1000),
    duration_ms   INTEGER        NOT NULL,
    CONSTRAINT dotmac_webhook_attempt_pk PRIMARY KEY (delivery_id, attempt),
    CONSTRAINT dotmac_webhook_attempt_fk FOREIGN KEY (delivery_id) REFERENCES dotmac_webhook_delivery (id)
        ON DELETE CASCADE
);
