package io.dotmac.licensing.internal;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.TenantServices;

/** Licensing layer 2 as plugins see it: a service of its own, so it never carries the licensing administration. */
@Component(service = TenantServices.class)
public class TenantServicesService implements TenantServices {

    private final LicensingService licensing;

    @Activate
    public TenantServicesService(@Reference LicensingService licensing) {
        this.licensing = licensing;
    }

    @Override
    public <S> Optional<S> service(TenantRef tenant, String plugin, Class<S> type) {
        return licensing.service(tenant, plugin, type);
    }

    @Override
    public void check(TenantRef tenant, String plugin) {
        licensing.check(tenant, plugin);
    }

    @Override
    public <S> Optional<S> platformService(String plugin, Class<S> type) {
        return licensing.platformService(plugin, type);
    }
}
