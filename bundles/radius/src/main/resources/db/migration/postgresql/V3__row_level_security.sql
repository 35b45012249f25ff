-- Row-level security on every radius_aaa table, with this bundle's own work across tenants (the CoA sender finding
-- a NAS by address), and the FreeRADIUS role.
SELECT dotmac_tenant_rls_across('radius_aaa', 'dotmac_radius_settings', 'dotmac_radius_account', 'dotmac_radius_nas',
    'dotmac_radius_coa', 'radacct', 'radpostauth');

-- Whether this session is the FreeRADIUS role's (radiusUser in io.dotmac.persistence.cfg). A placeholder that lets
-- nobody through; dotmac_radius_grant, which the persistence bundle calls at every start, replaces it.
CREATE OR REPLACE FUNCTION dotmac_radius_reader() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT false $$;

-- FreeRADIUS reads every tenant's credentials and NASes (through the views only: it is granted nothing else) and
-- writes accounting. The views run with their owner's rights, so these policies are what lets their rows through.
CREATE POLICY dotmac_radius_settings_radius ON dotmac_radius_settings FOR SELECT USING (dotmac_radius_reader());
CREATE POLICY dotmac_radius_account_radius ON dotmac_radius_account FOR SELECT USING (dotmac_radius_reader());
CREATE POLICY dotmac_radius_nas_radius ON dotmac_radius_nas FOR SELECT USING (dotmac_radius_reader());
CREATE POLICY radacct_radius ON radacct USING (dotmac_radius_reader()) WITH CHECK (dotmac_radius_reader());
CREATE POLICY radpostauth_radius ON radpostauth USING (dotmac_radius_reader()) WITH CHECK (dotmac_radius_reader());

-- Accounting rows are the tenant's whose login they carry.
CREATE OR REPLACE FUNCTION dotmac_radius_tenant_of_login() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.tenant_id IS NULL THEN
        NEW.tenant_id := (SELECT tenant_id FROM radcheck WHERE username = NEW.username LIMIT 1);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER radacct_tenant BEFORE INSERT ON radacct
    FOR EACH ROW EXECUTE FUNCTION dotmac_radius_tenant_of_login();
CREATE TRIGGER radpostauth_tenant BEFORE INSERT ON radpostauth
    FOR EACH ROW EXECUTE FUNCTION dotmac_radius_tenant_of_login();

-- Names the FreeRADIUS role (empty or unknown: none) and grants it the views and the accounting tables; returns
-- the role named.
CREATE OR REPLACE FUNCTION dotmac_radius_grant(role text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    IF role IS NULL OR role = '' OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = role) THEN
        IF role IS NOT NULL AND role <> '' THEN
            RAISE WARNING 'radiusUser % does not exist: no FreeRADIUS role', role;
        END IF;
        EXECUTE 'CREATE OR REPLACE FUNCTION dotmac_radius_reader() RETURNS boolean LANGUAGE sql STABLE AS '
            || '$f$ SELECT false $f$';
        RETURN '';
    END IF;
    EXECUTE format('CREATE OR REPLACE FUNCTION dotmac_radius_reader() RETURNS boolean LANGUAGE sql STABLE AS '
        || '$f$ SELECT current_user = %L $f$', role);
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), role);
    EXECUTE format('GRANT SELECT ON radcheck, radreply, radgroupcheck, radgroupreply, radusergroup, nas TO %I', role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON radacct, radpostauth, nasreload TO %I', role);
    EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE radacct_radacctid_seq, radpostauth_id_seq TO %I', role);
    RETURN role;
END
$$;
