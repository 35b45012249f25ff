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

    /**
     * Confirms the primary contact's e-mail address with the token of the link the platform sent it: a DEDICATED
     * deployment waiting for it starts. Confirming again changes nothing.
     *
     * @throws io.dotmac.platform.api.ValidationException naming {@code token} when it is not one of ours, or expired
     */
    Confirmation confirm(String token);

    /** The regions an ISP may choose. */
    List<Region> regions();
}
