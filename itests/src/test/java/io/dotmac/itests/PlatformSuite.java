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

import io.dotmac.persistence.InstanceIdentity;

/**
 * What every API client and plugin developer relies on: problem+json errors for unknown paths and methods,
 * request ids, plugin capabilities, and the JPA persistence unit on the suite's database. The checks live here,
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
        HttpResponse<String> response = get("/api/v1/no-such-thing");
        assertProblem(response, 404, "/api/v1/no-such-thing");
        assertEquals("No resource at GET /api/v1/no-such-thing", json(response).path("detail").asText());
    }

    protected void checkUnknownPathOutsideApiIsAProblemJson404Too() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        assertProblem(get("/nowhere/at/all"), 404, "/nowhere/at/all");
    }

    /**
     * Every path outside {@code /api} is answered by the DotMac application too (the whiteboard's default
     * application has no resources, and CXF finds our server, published at {@code /}, for those paths), so they
     * fall into the same gap while the JAX-RS whiteboard rebuilds it: whenever an extension or resource joins or
     * leaves, as while plugins start at boot. A client hammering such a path through {@code cycles} rebuilds must
     * only ever see our problem+json 404, never CXF's bare "no service" page.
     */
    protected void checkPathsOutsideApiStayProblemJsonWhileTheApplicationIsRebuilt(int cycles) throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> wrong = new CopyOnWriteArrayList<>();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = get("/nowhere/during/rebuild");
                    answered.incrementAndGet();
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    if (r.statusCode() != 404 || !type.equals("application/problem+json")) {
                        wrong.add(r.statusCode() + " " + type + " " + r.body());
                    }
                } catch (Exception e) {
                    wrong.add(e.toString());
                }
            }
        }, "outside-api-client");
        client.start();
        try {
            for (int i = 0; i < cycles; i++) {
                String mark = "cycle-" + i;
                Hashtable<String, Object> props = new Hashtable<>();
                props.put("osgi.jaxrs.extension", Boolean.TRUE);
                props.put("osgi.jaxrs.application.select", "(|(osgi.jaxrs.name=dotmac)(osgi.jaxrs.name=.default))");
                props.put("osgi.jaxrs.name", "dotmac.it.rebuild-marker");
                ServiceRegistration<?> registration = bundleContext.registerService(
                        new String[] {ContainerRequestFilter.class.getName(), ContainerResponseFilter.class.getName()},
                        new RebuildMarker(mark), props);
                try {
                    await("the application to take extension " + mark, Duration.ofSeconds(30),
                            () -> mark.equals(get("/nowhere/at/all").headers().firstValue(RebuildMarker.HEADER)
                                    .orElse(null)));
                } finally {
                    registration.unregister();
                }
                await("the application to drop extension " + mark, Duration.ofSeconds(30),
                        () -> get("/nowhere/at/all").headers().firstValue(RebuildMarker.HEADER).isEmpty());
            }
        } finally {
            running.set(false);
            client.join(30_000);
        }
        assertEquals("answers other than a problem+json 404: " + wrong.stream().limit(5).toList(),
                0, wrong.size());
        assertTrue("the client kept asking during " + cycles + " rebuilds", answered.get() > cycles);
    }

    /**
     * An operator who disables the DotMac application's component ({@code scr:disable}) takes the API down: a
     * request is held for the rebuild wait, then answered 503 problem+json with {@code Retry-After}, and the
     * application is not brought back behind the operator's back; enabling it brings the API back.
     */
    protected void checkApplicationDisabledByAnOperatorAnswers503AndStaysDown() throws Exception {
        assumeDatabase();
        awaitHealth(200, HealthSuite.BOOT);
        ServiceComponentRuntime scr = awaitService(ServiceComponentRuntime.class, null);
        Bundle rest = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "io.dotmac.rest".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ComponentDescriptionDTO application =
                scr.getComponentDescriptionDTO(rest, "io.dotmac.rest.internal.DotMacApplication");
        assertNotNull(application);
        scr.disableComponent(application).getValue();
        try {
            HttpResponse<String> down = get("/api/v1/ping");
            assertEquals(503, down.statusCode());
            assertEquals("application/problem+json", down.headers().firstValue("Content-Type").orElse(""));
            assertEquals("5", down.headers().firstValue("Retry-After").orElse(""));
            assertEquals(503, json(down).path("status").asInt());
            assertFalse("the operator's choice stands", scr.isComponentEnabled(application));
        } finally {
            scr.enableComponent(application).getValue();
        }
        await("the API to come back", Duration.ofSeconds(30), () -> get("/api/v1/ping").statusCode() == 200);
        assertEquals(200, awaitHealth(200, HealthSuite.BOOT).statusCode());
    }

    /**
     * A JAX-RS extension that marks every answer of the application it joins. Pre-matching, so CXF also runs it
     * for requests that match no resource.
     */
    @PreMatching
    static final class RebuildMarker implements ContainerRequestFilter, ContainerResponseFilter {
        static final String HEADER = "X-Rebuild-Mark";
        private final String mark;

        RebuildMarker(String mark) {
            this.mark = mark;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            // only answers are marked
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            response.getHeaders().putSingle(HEADER, mark);
        }
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

    protected void checkInstanceIdentityIsStoredThroughJpa() throws Exception {
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
