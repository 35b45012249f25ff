-- api_access: a tenant's API keys and how much each is used per day.

-- A key: dmk_<id>_<secret>; only the SHA-256 of the secret is kept (the key is shown once). scopes: comma-separated
-- <resource>:read|write. revoked_at set by a revocation, last_used_at by the usage flush.
CREATE TABLE dotmac_api_key (
    id            VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(26)    NOT NULL,
    name          VARCHAR(100)   NOT NULL,
    scopes        VARCHAR(2000)  NOT NULL,
    secret_sha256 VARCHAR(64)    NOT NULL,
    expires_at    TIMESTAMP,
    created_at    TIMESTAMP      NOT NULL,
    created_by    VARCHAR(100)   NOT NULL,
    revoked_at    TIMESTAMP,
    last_used_at  TIMESTAMP
);
CREATE INDEX dotmac_api_key_tenant_ix ON dotmac_api_key (tenant_id, id);

-- Requests made with a key on one day (UTC).
CREATE TABLE dotmac_api_key_usage (
    tenant_id  VARCHAR(26)  NOT NULL,
    key_id     VARCHAR(26)  NOT NULL,
    usage_day  DATE         NOT NULL,
    requests   BIGINT       NOT NULL,
    PRIMARY KEY (key_id, usage_day),
    CONSTRAINT dotmac_api_key_usage_fk FOREIGN KEY (key_id) REFERENCES dotmac_api_key (id) ON DELETE CASCADE
);
CREATE INDEX dotmac_api_key_usage_tenant_ix ON dotmac_api_key_usage (tenant_id, key_id, usage_day);
