-- Custom domains (white_label): a tenant asks for one, a platform operator approves it; an approved domain in a
-- request's Host names its tenant like <slug>.<baseDomain> does. One per tenant; a domain belongs to one tenant.
CREATE TABLE dotmac_tenant_domain (
    domain       VARCHAR(253) NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(26)  NOT NULL UNIQUE REFERENCES dotmac_tenant (id),
    status       VARCHAR(16)  NOT NULL,
    requested_at TIMESTAMP    NOT NULL,
    approved_at  TIMESTAMP
);
