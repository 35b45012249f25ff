-- Work claimed once by one node of several (io.dotmac.persistence.Leases): a lease is held by its holder (a node id)
-- until expires_at; another node takes it once it has run out. Names are `<bundle>/<name>`.
CREATE TABLE dotmac_lease (
    name         VARCHAR(300)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(64)   NOT NULL,
    acquired_at  TIMESTAMP     NOT NULL,
    expires_at   TIMESTAMP     NOT NULL
);
