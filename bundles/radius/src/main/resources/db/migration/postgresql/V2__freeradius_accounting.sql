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
