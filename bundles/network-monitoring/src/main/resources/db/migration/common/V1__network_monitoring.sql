-- network_monitoring: devices with their last state, interfaces, raw samples and downsampled history.

-- A device and its state. credentials_enc: the SNMP secrets (community or v3 passphrases) as AES-GCM sealed JSON
-- (key in etc/); user and protocols are not secret. status: UNKNOWN until polled, UP, or DOWN after downAfterPolls
-- failures in a row. sys_uptime: sysUpTime (1/100 s) of the last successful poll, at last_success_at.
CREATE TABLE dotmac_network_device (
    id                VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(26)    NOT NULL,
    name              VARCHAR(200)   NOT NULL,
    address           VARCHAR(45)    NOT NULL,
    port              INTEGER        NOT NULL,
    version           VARCHAR(3)     NOT NULL,
    snmp_user         VARCHAR(32),
    auth_protocol     VARCHAR(8),
    priv_protocol     VARCHAR(8),
    credentials_enc   VARCHAR(2000)  NOT NULL,
    poll_interval_s   INTEGER        NOT NULL,
    timeout_ms        INTEGER        NOT NULL,
    retries           INTEGER        NOT NULL,
    site              VARCHAR(200),
    customer_id       VARCHAR(26),
    tags              VARCHAR(1100),
    created_at        TIMESTAMP      NOT NULL,
    updated_at        TIMESTAMP      NOT NULL,
    status            VARCHAR(8)     NOT NULL,
    failures          INTEGER        NOT NULL,
    last_poll_at      TIMESTAMP,
    last_success_at   TIMESTAMP,
    last_error        VARCHAR(1000),
    sys_uptime        BIGINT,
    sys_name          VARCHAR(255),
    sys_descr         VARCHAR(1000),
    CONSTRAINT dotmac_network_device_address_uq UNIQUE (tenant_id, address),
    CONSTRAINT dotmac_network_device_version_ck CHECK (version IN ('v2c', 'v3')),
    CONSTRAINT dotmac_network_device_status_ck CHECK (status IN ('UNKNOWN', 'UP', 'DOWN'))
);

-- Each interface's last poll: statuses, the debounced status, current rates, and the raw counters the next rates
-- are computed from (64-bit octets as signed BIGINT: the same 64 bits).
CREATE TABLE dotmac_network_interface (
    tenant_id      VARCHAR(26)   NOT NULL,
    device_id      VARCHAR(26)   NOT NULL,
    if_index       INTEGER       NOT NULL,
    name           VARCHAR(255),
    descr          VARCHAR(255),
    admin_status   INTEGER       NOT NULL,
    oper_status    INTEGER       NOT NULL,
    status         VARCHAR(8)    NOT NULL,
    down_polls     INTEGER       NOT NULL,
    speed_mbps     BIGINT,
    in_bps         BIGINT,
    out_bps        BIGINT,
    in_errors      BIGINT,
    out_errors     BIGINT,
    in_discards    BIGINT,
    out_discards   BIGINT,
    in_octets_raw  BIGINT,
    out_octets_raw BIGINT,
    in_errors_raw  BIGINT,
    out_errors_raw BIGINT,
    in_disc_raw    BIGINT,
    out_disc_raw   BIGINT,
    updated_at     TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_network_interface_pk PRIMARY KEY (device_id, if_index)
);
CREATE INDEX dotmac_network_interface_tenant_ix ON dotmac_network_interface (tenant_id, device_id);

-- Raw samples, one per interface and poll (ts: epoch milliseconds), kept rawRetentionHours.
CREATE TABLE dotmac_network_sample (
    tenant_id     VARCHAR(26)  NOT NULL,
    device_id     VARCHAR(26)  NOT NULL,
    if_index      INTEGER      NOT NULL,
    ts            BIGINT       NOT NULL,
    in_bps        BIGINT,
    out_bps       BIGINT,
    in_errors     BIGINT,
    out_errors    BIGINT,
    in_discards   BIGINT,
    out_discards  BIGINT,
    CONSTRAINT dotmac_network_sample_pk PRIMARY KEY (device_id, if_index, ts)
);
CREATE INDEX dotmac_network_sample_ts_ix ON dotmac_network_sample (ts);

-- Older samples downsampled per rollupStepSeconds (bucket: epoch seconds of its start): count, average and maximum
-- rates, summed errors and discards; kept rollupRetentionDays.
CREATE TABLE dotmac_network_rollup (
    tenant_id     VARCHAR(26)  NOT NULL,
    device_id     VARCHAR(26)  NOT NULL,
    if_index      INTEGER      NOT NULL,
    bucket        BIGINT       NOT NULL,
    samples       INTEGER      NOT NULL,
    in_avg        BIGINT,
    in_max        BIGINT,
    out_avg       BIGINT,
    out_max       BIGINT,
    in_errors     BIGINT,
    out_errors    BIGINT,
    in_discards   BIGINT,
    out_discards  BIGINT,
    CONSTRAINT dotmac_network_rollup_pk PRIMARY KEY (device_id, if_index, bucket)
);
CREATE INDEX dotmac_network_rollup_bucket_ix ON dotmac_network_rollup (bucket);
