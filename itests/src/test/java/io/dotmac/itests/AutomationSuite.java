package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.osgi.framework.Bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.integrations.WebhookSignature;

/**
 * The ENTERPRISE plugin advanced_automation through HTTP and the shell: an overdue payment opening a ticket and
 * calling a webhook (a real HTTP server in the test), validation naming the part, dry runs that do nothing, gating
 * (the tier, a plugin switched off, e-mail without email_notifications), isolation, loops stopped directly and
 * through another rule, permanent failures, retries going on from the failed action, and the rate limit.
 */
public abstract class AutomationSuite extends IntegrationsSuite {

    private static final String CFG = "etc/io.dotmac.automation.cfg";
    private static final String RULES = "/api/v1/automation/rules";
    private static final String RUNS = "/api/v1/automation/runs";
    private static final String OVERDUE = "io/dotmac/billing/PAYMENT_OVERDUE";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs a tenant may start per minute in these suites: low, so that the rate limit can be seen. */
    private static final int RUNS_PER_MINUTE = 20;

    /** The options these suites add: quick polling, one-second retries, a low rate limit. */
    protected static Option[] automation() {
        return OptionUtils.combine(integrations(), editConfigurationFilePut(CFG, "pollMillis", "100"),
                editConfigurationFilePut(CFG, "retryBaseSeconds", "1"),
                editConfigurationFilePut(CFG, "retryMaxSeconds", "1"),
                editConfigurationFilePut(CFG, "maxRunsPerMinute", String.valueOf(RUNS_PER_MINUTE)));
    }

    private String rule(Fixture f, String body) throws Exception {
        HttpResponse<String> r = send("POST", RULES, body, "Authorization", f.boss);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    private List<JsonNode> runs(Fixture f, String rule) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(get(RUNS + "?limit=200" + (rule == null ? "" : "&rule=" + rule), "Authorization", f.boss))
                .path("items").forEach(out::add);
        return out;
    }

    /** The runs of {@code rule}, oldest first, once {@code n} of them are finished. */
    private List<JsonNode> awaitRuns(Fixture f, String rule, int n) throws Exception {
        await(n + " finished runs of " + rule, Duration.ofSeconds(30), () -> runs(f, rule).stream()
                .filter(r -> r.path("finishedAt").isTextual()).count() >= n);
        List<JsonNode> runs = new ArrayList<>(runs(f, rule));
        java.util.Collections.reverse(runs);
        return runs;
    }

    private List<JsonNode> tickets(Fixture f, String customerId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(get("/api/v1/tickets?limit=200&customerId=" + customerId, "Authorization", f.boss)).path("items")
                .forEach(out::add);
        return out;
    }

