package io.dotmac.rest;

/**
 * Constants of the DotMac JAX-RS whiteboard application. A resource joins it with
 * {@code @JaxrsApplicationSelect(DotMacRest.APPLICATION_SELECT)}; its paths are then under {@code /api}.
 */
public final class DotMacRest {

    /** The application's {@code osgi.jaxrs.name}. */
    public static final String APPLICATION_NAME = "dotmac";

    /** The application's base path. */
    public static final String APPLICATION_BASE = "api";

    /** Whiteboard filter selecting the DotMac application. */
    public static final String APPLICATION_SELECT = "(osgi.jaxrs.name=" + APPLICATION_NAME + ")";

    /** The media type of every error body (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** The header carrying the request id, in requests and in every response. */
    public static final String REQUEST_ID_HEADER = "X-Request-ID";

    /** The service property naming a required extension of the application. */
    public static final String EXTENSION_PROPERTY = "io.dotmac.rest.extension";

    /**
     * The authentication filter (security bundle): the application is served only while it runs, so no request
     * ever skips it.
     */
    public static final String AUTH_EXTENSION = "auth";

    /** The licence filter (licensing bundle): required like {@link #AUTH_EXTENSION}. */
    public static final String LICENSE_EXTENSION = "license";

    /** The header a platform operator names the tenant to act for with (id or slug). */
    public static final String TENANT_HEADER = "X-Tenant-ID";

    private DotMacRest() {
    }
}
