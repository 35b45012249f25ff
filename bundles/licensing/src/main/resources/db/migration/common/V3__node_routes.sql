-- Several nodes on one database: the plugin roots each node serves, so that a node without a plugin (during a
-- rolling upgrade, or before an install reaches it) answers 503 and Retry-After for a root another live node
-- serves, not 404. Written by each node every few seconds when its roots change; a gone node's rows are ignored.
CREATE TABLE dotmac_node_route (
    node_id   VARCHAR(64)   NOT NULL,
    root      VARCHAR(200)  NOT NULL,
    plugin    VARCHAR(64)   NOT NULL,
    CONSTRAINT dotmac_node_route_pk PRIMARY KEY (node_id, root)
);