    private String webhook(Fixture f, WebhookReceiver receiver) throws Exception {
        // subscribed to nothing that happens here: only the rules' calls arrive
        HttpResponse<String> r = send("POST", "/api/v1/integrations/webhooks", "{\"url\":\"" + receiver.url("/rules")
                + "\",\"topics\":[\"io/dotmac/network/DEVICE_DOWN\"],\"secret\":\"0123456789abcdef-secret\"}",
                "Authorization", f.boss);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    private static String ticketRule(String name, String topic, String conditions, String subject) {
        return "{\"name\":\"" + name + "\",\"trigger\":{\"topic\":\"" + topic + "\"}," + (conditions == null ? ""
                : "\"conditions\":" + conditions + ",") + "\"actions\":[{\"type\":\"create_ticket\",\"customerId\":"
                + "\"{{customerId}}\",\"subject\":\"" + subject + "\"}]}";
    }

    protected void checkAnOverduePaymentOpensATicketAndCallsAWebhook() throws Exception {
        assumeDatabase();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Fixture f = fixtureTenant("ENTERPRISE");
            String hook = webhook(f, receiver);
            assertEquals(200, putSettings(f.boss, "{\"dunning\":[{\"afterDays\":3,\"action\":\"REMIND\"},"
                    + "{\"afterDays\":10,\"action\":\"REMIND\"},{\"afterDays\":21,\"action\":\"SUSPEND\"}]}")
                    .statusCode());
            String rule = rule(f, "{\"name\":\"Overdue ten days\",\"description\":\"ticket and CRM\",\"trigger\":"
                    + "{\"topic\":\"" + OVERDUE + "\"},\"conditions\":{\"all\":[{\"field\":\"daysOverdue\",\"op\":"
                    + "\"gte\",\"value\":10},{\"field\":\"action\",\"op\":\"in\",\"value\":[\"REMIND\",\"SUSPEND\"]}]},"
                    + "\"actions\":[{\"type\":\"create_ticket\",\"customerId\":\"{{customerId}}\",\"subject\":"
                    + "\"Invoice {{number}} is {{daysOverdue}} days overdue\",\"priority\":\"HIGH\"},"
                    + "{\"type\":\"call_webhook\",\"webhookId\":\"" + hook + "\"},"
                    + "{\"type\":\"set_customer_tag\",\"customerId\":\"{{customerId}}\",\"tag\":\"overdue\"},"
                    + "{\"type\":\"send_email\",\"to\":[\"noc@example.test\"],\"subject\":\"{{number}} overdue\","
                    + "\"message\":\"{{balance}} {{currency}} open\"}]}");
            JsonNode saved = json(get(RULES + "/" + rule, "Authorization", f.boss));
            assertTrue(saved.path("enabled").asBoolean());
            assertEquals(OVERDUE, saved.path("trigger").path("topic").asText());
            assertEquals(10, saved.path("conditions").path("all").get(0).path("value").asInt());

            String plan = plan(f.boss, "Home 100", "30.00", "19");
            String customerId = customer(f.boss);
            LocalDate start = today();
            subscription(f.boss, customerId, plan, start);
            run(f.boss, start);
            JsonNode invoice = invoices(f.boss, customerId).get(0);
            LocalDate due = LocalDate.parse(invoice.path("dueDate").asText());
            dueDaysAgo(f.tenantId, invoice.path("id").asText(), 4);
            run(f.boss, today()); // 4 days overdue: the conditions do not hold, no run
            dueDaysAgo(f.tenantId, invoice.path("id").asText(), 11);
            run(f.boss, today()); // 11 days: the rule runs
            List<JsonNode> runs = awaitRuns(f, rule, 1);
            assertEquals(1, runs.size());
            JsonNode run = runs.get(0);
            assertEquals(run.toString(), "SUCCEEDED", run.path("status").asText());
            assertEquals(OVERDUE, run.path("topic").asText());
            assertEquals(11, run.path("event").path("daysOverdue").asInt());
            assertEquals(customerId, run.path("event").path("customerId").asText());
            assertEquals(1, run.path("attempts").asInt());
            assertEquals(0, run.path("chain").size());
            assertEquals(run, json(get(RUNS + "/" + run.path("id").asText(), "Authorization", f.boss)));
            Fixture stranger = fixtureTenant("ENTERPRISE");
            assertProblem(get(RUNS + "/" + run.path("id").asText(), "Authorization", stranger.boss), 404);
            assertEquals(0, json(get(RUNS, "Authorization", stranger.boss)).path("items").size());
            JsonNode outcomes = run.path("actions");
            assertEquals(4, outcomes.size());
            assertEquals("create_ticket", outcomes.get(0).path("type").asText());
            assertEquals("SUCCEEDED", outcomes.get(0).path("status").asText());
            assertTrue(outcomes.get(0).path("durationMillis").isNumber());
            assertEquals("call_webhook", outcomes.get(1).path("type").asText());
            assertEquals("SUCCEEDED", outcomes.get(1).path("status").asText());
            assertEquals("tagged customer " + customerId + " overdue", outcomes.get(2).path("detail").asText());
            assertEquals("[\"overdue\"]", get("/api/v1/customers/" + customerId + "/tags", "Authorization", f.boss)
                    .body());
            assertEquals(customerId, json(get("/api/v1/customers?tag=overdue", "Authorization", f.boss))
                    .path("items").get(0).path("id").asText());
            assertEquals("queued 1 e-mail to [noc@example.test]", outcomes.get(3).path("detail").asText());
            JsonNode mails = json(get("/api/v1/notifications?event=automation", "Authorization", f.boss)).path("items");
            assertEquals(1, mails.size());
            assertEquals("noc@example.test", mails.get(0).path("recipient").asText());

            // the ticket, opened by the rule
            List<JsonNode> tickets = tickets(f, customerId);
            assertEquals(1, tickets.size());
            JsonNode ticket = tickets.get(0);
            assertEquals("Invoice " + invoice.path("number").asText() + " is 11 days overdue",
                    ticket.path("subject").asText());
            assertEquals("HIGH", ticket.path("priority").asText());
            assertEquals(rule, ticket.path("createdBy").asText());
            assertEquals("opened ticket " + ticket.path("id").asText(), outcomes.get(0).path("detail").asText());

            // the webhook, signed, naming the rule, the run and the event
            await("the rule's webhook call", Duration.ofSeconds(30), () -> receiver.delivered().size() == 1);
            WebhookReceiver.Request call = receiver.delivered().get(0);
            assertTrue(WebhookSignature.verify("0123456789abcdef-secret", call.header(WebhookSignature.SIGNATURE_HEADER),
                    call.body(), System.currentTimeMillis() / 1000));
            assertEquals("io/dotmac/automation/RULE_ACTION", call.header(WebhookSignature.TOPIC_HEADER));
            JsonNode data = JSON.readTree(call.body()).path("data");
            assertEquals(rule, data.path("rule").path("id").asText());
            assertEquals("Overdue ten days", data.path("rule").path("name").asText());
            assertEquals(run.path("id").asText(), data.path("run").asText());
            assertEquals(OVERDUE, data.path("trigger").path("topic").asText());
            assertEquals(invoice.path("id").asText(), data.path("trigger").path("event").path("invoiceId").asText());
            assertEquals("queued webhook delivery " + call.header(WebhookSignature.DELIVERY_HEADER),
                    outcomes.get(1).path("detail").asText());

            // the shell lists it; disabled, the suspension step starts no run; enabled again
            String listed = shell("dotmac:rule-list " + f.slug);
            assertTrue(listed, listed.contains(rule) && listed.contains("Overdue ten days")
                    && listed.contains("create_ticket, call_webhook, set_customer_tag, send_email") && listed.contains("SUCCEEDED")
                    && listed.contains("1 rule of " + f.slug));
            assertTrue(shell("dotmac:rule-disable " + f.slug + " " + rule).contains("is disabled"));
            assertFalse(json(get(RULES + "/" + rule, "Authorization", f.boss)).path("enabled").asBoolean());
            dueDaysAgo(f.tenantId, invoice.path("id").asText(), 22);
            run(f.boss, today());
            assertEquals("SUSPENDED", json(get("/api/v1/customers/" + customerId, "Authorization", f.boss))
                    .path("status").asText());
            // a run is written in the transaction of its event: none now means none at all
            assertEquals(1, runs(f, rule).size());
            assertEquals(1, tickets(f, customerId).size());
            assertTrue(shell("dotmac:rule-enable " + f.slug + " " + rule).contains("is enabled"));
            assertTrue(json(get(RULES + "/" + rule, "Authorization", f.boss)).path("enabled").asBoolean());
        }
    }

