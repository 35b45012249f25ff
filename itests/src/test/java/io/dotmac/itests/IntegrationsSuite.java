package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.integrations.WebhookSignature;

/**
 * The ENTERPRISE plugin custom_integrations through HTTP, with a real HTTP server in the test receiving the webhooks:
 * signatures checked, a receiver failing for a while and recovering (every delivery arrives, once, in order, each
 * attempt logged), the queue surviving the plugin's restart, redelivery, SSRF refusals, gating and isolation.
 */
public abstract class IntegrationsSuite extends ReportingSuite {

    private static final String CFG = "etc/io.dotmac.integrations.cfg";
    private static final String HOOKS = "/api/v1/integrations/webhooks";

    /** The options these suites add: loopback allowed for the receiver, quick polling and one-second retries. */
    protected static Option[] integrations() {
        return OptionUtils.combine(reporting(), editConfigurationFilePut(CFG, "allowedNetworks", "127.0.0.0/8"),
                editConfigurationFilePut(CFG, "pollMillis", "100"),
                editConfigurationFilePut(CFG, "retryBaseSeconds", "1"),
                editConfigurationFilePut(CFG, "retryMaxSeconds", "1"));
    }

    private static List<String> customerIds(List<WebhookReceiver.Request> requests) throws Exception {
        List<String> ids = new ArrayList<>();
        for (WebhookReceiver.Request r : requests) {
            ids.add(JSON_READER.readTree(r.body()).path("data").path("customerId").asText());
        }
        return ids;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_READER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    protected void checkWebhooksAreSignedRetriedAndDeliveredInOrder() throws Exception {
        assumeDatabase();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Fixture f = fixtureTenant("ENTERPRISE");
            HttpResponse<String> created = send("POST", HOOKS, "{\"url\":\"" + receiver.url("/hook") + "\","
                    + "\"topics\":[\"io/dotmac/customers/*\"],\"description\":\"CRM\"}", "Authorization", f.boss);
            assertEquals(created.body(), 201, created.statusCode());
            String hook = json(created).path("id").asText();
            String secret = json(created).path("secret").asText();
            assertTrue(secret, secret.startsWith("whsec_") && secret.length() > 40);
            assertTrue(created.headers().firstValue("Location").orElse("").endsWith(HOOKS + "/" + hook));
            assertTrue("the secret is shown once", json(get(HOOKS + "/" + hook, "Authorization", f.boss))
                    .path("secret").isMissingNode());

            // the receiver fails the first 3 requests: the first delivery is retried, the others wait behind it
            receiver.failNext.set(3);
            List<String> customers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                customers.add(customer(f.boss));
            }
            await("4 deliveries", Duration.ofSeconds(30), () -> receiver.delivered().size() == 4);
            assertEquals("in order, each once", customers, customerIds(receiver.delivered()));
            assertEquals(7, receiver.requests.size());
            long now = System.currentTimeMillis() / 1000;
            for (WebhookReceiver.Request r : receiver.requests) {
                assertTrue(r.header(WebhookSignature.SIGNATURE_HEADER), WebhookSignature.verify(secret,
                        r.header(WebhookSignature.SIGNATURE_HEADER), r.body(), now));
                assertFalse(WebhookSignature.verify("not-the-secret-at-all", r.header(WebhookSignature.SIGNATURE_HEADER),
                        r.body(), now));
                assertEquals("io/dotmac/customers/CUSTOMER_CREATED", r.header(WebhookSignature.TOPIC_HEADER));
                assertEquals(r.header(WebhookSignature.DELIVERY_HEADER), JSON_READER.readTree(r.body()).path("id")
                        .asText());
                assertEquals(f.slug, JSON_READER.readTree(r.body()).path("tenant").asText());
            }
            // the first delivery's log: 503, 503, 503, 200; the others one 200 each
            JsonNode log = json(get(HOOKS + "/" + hook + "/deliveries", "Authorization", f.boss)).path("items");
            assertEquals(4, log.size());
            // paged like every list
            JsonNode firstPage = json(get(HOOKS + "/" + hook + "/deliveries?limit=3", "Authorization", f.boss));
            assertEquals(3, firstPage.path("items").size());
            JsonNode secondPage = json(get(HOOKS + "/" + hook + "/deliveries?limit=3&cursor="
                    + firstPage.path("nextCursor").asText(), "Authorization", f.boss));
            assertEquals(1, secondPage.path("items").size());
            assertEquals(log.get(3).path("id").asText(), secondPage.path("items").get(0).path("id").asText());
            assertTrue(secondPage.path("nextCursor").isMissingNode() || secondPage.path("nextCursor").isNull());
            JsonNode first = log.get(3);
            assertEquals("DELIVERED", first.path("status").asText());
            List<Integer> codes = new ArrayList<>();
            first.path("attempts").forEach(a -> codes.add(a.path("statusCode").asInt()));
            assertEquals(List.of(503, 503, 503, 200), codes);
            assertEquals(1, log.get(0).path("attempts").size());
            assertEquals(receiver.delivered().get(0).header(WebhookSignature.DELIVERY_HEADER), first.path("id").asText());

            // a restart loses nothing: queued while the receiver is down, the plugin stopped and started again
            receiver.down = true;
            customers.add(customer(f.boss));
            customers.add(customer(f.boss));
            await("the queue tried", Duration.ofSeconds(30), () -> receiver.requests.size() > 7);
            Bundle plugin = java.util.Arrays.stream(bundleContext.getBundles())
                    .filter(b -> "io.dotmac.integrations".equals(b.getSymbolicName())).findFirst().orElseThrow();
            plugin.stop();
            plugin.start();
            receiver.down = false;
            await("the queued deliveries after the restart", Duration.ofSeconds(60),
                    () -> receiver.delivered().size() == 6);
            assertEquals(customers, customerIds(receiver.delivered()));

            // redelivery: the same event again, as a new delivery
            HttpResponse<String> again = send("POST", HOOKS + "/" + hook + "/deliveries/" + first.path("id").asText()
                    + "/redeliver", null, "Authorization", f.boss);
            assertEquals(again.body(), 202, again.statusCode());
            await("the redelivery", Duration.ofSeconds(30), () -> receiver.delivered().size() == 7);
            assertEquals(customers.get(0), customerIds(receiver.delivered()).get(6));
            assertEquals(json(again).path("id").asText(), receiver.delivered().get(6)
                    .header(WebhookSignature.DELIVERY_HEADER));

            // the shell lists it
            String listed = shell("dotmac:webhook-list " + f.slug);
            assertTrue(listed, listed.contains(hook) && listed.contains("io/dotmac/customers/*")
                    && listed.contains("1 webhook of " + f.slug));
        }
    }

    protected void checkWebhooksAreValidatedGatedAndIsolated() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        // internal addresses (SSRF), bad URLs, unknown topics, short secrets: each named, nothing written
        assertEquals(List.of("url", "topics[1]", "secret"), webhookErrors(f, "{\"url\":\"http://10.0.0.5/hook\","
                + "\"topics\":[\"io/dotmac/billing/*\",\"io/dotmac/nothing\"],\"secret\":\"short\"}"));
        assertEquals(List.of("url"), webhookErrors(f, "{\"url\":\"http://169.254.169.254/latest/meta-data\","
                + "\"topics\":[\"io/dotmac/*\"]}"));
        assertEquals(List.of("url"), webhookErrors(f, "{\"url\":\"ftp://example.com/x\",\"topics\":[\"io/dotmac/*\"]}"));
        assertEquals(List.of("url", "topics"), webhookErrors(f, "{}"));
        HttpResponse<String> refused = send("POST", HOOKS, "{\"url\":\"http://192.168.1.10/hook\",\"topics\":"
                + "[\"io/dotmac/*\"]}", "Authorization", f.boss);
        assertTrue(refused.body(), json(refused).path("errors").get(0).path("message").asText()
                .contains("private address"));
        assertEquals(0, json(get(HOOKS, "Authorization", f.boss)).path("items").size());

        String hook = json(send("POST", HOOKS, "{\"url\":\"http://127.0.0.1:9/hook\",\"topics\":[\"io/dotmac/*\"]}",
                "Authorization", f.boss)).path("id").asText();
        // another tenant: not found, nothing listed
        Fixture other = fixtureTenant("ENTERPRISE");
        assertEquals(0, json(get(HOOKS, "Authorization", other.boss)).path("items").size());
        assertProblem(get(HOOKS + "/" + hook, "Authorization", other.boss), 404);
        assertProblem(get(HOOKS + "/" + hook + "/deliveries", "Authorization", other.boss), 404);
        assertProblem(send("PUT", HOOKS + "/" + hook, "{\"url\":\"http://127.0.0.1:9/x\",\"topics\":[\"io/dotmac/*\"]}",
                "Authorization", other.boss), 404);
        assertProblem(send("POST", HOOKS + "/" + hook + "/deliveries/x/redeliver", null, "Authorization",
                other.boss), 404);
        assertProblem(send("DELETE", HOOKS + "/" + hook, null, "Authorization", other.boss), 404);
        // staff may read but not change webhooks
        addUser(f.tenantId, "clerk", "ISP_STAFF");
        String clerk = bearer(token(f.slug, "clerk"));
        assertEquals(200, get(HOOKS + "/" + hook, "Authorization", clerk).statusCode());
        assertProblem(send("DELETE", HOOKS + "/" + hook, null, "Authorization", clerk), 403);
        // below ENTERPRISE: 403 naming the plugin and the tier
        Fixture premium = fixtureTenant("PREMIUM");
        HttpResponse<String> below = get(HOOKS, "Authorization", premium.boss);
        assertProblem(below, 403);
        assertEquals("custom_integrations", json(below).path("plugin").asText());
        assertEquals("ENTERPRISE", json(below).path("requiredTier").asText());
        // replaced (the secret kept), then deleted
        JsonNode replaced = json(send("PUT", HOOKS + "/" + hook, "{\"url\":\"http://127.0.0.1:9/other\","
                + "\"topics\":[\"io/dotmac/network/*\"],\"enabled\":false}", "Authorization", f.boss));
        assertEquals("http://127.0.0.1:9/other", replaced.path("url").asText());
        assertFalse(replaced.path("enabled").asBoolean());
        assertEquals(204, send("DELETE", HOOKS + "/" + hook, null, "Authorization", f.boss).statusCode());
        assertProblem(get(HOOKS + "/" + hook, "Authorization", f.boss), 404);
    }

    private List<String> webhookErrors(Fixture f, String body) throws Exception {
        HttpResponse<String> r = send("POST", HOOKS, body, "Authorization", f.boss);
        assertEquals(r.body(), 422, r.statusCode());
        List<String> fields = new ArrayList<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
