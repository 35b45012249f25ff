-- The FreeRADIUS views over radius_aaa's rows, with the columns of FreeRADIUS's own SQL schema (radcheck,
-- radreply, radgroupcheck, radgroupreply, radusergroup, nas), so a stock rlm_sql reads them unchanged.
-- A subscriber may log in when the tenant has radius_aaa on and the subscription is ACTIVE, or SUSPENDED with the
-- tenant's walled garden; anyone else gets Auth-Type := Reject.
CREATE VIEW radcheck AS
SELECT a.seq AS id, a.login AS username,
       CASE WHEN a.status = 'ACTIVE' OR (a.status = 'SUSPENDED' AND s.suspended_action = 'WALLED_GARDEN')
            THEN 'Cleartext-Password' ELSE 'Auth-Type' END AS attribute,
       ':=' AS op,
       CASE WHEN a.status = 'ACTIVE' OR (a.status = 'SUSPENDED' AND s.suspended_action = 'WALLED_GARDEN')
            THEN a.password ELSE 'Reject' END AS value,
       a.tenant_id
FROM dotmac_radius_account a JOIN dotmac_radius_settings s ON s.tenant_id = a.tenant_id AND s.enabled;

-- ACTIVE: the plan's rate as Mikrotik-Rate-Limit ("upload/download" as the router sees it: rx/tx) and the WISPr
-- bandwidth attributes (bits per second), and the VLAN of a binding; SUSPENDED in a walled garden: its pool. One
-- row of the account and a VALUES list rather than a UNION per attribute: FreeRADIUS's queries are not prepared, so
-- each is planned at every request, and this plans in a fraction of the time.
CREATE VIEW radreply AS
SELECT a.seq * 8 + r.n AS id, a.login AS username, r.attribute, ':=' AS op, r.value
FROM dotmac_radius_account a
JOIN dotmac_radius_settings s ON s.tenant_id = a.tenant_id AND s.enabled
CROSS JOIN LATERAL (VALUES
    (0, 'Mikrotik-Rate-Limit', CASE WHEN a.status = 'ACTIVE'
        THEN a.upload_mbps || 'M/' || a.download_mbps || 'M' END),
    (1, 'WISPr-Bandwidth-Max-Down', CASE WHEN a.status = 'ACTIVE' THEN (a.download_mbps::bigint * 1000000)::text END),
    (2, 'WISPr-Bandwidth-Max-Up', CASE WHEN a.status = 'ACTIVE' THEN (a.upload_mbps::bigint * 1000000)::text END),
    (3, 'Tunnel-Type', CASE WHEN a.status = 'ACTIVE' AND a.vlan IS NOT NULL THEN 'VLAN' END),
    (4, 'Tunnel-Medium-Type', CASE WHEN a.status = 'ACTIVE' AND a.vlan IS NOT NULL THEN 'IEEE-802' END),
    (5, 'Tunnel-Private-Group-Id', CASE WHEN a.status = 'ACTIVE' THEN a.vlan::text END),
    (6, 'Framed-Pool', CASE WHEN a.status = 'SUSPENDED' AND s.suspended_action = 'WALLED_GARDEN'
        THEN s.walled_garden_pool END)
) AS r(n, attribute, value)
WHERE r.value IS NOT NULL;

-- Groups are not used (each account carries its own reply); the views are there because rlm_sql reads them.
CREATE VIEW radgroupcheck AS
SELECT CAST(seq AS INTEGER) AS id, name AS groupname, name AS attribute, name AS op, name AS value
FROM dotmac_radius_nas WHERE 1 = 0;
CREATE VIEW radgroupreply AS
SELECT CAST(seq AS INTEGER) AS id, name AS groupname, name AS attribute, name AS op, name AS value
FROM dotmac_radius_nas WHERE 1 = 0;
CREATE VIEW radusergroup AS
SELECT CAST(seq AS INTEGER) AS id, name AS username, name AS groupname, CAST(seq AS INTEGER) AS priority
FROM dotmac_radius_nas WHERE 1 = 0;

-- The NASes of tenants that have radius_aaa on (FreeRADIUS's read_clients).
CREATE VIEW nas AS
SELECT n.seq AS id, n.address AS nasname, n.name AS shortname, n.type AS type, CAST(NULL AS INTEGER) AS ports,
       n.secret AS secret, CAST(NULL AS VARCHAR(64)) AS server, CAST(NULL AS VARCHAR(50)) AS community,
       n.name AS description
FROM dotmac_radius_nas n JOIN dotmac_radius_settings s ON s.tenant_id = n.tenant_id AND s.enabled;

-- FreeRADIUS's accounting tables, column for column as its PostgreSQL schema (mods-config/sql/main/postgresql),
-- plus tenant_id: a trigger fills it from the login (radcheck), so a stock rlm_sql writes them unchanged. A login
-- DotMac does not know leaves tenant_id NULL: kept, but no tenant sees it.
CREATE TABLE radacct (
    RadAcctId            bigserial PRIMARY KEY,
    AcctSessionId        text NOT NULL,
    AcctUniqueId         text NOT NULL UNIQUE,
    UserName             text,
    Realm                text,
    NASIPAddress         inet NOT NULL,
    NASPortId            text,
    NASPortType          text,
    AcctStartTime        timestamp with time zone,
    AcctUpdateTime       timestamp with time zone,
    AcctStopTime         timestamp with time zone,
    AcctInterval         bigint,
    AcctSessionTime      bigint,
    AcctAuthentic        text,
    ConnectInfo_start    text,
    ConnectInfo_stop     text,
    AcctInputOctets      bigint,
    AcctOutputOctets     bigint,
    CalledStationId      text,
    CallingStationId     text,
    AcctTerminateCause   text,
    ServiceType          text,
    FramedProtocol       text,
    FramedIPAddress      inet,
    FramedIPv6Address    inet,
    FramedIPv6Prefix     inet,
    FramedInterfaceId    text,
    DelegatedIPv6Prefix  inet,
    Class                text,
    tenant_id            varchar(26)
);
CREATE INDEX radacct_active_session_idx ON radacct (AcctUniqueId) WHERE AcctStopTime IS NULL;
CREATE INDEX radacct_bulk_close ON radacct (NASIPAddress, AcctStartTime) WHERE AcctStopTime IS NULL;
CREATE INDEX radacct_start_user_idx ON radacct (AcctStartTime, UserName);
CREATE INDEX radacct_tenant_user_ix ON radacct (tenant_id, UserName, AcctStartTime);
CREATE INDEX radacct_open_user_ix ON radacct (UserName) WHERE AcctStopTime IS NULL;

CREATE TABLE radpostauth (
    id                bigserial PRIMARY KEY,
    username          text NOT NULL,
    pass              text,
    reply             text,
    CalledStationId   text,
    CallingStationId  text,
    authdate          timestamp with time zone NOT NULL default now(),
    Class             text,
    tenant_id         varchar(26)
);
CREATE INDEX radpostauth_username_idx ON radpostauth (username);
CREATE INDEX radpostauth_tenant_ix ON radpostauth (tenant_id, authdate);

CREATE TABLE nasreload (
    NASIPAddress  inet PRIMARY KEY,
    ReloadTime    timestamp with time zone NOT NULL
);
