-- A tenant's answers are its own (the platform's row-level security helper).
SELECT dotmac_tenant_rls_across('nps_survey', 'nps_response');
