-- One answer to "how likely are you to recommend us?" (0-10), with its comment, per tenant.
CREATE TABLE nps_response (
    tenant_id    VARCHAR(26)    NOT NULL,
    id           VARCHAR(26)    NOT NULL,
    customer_id  VARCHAR(26)    NOT NULL,
    score        INTEGER        NOT NULL,
    comment      VARCHAR(2000),
    created_at   TIMESTAMP      NOT NULL,
    CONSTRAINT nps_response_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT nps_response_score CHECK (score BETWEEN 0 AND 10)
);
