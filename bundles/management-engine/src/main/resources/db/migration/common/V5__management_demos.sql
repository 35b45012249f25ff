-- Demo ISPs: the tenant each is, who asked, the scenario and seed of its sample data, and its lifecycle (expiry,
-- the one extension, the day-5 reminder, when it was destroyed). The row stays when the tenant is destroyed: its
-- column is not named tenant_id, so the deletion of a tenant's rows (every table with tenant_id) leaves it.
CREATE TABLE dotmac_mg_demo (
    id                VARCHAR(26)     NOT NULL,
    demo_tenant_id    VARCHAR(26)     NOT NULL,
    tenant_slug       VARCHAR(40)     NOT NULL,
    email             VARCHAR(254)    NOT NULL,
    company           VARCHAR(200)    NOT NULL,
    scenario          VARCHAR(16)     NOT NULL,
    status            VARCHAR(16)     NOT NULL,
    seed              BIGINT          NOT NULL,
    sample_data       VARCHAR(1000)   NOT NULL,
    generation_ms     BIGINT          NOT NULL,
    client_address    VARCHAR(64),
    created_at        TIMESTAMP       NOT NULL,
    expires_at        TIMESTAMP       NOT NULL,
    extended          BOOLEAN         NOT NULL,
    reminded_at       TIMESTAMP,
    destroyed_at      TIMESTAMP,
    CONSTRAINT dotmac_mg_demo_pk PRIMARY KEY (id),
    CONSTRAINT dotmac_mg_demo_status_ck CHECK (status IN ('ACTIVE', 'EXPIRED'))
);
CREATE INDEX dotmac_mg_demo_status ON dotmac_mg_demo (status, expires_at);
CREATE INDEX dotmac_mg_demo_tenant ON dotmac_mg_demo (demo_tenant_id);
