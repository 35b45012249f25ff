-- Converting a demo to a paying ISP: the demo is CONVERTED (its lifecycle ends) and names the ISP's registration.
ALTER TABLE dotmac_mg_demo DROP CONSTRAINT dotmac_mg_demo_status_ck;
ALTER TABLE dotmac_mg_demo ADD CONSTRAINT dotmac_mg_demo_status_ck CHECK (status IN ('ACTIVE', 'EXPIRED', 'CONVERTED'));
ALTER TABLE dotmac_mg_demo ADD COLUMN isp_id VARCHAR(26);
ALTER TABLE dotmac_mg_demo ADD COLUMN converted_at TIMESTAMP;
-- Where the demo's simulated SNMP agents listen (its devices): a block of consecutive UDP ports, and the community.
-- Null once the agents are stopped for good (destroyed, or converted with the sample dropped).
ALTER TABLE dotmac_mg_demo ADD COLUMN snmp_address VARCHAR(45);
ALTER TABLE dotmac_mg_demo ADD COLUMN snmp_first_port INTEGER;
ALTER TABLE dotmac_mg_demo ADD COLUMN snmp_agents INTEGER;
ALTER TABLE dotmac_mg_demo ADD COLUMN snmp_community VARCHAR(32);
-- The secret the ENTERPRISE scenario's webhook signs its deliveries to the demo's inbox with (a made-up endpoint's).
ALTER TABLE dotmac_mg_demo ADD COLUMN inbox_secret VARCHAR(64);

-- What a demo's generation made: the primary keys of the rows it added to the tenant's tables (the keys after it
-- minus the keys before it), newline-separated in chunks, so that a conversion can drop the sample data and keep
-- the ISP's own rows. Gone once the demo is converted or destroyed.
CREATE TABLE dotmac_mg_demo_sample (
    demo_id     VARCHAR(26)     NOT NULL,
    table_name  VARCHAR(128)    NOT NULL,
    chunk       INTEGER         NOT NULL,
    row_keys    VARCHAR(20000)  NOT NULL,
    CONSTRAINT dotmac_mg_demo_sample_pk PRIMARY KEY (demo_id, table_name, chunk),
    CONSTRAINT dotmac_mg_demo_sample_demo FOREIGN KEY (demo_id) REFERENCES dotmac_mg_demo (id)
);
