-- The identity of this DotMac instance (one row).
CREATE TABLE dotmac_instance (
    id                 VARCHAR(36)  NOT NULL PRIMARY KEY,
    created_at         TIMESTAMP    NOT NULL,
    created_by_version VARCHAR(64)  NOT NULL
);
