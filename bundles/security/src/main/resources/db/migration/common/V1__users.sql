-- Users of tenants (isp_admin, isp_staff, isp_readonly). Usernames are unique inside a tenant.
CREATE TABLE dotmac_user (
    id             VARCHAR(26)  NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(26)  NOT NULL,
    username       VARCHAR(64)  NOT NULL,
    email          VARCHAR(254) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    active         BOOLEAN      NOT NULL,
    created_at     TIMESTAMP    NOT NULL,
    updated_at     TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_user_username_uk UNIQUE (tenant_id, username),
    CONSTRAINT dotmac_user_role_ck CHECK (role IN ('ISP_ADMIN', 'ISP_STAFF', 'ISP_READONLY'))
);

-- The instance's operators (platform_admin); they belong to no tenant.
CREATE TABLE dotmac_operator (
    id             VARCHAR(26)  NOT NULL PRIMARY KEY,
    username       VARCHAR(64)  NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    active         BOOLEAN      NOT NULL,
    created_at     TIMESTAMP    NOT NULL,
    updated_at     TIMESTAMP    NOT NULL,
    CONSTRAINT dotmac_operator_username_uk UNIQUE (username)
);
