-- The revenue ledger: each month of a bought plugin charged to a tenant, split between its developer (70 per cent) and the
-- platform (30 per cent) in minor units; the remainder of a split that is not whole goes to the platform.
CREATE TABLE dotmac_mp_charge (
    tenant_id        VARCHAR(26)  NOT NULL,
    plugin_id        VARCHAR(64)  NOT NULL,
    charge_month     CHAR(7)      NOT NULL,
    developer_id     VARCHAR(26)  NOT NULL,
    currency         CHAR(3)      NOT NULL,
    amount_minor     BIGINT       NOT NULL,
    developer_minor  BIGINT       NOT NULL,
    platform_minor   BIGINT       NOT NULL,
    charged_at       TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_mp_charge_pk PRIMARY KEY (tenant_id, plugin_id, charge_month),
    CONSTRAINT dotmac_mp_charge_split CHECK (developer_minor + platform_minor = amount_minor AND developer_minor >= 0
        AND platform_minor >= 0)
);
CREATE INDEX dotmac_mp_charge_month ON dotmac_mp_charge (charge_month, developer_id);
