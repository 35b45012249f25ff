-- The customer portal (/customer/): one-time sign-in links (e-mailed, or handed over by the ISP's staff) and the
-- sessions they open. Only SHA-256 hashes of the tokens are kept.
CREATE TABLE dotmac_customer_login (
    id           VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(26)  NOT NULL,
    customer_id  VARCHAR(26)  NOT NULL,
    token_hash   VARCHAR(64)  NOT NULL,
    via          VARCHAR(8)   NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    expires_at   TIMESTAMP    NOT NULL,
    used_at      TIMESTAMP,
    CONSTRAINT dotmac_customer_login_token_uk UNIQUE (tenant_id, token_hash),
    CONSTRAINT dotmac_customer_login_via_ck CHECK (via IN ('EMAIL', 'STAFF'))
);
CREATE INDEX dotmac_customer_login_customer_ix ON dotmac_customer_login (tenant_id, customer_id, created_at);

CREATE TABLE dotmac_customer_session (
    token_hash   VARCHAR(64)  NOT NULL,
    tenant_id    VARCHAR(26)  NOT NULL,
    customer_id  VARCHAR(26)  NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    expires_at   TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_customer_session_pk PRIMARY KEY (tenant_id, token_hash)
);
CREATE INDEX dotmac_customer_session_expiry_ix ON dotmac_customer_session (tenant_id, expires_at);
