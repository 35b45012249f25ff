package io.dotmac.tenant;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.dotmac.platform.api.FieldError;
import io.dotmac.platform.api.TenantRef;

/**
 * Creates a new tenant's first administrator (implemented by the security bundle). Tenant creation needs one:
 * without it, creating a tenant answers 503.
 */
@ConsumerType
public interface TenantAdminProvisioner {

    /** The problems with {@code admin}, each field named {@code admin.<field>}; empty when it is fine. */
    List<FieldError> validate(NewTenant.NewAdmin admin);

    /**
     * Creates the administrator inside the caller's transaction (see {@code Database}), which also writes the tenant.
     *
     * @throws io.dotmac.platform.api.ConflictException when the username is taken
     */
    void createFirstAdmin(TenantRef tenant, NewTenant.NewAdmin admin);
}