    protected void checkRulesAreValidatedDryRunGatedAndIsolated() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        // every bad part named, nothing written
        assertEquals(List.of("trigger.topic", "actions[0].type"), ruleErrors(f, "{\"name\":\"x\",\"trigger\":"
                + "{\"topic\":\"io/dotmac/nothing\"},\"actions\":[{\"type\":\"explode\"}]}"));
        assertEquals(List.of("conditions.all[1].field", "actions[0].customerId", "actions[0].subject"),
                ruleErrors(f, "{\"name\":\"x\",\"trigger\":{\"topic\":\"" + OVERDUE + "\"},\"conditions\":{\"all\":"
                        + "[{\"field\":\"daysOverdue\",\"op\":\"gt\",\"value\":3},{\"field\":\"colour\",\"op\":"
                        + "\"equals\",\"value\":\"red\"}]},\"actions\":[{\"type\":\"create_ticket\",\"subject\":"
                        + "\"{{nope}}\"}]}"));
        assertEquals(List.of("conditions.op", "actions[0].webhookId"), ruleErrors(f, "{\"name\":\"x\",\"trigger\":"
                + "{\"topic\":\"" + OVERDUE + "\"},\"conditions\":{\"field\":\"currency\",\"op\":\"gt\",\"value\":"
                + "\"EUR\"},\"actions\":[{\"type\":\"call_webhook\",\"webhookId\":\"01nosuchwebhook0000000000\"}]}"));
        assertEquals(List.of("trigger.cron", "actions[0].to[0]"), ruleErrors(f, "{\"name\":\"x\",\"trigger\":"
                + "{\"cron\":\"61 * * * *\"},\"actions\":[{\"type\":\"send_email\",\"to\":[\"nobody\"],\"subject\":"
                + "\"s\",\"message\":\"m\"}]}"));
        assertEquals(List.of("trigger.zone"), ruleErrors(f, "{\"name\":\"x\",\"trigger\":{\"cron\":\"0 7 * * 1\","
                + "\"zone\":\"Mars/Olympus\"},\"actions\":[{\"type\":\"suspend_subscription\",\"subscriptionId\":"
                + "\"s1\"}]}"));
        assertEquals(List.of("name", "trigger", "actions"), ruleErrors(f, "{}"));
        assertEquals(0, json(get(RULES, "Authorization", f.boss)).path("items").size());

        // a cron rule: its next firing in its zone
        String cron = rule(f, "{\"name\":\"Monday\",\"trigger\":{\"cron\":\"0 7 * * 1\",\"zone\":\"Europe/Berlin\"},"
                + "\"actions\":[{\"type\":\"send_email\",\"to\":[\"noc@example.test\"],\"subject\":\"Week\","
                + "\"message\":\"at {{scheduledAt}}\"}]}");
        java.time.ZonedDateTime next = java.time.Instant.parse(json(get(RULES + "/" + cron, "Authorization", f.boss))
                .path("nextRunAt").asText()).atZone(java.time.ZoneId.of("Europe/Berlin"));
        assertEquals(java.time.DayOfWeek.MONDAY, next.getDayOfWeek());
        assertEquals(7, next.getHour());

