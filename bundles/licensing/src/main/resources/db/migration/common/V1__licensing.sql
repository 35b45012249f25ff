-- A tenant's switches: a row exists only for a plugin the tenant switched off (or on again).
CREATE TABLE dotmac_plugin_toggle (
    tenant_id   VARCHAR(26)  NOT NULL,
    plugin_id   VARCHAR(64)  NOT NULL,
    enabled     BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_plugin_toggle_pk PRIMARY KEY (tenant_id, plugin_id)
);

-- Plugins bought separately (marketplace add-ons): entitled whatever the tier.
CREATE TABLE dotmac_plugin_addon (
    tenant_id   VARCHAR(26)  NOT NULL,
    plugin_id   VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_plugin_addon_pk PRIMARY KEY (tenant_id, plugin_id)
);

-- The activation state last told to each plugin for each tenant, reconciled at start-up.
CREATE TABLE dotmac_plugin_activation (
    tenant_id   VARCHAR(26)  NOT NULL,
    plugin_id   VARCHAR(64)  NOT NULL,
    active      BOOLEAN      NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_plugin_activation_pk PRIMARY KEY (tenant_id, plugin_id)
);

-- Units of tier limits in use (customers).
CREATE TABLE dotmac_limit_usage (
    tenant_id   VARCHAR(26)  NOT NULL,
    limit_name  VARCHAR(32)  NOT NULL,
    used        BIGINT       NOT NULL,
    CONSTRAINT dotmac_limit_usage_pk PRIMARY KEY (tenant_id, limit_name),
    CONSTRAINT dotmac_limit_usage_ck CHECK (used >= 0)
);
