package io.dotmac.tenant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about each committed tenant change, on the thread that made it (whiteboard: register one as a service).
 * {@code before} is {@code null} for a created tenant, {@code after} for a deleted one (told before its rows are
 * deleted: stop working for it, synchronously).
 */
@ConsumerType
public interface TenantListener {

    void tenantChanged(Tenant before, Tenant after);
}
