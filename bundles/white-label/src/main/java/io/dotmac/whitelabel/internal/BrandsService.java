package io.dotmac.whitelabel.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.dotmac.platform.api.Brands;
import io.dotmac.platform.api.TenantRef;

/** The brands documents print, for the core through licensing ({@link Brands#of}). */
@Component(service = Brands.class)
public class BrandsService implements Brands {

    private final BrandingStore store;

    @Activate
    public BrandsService(@Reference BrandingStore store) {
        this.store = store;
    }

    @Override
    public Brand brand(TenantRef tenant) {
        return store.brand(tenant);
    }
}
