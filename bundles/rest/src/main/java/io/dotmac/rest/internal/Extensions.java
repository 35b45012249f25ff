package io.dotmac.rest.internal;

/** Service property marking our whiteboard extensions, so the application can require each by name. */
final class Extensions {
    static final String PROPERTY = io.dotmac.rest.DotMacRest.EXTENSION_PROPERTY;
    static final String JSON = "json";
    static final String PROBLEMS = "problems";
    static final String REQUEST_ID = "request-id";

    /** Our application and the whiteboard's default one (which owns every path outside {@code /api}). */
    static final String OUR_AND_DEFAULT_APPLICATION =
            "(|(osgi.jaxrs.name=" + io.dotmac.rest.DotMacRest.APPLICATION_NAME + ")(osgi.jaxrs.name=.default))";

    private Extensions() {
    }
}
