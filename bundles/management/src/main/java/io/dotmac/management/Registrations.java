package io.dotmac.management;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** ISP registrations: the open door of the management platform. */
@ProviderType
public interface Registrations {

    /**
     * Registers an ISP and starts its deployment (a DEDICATED one once its primary contact confirmed the address).
     *
     * @param client the client's address, for the per-address rate limit
     * @throws io.dotmac.platform.api.ValidationException     naming every invalid field; nothing is kept
     * @throws io.dotmac.platform.api.TooManyRequestsException when {@code client} registered too often lately
     */
    Registered register(IspRegistration registration, String client);

    /** The regions an ISP may choose. */
    List<Region> regions();
}
