package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.licensing.PluginRoutes;

/**
 * The runtime core's plugin boundary on the booted distribution: the one way a request reaches a plugin is the
 * licensing dispatcher (the same 403 for every plugin, a tier change flipping it live), and a plugin that tries
 * every other way in (its own application, a default-application resource, an extension, a servlet, a fake member
 * of the fixed application, another plugin's root, privileged services, another tenant's events) finds each refused
 * or hidden.
 */
public abstract class PluginBoundarySuite extends TenancySuite {

    /** For each plugin of the product, one GET path under its endpoint. */
    static final Map<String, String> PROBES = Map.ofEntries(Map.entry("customer_management", "/api/v1/customers"),
            Map.entry("basic_billing", "/api/v1/invoices"), Map.entry("ticketing", "/api/v1/tickets"),
            Map.entry("user_auth", "/api/v1/users"), Map.entry("automated_billing", "/api/v1/billing/runs"),
            Map.entry("email_notifications", "/api/v1/notifications/templates"),
            Map.entry("basic_reporting", "/api/v1/reports/revenue"),
            Map.entry("network_monitoring", "/api/v1/network/devices"),
            Map.entry("advanced_reporting", "/api/v1/reports/mrr"),
            Map.entry("custom_integrations", "/api/v1/integrations/webhooks"),
            Map.entry("advanced_automation", "/api/v1/automation/rules"),
            Map.entry("api_access", "/api/v1/api-keys"), Map.entry("white_label", "/api/v1/branding"),
            Map.entry("sla_management", "/api/v1/sla/agreements"),
            Map.entry("radius_aaa", "/api/v1/radius/accounts"),
            Map.entry("online_payments", "/api/v1/payments/settings"));

    protected void checkFreeTenantGetsTheDispatchersExact403OnEveryPluginAndATierChangeFlipsItLive()
            throws Exception {
        assumeDatabase();
        JsonNode tenant = createTenant(unique("free"), "FREE");
        String free = bearer(token(tenant.path("slug").asText(), "boss"));
        Map<String, String> tiers = new java.util.HashMap<>();
        for (JsonNode p : json(get("/api/v1/plugins", "Authorization", free))) {
            tiers.put(p.path("id").asText(), p.path("tier").asText());
        }
        assertTrue("every probed plugin is installed: " + tiers, tiers.keySet().containsAll(PROBES.keySet()));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> probe : PROBES.entrySet()) {
            String plugin = probe.getKey();
            HttpResponse<String> r = get(probe.getValue(), "Authorization", free);
            if ("FREE".equals(tiers.get(plugin))) {
                if (r.statusCode() != 200) {
                    wrong.add(probe.getValue() + " " + r.statusCode() + " " + r.body());
                }
                continue;
            }
            JsonNode problem = json(r);
            boolean exact = r.statusCode() == 403
                    && "application/problem+json".equals(r.headers().firstValue("Content-Type").orElse(""))
                    && plugin.equals(problem.path("plugin").asText())
                    && tiers.get(plugin).equals(problem.path("requiredTier").asText())
                    && "FREE".equals(problem.path("currentTier").asText())
                    && ("Plugin '" + plugin + "' requires " + tiers.get(plugin) + " tier or higher")
                            .equals(problem.path("title").asText());
            if (!exact) {
                wrong.add(probe.getValue() + " " + r.statusCode() + " " + r.body());
            }
        }
        assertEquals("not the dispatcher's answer: " + wrong, List.of(), wrong);

