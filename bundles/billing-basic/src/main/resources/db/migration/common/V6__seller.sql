-- What a tenant's invoices say about the seller: its legal name, postal address and tax id (one row per tenant).
CREATE TABLE dotmac_billing_seller (
    tenant_id   VARCHAR(26)  NOT NULL PRIMARY KEY,
    legal_name  VARCHAR(200),
    address     VARCHAR(500),
    tax_id      VARCHAR(50),
    updated_at  TIMESTAMP    NOT NULL
);
