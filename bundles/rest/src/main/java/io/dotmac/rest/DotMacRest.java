package io.dotmac.rest;

/** Constants of the DotMac REST application at {@code /api}. */
public final class DotMacRest {

    /** The application's {@code osgi.jaxrs.name}. */
    public static final String APPLICATION_NAME = "dotmac";

    /** The application's base path. */
    public static final String APPLICATION_BASE = "api";

    /** The media type of every error body (RFC 9457). */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** The header carrying the request id, in requests and in every response. */
    public static final String REQUEST_ID_HEADER = "X-Request-ID";

    /** The header a platform operator names the tenant to act for with (id or slug). */
    public static final String TENANT_HEADER = "X-Tenant-ID";

    private DotMacRest() {
    }
}
