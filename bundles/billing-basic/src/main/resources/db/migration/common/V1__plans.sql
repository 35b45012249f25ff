-- Service plans an ISP sells. Prices in minor units of their ISO 4217 currency (never floating point).
CREATE TABLE dotmac_plan (
    id               VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    price_minor      BIGINT       NOT NULL,
    currency         VARCHAR(3)   NOT NULL,
    billing_period   VARCHAR(16)  NOT NULL,
    download_mbps    INTEGER      NOT NULL,
    upload_mbps      INTEGER      NOT NULL,
    data_cap_gb      INTEGER,
    active           BOOLEAN      NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_plan_price_ck CHECK (price_minor >= 0),
    CONSTRAINT dotmac_plan_period_ck CHECK (billing_period IN ('MONTHLY', 'QUARTERLY', 'YEARLY'))
);
CREATE INDEX dotmac_plan_tenant_ix ON dotmac_plan (tenant_id, id);
