-- One registration per domain at a time, kept by the database (two registrations of one domain at the same moment
-- both passed the engine's check before): the domain's claim, released when its job fails.
CREATE TABLE dotmac_mg_domain (
    domain_name      VARCHAR(253)    NOT NULL,
    registration_id  VARCHAR(26)     NOT NULL,
    CONSTRAINT dotmac_mg_domain_pk PRIMARY KEY (domain_name),
    CONSTRAINT dotmac_mg_domain_registration FOREIGN KEY (registration_id) REFERENCES dotmac_mg_registration (id)
);

INSERT INTO dotmac_mg_domain (domain_name, registration_id)
SELECT r.domain_name, MIN(r.id) FROM dotmac_mg_registration r JOIN dotmac_mg_job j ON j.registration_id = r.id
WHERE j.status <> 'FAILED' GROUP BY r.domain_name;