        // the dry run says what would happen and does nothing
        String rule = rule(f, ticketRule("Late", OVERDUE, "{\"field\":\"daysOverdue\",\"op\":\"gte\",\"value\":30}",
                "{{number}} is late"));
        JsonNode dry = json(send("POST", RULES + "/" + rule + "/dry-run", "{\"event\":{\"daysOverdue\":45,"
                + "\"customerId\":\"c-1\",\"number\":\"INV-9\"}}", "Authorization", f.boss));
        assertTrue(dry.toString(), dry.path("matched").asBoolean());
        assertEquals("daysOverdue gte 30: 45 -> true", dry.path("conditions").get(0).asText());
        assertEquals("open a NORMAL ticket for customer 'c-1': \"INV-9 is late\"", dry.path("actions").get(0)
                .path("wouldDo").asText());
        assertTrue(dry.path("actions").get(0).path("refused").isMissingNode());
        assertFalse(json(send("POST", RULES + "/" + rule + "/dry-run", "{\"event\":{\"daysOverdue\":5}}",
                "Authorization", f.boss)).path("matched").asBoolean());
        HttpResponse<String> badSample = send("POST", RULES + "/" + rule + "/dry-run", "{\"event\":{\"colour\":1}}",
                "Authorization", f.boss);
        assertProblem(badSample, 422);
        assertEquals("event.colour", json(badSample).path("errors").get(0).path("field").asText());
        assertEquals(0, runs(f, null).size());

