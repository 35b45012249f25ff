-- The email_notifications tables' row-level security also lets through this bundle's own work across tenants
-- (Database.acrossTenants, which sets dotmac.system = 'email_notifications'), and no other bundle's.
SELECT dotmac_tenant_rls_across('email_notifications', 'dotmac_email_outbox', 'dotmac_email_template', 'dotmac_email_settings', 'dotmac_email_attachment');