        assertEquals(200, setTier(tenant.path("id").asText(), "PREMIUM").statusCode());
        assertEquals(200, get("/api/v1/network/devices", "Authorization", free).statusCode());
        assertEquals(200, get("/api/v1/reports/mrr", "Authorization", free).statusCode());
        assertEquals(403, get("/api/v1/automation/rules", "Authorization", free).statusCode());
        assertEquals(200, setTier(tenant.path("id").asText(), "FREE").statusCode());
        assertEquals(403, get("/api/v1/network/devices", "Authorization", free).statusCode());
    }

    /**
     * Installs and starts the escape plugin (from its jar: a third party's plugin) and waits for its one legitimate
     * endpoint to answer {@code token}'s tenant; the caller uninstalls it.
     */
    private Bundle startEscapePlugin(String token) throws Exception {
        Bundle plugin = bundleContext.installBundle(new File(System.getProperty("dotmac.escapeplugin")).toURI()
                .toString());
        try {
            plugin.start();
            await("the escape plugin's endpoint", Duration.ofSeconds(30),
                    () -> get("/api/v1/escape/report", "Authorization", token).statusCode() == 200);
            return plugin;
        } catch (Exception | AssertionError e) {
            plugin.uninstall();
            throw e;
        }
    }

    /** The plugin's problem as the catalogue reports it ("" when none). */
    private String problem(String admin, String plugin) throws Exception {
        for (JsonNode p : json(get("/api/v1/plugins", "Authorization", admin))) {
            if (p.path("id").asText().equals(plugin)) {
                return p.path("problem").asText("");
            }
        }
        return "";
    }

    protected void checkAFailingPluginIsReportedAndHoldsNoOtherBack() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String reader = bearer(token(createTenant(unique("flk"), "BASIC").path("slug").asText(), "boss"));
        Bundle plugin = startEscapePlugin(reader);
        try {
            // a component of it that failed to activate is its problem, with the reason; other plugins have none
            await("the failed component reported", Duration.ofSeconds(30), () -> problem(admin, "escape_plugin")
                    .contains("component io.dotmac.escapeplugin.Faulty failed to activate"));
            assertTrue(problem(admin, "escape_plugin"), problem(admin, "escape_plugin").contains("Faulty refuses"));
            assertEquals("", problem(admin, "customer_management"));
            assertTrue(shell("dotmac:plugin-list").contains("Faulty refuses to start"));

            // its activation throwing for one tenant and hanging on the next: each reported, left behind
            String boom = createTenant(unique("boom"), "BASIC").path("slug").asText();
            await("the failed activation reported", Duration.ofSeconds(20), () -> problem(admin, "escape_plugin")
                    .contains("failed to activate tenant " + boom + ": java.lang.IllegalStateException"));
            String hang = createTenant(unique("hang"), "BASIC").path("slug").asText();
            long before = System.nanoTime();
            await("the hanging activation reported", Duration.ofSeconds(20), () -> problem(admin, "escape_plugin")
                    .contains("did not activate tenant " + hang + " within 2000 ms"));
            // the next tenant is activated regardless (its activation did not wait for the hanging one's 60 s), and
            // tenants' requests never waited for any of it
            String okay = createTenant(unique("okay"), "BASIC").path("slug").asText();
            String okayToken = bearer(token(okay, "boss"));
            await("the next tenant activated", Duration.ofSeconds(20), () -> json(get("/api/v1/escape/report",
                    "Authorization", okayToken)).path("activated").toString().contains(okay));
            assertTrue("activations went on after the timeout, not after the hang",
                    System.nanoTime() - before < Duration.ofSeconds(30).toNanos());
            assertEquals(200, get("/api/v1/customers", "Authorization", okayToken).statusCode());
        } finally {
            plugin.uninstall();
        }
    }

    protected void checkThreadsAPluginLeavesRunningAreReportedUntilTheyEnd() throws Exception {
        assumeDatabase();
        String admin = bearer(adminToken());
        String reader = bearer(token(createTenant(unique("lk"), "BASIC").path("slug").asText(), "boss"));
        Bundle plugin = startEscapePlugin(reader);
        try {
            assertFalse(problem(admin, "escape_plugin"), problem(admin, "escape_plugin").contains("escape-leaker"));
            plugin.stop();
            // its Leaker's thread goes on after the stop: reported (by name and the plugin's code it runs) once the
            // grace period is over, in the API and the shell; other plugins and tenants carry on
            await("the leftover thread reported", Duration.ofSeconds(30), () -> problem(admin, "escape_plugin")
                    .contains("thread(s) running after its bundle stopped: "));
            String problem = problem(admin, "escape_plugin");
            assertTrue(problem, problem.contains("escape-leaker (in io.dotmac.escapeplugin.Leaker.spin)"));
            assertTrue(problem, problem.contains("its bundle is not started (state RESOLVED)"));
            assertTrue(shell("dotmac:plugin-list").contains("escape-leaker"));
            assertEquals("", problem(admin, "customer_management"));
            assertEquals(200, get("/api/v1/customers", "Authorization", reader).statusCode());
            // once the thread ends, the report goes with it
            System.setProperty("dotmac.escape.release", "true");
            await("the ended thread forgotten", Duration.ofSeconds(20),
                    () -> !problem(admin, "escape_plugin").contains("escape-leaker"));
        } finally {
            System.setProperty("dotmac.escape.release", "true");
            plugin.uninstall();
        }
    }

    protected void checkAPluginFindsEveryWayAroundTheBoundaryRefused() throws Exception {
        assumeDatabase();
        JsonNode basic = createTenant(unique("esc"), "BASIC");
        JsonNode free = createTenant(unique("escf"), "FREE");
        String basicToken = bearer(token(basic.path("slug").asText(), "boss"));
        String freeToken = bearer(token(free.path("slug").asText(), "boss"));
        Bundle plugin = startEscapePlugin(basicToken);
        try {

            // 1-5: nothing it registered with the whiteboards, or as a member of the application, is served
            assertNotServed(get("/escape-app/hello"));
            assertNotServed(get("/escape-default"));
            assertNotServed(get("/escape-servlet/x"));
            assertNotServed(get("/api/v1/escape-member"));
            HttpResponse<String> ping = get("/api/v1/ping");
            assertEquals("pong", ping.body());
            assertFalse("the plugin's extension saw a response", ping.headers().firstValue("X-Escaped").isPresent());
            assertFalse(get("/api/v1/customers", "Authorization", basicToken).headers().firstValue("X-Escaped")
                    .isPresent());

            // 6: another plugin's root is refused, and stays with its owner
            PluginRoutes routes = awaitService(PluginRoutes.class, null);
            List<PluginRoutes.Route> customers = routes.routes().stream()
                    .filter(r -> r.root().equals("customers")).toList();
            assertEquals(customers.toString(), 2, customers.size());
            assertTrue(customers.toString(), customers.stream().anyMatch(r -> r.serving()
                    && r.plugin().equals("customer_management")));
            assertTrue(customers.toString(), customers.stream().anyMatch(r -> !r.serving()
                    && r.plugin().equals("escape_plugin") && r.refused().contains("customer_management")));
            HttpResponse<String> list = get("/api/v1/customers", "Authorization", basicToken);
            assertEquals(200, list.statusCode());
            assertTrue(list.body(), list.body().startsWith("{\"items\""));

            // 7: the platform's privileged services are hidden from it
            JsonNode report = json(get("/api/v1/escape/report", "Authorization", basicToken));
            // (and, for a plugin that is not ours, installed from outside the platform's repository: the tenants'
            // administration, the users, the secrets; any bundle's internals, by type or by filter)
            report.path("privileged").fields().forEachRemaining(e -> {
                assertFalse(e.getKey() + " was reachable", e.getValue().asBoolean());
                assertNotNull(e.getKey() + " is registered (the test probe sees it)",
                        bundleContext.getServiceReference(e.getKey().replace("filter:", "")));
            });
            assertEquals(18, report.path("privileged").size());
            report.path("published").fields().forEachRemaining(e -> assertTrue(e.getKey() + " is published",
                    e.getValue().asBoolean()));
            assertEquals(3, report.path("published").size());
            // its Database is the plugin's view: work across tenants of its own tables, no system access
            List<String> database = new ArrayList<>();
            report.path("database").forEach(n -> database.add(n.asText()));
            assertTrue(database.toString(), database.contains("io.dotmac.persistence.Database"));
            assertFalse(database.toString(), database.contains("io.dotmac.persistence.platform.SystemDatabase"));

            // 8: it hears a tenant's events only while that tenant may use it, and its endpoint is the dispatcher's
            assertEquals(201, send("POST", "/api/v1/customers", "{\"name\":\"Free one\",\"email\":\"f@free.test\"}",
                    "Authorization", freeToken).statusCode());
            assertEquals(201, send("POST", "/api/v1/customers", "{\"name\":\"Basic one\",\"email\":\"b@basic.test\"}",
                    "Authorization", basicToken).statusCode());
            String basicSlug = basic.path("slug").asText();
            await("the BASIC tenant's posted event", Duration.ofSeconds(30), () -> json(get("/api/v1/escape/report",
                    "Authorization", basicToken)).path("posted").toString().contains(basicSlug));
            JsonNode heard = json(get("/api/v1/escape/report", "Authorization", basicToken));
            String freeSlug = free.path("slug").asText();
            assertFalse(heard.toString(), heard.path("posted").toString().contains(freeSlug));
            assertTrue(heard.toString(), heard.path("inTransaction").toString().contains(basicSlug));
            assertFalse(heard.toString(), heard.path("inTransaction").toString().contains(freeSlug));
            HttpResponse<String> refused = get("/api/v1/escape/report", "Authorization", freeToken);
            assertEquals(403, refused.statusCode());
            assertEquals("escape_plugin", json(refused).path("plugin").asText());

            // switched off by the tenant: no endpoint, no events
            assertEquals(200, send("PUT", "/api/v1/tenant/plugins/escape_plugin", "{\"enabled\":false}",
                    "Authorization", basicToken).statusCode());
            assertEquals(403, get("/api/v1/escape/report", "Authorization", basicToken).statusCode());
        } finally {
            plugin.uninstall();
        }
        await("the plugin's endpoint to go", Duration.ofSeconds(30),
                () -> get("/api/v1/escape/report", "Authorization", basicToken).statusCode() == 404);
        assertTrue(awaitService(PluginRoutes.class, null).routes().stream()
                .noneMatch(r -> "escape_plugin".equals(r.plugin())));
    }

    /** Each plugin feature of the product and its plugin, in boot order. */
    static final Map<String, String> FEATURES = new java.util.LinkedHashMap<>();
    static {
        FEATURES.put("dotmac-customer-management", "customer_management");
        FEATURES.put("dotmac-basic-billing", "basic_billing");
        FEATURES.put("dotmac-ticketing", "ticketing");
        FEATURES.put("dotmac-user-auth", "user_auth");
        FEATURES.put("dotmac-automated-billing", "automated_billing");
        FEATURES.put("dotmac-email-notifications", "email_notifications");
        FEATURES.put("dotmac-basic-reporting", "basic_reporting");
        FEATURES.put("dotmac-snmp-integration", "snmp_integration");
        FEATURES.put("dotmac-network-monitoring", "network_monitoring");
        FEATURES.put("dotmac-advanced-reporting", "advanced_reporting");
        FEATURES.put("dotmac-custom-integrations", "custom_integrations");
        FEATURES.put("dotmac-advanced-automation", "advanced_automation");
        FEATURES.put("dotmac-api-access", "api_access");
        FEATURES.put("dotmac-white-label", "white_label");
        FEATURES.put("dotmac-sla-management", "sla_management");
        FEATURES.put("dotmac-radius-aaa", "radius_aaa");
        FEATURES.put("dotmac-online-payments", "online_payments");
    }

    /**
     * Every plugin feature, one at a time: either it uninstalls alone (its bundle and catalogue entry gone, its
     * endpoints 404, every other plugin still answering) and installs again with its data, or the installer refuses
     * it, naming the installed features that need it. Automation, which uses five other plugins optionally, says which
     * one an action needs while it is missing.
     */
    protected void checkEveryPluginFeatureUninstallsAloneOrIsRefusedAndComesBackWithItsData() throws Exception {
        assumeDatabase();
        JsonNode tenant = createTenant(unique("unin"), "ENTERPRISE");
        String boss = bearer(token(tenant.path("slug").asText(), "boss"));
        io.dotmac.licensing.PluginInstaller installer = awaitService(io.dotmac.licensing.PluginInstaller.class, null);
        io.dotmac.licensing.Licensing licensing = awaitService(io.dotmac.licensing.Licensing.class, null);
        // some data in the plugins that have a list
        HttpResponse<String> customer = send("POST", "/api/v1/customers",
                "{\"name\":\"Kept\",\"email\":\"kept@uninstall.test\"}", "Authorization", boss);
        assertEquals(customer.body(), 201, customer.statusCode());
        String customerId = json(customer).path("id").asText();
        assertEquals(201, send("POST", "/api/v1/tickets", "{\"subject\":\"kept\",\"description\":\"d\","
                + "\"customerId\":\"" + customerId + "\"}", "Authorization", boss).statusCode());
        HttpResponse<String> rule = send("POST", "/api/v1/automation/rules", "{\"name\":\"kept\",\"trigger\":"
                + "{\"topic\":\"io/dotmac/customers/CUSTOMER_CREATED\"},\"actions\":[{\"type\":\"create_ticket\","
                + "\"customerId\":\"{{customerId}}\",\"subject\":\"welcome\"}]}", "Authorization", boss);
        assertEquals(rule.body(), 201, rule.statusCode());
        HttpResponse<String> device = send("POST", "/api/v1/network/devices", "{\"name\":\"kept\",\"address\":"
                + "\"127.0.0.1\",\"port\":9,\"version\":\"v2c\",\"community\":\"public\","
                + "\"pollIntervalSeconds\":3600}", "Authorization", boss);
        assertEquals(device.body(), 201, device.statusCode());
        HttpResponse<String> key = send("POST", "/api/v1/api-keys", "{\"name\":\"kept\",\"scopes\":"
                + "[\"customers:read\"]}", "Authorization", boss);
        assertEquals(key.body(), 201, key.statusCode());
        assertEquals(200, send("PUT", "/api/v1/branding", "{\"legalName\":\"Kept Ltd\"}", "Authorization", boss)
                .statusCode());

        List<String> refused = new ArrayList<>();
        for (Map.Entry<String, String> f : FEATURES.entrySet()) {
            String feature = f.getKey();
            String plugin = f.getValue();
            String probe = PROBES.get(plugin);
            String before = probe == null ? null : kept(get(probe, "Authorization", boss).body());
            try {
                installer.uninstall(feature);
            } catch (io.dotmac.platform.api.ConflictException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("Feature '" + feature + "' is needed by dotmac-"));
                assertTrue(licensing.plugin(plugin).isPresent());
                refused.add(feature);
                continue;
            }
            try {
                assertFalse(feature + " left its plugin in the catalogue", licensing.plugin(plugin).isPresent());
                assertTrue(feature + " left its bundle", java.util.Arrays.stream(bundleContext.getBundles())
                        .noneMatch(b -> plugin.equals(pluginOf(b))));
                if (probe != null) {
                    assertEquals(probe, 404, get(probe, "Authorization", boss).statusCode());
                }
                assertEquals(200, get("/api/v1/health").statusCode());
                assertEquals(200, get("/api/v1/customers", "Authorization", boss).statusCode());
                assertEquals(200, get("/api/v1/tenant/license", "Authorization", boss).statusCode());
                if (plugin.equals("email_notifications")) {
                    HttpResponse<String> mail = send("POST", "/api/v1/automation/rules", "{\"name\":\"mail\","
                            + "\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_CREATED\"},\"actions\":[{"
                            + "\"type\":\"send_email\",\"to\":[\"noc@example.test\"],\"subject\":\"s\","
                            + "\"message\":\"m\"}]}", "Authorization", boss);
                    assertEquals(mail.body(), 422, mail.statusCode());
                    assertTrue(mail.body(), mail.body().contains(
                            "action send_email needs the plugin email_notifications, which is not installed"));
                }
            } finally {
                installer.install(feature);
            }
            assertTrue(licensing.plugin(plugin).isPresent());
            if (probe != null) {
                await(feature + "'s endpoint to come back", Duration.ofSeconds(30),
                        () -> get(probe, "Authorization", boss).statusCode() == 200);
                assertEquals(feature + " kept its data", before, kept(get(probe, "Authorization", boss).body()));
            }
        }
        assertEquals(List.of("dotmac-customer-management", "dotmac-basic-billing", "dotmac-ticketing",
                "dotmac-basic-reporting", "dotmac-snmp-integration"), refused);
        assertEquals(200, awaitHealth(200, HealthSuite.BOOT).statusCode());
    }

    /** What must survive: a list's item ids (their polled status may move on), or the whole answer. */
    private static String kept(String body) throws Exception {
        JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        if (tree.has("items")) {
            List<String> ids = new ArrayList<>();
            tree.path("items").forEach(i -> ids.add(i.path("id").asText()));
            return ids.toString();
        }
        return body;
    }

    private static String pluginOf(Bundle b) {
        org.osgi.framework.wiring.BundleRevision r = b.adapt(org.osgi.framework.wiring.BundleRevision.class);
        if (r == null || r.getDeclaredCapabilities("io.dotmac.plugin").isEmpty()) {
            return null;
        }
        return String.valueOf(r.getDeclaredCapabilities("io.dotmac.plugin").get(0).getAttributes()
                .get("io.dotmac.plugin"));
    }

    private static void assertNotServed(HttpResponse<String> response) {
        assertNotEquals(response.body(), 200, response.statusCode());
        assertFalse(response.body(), response.body().contains("escaped"));
    }
}