        // e-mail needs email_notifications: refused with the reason while the tenant has it switched off
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/email_notifications", "{\"enabled\":false}",
                "Authorization", f.boss).statusCode());
        HttpResponse<String> noMail = send("POST", RULES, "{\"name\":\"mail\",\"trigger\":{\"topic\":\""
                + OVERDUE + "\"},\"actions\":[{\"type\":\"send_email\",\"to\":[\"noc@example.test\"],\"subject\":\"s\","
                + "\"message\":\"m\"}]}", "Authorization", f.boss);
        assertProblem(noMail, 422);
        JsonNode why = json(noMail).path("errors").get(0);
        assertEquals("actions[0].type", why.path("field").asText());
        assertTrue(why.toString(), why.path("message").asText().contains("email_notifications"));
        JsonNode refusedStep = json(send("POST", RULES + "/" + cron + "/dry-run", "{}", "Authorization", f.boss))
                .path("actions").get(0);
        assertTrue(refusedStep.toString(), refusedStep.path("refused").asText().contains("email_notifications"));
        send("PUT", "/api/v1/tenant/plugins/email_notifications", "{\"enabled\":true}", "Authorization", f.boss);

        // another tenant: not found everywhere, sees nothing
        Fixture other = fixtureTenant("ENTERPRISE");
        assertEquals(0, json(get(RULES, "Authorization", other.boss)).path("items").size());
        assertProblem(get(RULES + "/" + rule, "Authorization", other.boss), 404);
        assertProblem(send("PUT", RULES + "/" + rule, ticketRule("x", OVERDUE, null, "x"), "Authorization",
                other.boss), 404);
        assertProblem(send("POST", RULES + "/" + rule + "/disable", null, "Authorization", other.boss), 404);
        assertProblem(send("POST", RULES + "/" + rule + "/enable", null, "Authorization", other.boss), 404);
        assertProblem(send("POST", RULES + "/" + rule + "/dry-run", "{}", "Authorization", other.boss), 404);
        assertProblem(get(RUNS + "?rule=" + rule, "Authorization", other.boss), 404);
        assertProblem(send("DELETE", RULES + "/" + rule, null, "Authorization", other.boss), 404);
        assertTrue(shell("dotmac:rule-disable " + other.slug + " " + rule).contains("not found"));
        assertTrue(json(get(RULES + "/" + rule, "Authorization", f.boss)).path("enabled").asBoolean());
        // staff read, only isp_admin changes
        addUser(f.tenantId, "clerk", "ISP_STAFF");
        String clerk = bearer(token(f.slug, "clerk"));
        assertEquals(200, get(RULES + "/" + rule, "Authorization", clerk).statusCode());
        assertProblem(send("POST", RULES + "/" + rule + "/disable", null, "Authorization", clerk), 403);
        assertProblem(send("DELETE", RULES + "/" + rule, null, "Authorization", clerk), 403);
        // below ENTERPRISE: 403 naming the plugin and the tier, on the API and the shell
        Fixture premium = fixtureTenant("PREMIUM");
        HttpResponse<String> below = get(RULES, "Authorization", premium.boss);
        assertProblem(below, 403);
        assertEquals("advanced_automation", json(below).path("plugin").asText());
        assertEquals("ENTERPRISE", json(below).path("requiredTier").asText());
        assertProblem(get(RUNS, "Authorization", premium.boss), 403);
        assertTrue(shell("dotmac:rule-list " + premium.slug).contains("ENTERPRISE"));

        // replaced, disabled and enabled over HTTP, deleted
        JsonNode replaced = json(send("PUT", RULES + "/" + rule, ticketRule("Later", OVERDUE, null, "x"),
                "Authorization", f.boss));
        assertEquals("Later", replaced.path("name").asText());
        assertTrue(replaced.path("conditions").isMissingNode());
        assertFalse(json(send("POST", RULES + "/" + rule + "/disable", null, "Authorization", f.boss))
                .path("enabled").asBoolean());
        assertTrue(json(send("POST", RULES + "/" + rule + "/enable", null, "Authorization", f.boss))
                .path("enabled").asBoolean());
        assertEquals(204, send("DELETE", RULES + "/" + rule, null, "Authorization", f.boss).statusCode());
        assertProblem(get(RULES + "/" + rule, "Authorization", f.boss), 404);
    }

    protected void checkATenantLosingThePluginKeepsItsRulesStopped() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        String rule = rule(f, ticketRule("Welcome call", "io/dotmac/customers/CUSTOMER_CREATED", null,
                "Call {{name}}"));
        String first = customer(f.boss);
        assertEquals("SUCCEEDED", awaitRuns(f, rule, 1).get(0).path("status").asText());
        assertEquals(1, tickets(f, first).size());
        // switched off: the rule is kept and does not run
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/advanced_automation", "{\"enabled\":false}",
                "Authorization", f.boss).statusCode());
        String second = customer(f.boss);
        assertProblem(get(RULES, "Authorization", f.boss), 403);
        // switched on again, but down to PREMIUM: the same
        assertEquals(200, send("PUT", "/api/v1/tenant/plugins/advanced_automation", "{\"enabled\":true}",
                "Authorization", f.boss).statusCode());
        assertEquals(200, setTier(f.tenantId, "PREMIUM").statusCode());
        String third = customer(f.boss);
        // a run would have been written with the customer: none (the API is closed to PREMIUM), so no ticket ever
        assertEquals(1L, (long) inTenantDb(f.tenantId, c -> count(c, "SELECT COUNT(*) FROM dotmac_automation_run "
                + "WHERE tenant_id = ?", f.tenantId)));
        assertEquals(0, tickets(f, second).size());
        assertEquals(0, tickets(f, third).size());
        // back: the rule is there and runs again
        assertEquals(200, setTier(f.tenantId, "ENTERPRISE").statusCode());
        await("the plugin back", Duration.ofSeconds(10), () -> get(RULES, "Authorization", f.boss).statusCode() == 200);
        assertEquals(rule, json(get(RULES, "Authorization", f.boss)).path("items").get(0).path("id").asText());
        String fourth = customer(f.boss);
        assertEquals(2, awaitRuns(f, rule, 2).size());
        assertEquals(1, tickets(f, fourth).size());
        assertEquals(2L, (long) inTenantDb(f.tenantId, c -> count(c, "SELECT COUNT(*) FROM dotmac_automation_run "
                + "WHERE tenant_id = ?", f.tenantId)));
    }

    protected void checkLoopsAreStoppedAndFailuresRetriedFromTheFailedAction() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        String customer = customer(f.boss);
        // a rule that triggers itself: its ticket's TICKET_CREATED comes back to it and is stopped
        String echo = rule(f, ticketRule("Echo", "io/dotmac/tickets/TICKET_CREATED", "{\"field\":\"subject\",\"op\":"
                + "\"matches\",\"value\":\"echo.*\"}", "echo {{subject}}"));
        assertEquals(201, send("POST", "/api/v1/tickets", "{\"subject\":\"echo\",\"description\":\"d\","
                + "\"customerId\":\"" + customer + "\"}", "Authorization", f.boss).statusCode());
        List<JsonNode> runs = awaitRuns(f, echo, 2);
        assertEquals(2, runs.size());
        assertEquals("SUCCEEDED", runs.get(0).path("status").asText());
        assertEquals("LOOP_STOPPED", runs.get(1).path("status").asText());
        assertEquals(List.of(echo), strings(runs.get(1).path("chain")));
        assertTrue(runs.get(1).path("reason").asText(), runs.get(1).path("reason").asText().contains("loop"));
        assertEquals(0, runs.get(1).path("actions").size());
        assertEquals(List.of("echo", "echo echo"), subjects(f, customer));
        assertEquals(204, send("DELETE", RULES + "/" + echo, null, "Authorization", f.boss).statusCode());

        // two rules triggering each other: stopped when the first comes round again
        String ping = rule(f, ticketRule("Ping", "io/dotmac/tickets/TICKET_CREATED", "{\"field\":\"subject\",\"op\":"
                + "\"matches\",\"value\":\"ping.*\"}", "pong"));
        String pong = rule(f, ticketRule("Pong", "io/dotmac/tickets/TICKET_CREATED", "{\"field\":\"subject\",\"op\":"
                + "\"equals\",\"value\":\"pong\"}", "ping again"));
        String other = customer(f.boss);
        assertEquals(201, send("POST", "/api/v1/tickets", "{\"subject\":\"ping\",\"description\":\"d\","
                + "\"customerId\":\"" + other + "\"}", "Authorization", f.boss).statusCode());
        List<JsonNode> pings = awaitRuns(f, ping, 2);
        assertEquals("SUCCEEDED", pings.get(0).path("status").asText());
        assertEquals("LOOP_STOPPED", pings.get(1).path("status").asText());
        assertEquals(List.of(ping, pong), strings(pings.get(1).path("chain")));
        assertTrue(pings.get(1).path("reason").asText(), pings.get(1).path("reason").asText()
                .contains("'Ping' -> 'Pong'"));
        assertEquals("SUCCEEDED", awaitRuns(f, pong, 1).get(0).path("status").asText());
        assertEquals(List.of("ping", "pong", "ping again"), subjects(f, other));
        send("DELETE", RULES + "/" + ping, null, "Authorization", f.boss);
        send("DELETE", RULES + "/" + pong, null, "Authorization", f.boss);

        // a refusal fails at once: no subscription of that id
        String refused = rule(f, "{\"name\":\"Suspend\",\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_CREATED\"},"
                + "\"actions\":[{\"type\":\"suspend_subscription\",\"subscriptionId\":\"no-such-{{customerId}}\"}]}");
        customer(f.boss);
        JsonNode failed = awaitRuns(f, refused, 1).get(0);
        assertEquals(failed.toString(), "FAILED", failed.path("status").asText());
        assertEquals(1, failed.path("attempts").asInt());
        assertEquals("FAILED", failed.path("actions").get(0).path("status").asText());
        assertTrue(failed.path("reason").asText(), failed.path("reason").asText().startsWith(
                "action 0 (suspend_subscription) failed: "));
        send("DELETE", RULES + "/" + refused, null, "Authorization", f.boss);

        // ticketing stopped: the ticket fails and is retried, without calling the webhook again
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = webhook(f, receiver);
            String retried = rule(f, "{\"name\":\"Call then ticket\",\"trigger\":{\"topic\":"
                    + "\"io/dotmac/customers/CUSTOMER_CREATED\"},\"actions\":[{\"type\":\"call_webhook\",\"webhookId\":\""
                    + hook + "\"},{\"type\":\"create_ticket\",\"customerId\":\"{{customerId}}\",\"subject\":\"Hello\"}]}");
            Bundle tickets = java.util.Arrays.stream(bundleContext.getBundles())
                    .filter(b -> "io.dotmac.tickets".equals(b.getSymbolicName())).findFirst().orElseThrow();
            tickets.stop();
            String[] late = new String[1];
            try {
                late[0] = customer(f.boss);
                await("a failed attempt", Duration.ofSeconds(30), () -> runs(f, retried).size() == 1
                        && runs(f, retried).get(0).path("actions").size() >= 2);
                JsonNode pending = runs(f, retried).get(0);
                assertTrue(pending.toString(), List.of("PENDING", "RUNNING").contains(pending.path("status").asText()));
                assertTrue(pending.path("reason").asText(), pending.path("reason").asText()
                        .contains("the plugin ticketing is installed but not running"));
            } finally {
                tickets.start();
            }
            JsonNode done = awaitRuns(f, retried, 1).get(0);
            assertEquals(done.toString(), "SUCCEEDED", done.path("status").asText());
            assertTrue(done.path("attempts").asInt() >= 2);
            JsonNode outcomes = done.path("actions");
            assertEquals("call_webhook SUCCEEDED", outcomes.get(0).path("type").asText() + " "
                    + outcomes.get(0).path("status").asText());
            assertEquals("create_ticket FAILED", outcomes.get(1).path("type").asText() + " "
                    + outcomes.get(1).path("status").asText());
            JsonNode lastOutcome = outcomes.get(outcomes.size() - 1);
            assertEquals("create_ticket SUCCEEDED", lastOutcome.path("type").asText() + " "
                    + lastOutcome.path("status").asText());
            for (int i = 1; i < outcomes.size(); i++) {
                assertEquals("only the ticket is retried", "create_ticket", outcomes.get(i).path("type").asText());
            }
            await("the ticket", Duration.ofSeconds(30), () -> tickets(f, late[0]).size() == 1);
            await("the webhook call", Duration.ofSeconds(30), () -> receiver.delivered().size() == 1);
            // every delivery of the run was queued by the time it SUCCEEDED: one
            assertEquals("called once", 1, json(get("/api/v1/integrations/webhooks/" + hook + "/deliveries",
                    "Authorization", f.boss)).path("items").size());
        }
    }

    protected void checkRunsBeyondTheTenantsRateAreLimited() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        String rule = rule(f, ticketRule("Every customer", "io/dotmac/customers/CUSTOMER_CREATED", null, "Hi"));
        int customers = RUNS_PER_MINUTE + 10;
        long started = System.nanoTime();
        for (int i = 0; i < customers; i++) {
            customer(f.boss);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        List<JsonNode> runs = awaitRuns(f, rule, customers);
        long limited = runs.stream().filter(r -> r.path("status").asText().equals("RATE_LIMITED")).count();
        long succeeded = runs.stream().filter(r -> r.path("status").asText().equals("SUCCEEDED")).count();
        assertEquals(customers, limited + succeeded);
        // a burst of a minute's runs passes, then one every 60 / RUNS_PER_MINUTE seconds
        assertTrue(succeeded + " in " + seconds + " s", succeeded >= RUNS_PER_MINUTE
                && succeeded <= RUNS_PER_MINUTE + 1 + (long) (seconds * RUNS_PER_MINUTE / 60));
        JsonNode one = runs.stream().filter(r -> r.path("status").asText().equals("RATE_LIMITED")).findFirst()
                .orElseThrow();
        assertTrue(one.path("reason").asText(), one.path("reason").asText().contains(RUNS_PER_MINUTE + " runs"));
        assertEquals(0, one.path("actions").size());
        assertEquals(succeeded, json(get("/api/v1/tickets?limit=200", "Authorization", f.boss)).path("items").size());
        assertEquals(limited, json(get(RUNS + "?status=RATE_LIMITED&limit=200", "Authorization", f.boss))
                .path("items").size());
    }

    protected void checkCustomerTagsAreSetByHandAndByRules() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        String tags = "/api/v1/customers/";
        // a rule: a customer tagged vip gets vip-care and loses new
        String rule = rule(f, "{\"name\":\"VIP care\",\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_TAGGED\"},"
                + "\"conditions\":{\"all\":[{\"field\":\"tag\",\"op\":\"equals\",\"value\":\"vip\"},{\"field\":"
                + "\"change\",\"op\":\"equals\",\"value\":\"ADDED\"}]},\"actions\":[{\"type\":\"remove_customer_tag\","
                + "\"customerId\":\"{{customerId}}\",\"tag\":\"new\"},{\"type\":\"set_customer_tag\",\"customerId\":"
                + "\"{{customerId}}\",\"tag\":\"{{tag}}-care\"}]}");
        String customer = customer(f.boss);
        HttpResponse<String> added = send("PUT", tags + customer + "/tags/new", null, "Authorization", f.boss);
        assertEquals(added.body(), 201, added.statusCode());
        assertEquals("[\"new\"]", added.body());
        assertEquals(200, send("PUT", tags + customer + "/tags/new", null, "Authorization", f.boss).statusCode());
        assertEquals(201, send("PUT", tags + customer + "/tags/vip", null, "Authorization", f.boss).statusCode());
        JsonNode run = awaitRuns(f, rule, 1).get(0);
        assertEquals(run.toString(), "SUCCEEDED", run.path("status").asText());
        assertEquals("[\"vip\",\"vip-care\"]", get(tags + customer + "/tags", "Authorization", f.boss).body());
        assertEquals(1, runs(f, rule).size()); // vip-care and the removal of new match nothing
        assertEquals(1, json(get("/api/v1/customers?tag=vip-care", "Authorization", f.boss)).path("items").size());
        assertEquals(0, json(get("/api/v1/customers?tag=new", "Authorization", f.boss)).path("items").size());
        assertEquals(204, send("DELETE", tags + customer + "/tags/vip", null, "Authorization", f.boss).statusCode());
        assertEquals(204, send("DELETE", tags + customer + "/tags/vip", null, "Authorization", f.boss).statusCode());
        assertEquals("[\"vip-care\"]", get(tags + customer + "/tags", "Authorization", f.boss).body());
        // bad tags are named; another tenant sees and changes nothing
        HttpResponse<String> bad = send("PUT", tags + customer + "/tags/VIP%21", null, "Authorization", f.boss);
        assertProblem(bad, 422);
        assertEquals("tag", json(bad).path("errors").get(0).path("field").asText());
        assertEquals(List.of("actions[0].tag"), ruleErrors(f, "{\"name\":\"x\",\"trigger\":{\"topic\":"
                + "\"io/dotmac/customers/CUSTOMER_CREATED\"},\"actions\":[{\"type\":\"set_customer_tag\","
                + "\"customerId\":\"{{customerId}}\",\"tag\":\"Not A Tag\"}]}"));
        // tags that hold and release a customer's service: suspend and resume every subscription
        String plan = plan(f.boss, "Fibre 50", "25.00", "0");
        String sub = subscription(f.boss, customer, plan, today());
        String hold = rule(f, "{\"name\":\"Hold\",\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_TAGGED\"},"
                + "\"conditions\":{\"field\":\"tag\",\"op\":\"equals\",\"value\":\"hold\"},\"actions\":[{\"type\":"
                + "\"suspend_subscription\",\"customerId\":\"{{customerId}}\"}]}");
        String release = rule(f, "{\"name\":\"Release\",\"trigger\":{\"topic\":\"io/dotmac/customers/CUSTOMER_TAGGED\"},"
                + "\"conditions\":{\"all\":[{\"field\":\"tag\",\"op\":\"equals\",\"value\":\"hold\"},{\"field\":"
                + "\"change\",\"op\":\"equals\",\"value\":\"REMOVED\"}]},\"actions\":[{\"type\":"
                + "\"resume_subscription\",\"customerId\":\"{{customerId}}\"}]}");
        assertEquals(201, send("PUT", tags + customer + "/tags/hold", null, "Authorization", f.boss).statusCode());
        JsonNode held = awaitRuns(f, hold, 1).get(0);
        assertEquals(held.toString(), "suspended 1 subscription: " + sub, held.path("actions").get(0).path("detail")
                .asText());
        assertEquals("SUSPENDED", json(get("/api/v1/subscriptions/" + sub, "Authorization", f.boss)).path("status")
                .asText());
        assertEquals(204, send("DELETE", tags + customer + "/tags/hold", null, "Authorization", f.boss).statusCode());
        // "Hold" runs again on the removal and finds nothing active; "Release" resumes it
        assertEquals("suspended 0 subscriptions", awaitRuns(f, hold, 2).get(1).path("actions").get(0)
                .path("detail").asText());
        assertEquals("resumed 1 subscription: " + sub, awaitRuns(f, release, 1).get(0).path("actions").get(0)
                .path("detail").asText());
        assertEquals("ACTIVE", json(get("/api/v1/subscriptions/" + sub, "Authorization", f.boss)).path("status")
                .asText());

        Fixture other = fixtureTenant("ENTERPRISE");
        assertProblem(get(tags + customer + "/tags", "Authorization", other.boss), 404);
        assertProblem(send("PUT", tags + customer + "/tags/mine", null, "Authorization", other.boss), 404);
        assertProblem(send("DELETE", tags + customer + "/tags/vip-care", null, "Authorization", other.boss), 404);
        assertEquals(0, json(get("/api/v1/customers?tag=vip-care", "Authorization", other.boss)).path("items").size());
        assertEquals("[\"vip-care\"]", get(tags + customer + "/tags", "Authorization", f.boss).body());
    }

    protected void checkCronRulesRunOnceWhenDue() throws Exception {
        assumeDatabase();
        Fixture f = fixtureTenant("ENTERPRISE");
        String customer = customer(f.boss);
        String rule = rule(f, "{\"name\":\"Nightly check\",\"trigger\":{\"cron\":\"30 2 * * *\",\"zone\":"
                + "\"America/New_York\"},\"actions\":[{\"type\":\"set_customer_tag\",\"customerId\":\"" + customer
                + "\",\"tag\":\"checked\"}]}");
        java.time.Instant next = java.time.Instant.parse(json(get(RULES + "/" + rule, "Authorization", f.boss))
                .path("nextRunAt").asText());
        java.time.ZonedDateTime local = next.atZone(java.time.ZoneId.of("America/New_York"));
        assertEquals(2, local.getHour());
        assertEquals(30, local.getMinute());
        assertEquals(0, runs(f, rule).size());
        // the firing is due (as if the night had come): it runs once, and the rule moves to the next night
        java.sql.Timestamp due = java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        inTenantDb(f.tenantId, c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement("UPDATE dotmac_automation_rule SET next_run_at = ? "
                    + "WHERE id = ?")) {
                s.setTimestamp(1, due);
                s.setString(2, rule);
                return s.executeUpdate();
            }
        });
        JsonNode run = awaitRuns(f, rule, 1).get(0);
        assertEquals(run.toString(), "SUCCEEDED", run.path("status").asText());
        assertEquals("io/dotmac/automation/SCHEDULED", run.path("topic").asText());
        assertEquals(due.toInstant(), java.time.Instant.parse(run.path("event").path("scheduledAt").asText()));
        assertEquals("[\"checked\"]", get("/api/v1/customers/" + customer + "/tags", "Authorization", f.boss).body());
        java.time.Instant moved = java.time.Instant.parse(json(get(RULES + "/" + rule, "Authorization", f.boss))
                .path("nextRunAt").asText());
        assertTrue(moved + " after now", moved.isAfter(java.time.Instant.now()));
        assertEquals(1, runs(f, rule).size());
        // disabled: no next firing
        JsonNode disabled = json(send("POST", RULES + "/" + rule + "/disable", null, "Authorization", f.boss));
        assertTrue(disabled.path("nextRunAt").isMissingNode());
    }

    private List<String> subjects(Fixture f, String customerId) throws Exception {
        return tickets(f, customerId).stream().map(t -> t.path("subject").asText()).toList();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private List<String> ruleErrors(Fixture f, String body) throws Exception {
        HttpResponse<String> r = send("POST", RULES, body, "Authorization", f.boss);
        assertEquals(r.body(), 422, r.statusCode());
        List<String> fields = new ArrayList<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        return fields;
    }
}
