-- Corrections of issued invoices. A credit note (CN-<year>-<6 digits>, gapless per tenant and year like invoice
-- numbers) credits part or all of an invoice: it lowers what is owed (credited_minor) and, for what was already
-- paid, refunds it. A refund gives back (part of) a payment: with a credit note, or alone (a payment reversed: the
-- invoice is owed again). A discount is an invoice line with a negative unit price.
ALTER TABLE dotmac_invoice ADD COLUMN credited_minor BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE dotmac_invoice DROP CONSTRAINT dotmac_invoice_amounts_ck;
ALTER TABLE dotmac_invoice ADD CONSTRAINT dotmac_invoice_amounts_ck CHECK (subtotal_minor >= 0 AND tax_minor >= 0
    AND total_minor = subtotal_minor + tax_minor AND paid_minor >= 0 AND credited_minor >= 0
    AND paid_minor + credited_minor <= total_minor);
ALTER TABLE dotmac_invoice_line DROP CONSTRAINT dotmac_invoice_line_amounts_ck;
ALTER TABLE dotmac_invoice_line ADD CONSTRAINT dotmac_invoice_line_amounts_ck CHECK (quantity > 0 AND tax_rate >= 0
    AND tax_rate <= 100);

CREATE TABLE dotmac_credit_note (
    id              VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(26)   NOT NULL,
    number          VARCHAR(20)   NOT NULL,
    invoice_id      VARCHAR(26)   NOT NULL,
    customer_id     VARCHAR(26)   NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    subtotal_minor  BIGINT        NOT NULL,
    tax_minor       BIGINT        NOT NULL,
    total_minor     BIGINT        NOT NULL,
    refunded_minor  BIGINT        NOT NULL,
    reason          VARCHAR(500)  NOT NULL,
    issue_date      DATE          NOT NULL,
    created_at      TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_credit_note_number_uk UNIQUE (tenant_id, number),
    CONSTRAINT dotmac_credit_note_invoice_fk FOREIGN KEY (invoice_id) REFERENCES dotmac_invoice (id),
    CONSTRAINT dotmac_credit_note_amounts_ck CHECK (subtotal_minor >= 0 AND tax_minor >= 0 AND total_minor > 0
        AND total_minor = subtotal_minor + tax_minor AND refunded_minor >= 0 AND refunded_minor <= total_minor)
);
CREATE INDEX dotmac_credit_note_tenant_ix ON dotmac_credit_note (tenant_id, id);
CREATE INDEX dotmac_credit_note_invoice_ix ON dotmac_credit_note (tenant_id, invoice_id);
CREATE INDEX dotmac_credit_note_issued_ix ON dotmac_credit_note (tenant_id, issue_date);

CREATE TABLE dotmac_credit_note_line (
    credit_note_id    VARCHAR(26)    NOT NULL,
    line_no           INTEGER        NOT NULL,
    tenant_id         VARCHAR(26)    NOT NULL,
    description       VARCHAR(500)   NOT NULL,
    quantity          DECIMAL(12, 3) NOT NULL,
    unit_price_minor  BIGINT         NOT NULL,
    tax_rate          DECIMAL(6, 3)  NOT NULL,
    net_minor         BIGINT         NOT NULL,
    tax_minor         BIGINT         NOT NULL,
    CONSTRAINT dotmac_credit_note_line_pk PRIMARY KEY (credit_note_id, line_no),
    CONSTRAINT dotmac_credit_note_line_note_fk FOREIGN KEY (credit_note_id) REFERENCES dotmac_credit_note (id),
    CONSTRAINT dotmac_credit_note_line_amounts_ck CHECK (quantity > 0 AND unit_price_minor >= 0 AND tax_rate >= 0
        AND tax_rate <= 100)
);

-- The last credit note number a tenant issued in a year (as dotmac_invoice_number: locked while issuing).
CREATE TABLE dotmac_credit_note_number (
    tenant_id     VARCHAR(26)  NOT NULL,
    invoice_year  INTEGER      NOT NULL,
    last_number   INTEGER      NOT NULL,
    CONSTRAINT dotmac_credit_note_number_pk PRIMARY KEY (tenant_id, invoice_year)
);

CREATE TABLE dotmac_refund (
    id              VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(26)   NOT NULL,
    invoice_id      VARCHAR(26)   NOT NULL,
    payment_id      VARCHAR(26)   NOT NULL,
    credit_note_id  VARCHAR(26),
    amount_minor    BIGINT        NOT NULL,
    reason          VARCHAR(500)  NOT NULL,
    refunded_at     TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_refund_payment_fk FOREIGN KEY (payment_id) REFERENCES dotmac_payment (id),
    CONSTRAINT dotmac_refund_note_fk FOREIGN KEY (credit_note_id) REFERENCES dotmac_credit_note (id),
    CONSTRAINT dotmac_refund_amount_ck CHECK (amount_minor > 0)
);
CREATE INDEX dotmac_refund_invoice_ix ON dotmac_refund (tenant_id, invoice_id);
CREATE INDEX dotmac_refund_refunded_ix ON dotmac_refund (tenant_id, refunded_at);
