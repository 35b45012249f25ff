package io.dotmac.licensing.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.LimitService;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/** The tier limits as plugins see them: a service of its own, so it never carries the licensing administration. */
@Component(service = LimitService.class)
public class LimitServiceService implements LimitService {

    private final LicensingService licensing;

    @Activate
    public LimitServiceService(@Reference LicensingService licensing) {
        this.licensing = licensing;
    }

    @Override
    public long maximum(Tier tier, String limit) {
        return licensing.maximum(tier, limit);
    }

    @Override
    public void reserve(TenantRef tenant, String limit) {
        licensing.reserve(tenant, limit);
    }

    @Override
    public void release(TenantRef tenant, String limit) {
        licensing.release(tenant, limit);
    }

    @Override
    public void release(TenantRef tenant, String limit, long units) {
        licensing.release(tenant, limit, units);
    }

    @Override
    public long used(TenantRef tenant, String limit) {
        return licensing.used(tenant, limit);
    }
}
