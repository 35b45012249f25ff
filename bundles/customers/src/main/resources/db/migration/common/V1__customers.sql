-- An ISP's customers. The e-mail is unique inside a tenant (compared lower-cased).
CREATE TABLE dotmac_customer (
    id               VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    email            VARCHAR(254) NOT NULL,
    email_key        VARCHAR(254) NOT NULL,
    phone            VARCHAR(40),
    service_address  VARCHAR(500),
    status           VARCHAR(16)  NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_customer_email_uk UNIQUE (tenant_id, email_key),
    CONSTRAINT dotmac_customer_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED', 'CLOSED'))
);
CREATE INDEX dotmac_customer_tenant_ix ON dotmac_customer (tenant_id, id);
