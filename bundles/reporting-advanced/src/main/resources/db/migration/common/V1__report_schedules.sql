-- advanced_reporting: scheduled reports and their deliveries.

-- A tenant's scheduled report: which report with which parameters (JSON object of strings), when (a five-field Unix
-- cron expression in time_zone), to whom (JSON array of addresses). next_run_at: the next time it is due (NULL while
-- disabled).
CREATE TABLE dotmac_report_schedule (
    id            VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(26)    NOT NULL,
    name          VARCHAR(200)   NOT NULL,
    report        VARCHAR(64)    NOT NULL,
    parameters    VARCHAR(2000)  NOT NULL,
    cron          VARCHAR(120)   NOT NULL,
    time_zone     VARCHAR(64)    NOT NULL,
    recipients    VARCHAR(6000)  NOT NULL,
    enabled       BOOLEAN        NOT NULL,
    next_run_at   TIMESTAMP,
    created_at    TIMESTAMP      NOT NULL,
    updated_at    TIMESTAMP      NOT NULL
);
CREATE INDEX dotmac_report_schedule_tenant_ix ON dotmac_report_schedule (tenant_id, id);
CREATE INDEX dotmac_report_schedule_due_ix ON dotmac_report_schedule (enabled, next_run_at);

-- Each time a schedule ran: for its due time (NULL: run by hand), once (the unique key, across nodes too). status:
-- RUNNING, QUEUED (handed to email_notifications), NOT_DELIVERED (no e-mail plugin for the tenant), FAILED.
CREATE TABLE dotmac_report_delivery (
    id            VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(26)    NOT NULL,
    schedule_id   VARCHAR(26)    NOT NULL,
    due_at        TIMESTAMP,
    status        VARCHAR(16)    NOT NULL,
    detail        VARCHAR(1000),
    attachments   VARCHAR(1000),
    created_at    TIMESTAMP      NOT NULL,
    finished_at   TIMESTAMP,
    CONSTRAINT dotmac_report_delivery_due_uk UNIQUE (schedule_id, due_at),
    CONSTRAINT dotmac_report_delivery_schedule_fk FOREIGN KEY (schedule_id) REFERENCES dotmac_report_schedule (id)
        ON DELETE CASCADE,
    CONSTRAINT dotmac_report_delivery_status_ck CHECK (status IN ('RUNNING', 'QUEUED', 'NOT_DELIVERED', 'FAILED'))
);
CREATE INDEX dotmac_report_delivery_tenant_ix ON dotmac_report_delivery (tenant_id, schedule_id, id);
