-- white_label: one brand per tenant. The logo is kept sanitised (a PNG re-encoded, an SVG rebuilt from an allow-list),
-- base64 in logo_data, at most 256 KB before encoding.
CREATE TABLE dotmac_branding (
    tenant_id          VARCHAR(26)     NOT NULL PRIMARY KEY,
    legal_name         VARCHAR(200),
    address            VARCHAR(1000),
    tax_id             VARCHAR(50),
    primary_colour     VARCHAR(7),
    accent_colour      VARCHAR(7),
    email_from_name    VARCHAR(100),
    email_from_address VARCHAR(254),
    invoice_footer     VARCHAR(1000),
    payment_details    VARCHAR(1000),
    logo_type          VARCHAR(20),
    logo_data          VARCHAR(360000),
    updated_at         TIMESTAMP       NOT NULL
);
