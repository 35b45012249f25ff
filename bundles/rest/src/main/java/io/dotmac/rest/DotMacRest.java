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

    /**
     * Request property: the id of the plugin a request reached (the licensing bundle's dispatcher marks it), read by
     * the licence check and the metrics.
     */
    public static final String PLUGIN_PROPERTY = "io.dotmac.request.plugin";

    /**
     * Request property: the route template of the path up to the matched resource object, when that object was not
     * found by its class's own {@code @Path} (a plugin endpoint's root, {@code /api/v1/reports/mrr}); the metrics'
     * route label is this followed by the resource method's {@code @Path}.
     */
    public static final String ROUTE_PREFIX_PROPERTY = "io.dotmac.request.routePrefix";

    private DotMacRest() {
    }
}
