package io.dotmac.licensing;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The plugin endpoints the licensing dispatcher knows: which root each plugin claimed and whether it is served.
 */
@ProviderType
public interface PluginRoutes {

    /** Every endpoint registered now, by root, serving one first. */
    List<Route> routes();

    /**
     * One endpoint service.
     *
     * @param root    its root below {@code /api/v1}
     * @param plugin  the plugin of the bundle that registered it (null when the bundle declares none)
     * @param bundle  that bundle's symbolic name
     * @param serving whether requests to the root reach it
     * @param refused why not, when it is not served (a path collision, an invalid root, no plugin)
     * @param serviceId the endpoint service's id (never reused while the framework runs)
     * @param type      the endpoint's class, whose JAX-RS methods are served below the root
     */
    record Route(String root, String plugin, String bundle, boolean serving, String refused, long serviceId,
            Class<?> type) {
    }
}
