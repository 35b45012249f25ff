package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ops4j.pax.exam.Option;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dotmac.billing.automated.BillingRun;
import io.dotmac.billing.automated.BillingRunService;
import io.dotmac.billing.automated.BillingSettings;
import io.dotmac.platform.api.TenantRef;
import io.dotmac.platform.api.Tier;

/**
 * The BASIC plugin automated_billing through HTTP and the shell: billing runs (proration, tax, each period once,
 * failures named), the daily schedule following the tenant's tier, dunning with suspension and resumption, bad
 * input, and tenant isolation. Dates are relative to today, so the suite means the same on any day.
 */
public abstract class AutomatedBillingSuite extends CustomersSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CFG = "etc/io.dotmac.billing.automated.cfg";

    /** The options these suites add: no daily run unless a test turns it on, and a one-second schedule tick. */
    protected static Option[] automatedBilling() {
        return new Option[] { editConfigurationFilePut(CFG, "defaultScheduled", "false"),
            editConfigurationFilePut(CFG, "schedulerTickSeconds", "1"), tenancy() };
    }

    // ---- helpers ----

    protected static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The billing events seen since {@link #listen}, in order. */
    protected final List<Event> events = new CopyOnWriteArrayList<>();

    protected ServiceRegistration<EventHandler> listen() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, "io/dotmac/billing/*");
        return bundleContext.registerService(EventHandler.class, events::add, props);
    }

    protected List<Event> events(String topic, String tenantId) {
        return events.stream().filter(e -> e.getTopic().equals(topic) && tenantId.equals(e.getProperty("tenant")))
                .toList();
    }

    protected String plan(String boss, String name, String price, String taxRate) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("price", price).put("currency", "USD")
                .put("billingPeriod", "MONTHLY").put("downloadMbps", 100).put("uploadMbps", 20)
                .put("taxRate", taxRate);
        HttpResponse<String> r = send("POST", "/api/v1/plans", body.toString(), "Authorization", boss);
        assertEquals(r.body(), 201, r.statusCode());
        assertEquals(taxRate, json(r).path("taxRate").asText());
        return json(r).path("id").asText();
    }

    protected String customer(String boss) throws Exception {
        HttpResponse<String> r = createCustomer(boss, "Customer " + unique("c"), unique("c") + "@example.test");
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    protected String subscription(String boss, String customerId, String planId, LocalDate start) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/subscriptions", "{\"customerId\":\"" + customerId
                + "\",\"planId\":\"" + planId + "\",\"startDate\":\"" + start + "\"}", "Authorization", boss);
        assertEquals(r.body(), 201, r.statusCode());
        return json(r).path("id").asText();
    }

    protected HttpResponse<String> startRun(String boss, LocalDate date) throws Exception {
        return send("POST", "/api/v1/billing/runs", date == null ? "{}" : "{\"date\":\"" + date + "\"}",
                "Authorization", boss);
    }

    /** Starts a run for {@code date} and waits until it is over; returns it. */
    protected JsonNode run(String boss, LocalDate date) throws Exception {
        HttpResponse<String> started = startRun(boss, date);
        assertEquals(started.body(), 202, started.statusCode());
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode run = json(started);
        assertTrue(location.endsWith("/api/v1/billing/runs/" + run.path("id").asText()));
        return awaitRun(boss, run.path("id").asText());
    }

    protected JsonNode awaitRun(String boss, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await("billing run " + id + " to finish", Duration.ofSeconds(60), () -> {
            last[0] = json(get("/api/v1/billing/runs/" + id, "Authorization", boss));
            return !"RUNNING".equals(last[0].path("status").asText());
        });
        assertEquals(last[0].toString(), "COMPLETED", last[0].path("status").asText());
        return last[0];
    }

    protected List<JsonNode> invoices(String boss, String customerId) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        json(get("/api/v1/invoices?limit=200&customerId=" + customerId, "Authorization", boss)).path("items")
                .forEach(all::add);
        return all;
    }

    protected static String money(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }

    /** {@code price × days / full}, rounded half-even: the documented proration. */
    protected static long prorate(long price, long days, long full) {
        return BigDecimal.valueOf(price * days).divide(BigDecimal.valueOf(full), 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    protected static long tax19(long net) {
        return BigDecimal.valueOf(net).multiply(new BigDecimal("0.19")).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    protected HttpResponse<String> putSettings(String boss, String body) throws Exception {
        return send("PUT", "/api/v1/billing/settings", body, "Authorization", boss);
    }

    // ---- the tests ----

    protected void checkBillingRunIssuesEachDuePeriodOnceWithProrationAndTax() throws Exception {
        assumeDatabase();
        ServiceRegistration<EventHandler> listener = listen();
        try {
            String slug = unique("bill");
            String tenantId = createTenant(slug, "BASIC").path("id").asText();
            String boss = bearer(token(slug, "boss"));
            HttpResponse<String> settings = putSettings(boss, "{\"anchorDay\":1}");
            assertEquals(settings.body(), 200, settings.statusCode());
            assertEquals(1, json(settings).path("anchorDay").asInt());
            assertEquals(1, json(get("/api/v1/billing/settings", "Authorization", boss)).path("anchorDay").asInt());
            String home = plan(boss, "Home 100", "30.00", "19");
            String fast = plan(boss, "Fast 500", "60.00", "19");

            LocalDate today = today();
            LocalDate nextFirst = today.withDayOfMonth(1).plusMonths(1);
            // mid-period start: prorated to the next 1st, then a full month
            LocalDate midStart = today.minusDays(20).getDayOfMonth() == 1 ? today.minusDays(21) : today.minusDays(20);
            String mid = subscription(boss, customer(boss), home, midStart);
            // two full periods behind at most: starts on a 1st
            LocalDate firstStart = today.withDayOfMonth(1).minusMonths(1);
            String behind = subscription(boss, customer(boss), home, firstStart);
            // a customer whose subscription is not cancelled is not closed (every later run would fail on it): 409
            // naming it; cancelled, the customer closes and the run bills nothing for it
            String closedCustomer = customer(boss);
            String orphan = subscription(boss, closedCustomer, home, today.minusDays(3));
            HttpResponse<String> refused = send("DELETE", "/api/v1/customers/" + closedCustomer, null,
                    "Authorization", boss);
            assertEquals(refused.body(), 409, refused.statusCode());
            assertContains(refused.body(), orphan);
            assertEquals(200, send("POST", "/api/v1/subscriptions/" + orphan + "/cancel?at=NOW", null,
                    "Authorization", boss).statusCode());
            assertEquals(200, send("DELETE", "/api/v1/customers/" + closedCustomer, null, "Authorization", boss)
                    .statusCode());
            // not due yet
            String future = subscription(boss, customer(boss), home, today.plusDays(5));

            JsonNode run = run(boss, today);
            assertEquals(run.toString(), 2, run.path("total").asInt());
            assertEquals(2, run.path("done").asInt());
            assertEquals(0, run.path("failed").asInt());

            // the mid-period subscription: [start, next 1st) prorated; more when today is past that 1st
            JsonNode midSub = json(get("/api/v1/subscriptions/" + mid, "Authorization", boss));
            List<JsonNode> midInvoices = invoices(boss, midSub.path("customerId").asText());
            LocalDate anchor = midStart.withDayOfMonth(1).plusMonths(1);
            long days = ChronoUnit.DAYS.between(midStart, anchor);
            long net = prorate(3000, days, midStart.lengthOfMonth());
            // the prorated one, wherever the list puts it (it is the older, but both may share a millisecond)
            String proration = "(" + days + " of " + midStart.lengthOfMonth() + " days)";
            JsonNode first = midInvoices.stream()
                    .filter(i -> i.path("lines").get(0).path("description").asText().contains(proration))
                    .findFirst().orElseThrow(() -> new AssertionError("no invoice for " + proration + ": "
                            + midInvoices));
            assertEquals(money(net), first.path("subtotal").asText());
            assertEquals(money(tax19(net)), first.path("tax").asText());
            assertEquals(money(net + tax19(net)), first.path("total").asText());
            assertEquals("ISSUED", first.path("status").asText());
            assertEquals(today.toString(), first.path("issueDate").asText());
            assertEquals(today.plusDays(14).toString(), first.path("dueDate").asText());
            assertContains(first.path("lines").get(0).path("description").asText(), proration);
            int expectedMid = anchor.isAfter(today) ? 1 : 2;
            assertEquals(expectedMid, midInvoices.size());
            assertEquals((anchor.isAfter(today) ? anchor : anchor.plusMonths(1)).toString(),
                    midSub.path("nextBillingDate").asText());

            // the subscription that started on last month's 1st: that month and this one, in full
            JsonNode behindSub = json(get("/api/v1/subscriptions/" + behind, "Authorization", boss));
            List<JsonNode> behindInvoices = invoices(boss, behindSub.path("customerId").asText());
            assertEquals(2, behindInvoices.size());
            for (JsonNode i : behindInvoices) {
                assertEquals("35.70", i.path("total").asText());
            }
            assertEquals(nextFirst.toString(), behindSub.path("nextBillingDate").asText());
            assertEquals(future, json(get("/api/v1/subscriptions/" + future, "Authorization", boss)).path("id")
                    .asText());
            assertEquals(today.plusDays(5).toString(), json(get("/api/v1/subscriptions/" + future, "Authorization",
                    boss)).path("nextBillingDate").asText());

            // gapless numbers, one INVOICE_ISSUED each, carrying the run
            int issued = run.path("invoices").asInt();
            assertEquals(expectedMid + 2, issued);
            List<String> numbers = new ArrayList<>();
            json(get("/api/v1/invoices?limit=200", "Authorization", boss)).path("items")
                    .forEach(i -> numbers.add(i.path("number").asText()));
            numbers.sort(null);
            for (int n = 1; n <= issued; n++) {
                assertEquals(String.format("INV-%d-%06d", today.getYear(), n), numbers.get(n - 1));
            }
            await("an INVOICE_ISSUED event per invoice", Duration.ofSeconds(10),
                    () -> events("io/dotmac/billing/INVOICE_ISSUED", tenantId).size() == issued);
            for (Event e : events("io/dotmac/billing/INVOICE_ISSUED", tenantId)) {
                assertEquals(run.path("id").asText(), e.getProperty("runId"));
                assertEquals(slug, e.getProperty("tenantSlug"));
            }

            // the same date again: nothing more to bill
            JsonNode again = run(boss, today);
            assertEquals(0, again.path("invoices").asInt());
            assertEquals(0, again.path("failed").asInt());
            assertEquals(issued, json(get("/api/v1/invoices?limit=200", "Authorization", boss)).path("items").size());

            // an upgrade in the period billed before is settled on the next invoice
            HttpResponse<String> upgrade = send("PATCH", "/api/v1/subscriptions/" + behind,
                    "{\"planId\":\"" + fast + "\"}", "Authorization", boss);
            assertEquals(upgrade.body(), 200, upgrade.statusCode());
            JsonNode next = run(boss, nextFirst);
            assertTrue(next.path("invoices").asInt() >= 1);
            List<JsonNode> after = invoices(boss, behindSub.path("customerId").asText());
            assertEquals(3, after.size());
            JsonNode settled = after.get(2);
            long left = ChronoUnit.DAYS.between(today, nextFirst);
            long full = ChronoUnit.DAYS.between(nextFirst.minusMonths(1), nextFirst);
            long[] amounts = { 6000, -prorate(3000, left, full), prorate(6000, left, full) };
            JsonNode lines = settled.path("lines");
            assertEquals(settled.toString(), 3, lines.size());
            long subtotal = 0;
            long tax = 0;
            for (int i = 0; i < 3; i++) {
                assertEquals(money(amounts[i]), lines.get(i).path("net").asText());
                subtotal += amounts[i];
                tax += tax19(amounts[i]);
            }
            assertContains(lines.get(1).path("description").asText(), "Credit: Home 100 not used " + today);
            assertEquals(money(subtotal), settled.path("subtotal").asText());
            assertEquals(money(tax), settled.path("tax").asText());
        } finally {
            listener.unregister();
        }
    }

    protected void checkRunsFollowTheTierAndTheScheduleOnlyRunsForEntitledTenants() throws Exception {
        assumeDatabase();
        // FREE: 403 naming the plugin, on every billing endpoint
        String free = unique("free");
        createTenant(free, "FREE");
        String freeBoss = bearer(token(free, "boss"));
        HttpResponse<String> refused = startRun(freeBoss, null);
        assertProblem(refused, 403);
        assertEquals("automated_billing", json(refused).path("plugin").asText());
        assertEquals("BASIC", json(refused).path("requiredTier").asText());
        assertProblem(get("/api/v1/billing/runs", "Authorization", freeBoss), 403);
        assertProblem(get("/api/v1/billing/settings", "Authorization", freeBoss), 403);

        BillingRunService runs = awaitService(BillingRunService.class, null);
        BillingSettings midnight = new BillingSettings(true, "00:00", "UTC", null, null);
        // a tenant that lost the plugin: its daily run is due, but it gets none
        String lost = unique("lost");
        String lostId = createTenant(lost, "BASIC").path("id").asText();
        assertEquals(200, setTier(lostId, "FREE").statusCode());
        TenantRef lostRef = new TenantRef(lostId, lost, Tier.FREE);
        runs.updateSettings(lostRef, midnight);
        // an entitled tenant set up after it, with the same schedule: the tick that starts its run saw both
        String kept = unique("kept");
        String keptId = createTenant(kept, "BASIC").path("id").asText();
        String keptBoss = bearer(token(kept, "boss"));
        assertEquals(200, putSettings(keptBoss, "{\"scheduled\":true,\"runTime\":\"00:00\",\"timeZone\":\"UTC\"}")
                .statusCode());
        // a schedule switched on after today's run time starts at its next occurrence: no run today (3 ticks)
        Thread.sleep(3_000);
        assertEquals(0, json(get("/api/v1/billing/runs", "Authorization", keptBoss)).path("items").size());
        // one that began before today's run time and missed it (DotMac was down) is caught up
        scheduleBeganYesterday(keptId);
        await("the entitled tenant's scheduled run", Duration.ofSeconds(30),
                () -> json(get("/api/v1/billing/runs", "Authorization", keptBoss)).path("items").size() == 1);
        JsonNode scheduled = json(get("/api/v1/billing/runs", "Authorization", keptBoss)).path("items").get(0);
        assertEquals("SCHEDULED", scheduled.path("trigger").asText());
        assertEquals(today().toString(), scheduled.path("date").asText());
        assertEquals(0, runs.list(lostRef, 50, null).items().size());
        assertTrue(keptId.length() > 0);

        // back to BASIC: activated again, its schedule begins anew (nothing today), and runs once a day only
        assertEquals(200, setTier(lostId, "BASIC").statusCode());
        String lostBoss = bearer(token(lost, "boss"));
        Thread.sleep(3_000);
        assertEquals(0, json(get("/api/v1/billing/runs", "Authorization", lostBoss)).path("items").size());
        scheduleBeganYesterday(lostId);
        await("the scheduled run once entitled again", Duration.ofSeconds(30),
                () -> json(get("/api/v1/billing/runs", "Authorization", lostBoss)).path("items").size() == 1);
        awaitRun(lostBoss, json(get("/api/v1/billing/runs", "Authorization", lostBoss)).path("items").get(0)
                .path("id").asText());
        // losing the plugin keeps the data: refused over HTTP, still there when it comes back
        assertEquals(200, setTier(lostId, "FREE").statusCode());
        assertProblem(get("/api/v1/billing/runs", "Authorization", lostBoss), 403);
        assertEquals(1, runs.list(lostRef, 50, null).items().size());
        assertEquals(200, setTier(lostId, "BASIC").statusCode());
        assertEquals(1, json(get("/api/v1/billing/runs", "Authorization", lostBoss)).path("items").size());
        assertEquals(1, json(get("/api/v1/billing/runs", "Authorization", keptBoss)).path("items").size());
    }

    protected void checkDunningRemindsSuspendsAndResumesOncePaid() throws Exception {
        assumeDatabase();
        ServiceRegistration<EventHandler> listener = listen();
        try {
            String slug = unique("dun");
            String tenantId = createTenant(slug, "BASIC").path("id").asText();
            String boss = bearer(token(slug, "boss"));
            HttpResponse<String> set = putSettings(boss, "{\"dunning\":[{\"afterDays\":21,\"action\":\"SUSPEND\"},"
                    + "{\"afterDays\":3,\"action\":\"REMIND\"},{\"afterDays\":10,\"action\":\"REMIND\"}]}");
            assertEquals(set.body(), 200, set.statusCode());
            assertEquals(3, json(set).path("dunning").get(0).path("afterDays").asInt()); // kept in day order
            String plan = plan(boss, "Home 100", "30.00", "19");
            String customerId = customer(boss);
            LocalDate start = today();
            String sub = subscription(boss, customerId, plan, start);
            run(boss, start);
            JsonNode invoice = invoices(boss, customerId).get(0);
            LocalDate due = LocalDate.parse(invoice.path("dueDate").asText());

            // time passing: the invoice's due date moves into the past, and today's runs remind, then suspend
            dueDaysAgo(tenantId, invoice.path("id").asText(), 4);
            run(boss, today());
            await("the first reminder", Duration.ofSeconds(10),
                    () -> events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).size() == 1);
            Event first = events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).get(0);
            assertEquals(1, first.getProperty("step"));
            assertEquals("REMIND", first.getProperty("action"));
            assertEquals(4L, first.getProperty("daysOverdue"));
            assertEquals(invoice.path("id").asText(), first.getProperty("invoiceId"));
            assertEquals("35.70", first.getProperty("balance"));

            dueDaysAgo(tenantId, invoice.path("id").asText(), 11);
            run(boss, today());
            run(boss, today()); // again: each step once
            await("the second reminder", Duration.ofSeconds(10),
                    () -> events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).size() == 2);

            dueDaysAgo(tenantId, invoice.path("id").asText(), 22);
            LocalDate late = today();
            run(boss, late);
            await("the suspension", Duration.ofSeconds(10),
                    () -> events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).size() == 3);
            Event third = events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).get(2);
            assertEquals("SUSPEND", third.getProperty("action"));
            assertEquals("SUSPENDED", json(get("/api/v1/subscriptions/" + sub, "Authorization", boss))
                    .path("status").asText());
            assertEquals("SUSPENDED", json(get("/api/v1/customers/" + customerId, "Authorization", boss))
                    .path("status").asText());
            run(boss, late);
            assertEquals(3, events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).size());
            assertEquals(0, events("io/dotmac/billing/SERVICE_RESUMED", tenantId).size());

            // paying part keeps the hold; paying the rest resumes exactly what dunning suspended
            String pay = "/api/v1/invoices/" + invoice.path("id").asText() + "/payments";
            assertEquals(201, send("POST", pay, "{\"amount\":\"10.00\",\"method\":\"CASH\"}", "Authorization", boss)
                    .statusCode());
            assertEquals(201, send("POST", pay, "{\"amount\":\"25.70\",\"method\":\"CASH\"}", "Authorization", boss)
                    .statusCode());
            await("SERVICE_RESUMED", Duration.ofSeconds(10),
                    () -> events("io/dotmac/billing/SERVICE_RESUMED", tenantId).size() == 1);
            Event resumed = events("io/dotmac/billing/SERVICE_RESUMED", tenantId).get(0);
            assertEquals(customerId, resumed.getProperty("customerId"));
            assertEquals(List.of(sub), resumed.getProperty("subscriptionIds"));
            assertEquals("ACTIVE", json(get("/api/v1/subscriptions/" + sub, "Authorization", boss))
                    .path("status").asText());
            assertEquals("ACTIVE", json(get("/api/v1/customers/" + customerId, "Authorization", boss))
                    .path("status").asText());
            assertEquals(1, events("io/dotmac/billing/PAYMENT_RECEIVED", tenantId).stream()
                    .filter(e -> Boolean.TRUE.equals(e.getProperty("paid"))).count());
        } finally {
            listener.unregister();
        }
    }

    protected void checkARunDatedAheadBillsAheadAndDunsNobody() throws Exception {
        assumeDatabase();
        ServiceRegistration<EventHandler> listener = listen();
        try {
            String slug = unique("ahead");
            String tenantId = createTenant(slug, "BASIC").path("id").asText();
            String boss = bearer(token(slug, "boss"));
            assertEquals(200, putSettings(boss, "{\"dunning\":[{\"afterDays\":3,\"action\":\"REMIND\"},"
                    + "{\"afterDays\":5,\"action\":\"SUSPEND\"}]}").statusCode());
            String plan = plan(boss, "Home 100", "30.00", "19");
            String customerId = customer(boss);
            String sub = subscription(boss, customerId, plan, today());
            run(boss, today());
            LocalDate due = LocalDate.parse(invoices(boss, customerId).get(0).path("dueDate").asText());
            // more than a month ahead: refused unless confirmed, and nothing starts
            HttpResponse<String> unconfirmed = startRun(boss, today().plusMonths(2));
            assertProblem(unconfirmed, 422);
            assertEquals("confirmAhead", json(unconfirmed).path("errors").get(0).path("field").asText());
            assertEquals(1, json(get("/api/v1/billing/runs", "Authorization", boss)).path("items").size());
            // confirmed, dated where the invoice would be long overdue: it bills ahead, and dunning acts on today
            LocalDate ahead = due.plusDays(10).isAfter(today().plusMonths(1)) ? due.plusDays(10)
                    : today().plusMonths(1).plusDays(1);
            HttpResponse<String> started = send("POST", "/api/v1/billing/runs", "{\"date\":\"" + ahead
                    + "\",\"confirmAhead\":true}", "Authorization", boss);
            assertEquals(started.body(), 202, started.statusCode());
            awaitRun(boss, json(started).path("id").asText());
            assertTrue(invoices(boss, customerId).size() >= 2);
            assertEquals(0, events("io/dotmac/billing/PAYMENT_OVERDUE", tenantId).size());
            assertEquals("ACTIVE", json(get("/api/v1/subscriptions/" + sub, "Authorization", boss))
                    .path("status").asText());
            assertEquals("ACTIVE", json(get("/api/v1/customers/" + customerId, "Authorization", boss))
                    .path("status").asText());
        } finally {
            listener.unregister();
        }
    }

    /** As if the tenant's daily schedule had begun yesterday (and today's run had been missed). */
    private void scheduleBeganYesterday(String tenantId) throws Exception {
        assertEquals(Integer.valueOf(1), inTenantDb(tenantId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_billing_settings SET schedule_from = ? "
                    + "WHERE tenant_id = ?")) {
                s.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minus(1, ChronoUnit.DAYS)));
                s.setString(2, tenantId);
                return s.executeUpdate();
            }
        }));
    }

    /** Moves an invoice's due date to {@code days} before today, as if that time had passed. */
    protected void dueDaysAgo(String tenantId, String invoiceId, int days) throws Exception {
        assertEquals(Integer.valueOf(1), inTenantDb(tenantId, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dotmac_invoice SET due_date = ? WHERE id = ? "
                    + "AND tenant_id = ?")) {
                s.setObject(1, today().minusDays(days));
                s.setString(2, invoiceId);
                s.setString(3, tenantId);
                return s.executeUpdate();
            }
        }));
    }

    protected void checkBadBillingInputIsNamedAndChangesNothing() throws Exception {
        assumeDatabase();
        String slug = unique("badb");
        String tenantId = createTenant(slug, "BASIC").path("id").asText();
        String boss = bearer(token(slug, "boss"));
        JsonNode before = json(get("/api/v1/billing/settings", "Authorization", boss));

        HttpResponse<String> r = send("POST", "/api/v1/billing/runs", "{\"date\":\"2026-13-01\"}",
                "Authorization", boss);
        assertProblem(r, 422);
        assertEquals("date", json(r).path("errors").get(0).path("field").asText());
        r = startRun(boss, today().plusYears(3));
        assertProblem(r, 422);
        assertEquals("date", json(r).path("errors").get(0).path("field").asText());
        assertProblem(send("POST", "/api/v1/billing/runs", "{\"date\":", "Authorization", boss), 400);
        assertProblem(send("POST", "/api/v1/billing/runs", "{\"when\":\"today\"}", "Authorization", boss), 400);

        ObjectNode bad = JSON.createObjectNode().put("runTime", "25:00").put("timeZone", "Mars/Olympus_Mons")
                .put("anchorDay", 31);
        ArrayNode dunning = bad.putArray("dunning");
        dunning.addObject().put("afterDays", 0).put("action", "SHOUT");
        r = putSettings(boss, bad.toString());
        assertProblem(r, 422);
        List<String> fields = new ArrayList<>();
        json(r).path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertEquals(List.of("runTime", "timeZone", "anchorDay", "dunning[0].afterDays", "dunning[0].action"),
                fields);
        r = putSettings(boss, "{\"dunning\":[{\"afterDays\":5,\"action\":\"SUSPEND\"},"
                + "{\"afterDays\":9,\"action\":\"SUSPEND\"}]}");
        assertProblem(r, 422);
        assertContains(r.body(), "at most one SUSPEND step");
        assertEquals(before, json(get("/api/v1/billing/settings", "Authorization", boss)));
        assertEquals(0, json(get("/api/v1/billing/runs", "Authorization", boss)).path("items").size());

        // staff may read, only an isp_admin starts runs or changes settings
        addUser(tenantId, "clerk", "ISP_STAFF");
        String clerk = bearer(token(slug, "clerk"));
        assertProblem(startRun(clerk, null), 403);
        assertProblem(putSettings(clerk, "{\"anchorDay\":1}"), 403);
        assertEquals(200, get("/api/v1/billing/runs", "Authorization", clerk).statusCode());
        assertProblem(get("/api/v1/billing/runs/nope", "Authorization", boss), 404);
    }

    protected void checkAnotherTenantCanNeitherSeeNorChangeBilling() throws Exception {
        assumeDatabase();
        String a = unique("bia");
        String b = unique("bib");
        createTenant(a, "BASIC");
        createTenant(b, "BASIC");
        String bossA = bearer(token(a, "boss"));
        String bossB = bearer(token(b, "boss"));
        assertEquals(200, putSettings(bossA, "{\"anchorDay\":7,\"timeZone\":\"Europe/Berlin\"}").statusCode());
        String plan = plan(bossA, "Home", "30.00", "0");
        subscription(bossA, customer(bossA), plan, today());
        JsonNode runA = run(bossA, today());
        String runPath = "/api/v1/billing/runs/" + runA.path("id").asText();

        assertProblem(get(runPath, "Authorization", bossB), 404);
        assertEquals(0, json(get("/api/v1/billing/runs", "Authorization", bossB)).path("items").size());
        JsonNode settingsB = json(get("/api/v1/billing/settings", "Authorization", bossB));
        assertFalse(settingsB.has("anchorDay"));
        assertEquals("UTC", settingsB.path("timeZone").asText());
        // B's run bills nothing of A's
        JsonNode runB = run(bossB, today());
        assertEquals(0, runB.path("total").asInt());
        assertEquals(0, runB.path("invoices").asInt());
        assertEquals(runA.toString(), json(get(runPath, "Authorization", bossA)).toString());
    }

    protected void checkBillingRunCommandShowsProgressUntilDone() throws Exception {
        assumeDatabase();
        String slug = unique("shb");
        createTenant(slug, "BASIC");
        String boss = bearer(token(slug, "boss"));
        String plan = plan(boss, "Home", "30.00", "0");
        for (int i = 0; i < 3; i++) {
            subscription(boss, customer(boss), plan, today());
        }
        String out = shell("dotmac:billing-run --date " + today() + " " + slug);
        assertContains(out, "3 subscriptions due");
        assertContains(out, "[" + "#".repeat(40) + "] 100% 3/3");
        assertContains(out, "COMPLETED: 3 billed, 0 failed, 3 invoices");
        assertContains(shell("dotmac:billing-run --date 2026-02-30 " + slug), "--date must be a date");
        String free = unique("shf");
        createTenant(free, "FREE");
        assertContains(shell("dotmac:billing-run " + free), "requires BASIC");
    }
}
