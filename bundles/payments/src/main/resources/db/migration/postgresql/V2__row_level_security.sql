-- Row-level security on every online_payments table, with this bundle's own work across tenants: finding a pay
-- link's tenant (the public pay page) and the tenants with autopay customers (the schedule).
SELECT dotmac_tenant_rls_across('online_payments', 'dotmac_payments_settings', 'dotmac_pay_link',
    'dotmac_payments_customer', 'dotmac_online_payment', 'dotmac_payments_event', 'dotmac_autopay_attempt');
