-- The nodes of this deployment (several DotMac instances on one database): each writes its row at start and its
-- heartbeat every heartbeatSeconds; a node whose heartbeat is older than nodeTimeoutSeconds is gone.
CREATE TABLE dotmac_node (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    name            VARCHAR(200)  NOT NULL,
    version         VARCHAR(64)   NOT NULL,
    started_at      TIMESTAMP     NOT NULL,
    heartbeat_at    TIMESTAMP     NOT NULL
);
