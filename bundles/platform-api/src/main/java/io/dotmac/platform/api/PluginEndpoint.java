package io.dotmac.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * A plugin's REST endpoint: a JAX-RS resource object served under {@code /api/v1/<root>}. A plugin registers it as
 * a service of this type with its root, never with the JAX-RS whiteboard:
 *
 * <pre>
 * &#64;Component(service = PluginEndpoint.class)
 * &#64;PluginEndpoint.Root("reports/mrr")
 * public class MrrResource implements PluginEndpoint {
 *     &#64;GET &#64;Produces("application/json")
 *     public Mrr mrr(&#64;Context SecurityContext security) { ... }      // GET /api/v1/reports/mrr
 *     &#64;GET &#64;Path("movements") ...                                   // GET /api/v1/reports/mrr/movements
 * }
 * </pre>
 *
 * The licensing bundle owns the one way in: it maps the request's path to the endpoint with the longest matching
 * root, refuses a tenant that may not use the endpoint's plugin now (403 problem+json naming the plugin and the
 * tier it needs) and hands the object to JAX-RS, which dispatches to its methods. The class's own {@code @Path},
 * if any, is ignored; method {@code @Path}s are relative to the root. {@link Access} levels on the methods apply as
 * on any resource. Installing or removing a plugin changes the licensing bundle's map of roots, never the REST
 * application. Two endpoints claiming one root: the first registered keeps it and the other is refused (logged,
 * and shown by {@code dotmac:endpoint-list}). Only bundles that declare a plugin ({@link DotMacPlugin}) are
 * served.
 */
@ConsumerType
public interface PluginEndpoint {

    /** The service property holding the endpoint's root path, e.g. {@code customers} or {@code reports/mrr}. */
    String ROOT_PROPERTY = "io.dotmac.endpoint.root";

    /**
     * The endpoint's root path below {@code /api/v1}: one or more segments of {@code [a-z0-9-]}, separated by
     * {@code /}, with no leading or trailing slash.
     */
    @ComponentPropertyType
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.TYPE)
    @interface Root {
        /** Prefix of the property name. */
        String PREFIX_ = "io.dotmac.endpoint.";

        String value();
    }
}
