package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Hashtable;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.persistence.platform.InstanceIdentity;

/**
 * What every API client and plugin developer relies on: problem+json errors for unknown paths and methods,
 * request ids, plugin capabilities, and the instance identity on the suite's database. The checks live here,
 * the {@code @Test} methods in each concrete class (see {@link HealthSuite}).
 */
public abstract class PlatformSuite extends DotMacTestSupport {

    private void assertProblem(HttpResponse<String> response, int status, String instance) throws Exception {
        assertEquals(status, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json(response);
        assertEquals(status, problem.path("status").asInt());
        assertTrue(problem.path("type").isTextual());
        assertTrue(problem.path("title").isTextual());
        assertTrue(problem.path("detail").isTextual());
        assertEquals(instance, problem.path("instance").asText());
        assertEquals(response.headers().firstValue("X-Request-ID").orElse("?"), problem.path("requestId").asText());
        String body = response.body();
        assertTrue("stack trace leaked: " + body, !body.contains("Exception") && !body.contains("\tat "));
    }

    protected void checkUnknownPathUnderApiIsAProblemJson404() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        // the plugin dispatcher has every path under /api/v1 that no core resource has: no plugin, no resource
        HttpResponse<String> response = get("/api/v1/no-such-thing");
        assertProblem(response, 404, "/api/v1/no-such-thing");
        assertEquals("No resource at GET /api/v1/no-such-thing", json(response).path("detail").asText());
        HttpResponse<String> authenticated = get("/api/v1/no-such-thing", "Authorization", bearer(adminToken()));
        assertProblem(authenticated, 404, "/api/v1/no-such-thing");
        HttpResponse<String> outsideV1 = get("/api/no-such-thing");
        assertProblem(outsideV1, 404, "/api/no-such-thing");
        assertEquals("No resource at GET /api/no-such-thing", json(outsideV1).path("detail").asText());
    }

    protected void checkUnknownPathOutsideApiIsAProblemJson404Too() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        assertProblem(get("/nowhere/at/all"), 404, "/nowhere/at/all");
    }

    /** What Jetty refuses before any servlet runs (a header too large, a NUL in the path) is problem+json too. */
    protected void checkJettysOwnErrorsAreProblemJsonToo() throws Exception {
        awaitHealth(200, HealthSuite.BOOT);
        HttpResponse<String> nul = get("/api/v1/ping%00x");
        HttpResponse<String> huge = get("/api/v1/ping", "X-Padding", "a".repeat(20_000));
        for (HttpResponse<String> r : List.of(nul, huge)) {
            assertEquals(r.body(), "application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            JsonNode problem = json(r);
            assertEquals(r.statusCode(), problem.path("status").asInt());
            assertEquals("about:blank", problem.path("type").asText());
            assertTrue(r.body(), !r.body().contains("<") && !r.body().contains("Exception"));
        }
        assertEquals(400, nul.statusCode());
        assertEquals(431, huge.statusCode());
        assertEquals("Request Header Fields Too Large", json(huge).path("title").asText());
    }

    protected void checkWrongMethodIsAProblemJson405() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        assertProblem(request("DELETE", "/api/v1/health"), 405, "/api/v1/health");
    }

    protected void checkSaneRequestIdIsEchoedAndLoggedOthersAreReplaced() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        String id = "it-" + UUID.randomUUID();
        HttpResponse<String> echoed = get("/api/v1/ping", "X-Request-ID", id);
        assertEquals(200, echoed.statusCode());
        assertEquals("pong", echoed.body());
        assertEquals(id, echoed.headers().firstValue("X-Request-ID").orElse(null));

        HttpResponse<String> replaced = get("/api/v1/health", "X-Request-ID", "<script>alert(1)</script>");
        String generated = replaced.headers().firstValue("X-Request-ID").orElse("");
        assertNotEquals("<script>alert(1)</script>", generated);
        UUID.fromString(generated);

        Path log = Path.of(System.getProperty("karaf.data"), "log", "access.log");
        await("the access log line of request " + id, Duration.ofSeconds(10), () ->
                Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .anyMatch(l -> l.contains("GET /api/v1/ping 200") && l.contains("requestId=" + id)));
    }

    protected void checkPluginBundleDeclaresItsCapabilityAndJoinsTheCount() throws Exception {
        assumeDatabase();
        int shipped = json(awaitHealth(200, HealthSuite.BOOT)).path("plugins").asInt();
        File jar = new File(System.getProperty("dotmac.testplugin"));
        Bundle plugin = bundleContext.installBundle(jar.toURI().toString());
        try {
            plugin.start();
            String header = plugin.getHeaders().get("Provide-Capability");
            assertNotNull(header);
            List<BundleCapability> caps = plugin.adapt(BundleRevision.class).getDeclaredCapabilities("io.dotmac.plugin");
            assertEquals(1, caps.size());
            Map<String, Object> attrs = caps.get(0).getAttributes();
            assertEquals("test_plugin", attrs.get("io.dotmac.plugin"));
            assertEquals("PREMIUM", attrs.get("tier"));
            assertEquals("Test plugin", attrs.get("name"));
            assertEquals(org.osgi.framework.Version.parseVersion("1.4.2"), attrs.get("version"));

            await("health to count the plugin", Duration.ofSeconds(10),
                    () -> json(get("/api/v1/health")).path("plugins").asInt() == shipped + 1);
        } finally {
            plugin.uninstall();
        }
        await("health to forget the plugin", Duration.ofSeconds(10),
                () -> json(get("/api/v1/health")).path("plugins").asInt() == shipped);
    }

    protected void checkInstanceIdentityIsStoredInTheDatabase() throws Exception {
        assumeDatabase();
        InstanceIdentity identity = awaitService(InstanceIdentity.class, null);
        DataSource ds = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id FROM dotmac_instance");
                ResultSet rs = s.executeQuery()) {
            assertEquals(System.getProperty(DATABASE_PRODUCT), c.getMetaData().getDatabaseProductName());
            assertTrue(rs.next());
            assertEquals(identity.id(), rs.getString(1));
            assertTrue("one instance row only", !rs.next());
        }
    }
}
