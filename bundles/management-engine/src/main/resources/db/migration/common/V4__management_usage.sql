-- Usage metering: per tenant and hour (UTC), what the nodes counted (TenantUsage drained every usageFlushSeconds and
-- added here), the tenant's customers as last seen that hour and the plugins whose endpoints it used (ids,
-- comma-separated), and once a day what it stores (storage_bytes, SystemDatabase.storedBytesByTenant). Platform data about tenants, read by the platform's
-- operators (GET /api/v1/platform/usage/{tenant}); no tenant reads it.
CREATE TABLE dotmac_mg_usage (
    tenant_id           VARCHAR(26)     NOT NULL,
    period_start        TIMESTAMP       NOT NULL,
    customers           BIGINT,
    api_calls           BIGINT          NOT NULL,
    api_latency_bounds  VARCHAR(400),
    api_latency_counts  VARCHAR(800),
    devices_polled      BIGINT          NOT NULL,
    emails_sent         BIGINT          NOT NULL,
    webhooks_delivered  BIGINT          NOT NULL,
    plugins_used        VARCHAR(2000),
    storage_bytes       BIGINT,
    CONSTRAINT dotmac_mg_usage_pk PRIMARY KEY (tenant_id, period_start)
);
CREATE INDEX dotmac_mg_usage_period ON dotmac_mg_usage (period_start);
