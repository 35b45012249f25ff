package io.dotmac.rest;

import javax.ws.rs.core.SecurityContext;

import io.dotmac.platform.api.Caller;
import io.dotmac.platform.api.TenantRef;

/** The authenticated caller of a request to the DotMac application, as its resources read it. */
public final class Callers {

    private Callers() {
    }

    /** The caller the authentication filter put in the request's security context. */
    public static Caller caller(SecurityContext security) {
        return (Caller) security.getUserPrincipal();
    }

    /** The tenant the request acts for; 422 naming {@code X-Tenant-ID} for a platform operator who named none. */
    public static TenantRef tenant(SecurityContext security) {
        return caller(security).requireTenant();
    }
}
