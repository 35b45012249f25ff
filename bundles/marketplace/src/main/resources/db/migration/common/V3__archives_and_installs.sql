-- Several nodes on one database: each verified archive is kept here too, so that every node can install what one
-- node took at upload; and which version of each marketplace plugin is installed, which every node follows.
CREATE TABLE dotmac_mp_archive (
    plugin_id  VARCHAR(64)  NOT NULL,
    version    VARCHAR(64)  NOT NULL,
    kind       VARCHAR(8)   NOT NULL,
    content    BYTEA        NOT NULL,
    CONSTRAINT dotmac_mp_archive_pk PRIMARY KEY (plugin_id, version),
    CONSTRAINT dotmac_mp_archive_version FOREIGN KEY (plugin_id, version) REFERENCES dotmac_mp_version (plugin_id, version)
);

-- version NULL: uninstalled (every node removes it); no row: installed before this table, adopted by the node that
-- has it.
CREATE TABLE dotmac_mp_install (
    plugin_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    version       VARCHAR(64),
    installed_at  TIMESTAMP    NOT NULL
);
