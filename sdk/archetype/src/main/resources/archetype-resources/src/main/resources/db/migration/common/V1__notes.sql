-- The plugin's table: every row carries its tenant.
CREATE TABLE ${pluginId}_note (
    tenant_id   VARCHAR(26)   NOT NULL,
    id          VARCHAR(26)   NOT NULL,
    text        VARCHAR(500)  NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    CONSTRAINT ${pluginId}_note_pk PRIMARY KEY (tenant_id, id)
);
