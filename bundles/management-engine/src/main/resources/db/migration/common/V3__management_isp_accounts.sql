-- The ISPs as the platform's customers (IspAccounts): each ISP's customer on the platform tenant, and the plans made
-- on that tenant for tiers and marketplace add-ons, by a code naming what, the cycle, the price and the currency
-- (tier:BASIC:MONTHLY:49.00:USD, addon:<plugin>:9.00:USD). What each ISP is subscribed to is the platform tenant's
-- own subscriptions of that customer.
CREATE TABLE dotmac_mg_isp_account (
    registration_id  VARCHAR(26)     NOT NULL,
    customer_id      VARCHAR(26)     NOT NULL,
    created_at       TIMESTAMP       NOT NULL,
    CONSTRAINT dotmac_mg_isp_account_pk PRIMARY KEY (registration_id),
    CONSTRAINT dotmac_mg_isp_account_registration FOREIGN KEY (registration_id)
        REFERENCES dotmac_mg_registration (id)
);

CREATE TABLE dotmac_mg_platform_plan (
    code        VARCHAR(200)    NOT NULL,
    plan_id     VARCHAR(26)     NOT NULL,
    created_at  TIMESTAMP       NOT NULL,
    CONSTRAINT dotmac_mg_platform_plan_pk PRIMARY KEY (code)
);
