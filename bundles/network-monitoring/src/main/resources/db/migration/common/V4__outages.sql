-- Outages: from the first failed poll of a device (if_index 0) or the first poll seeing an interface not up, to the
-- poll that saw it up again (ended_at NULL: still down). Written with the DOWN and UP events, in their transaction;
-- what SLAs measure availability from.
CREATE TABLE dotmac_network_outage (
    tenant_id   VARCHAR(26)   NOT NULL,
    device_id   VARCHAR(26)   NOT NULL,
    if_index    INTEGER       NOT NULL,
    started_at  TIMESTAMP     NOT NULL,
    ended_at    TIMESTAMP,
    reason      VARCHAR(1000),
    CONSTRAINT dotmac_network_outage_pk PRIMARY KEY (device_id, if_index, started_at)
);
CREATE INDEX dotmac_network_outage_tenant_ix ON dotmac_network_outage (tenant_id, device_id, started_at);
