-- Invoices of a tenant's customers, amounts in minor units of the invoice's currency (the tenant's when created).
-- customer_id refers to the customers schema (checked by the service; no foreign key across schemas). number is set
-- when issued: INV-<year>-<6 digits>, unique per tenant (NULLs, the drafts, do not collide).
CREATE TABLE dotmac_invoice (
    id              VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(26)   NOT NULL,
    number          VARCHAR(20),
    customer_id     VARCHAR(26)   NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    currency        VARCHAR(3)    NOT NULL,
    subtotal_minor  BIGINT        NOT NULL,
    tax_minor       BIGINT        NOT NULL,
    total_minor     BIGINT        NOT NULL,
    paid_minor      BIGINT        NOT NULL,
    issue_date      DATE,
    due_date        DATE,
    notes           VARCHAR(2000),
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_invoice_number_uk UNIQUE (tenant_id, number),
    CONSTRAINT dotmac_invoice_status_ck CHECK (status IN ('DRAFT', 'ISSUED', 'PAID', 'VOID')),
    CONSTRAINT dotmac_invoice_amounts_ck CHECK (subtotal_minor >= 0 AND tax_minor >= 0
        AND total_minor = subtotal_minor + tax_minor AND paid_minor >= 0 AND paid_minor <= total_minor),
    CONSTRAINT dotmac_invoice_issued_ck CHECK ((status = 'DRAFT' AND number IS NULL)
        OR (status IN ('ISSUED', 'PAID') AND number IS NOT NULL AND issue_date IS NOT NULL)
        OR status = 'VOID')
);
CREATE INDEX dotmac_invoice_tenant_ix ON dotmac_invoice (tenant_id, id);
CREATE INDEX dotmac_invoice_customer_ix ON dotmac_invoice (tenant_id, customer_id, status);
CREATE INDEX dotmac_invoice_status_ix ON dotmac_invoice (tenant_id, status, id);

CREATE TABLE dotmac_invoice_line (
    invoice_id        VARCHAR(26)    NOT NULL,
    line_no           INTEGER        NOT NULL,
    tenant_id         VARCHAR(26)    NOT NULL,
    description       VARCHAR(500)   NOT NULL,
    quantity          DECIMAL(12, 3) NOT NULL,
    unit_price_minor  BIGINT         NOT NULL,
    tax_rate          DECIMAL(6, 3)  NOT NULL,
    net_minor         BIGINT         NOT NULL,
    tax_minor         BIGINT         NOT NULL,
    CONSTRAINT dotmac_invoice_line_pk PRIMARY KEY (invoice_id, line_no),
    CONSTRAINT dotmac_invoice_line_invoice_fk FOREIGN KEY (invoice_id) REFERENCES dotmac_invoice (id),
    CONSTRAINT dotmac_invoice_line_amounts_ck CHECK (quantity > 0 AND unit_price_minor >= 0 AND tax_rate >= 0
        AND tax_rate <= 100)
);

CREATE TABLE dotmac_payment (
    id            VARCHAR(26)   NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(26)   NOT NULL,
    invoice_id    VARCHAR(26)   NOT NULL,
    amount_minor  BIGINT        NOT NULL,
    method        VARCHAR(16)   NOT NULL,
    reference     VARCHAR(200),
    received_at   TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_payment_invoice_fk FOREIGN KEY (invoice_id) REFERENCES dotmac_invoice (id),
    CONSTRAINT dotmac_payment_amount_ck CHECK (amount_minor > 0)
);
CREATE INDEX dotmac_payment_invoice_ix ON dotmac_payment (tenant_id, invoice_id);

-- The last invoice number a tenant issued in a year. Issuing increments it in the issuing transaction, whose row
-- lock makes concurrent issuers take turns and whose rollback gives the number back: gapless.
CREATE TABLE dotmac_invoice_number (
    tenant_id     VARCHAR(26)  NOT NULL,
    invoice_year  INTEGER      NOT NULL,
    last_number   INTEGER      NOT NULL,
    CONSTRAINT dotmac_invoice_number_pk PRIMARY KEY (tenant_id, invoice_year)
);
