package io.dotmac.tenant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about each committed tenant change, on the thread that made it (whiteboard: register one as a service).
 * {@code before} is {@code null} for a created tenant.
 */
@ConsumerType
public interface TenantListener {

    void tenantChanged(Tenant before, Tenant after);
}
