package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.dotmac.licensing.internal.PluginBoundary.Rule;

class PluginBoundaryTest {

    private static final long PLUGIN = 42;
    private static final long OTHER_PLUGIN = 43;
    private static final long WHITEBOARD = 7;
    private static final long LICENSING = 9;

    /** A service reference with these properties (objectClass given first). */
    private static ServiceReference<?> service(String[] objectClass, Object... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.OBJECTCLASS, objectClass);
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return (ServiceReference<?>) Proxy.newProxyInstance(PluginBoundaryTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getProperty" -> props.get((String) args[0]);
                case "getPropertyKeys" -> props.keySet().toArray(String[]::new);
                default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Rule seenBy(ServiceReference<?> ref, long viewer, boolean viewerIsPlugin) {
        return PluginBoundary.rule(ref, PLUGIN, true, viewer, viewerIsPlugin, LICENSING);
    }

    @Test
    void aPluginsWhiteboardServicesAreHiddenFromEveryOtherBundle() {
        ServiceReference<?> resource = service(new String[] {"com.example.Hello"}, "osgi.jaxrs.resource", true);
        ServiceReference<?> application = service(new String[] {"javax.ws.rs.core.Application"},
                "osgi.jaxrs.application.base", "x");
        ServiceReference<?> legacyServlet = service(new String[] {"javax.servlet.Servlet"}, "alias", "/x");
        ServiceReference<?> member = service(new String[] {"io.dotmac.rest.core.ApiMember"}, "io.dotmac.rest.member",
                "health");
        for (ServiceReference<?> web : new ServiceReference<?>[] {resource, application, legacyServlet, member}) {
            assertEquals(Rule.WEB, seenBy(web, WHITEBOARD, false));
            assertEquals(Rule.WEB, seenBy(web, LICENSING, false));
            assertEquals(Rule.VISIBLE, seenBy(web, PLUGIN, true), "its own services stay visible to a plugin");
            assertEquals(Rule.VISIBLE, seenBy(web, 0, false), "the framework sees everything");
        }
        ServiceReference<?> ours = service(new String[] {"javax.servlet.Servlet"}, "osgi.http.whiteboard.servlet.pattern",
                "/x");
        assertEquals(Rule.VISIBLE, PluginBoundary.rule(ours, 5, false, WHITEBOARD, false, LICENSING));
    }

    @Test
    void aPluginsListenersAreSeenOnlyByLicensing() {
        ServiceReference<?> handler = service(new String[] {"org.osgi.service.event.EventHandler"}, "event.topics",
                "io/dotmac/*");
        ServiceReference<?> listener = service(new String[] {"io.dotmac.persistence.TransactionalEventListener"});
        for (ServiceReference<?> l : new ServiceReference<?>[] {handler, listener}) {
            assertEquals(Rule.LISTENER, seenBy(l, WHITEBOARD, false));
            assertEquals(Rule.VISIBLE, seenBy(l, LICENSING, false));
            assertEquals(Rule.VISIBLE, seenBy(l, PLUGIN, true));
        }
    }

    @Test
    void privilegedServicesAreHiddenFromPluginsOnly() {
        ServiceReference<?> features = service(new String[] {"org.apache.karaf.features.FeaturesService"});
        ServiceReference<?> licensing = service(new String[] {"io.dotmac.licensing.Licensing",
            "io.dotmac.tenant.TenantListener"});
        ServiceReference<?> limits = service(new String[] {"io.dotmac.platform.api.LimitService"});
        assertEquals(Rule.PRIVILEGED, PluginBoundary.rule(features, 3, false, OTHER_PLUGIN, true, LICENSING));
        assertEquals(Rule.PRIVILEGED, PluginBoundary.rule(licensing, LICENSING, false, OTHER_PLUGIN, true, LICENSING));
        assertEquals(Rule.VISIBLE, PluginBoundary.rule(licensing, LICENSING, false, 12, false, LICENSING));
        assertEquals(Rule.VISIBLE, PluginBoundary.rule(limits, LICENSING, false, OTHER_PLUGIN, true, LICENSING));
        // the database below Database: system work across every table, its transactions, the raw data sources
        ServiceReference<?> system = service(new String[] {"io.dotmac.persistence.platform.SystemDatabase"});
        ServiceReference<?> pool = service(new String[] {"javax.sql.DataSource"});
        ServiceReference<?> database = service(new String[] {"io.dotmac.persistence.Database"});
        assertEquals(Rule.PRIVILEGED, PluginBoundary.rule(system, 4, false, OTHER_PLUGIN, true, LICENSING));
        assertEquals(Rule.PRIVILEGED, PluginBoundary.rule(pool, 5, false, OTHER_PLUGIN, true, LICENSING));
        assertEquals(Rule.VISIBLE, PluginBoundary.rule(system, 4, false, 12, false, LICENSING));
        assertEquals(Rule.VISIBLE, PluginBoundary.rule(database, 4, false, OTHER_PLUGIN, true, LICENSING));
    }

    @Test
    void aPluginGetsNoOtherBundlesInternalsAndAMarketplacePluginNothingOfOursBeyondThePublishedApi() {
        Set<String> monitoring = Set.of("io.dotmac.network.monitoring", "io.dotmac.platform.api",
                "io.dotmac.persistence");
        assertFalse(PluginBoundary.mayObtain("io.dotmac.network.monitoring.internal.DeviceStore", true, monitoring),
                "another bundle's own implementation class, even for one of our plugins");
        assertTrue(PluginBoundary.mayObtain("io.dotmac.network.monitoring.NetworkMonitoring", true, monitoring));
        assertTrue(PluginBoundary.mayObtain("io.dotmac.network.monitoring.NetworkMonitoring", false, monitoring),
                "a published plugin API, for a marketplace plugin too");
        Set<String> tenant = Set.of("io.dotmac.tenant", "io.dotmac.platform.api");
        assertTrue(PluginBoundary.mayObtain("io.dotmac.tenant.TenantService", true, tenant), "our plugins keep it");
        assertFalse(PluginBoundary.mayObtain("io.dotmac.tenant.TenantService", false, tenant),
                "a marketplace plugin cannot change a tenant's tier");
        assertFalse(PluginBoundary.mayObtain("io.dotmac.security.Secrets", false, Set.of("io.dotmac.security")));
        assertFalse(PluginBoundary.mayObtain("io.dotmac.security.UserService", false, Set.of("io.dotmac.security")));
        assertTrue(PluginBoundary.mayObtain("io.dotmac.persistence.Database", false, Set.of("io.dotmac.persistence")));
        assertTrue(PluginBoundary.mayObtain("java.util.function.Supplier", false, Set.of()));
        assertTrue(PluginBoundary.mayObtain("org.osgi.service.event.EventAdmin", false,
                Set.of("org.osgi.service.event")));
        assertFalse(PluginBoundary.mayObtain("com.acme.nps.internal.Surveys", true, Set.of("com.acme.nps")),
                "a marketplace plugin's internals are hidden from ours as well");
    }

    /** The boundary's list of published packages is the SDK's: read from sdk/plugin-api's bnd instructions. */
    @Test
    void thePublishedPackagesAreTheSdks() throws Exception {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("../../sdk/plugin-api/pom.xml"));
        String exports = pom.substring(pom.indexOf("Export-Package:") + "Export-Package:".length());
        exports = exports.substring(0, exports.indexOf("\n# "));
        Set<String> sdk = new java.util.TreeSet<>();
        for (String part : exports.replace("\\", "").split(",")) {
            if (!part.isBlank()) {
                sdk.add(part.strip());
            }
        }
        assertEquals(sdk, new java.util.TreeSet<>(PluginBoundary.PUBLISHED));
    }
}
