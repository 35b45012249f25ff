-- Support tickets. customer_id refers to the customers schema, assignee_id and created_by to users of the tenant
-- (checked by the service; no foreign keys across schemas).
CREATE TABLE dotmac_ticket (
    id             VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(26)    NOT NULL,
    subject        VARCHAR(200)   NOT NULL,
    description    VARCHAR(10000) NOT NULL,
    customer_id    VARCHAR(26)    NOT NULL,
    priority       VARCHAR(16)    NOT NULL,
    status         VARCHAR(16)    NOT NULL,
    assignee_id    VARCHAR(26),
    created_by     VARCHAR(26)    NOT NULL,
    comment_count  INTEGER        NOT NULL,
    created_at     TIMESTAMP      NOT NULL,
    updated_at     TIMESTAMP      NOT NULL,
    CONSTRAINT dotmac_ticket_priority_ck CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
    CONSTRAINT dotmac_ticket_status_ck CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED'))
);
CREATE INDEX dotmac_ticket_tenant_ix ON dotmac_ticket (tenant_id, id);
CREATE INDEX dotmac_ticket_status_ix ON dotmac_ticket (tenant_id, status, id);
CREATE INDEX dotmac_ticket_customer_ix ON dotmac_ticket (tenant_id, customer_id);

CREATE TABLE dotmac_ticket_comment (
    id           VARCHAR(26)    NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(26)    NOT NULL,
    ticket_id    VARCHAR(26)    NOT NULL,
    author_id    VARCHAR(26)    NOT NULL,
    author_name  VARCHAR(64)    NOT NULL,
    body         VARCHAR(10000) NOT NULL,
    created_at   TIMESTAMP      NOT NULL,
    CONSTRAINT dotmac_ticket_comment_ticket_fk FOREIGN KEY (ticket_id) REFERENCES dotmac_ticket (id)
);
CREATE INDEX dotmac_ticket_comment_ticket_ix ON dotmac_ticket_comment (tenant_id, ticket_id, id);
