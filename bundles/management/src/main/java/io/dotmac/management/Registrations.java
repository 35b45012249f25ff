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
     * Registers an ISP whose tenant runs on this instance already (a converted demo): checked as
     * {@link #register}, it must be a {@code SHARED} deployment in a region of the shared provider, and its job
     * (started at once) takes over {@code tenantId} ({@link ProvisionContext#ADOPTED_TENANT}) instead of making a
     * tenant: renamed to the company, moved to the registered tier, its administrators and data as they are. Not
     * counted against the per-address rate limit (the demo was, and is converted once).
     *
     * @throws io.dotmac.platform.api.ValidationException naming every invalid field; nothing is kept
     * @throws io.dotmac.platform.api.ConflictException   when the domain is registered already
     * @since 1.3
     */
    Registered adopt(IspRegistration registration, String tenantId, String client);

    /**
     * Checks a registration as {@link #register} would, keeping nothing: every invalid field, and a domain that is
     * registered already (as a {@code technical.domain} error).
     *
     * @since 1.3
     */
    java.util.List<io.dotmac.platform.api.FieldError> check(IspRegistration registration);

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
