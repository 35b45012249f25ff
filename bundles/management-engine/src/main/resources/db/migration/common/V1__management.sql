-- The management platform's own rows (no tenant's): ISP registrations, the deployment jobs that run them, each
-- job's steps, and what the steps made (so a step run again after a crash finds it instead of making it twice).
CREATE TABLE dotmac_mg_registration (
    id               VARCHAR(26)     NOT NULL,
    company_name     VARCHAR(200)    NOT NULL,
    country          CHAR(2)         NOT NULL,
    tax_id           VARCHAR(40)     NOT NULL,
    contact_email    VARCHAR(254)    NOT NULL,
    domain_name      VARCHAR(253)    NOT NULL,
    region           VARCHAR(40)     NOT NULL,
    tier             VARCHAR(16)     NOT NULL,
    deployment_type  VARCHAR(16)     NOT NULL,
    client_address   VARCHAR(64),
    details          VARCHAR(20000)  NOT NULL,
    created_at       TIMESTAMP       NOT NULL,
    CONSTRAINT dotmac_mg_registration_pk PRIMARY KEY (id)
);

CREATE TABLE dotmac_mg_job (
    id               VARCHAR(26)     NOT NULL,
    registration_id  VARCHAR(26)     NOT NULL,
    region           VARCHAR(40)     NOT NULL,
    provider         VARCHAR(40)     NOT NULL,
    status           VARCHAR(24)     NOT NULL,
    current_step     VARCHAR(24),
    failure_reason   VARCHAR(2000),
    created_at       TIMESTAMP       NOT NULL,
    updated_at       TIMESTAMP       NOT NULL,
    ready_at         TIMESTAMP,
    CONSTRAINT dotmac_mg_job_pk PRIMARY KEY (id),
    CONSTRAINT dotmac_mg_job_registration FOREIGN KEY (registration_id) REFERENCES dotmac_mg_registration (id)
);
CREATE INDEX dotmac_mg_job_status ON dotmac_mg_job (status);

CREATE TABLE dotmac_mg_step (
    job_id      VARCHAR(26)     NOT NULL,
    step        VARCHAR(24)     NOT NULL,
    ordinal     INTEGER         NOT NULL,
    status      VARCHAR(16)     NOT NULL,
    attempts    INTEGER         NOT NULL,
    started_at  TIMESTAMP,
    ended_at    TIMESTAMP,
    log         VARCHAR(20000)  NOT NULL,
    CONSTRAINT dotmac_mg_step_pk PRIMARY KEY (job_id, step),
    CONSTRAINT dotmac_mg_step_job FOREIGN KEY (job_id) REFERENCES dotmac_mg_job (id)
);

CREATE TABLE dotmac_mg_resource (
    job_id      VARCHAR(26)     NOT NULL,
    name        VARCHAR(100)    NOT NULL,
    content     VARCHAR(2000)   NOT NULL,
    CONSTRAINT dotmac_mg_resource_pk PRIMARY KEY (job_id, name),
    CONSTRAINT dotmac_mg_resource_job FOREIGN KEY (job_id) REFERENCES dotmac_mg_job (id)
);
