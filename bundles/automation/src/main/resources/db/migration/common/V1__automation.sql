-- advanced_automation: a tenant's rules and the log (and queue) of their runs.

-- A rule: its trigger (an event topic, or a five-field cron in a time zone with its next firing), its conditions
-- and actions (JSON, as the API shows them).
CREATE TABLE dotmac_automation_rule (
    id           VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(26)    NOT NULL,
    name         VARCHAR(100)   NOT NULL,
    description  VARCHAR(500),
    enabled      BOOLEAN        NOT NULL,
    topic        VARCHAR(100),
    cron         VARCHAR(100),
    time_zone    VARCHAR(64),
    conditions   VARCHAR(16000),
    actions      VARCHAR(16000) NOT NULL,
    next_run_at  TIMESTAMP,
    created_at   TIMESTAMP      NOT NULL,
    updated_at   TIMESTAMP      NOT NULL,
    CONSTRAINT dotmac_automation_rule_trigger_ck CHECK ((topic IS NULL) <> (cron IS NULL))
);
CREATE INDEX dotmac_automation_rule_tenant_ix ON dotmac_automation_rule (tenant_id, id);
CREATE INDEX dotmac_automation_rule_due_ix ON dotmac_automation_rule (next_run_at);

-- One execution of a rule for one event, written in the transaction of the change that caused the event. PENDING
-- until it is done; a worker running it holds a lease (lease_until; the API shows it as RUNNING), so claiming it
-- changes no indexed column. next_action is the first action not yet done (a retry goes on from there).
-- chain: the ids of the rules whose actions caused the event, comma-separated (loop detection). outcomes: each attempt
-- of each action (JSON: what it did or why it failed, how long it took), written with the run's progress.
CREATE TABLE dotmac_automation_run (
    id               VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(26)    NOT NULL,
    rule_id          VARCHAR(26)    NOT NULL,
    topic            VARCHAR(100)   NOT NULL,
    event            VARCHAR(16000) NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    reason           VARCHAR(1000),
    attempts         INTEGER        NOT NULL,
    next_action      INTEGER        NOT NULL,
    chain            VARCHAR(1000)  NOT NULL,
    next_attempt_at  TIMESTAMP      NOT NULL,
    lease_until      TIMESTAMP,
    created_at       TIMESTAMP      NOT NULL,
    finished_at      TIMESTAMP,
    outcomes         VARCHAR(60000) NOT NULL DEFAULT '[]',
    CONSTRAINT dotmac_automation_run_rule_fk FOREIGN KEY (rule_id) REFERENCES dotmac_automation_rule (id)
        ON DELETE CASCADE,
    CONSTRAINT dotmac_automation_run_status_ck CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED',
        'SKIPPED', 'LOOP_STOPPED', 'RATE_LIMITED'))
);
-- the queue (PostgreSQL replaces it by a partial index of the PENDING runs)
CREATE INDEX dotmac_automation_run_due_ix ON dotmac_automation_run (status, next_attempt_at);
CREATE INDEX dotmac_automation_run_tenant_ix ON dotmac_automation_run (tenant_id, id);
CREATE INDEX dotmac_automation_run_rule_ix ON dotmac_automation_run (tenant_id, rule_id, id);
