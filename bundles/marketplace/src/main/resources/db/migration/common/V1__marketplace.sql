-- Developers who publish plugins: their contact and payout details, and the hash of their API key (the key itself
-- is shown once, when they register).
CREATE TABLE dotmac_mp_developer (
    id              VARCHAR(26)   NOT NULL,
    name            VARCHAR(200)  NOT NULL,
    email           VARCHAR(254)  NOT NULL,
    payout_details  VARCHAR(500)  NOT NULL,
    key_hash        CHAR(64)      NOT NULL,
    signer          VARCHAR(500),
    created_at      TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_mp_developer_pk PRIMARY KEY (id),
    CONSTRAINT dotmac_mp_developer_key UNIQUE (key_hash)
);

-- A plugin's listing: what tenants see, its price and tier floor, and its certification.
CREATE TABLE dotmac_mp_listing (
    plugin_id        VARCHAR(64)    NOT NULL,
    developer_id     VARCHAR(26)    NOT NULL,
    name             VARCHAR(200)   NOT NULL,
    description      VARCHAR(4000)  NOT NULL,
    tier_floor       VARCHAR(16)    NOT NULL,
    price_minor      BIGINT         NOT NULL,
    currency         CHAR(3)        NOT NULL,
    screenshots      VARCHAR(4000)  NOT NULL,
    status           VARCHAR(16)    NOT NULL,
    status_reason    VARCHAR(500),
    fee_minor        BIGINT         NOT NULL,
    created_at       TIMESTAMP      NOT NULL,
    updated_at       TIMESTAMP      NOT NULL,
    CONSTRAINT dotmac_mp_listing_pk PRIMARY KEY (plugin_id),
    CONSTRAINT dotmac_mp_listing_dev FOREIGN KEY (developer_id) REFERENCES dotmac_mp_developer (id),
    CONSTRAINT dotmac_mp_listing_price CHECK (price_minor >= 0),
    CONSTRAINT dotmac_mp_listing_status CHECK (status IN ('SUBMITTED', 'CERTIFIED', 'REJECTED'))
);

-- Each uploaded version: verified (signed, certified key) before it was stored; revoked ones stay listed.
CREATE TABLE dotmac_mp_version (
    plugin_id      VARCHAR(64)   NOT NULL,
    version        VARCHAR(64)   NOT NULL,
    symbolic_name  VARCHAR(200)  NOT NULL,
    sha256         CHAR(64)      NOT NULL,
    size_bytes     BIGINT        NOT NULL,
    signer         VARCHAR(500)  NOT NULL,
    signer_serial  VARCHAR(80)   NOT NULL,
    status         VARCHAR(16)   NOT NULL,
    status_reason  VARCHAR(500),
    uploaded_at    TIMESTAMP     NOT NULL,
    CONSTRAINT dotmac_mp_version_pk PRIMARY KEY (plugin_id, version),
    CONSTRAINT dotmac_mp_version_listing FOREIGN KEY (plugin_id) REFERENCES dotmac_mp_listing (plugin_id),
    CONSTRAINT dotmac_mp_version_status CHECK (status IN ('AVAILABLE', 'REVOKED'))
);
