package io.dotmac.billing.basic;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's service plans; every call is scoped to {@code tenant}. */
@ProviderType
public interface PlanService {

    /** @throws io.dotmac.platform.api.ValidationException naming every invalid field */
    Plan create(TenantRef tenant, PlanInput input);

    /** @throws io.dotmac.platform.api.NotFoundException when the tenant has no such plan */
    Plan get(TenantRef tenant, String id);

    /** Plans in id order; {@code active} null for all. */
    Page<Plan> list(TenantRef tenant, Boolean active, int limit, String cursor);

    /** Changes the fields given. A plan's currency cannot change once it exists (422). */
    Plan update(TenantRef tenant, String id, PlanInput changes);
}
