-- A customer's tags (lower-case labels such as vip or overdue), set by hand or by automation rules.
CREATE TABLE dotmac_customer_tag (
    customer_id  VARCHAR(26)  NOT NULL,
    tag          VARCHAR(50)  NOT NULL,
    tenant_id    VARCHAR(26)  NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_customer_tag_pk PRIMARY KEY (customer_id, tag),
    CONSTRAINT dotmac_customer_tag_fk FOREIGN KEY (customer_id) REFERENCES dotmac_customer (id) ON DELETE CASCADE
);
CREATE INDEX dotmac_customer_tag_tenant_ix ON dotmac_customer_tag (tenant_id, tag, customer_id);
