-- Messages that go to a given address rather than to a customer (scheduled reports: recipient set when queued),
-- and files attached to a message when it is queued (a report's CSV and chart), sent with it.
ALTER TABLE dotmac_email_outbox ALTER COLUMN customer_id DROP NOT NULL;

CREATE TABLE dotmac_email_attachment (
    outbox_id     VARCHAR(26)   NOT NULL,
    seq           INTEGER       NOT NULL,
    tenant_id     VARCHAR(26)   NOT NULL,
    filename      VARCHAR(200)  NOT NULL,
    content_type  VARCHAR(100)  NOT NULL,
    content       BYTEA         NOT NULL,
    CONSTRAINT dotmac_email_attachment_pk PRIMARY KEY (outbox_id, seq),
    CONSTRAINT dotmac_email_attachment_outbox_fk FOREIGN KEY (outbox_id) REFERENCES dotmac_email_outbox (id)
);
