-- Tenants: the ISPs this instance serves.
CREATE TABLE dotmac_tenant (
    id          VARCHAR(26)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    slug        VARCHAR(40)  NOT NULL,
    tier        VARCHAR(16)  NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_tenant_slug_uk UNIQUE (slug),
    CONSTRAINT dotmac_tenant_tier_ck CHECK (tier IN ('FREE', 'BASIC', 'PREMIUM', 'ENTERPRISE')),
    CONSTRAINT dotmac_tenant_status_ck CHECK (status IN ('ACTIVE', 'SUSPENDED'))
);
