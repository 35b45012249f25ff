-- The currency a tenant bills in (ISO 4217); tenants created before it bill in US dollars.
ALTER TABLE dotmac_tenant ADD COLUMN currency VARCHAR(3) DEFAULT 'USD' NOT NULL;
