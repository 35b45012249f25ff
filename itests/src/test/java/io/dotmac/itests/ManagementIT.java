package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The management platform in the booted distribution (a process on loopback, GreenMail as its SMTP server): before
 * {@code feature:install dotmac-management} its REST paths answer 503 saying so; installed, an invalid registration
 * is refused naming each field with nothing kept, a valid SHARED one runs its deployment job to READY (each step
 * DONE), the welcome e-mail reaches the contact through the platform's own tenant, and its administrator logs in to
 * the new tenant with the password it carries (the feature installed at runtime refreshing nothing); a job failing
 * for good is compensated (its tenant suspended); a DEDICATED one waits for its contact's confirmation link; the same domain again is a conflict; the shell lists and shows the
 * job; a client address registering too often gets 429.
 */
class ManagementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "management-admin-1";

    private KarafProcess.Booted karaf;
    private GreenMail smtp;
    private final HttpClient http = KarafProcess.http();


    static String registration(String domain, String tier) {
        return "{\"business\":{\"companyName\":\"Acme Broadband GmbH\",\"registrationNumber\":\"HRB 12345\","
                + "\"taxId\":\"DE123456789\",\"country\":\"DE\",\"primaryContact\":{\"name\":\"Ada Lovelace\","
                + "\"email\":\"ada@" + domain + "\",\"phone\":\"+49 30 1234567\"},\"serviceArea\":\"Berlin\","
                + "\"customerBaseSize\":1200},\"technical\":{\"region\":\"local\",\"domain\":\"" + domain + "\","
                + "\"integrations\":[\"radius\"]},\"commercial\":{\"tier\":\"" + tier + "\",\"billingCycle\":"
                + "\"MONTHLY\",\"supportLevel\":\"STANDARD\",\"training\":true},\"deployment\":\"SHARED\"}";
    }

    private static JsonNode read(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<String> fields(HttpResponse<String> r) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode e : read(r).path("errors")) {
            out.add(e.path("field").asText());
        }
        return out;
    }

    /** A PostgreSQL database with its three roles, for this test only (null: the embedded H2). */
    private String[] pg;

    @AfterEach
    void stop() throws Exception {
        if (karaf != null) {
            // child instances run as processes of their own: a failed test may leave some
            String instances = karaf.home().toRealPath().resolve("instances").toString();
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(instances))
                    .orElse(false)).forEach(ProcessHandle::destroyForcibly);
            KarafProcess.stop(karaf.home());
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (pg != null) {
            try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + pg[0] + " WITH (FORCE)");
                for (int i = 1; i < pg.length; i++) {
                    s.execute("DROP ROLE IF EXISTS " + pg[i]);
                }
                // a child's, when the test failed before decommissioning it
                s.execute("DROP DATABASE IF EXISTS dotmac_isp_pg_dedicated WITH (FORCE)");
                for (String role : List.of("owner", "app", "system")) {
                    s.execute("DROP ROLE IF EXISTS dotmac_isp_pg_dedicated_" + role);
                }
            }
        }
    }

    /** Boots the distribution on H2 or on a new PostgreSQL database, GreenMail as its SMTP server. */
    private void boot(boolean postgres, String... managementSettings) throws Exception {
        if (postgres) {
            String unreachable = PostgresDatabase.unreachable();
            if (unreachable != null && PostgresDatabase.ci()) {
                throw new AssertionError(unreachable);
            }
            assumeTrue(unreachable == null, unreachable);
            String suffix = (System.currentTimeMillis() / 1000) + "_" + UUID.randomUUID().toString().substring(0, 6);
            pg = new String[] {"dotmac_it_" + suffix, "dotmac_it_owner_" + suffix, "dotmac_it_app_" + suffix,
                "dotmac_it_system_" + suffix};
            try (Connection c = PostgresDatabase.admin(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE " + pg[1] + " LOGIN PASSWORD 'owner'");
                s.execute("CREATE ROLE " + pg[2] + " LOGIN PASSWORD 'app'");
                s.execute("CREATE ROLE " + pg[3] + " LOGIN PASSWORD 'system'");
                s.execute("CREATE DATABASE " + pg[0] + " OWNER " + pg[1]);
            }
        }
        int smtpPort = DotMacTestSupport.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        karaf = KarafProcess.boot("management", ADMIN_PASSWORD, home -> {
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "smtpPort",
                    String.valueOf(smtpPort));
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "pollMillis", "200");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "region.local.baseDomain",
                    "isp.example.test");
            // the ENTERPRISE demo's webhook delivers to the platform's own inbox (publicUrl), here on loopback
            KarafProcess.set(home.resolve("etc/io.dotmac.integrations.cfg"), "allowedNetworks", "127.0.0.1/32");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "publicUrl", "http://127.0.0.1:"
                    + KarafProcess.port(home));
            // a region whose instances are dedicated (Karaf child instances of this one), and a shared one whose
            // platform tenant does not exist (its welcome e-mails cannot go out)
            Files.writeString(home.resolve("etc/io.dotmac.management.cfg"), "\nregion.dedicated-test.provider = "
                    + "karaf-instance\nregion.dedicated-test.description = Dedicated, for the test\n"
                    + "region.no-mail.provider = shared\nregion.no-mail.platformTenant = nobody\n",
                    java.nio.file.StandardOpenOption.APPEND);
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "regions",
                    "local, dedicated-test, no-mail");
            for (int i = 0; i < managementSettings.length; i += 2) {
                KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), managementSettings[i],
                        managementSettings[i + 1]);
            }
            if (pg != null) {
                // the account that makes each child's database and roles
                Files.writeString(home.resolve("etc/io.dotmac.management.cfg"), "\nregion.dedicated-test.postgresUser = "
                        + PostgresDatabase.ADMIN_USER + "\nregion.dedicated-test.postgresPassword = "
                        + PostgresDatabase.ADMIN_PASSWORD + "\n", java.nio.file.StandardOpenOption.APPEND);
                KarafProcess.onPostgres(home, pg);
            }
        });
    }

    @Test
    void anIspRegistersAndItsSharedTenantIsReadyWithItsWelcomeEmailOnH2() throws Exception {
        boot(false, "registrationsPerHour", "14", "maxAttempts", "2", "retryBaseMillis", "200",
                "annualDiscountPercent", "15");
        String admin = prepare();
        long started = System.nanoTime();
        String first = dedicatedWaitsForTheConfirmedAddress(admin, "own-instance.example.com");
        String second = dedicatedWaitsForTheConfirmedAddress(admin, "second-isp.example.com");
        // the two child instances boot while the shared flows run
        aStepFailingForGoodIsCompensated(admin);
        aDomainIsRegisteredOnceWhenAskedAtOnce();
        String annual = sharedAnnualIspIsReady(admin);
        registerAndUse(admin, 1);
        twoChildInstancesAreReadyAndOneIsDecommissioned(admin, started, first, second);
        theIspsAreThePlatformsCustomersBilledByItsBillingEngine(admin, first, second, annual);
        aFreeIspIsWarnedAt80And100PercentOfItsCustomersAndItsUsageIsMetered(admin);
        thePlatformsFiguresAndAnIspsHealthScoreAreAsComputedByHand(admin, first, second);
        new DemosChecks(http, karaf.port(), admin, karaf.home()).sampleDataExtensionReminderAndExpiry(smtp);
    }

    /**
     * The analytics of this test's platform, computed by hand: billed now acme-broadband (PREMIUM since its change,
     * 149.00), yearly-net (ENTERPRISE annual, 339.15), second-isp (dedicated PREMIUM, 149.00) and race-isp (FREE,
     * 0.00); own-instance was decommissioned (PREMIUM, 149.00 a month). All became ready this month. The health
     * score of race-isp: 100 of 100 customers (advice to move up), one of its four FREE plugins used (25), no
     * invoices and no tickets (left out).
     */
    private void thePlatformsFiguresAndAnIspsHealthScoreAreAsComputedByHand(String admin, String decommissionedJob,
            String dedicatedJob) throws Exception {
        int port = karaf.port();
        JsonNode f = read(KarafProcess.get(http, port, "/api/v1/platform/analytics?months=1", admin));
        assertEquals(4, f.path("isps").asInt(), f.toString());
        assertEquals("{\"FREE\":1,\"BASIC\":0,\"PREMIUM\":2,\"ENTERPRISE\":1}", f.path("ispsByTier").toString());
        assertEquals("{\"dedicated-test\":1,\"local\":3}", f.path("ispsByRegion").toString());
        assertEquals(100, f.path("customers").asLong(), "race-isp's 100; the dedicated ISP's are not seen");
        assertEquals("637.15", f.path("mrr").asText(), "149 + 339.15 + 149 + 0");
        assertEquals("7645.80", f.path("arr").asText());
        assertEquals("USD", f.path("currency").asText());
        JsonNode month = f.path("months").get(0);
        assertEquals(java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString(), month.path("month").asText());
        assertEquals(0, month.path("activeAtStart").asInt(), month.toString());
        assertEquals(5, month.path("newIsps").asInt(), month.toString());
        assertEquals(1, month.path("churnedIsps").asInt());
        assertEquals(4, month.path("activeAtEnd").asInt());
        assertEquals("786.15", month.path("newMrr").asText(), "the four billed and own-instance's 149.00");
        assertEquals("149.00", month.path("churnedMrr").asText());
        assertFalse(month.hasNonNull("growthPercent"), "no ISP at the month's start: " + month);
        Map<String, Integer> plugins = new java.util.HashMap<>();
        f.path("plugins").forEach(p -> plugins.put(p.path("plugin").asText(), p.path("isps").asInt()));
        assertEquals(3, plugins.get("customer_management"), plugins.toString());
        assertEquals(2, plugins.get("network_monitoring"), "PREMIUM and ENTERPRISE: " + plugins);
        assertEquals(1, plugins.get("sla_management"), plugins.toString());
        assertEquals("0.00", f.path("marketplace").path("charged").asText(), f.toString());
        assertEquals(422, KarafProcess.get(http, port, "/api/v1/platform/analytics?months=0", admin).statusCode());

        String race = null;
        for (JsonNode isp : read(KarafProcess.get(http, port, "/api/v1/platform/isps", admin)).path("items")) {
            if ("race-isp".equals(isp.path("tenant").asText())) {
                race = isp.path("ispId").asText();
            }
        }
        JsonNode score = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + race + "/health-score", admin));
        Map<String, JsonNode> parts = new java.util.HashMap<>();
        score.path("parts").forEach(p -> parts.put(p.path("name").asText(), p));
        assertEquals(50, parts.get("customer_growth").path("score").asInt(), score.toString());
        assertFalse(parts.get("revenue_trend").hasNonNull("score"), score.toString());
        assertFalse(parts.get("ticket_resolution").hasNonNull("score"), score.toString());
        assertEquals(25, parts.get("feature_adoption").path("score").asInt(), score.toString());
        assertEquals("1 of 4 plugins used in 30 days", parts.get("feature_adoption").path("measured").asText());
        int latency = parts.get("api_latency").path("score").asInt();
        assertEquals(Math.round((50 * 25 + latency * 15 + 25 * 20) / 60.0), score.path("score").asInt(),
                "the weighted mean of the measured parts: " + score);
        assertEquals("100 of 100 customers its tier FREE allows: BASIC allows more",
                score.path("recommendations").get(0).asText(), score.toString());
        assertTrue(score.path("recommendations").toString().contains("not yet basic_billing, ticketing, user_auth"),
                score.toString());

        String dedicatedIsp = read(KarafProcess.get(http, port, "/api/v1/deployments/" + dedicatedJob, admin))
                .path("ispId").asText();
        JsonNode remote = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + dedicatedIsp
                + "/health-score", admin));
        assertFalse(remote.hasNonNull("score"), "a dedicated ISP's data is on its own instance: " + remote);
        String gone = read(KarafProcess.get(http, port, "/api/v1/deployments/" + decommissionedJob, admin))
                .path("ispId").asText();
        assertEquals(404, KarafProcess.get(http, port, "/api/v1/platform/isps/" + gone + "/health-score", admin)
                .statusCode());
    }

    /**
     * The FREE ISP (race-isp, 100 customers at most) adds customers: at the 80th and the 100th its contact gets the
     * limit warning e-mail from the platform's tenant, the 101st is refused (403). Its hour of usage then holds the
     * requests it made (with their p95) and its 100 customers; the platform tenant's, the e-mails it sent.
     */
    private void aFreeIspIsWarnedAt80And100PercentOfItsCustomersAndItsUsageIsMetered(String admin) throws Exception {
        int port = karaf.port();
        for (int i = 1; i <= 101; i++) {
            HttpResponse<String> created = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/customers")).header("Authorization", "Bearer " + admin)
                    .header("X-Tenant-ID", "race-isp").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Subscriber " + i
                            + "\",\"email\":\"s" + i + "@race-isp.example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(i <= 100 ? 201 : 403, created.statusCode(), i + ": " + created.body());
        }
        MimeMessage at80 = awaitMail("Acme Broadband GmbH: 80 of 100 customers (80 %)", "ada@race-isp.example.com");
        assertTrue(GreenMailUtil.getBody(at80).contains("FREE"), GreenMailUtil.getBody(at80));
        MimeMessage at100 = awaitMail("Acme Broadband GmbH: 100 of 100 customers (100 %)",
                "ada@race-isp.example.com");
        assertTrue(GreenMailUtil.getBody(at100).replace("=\r\n", "").contains("BASIC allows more"),
                GreenMailUtil.getBody(at100));

        assertEquals(204, KarafProcess.post(http, port, "/api/v1/platform/usage/flush", "", admin).statusCode());
        JsonNode hours = read(KarafProcess.get(http, port, "/api/v1/platform/usage/race-isp", admin)).path("items");
        assertTrue(hours.size() >= 1 && hours.size() <= 2, "one hour, two across an hour's end: " + hours);
        JsonNode hour = hours.get(hours.size() - 1);
        assertEquals(100, hour.path("customers").asLong(), hour.toString());
        long calls = 0;
        for (JsonNode h : hours) {
            calls += h.path("apiCalls").asLong();
        }
        assertTrue(calls >= 101, hours.toString());
        long stored = 0;
        for (JsonNode h : hours) {
            stored = Math.max(stored, h.path("storageBytes").asLong());
        }
        assertTrue(stored > 0, "what it stores, measured at the day's first flush: " + hours);
        assertTrue(hour.path("apiP95Millis").asDouble() > 0, hour.toString());
        JsonNode platform = read(KarafProcess.get(http, port, "/api/v1/platform/usage/platform", admin))
                .path("items");
        assertTrue(platform.get(platform.size() - 1).path("emailsSent").asLong() >= 3,
                "the welcome, confirmation and warning e-mails went out as the platform tenant: " + platform);
        assertEquals(422, KarafProcess.get(http, port, "/api/v1/platform/usage/race-isp?from=yesterday", admin)
                .statusCode());
        assertEquals(404, KarafProcess.get(http, port, "/api/v1/platform/usage/no-such-tenant", admin).statusCode());
    }

    /** An ENTERPRISE ISP paying yearly, on the shared instance; its registration id. */
    private String sharedAnnualIspIsReady(String admin) throws Exception {
        int port = karaf.port();
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("yearly-net.example.com", "ENTERPRISE").replace("\"MONTHLY\"", "\"ANNUAL\"")
                        .replace("Acme Broadband GmbH", "Yearly Net AG"), null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        awaitJob(port, admin, read(accepted).path("deploymentId").asText(),
                j -> j.path("status").asText().equals("READY"));
        return read(accepted).path("ispId").asText();
    }

    /**
     * Every ISP whose deployment became ready is a customer of the platform's tenant with a subscription to its tier
     * (monthly, or yearly at the configured discount), made by the reconciliation the READY events start; running it
     * again changes nothing; a decommissioned ISP's subscription is cancelled and one that never got ready is not
     * billed. The platform tenant's billing run invoices them; a shared ISP's tier change moves its subscription (the
     * same one) to the new tier's plan, and the next period's invoice settles it: the old plan's unused days
     * credited, the new plan's charged.
     */
    private void theIspsAreThePlatformsCustomersBilledByItsBillingEngine(String admin, String decommissionedJob,
            String dedicatedJob, String annual) throws Exception {
        int port = karaf.port();
        JsonNode reconciled = read(KarafProcess.post(http, port, "/api/v1/platform/isps/reconcile", "", admin));
        assertEquals(0, read(KarafProcess.post(http, port, "/api/v1/platform/isps/reconcile", "", admin))
                .path("changed").asInt(), "a second reconciliation: " + reconciled);
        Map<String, JsonNode> byCompany = new java.util.HashMap<>();
        JsonNode isps = read(KarafProcess.get(http, port, "/api/v1/platform/isps", admin));
        for (JsonNode isp : isps.path("items")) {
            byCompany.put(isp.path("tenant").asText(isp.path("companyName").asText()) + "/" + isp.path("status")
                    .asText(), isp);
        }
        assertEquals(5, isps.path("items").size(), "the failed registration is not billed: " + isps);
        JsonNode free = byCompany.get("race-isp/ACTIVE");
        assertNotNull(free, isps.toString());
        assertEquals("FREE", free.path("tier").asText());
        assertEquals("0.00", free.path("monthlyAmount").asText(), "a FREE ISP is a customer with nothing to pay");
        assertFalse(free.hasNonNull("subscriptionId"), free.toString());
        JsonNode acme = byCompany.get("acme-broadband/ACTIVE");
        assertNotNull(acme, isps.toString());
        assertEquals("BASIC", acme.path("tier").asText());
        assertEquals("MONTHLY", acme.path("billingCycle").asText());
        assertEquals("49.00", acme.path("monthlyAmount").asText());
        assertEquals("USD", acme.path("currency").asText());
        JsonNode yearly = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + annual, admin));
        assertEquals("ENTERPRISE", yearly.path("tier").asText(), yearly.toString());
        assertEquals("ANNUAL", yearly.path("billingCycle").asText());
        assertEquals("339.15", yearly.path("monthlyAmount").asText(), "399 × 12 × 0.85 / 12");
        String dedicatedIsp = read(KarafProcess.get(http, port, "/api/v1/deployments/" + dedicatedJob, admin))
                .path("ispId").asText();
        JsonNode dedicated = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + dedicatedIsp, admin));
        assertEquals("ACTIVE", dedicated.path("status").asText(), dedicated.toString());
        assertEquals("PREMIUM", dedicated.path("tier").asText());
        assertEquals("149.00", dedicated.path("monthlyAmount").asText());
        String gone = read(KarafProcess.get(http, port, "/api/v1/deployments/" + decommissionedJob, admin))
                .path("ispId").asText();
        JsonNode decommissioned = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + gone, admin));
        assertEquals("CANCELLED", decommissioned.path("status").asText(), decommissioned.toString());
        assertEquals("0.00", decommissioned.path("monthlyAmount").asText());
        assertEquals(404, KarafProcess.get(http, port, "/api/v1/platform/isps/01NOSUCHISP0000000000000000", admin)
                .statusCode());

        // the platform tenant's own books: the ISP is its customer, subscribed to "DotMac BASIC (monthly)"
        String ops = read(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"tenant\":\"platform\","
                + "\"username\":\"ops\",\"password\":\"platform-pass-1\"}", null)).path("access_token").asText();
        String customer = acme.path("customerId").asText();
        JsonNode subscriptions = read(KarafProcess.get(http, port, "/api/v1/subscriptions?customerId=" + customer,
                ops)).path("items");
        assertEquals(1, subscriptions.size(), subscriptions.toString());
        assertEquals(acme.path("subscriptionId").asText(), subscriptions.get(0).path("id").asText());
        JsonNode plan = read(KarafProcess.get(http, port, "/api/v1/plans/" + subscriptions.get(0).path("planId")
                .asText(), ops));
        assertEquals("DotMac BASIC (monthly)", plan.path("name").asText(), plan.toString());
        // the platform tenant's own users (and so any tenant's) are not the platform's operators: nothing of another
        // tenant is read or changed through these paths
        for (String path : List.of("/api/v1/platform/isps", "/api/v1/platform/isps/" + acme.path("ispId").asText(),
                "/api/v1/platform/analytics", "/api/v1/platform/usage/acme-broadband",
                "/api/v1/platform/isps/" + acme.path("ispId").asText() + "/health-score", "/api/v1/demos")) {
            assertEquals(403, KarafProcess.get(http, port, path, ops).statusCode(), path);
        }
        for (String path : List.of("/api/v1/platform/isps/reconcile", "/api/v1/platform/usage/flush")) {
            assertEquals(403, KarafProcess.post(http, port, path, "", ops).statusCode(), path);
        }
        String acmeTenant = read(KarafProcess.get(http, port, "/api/v1/tenants/acme-broadband", admin)).path("id")
                .asText();
        assertEquals(403, KarafProcess.delete(http, port, "/api/v1/tenants/" + acmeTenant, ops).statusCode());
        HttpResponse<String> active = KarafProcess.delete(http, port, "/api/v1/tenants/" + acmeTenant, admin);
        assertEquals(409, active.statusCode(), "an active tenant is not deleted: " + active.body());
        assertTrue(active.body().contains("suspend it first"), active.body());

        // today's run invoices the month ahead
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        billingRun(ops, today, false);
        JsonNode first = invoices(ops, customer);
        assertEquals(1, first.size(), first.toString());
        assertEquals("49.00", first.get(0).path("subtotal").asText(), first.toString());
        JsonNode yearlyInvoice = invoices(ops, yearly.path("customerId").asText());
        assertEquals("4069.80", yearlyInvoice.get(0).path("subtotal").asText(), yearlyInvoice.toString());

        // the ISP moves up to PREMIUM: the same subscription, the new tier's plan
        String tenantId = read(KarafProcess.get(http, port, "/api/v1/tenants/acme-broadband", admin)).path("id")
                .asText();
        assertEquals(200, KarafProcess.put(http, port, "/api/v1/tenants/" + tenantId + "/tier",
                "{\"tier\":\"PREMIUM\"}", admin).statusCode());
        JsonNode moved = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            moved = read(KarafProcess.get(http, port, "/api/v1/platform/isps/" + acme.path("ispId").asText(),
                    admin));
            if (moved.path("tier").asText().equals("PREMIUM") && moved.path("monthlyAmount").asText()
                    .equals("149.00")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("149.00", moved.path("monthlyAmount").asText(), moved.toString());
        assertEquals(acme.path("subscriptionId").asText(), moved.path("subscriptionId").asText());

        // the next period's invoice: PREMIUM ahead, and the month billed at BASIC settled
        java.time.LocalDate next = today.plusMonths(1);
        billingRun(ops, next, true);
        JsonNode second = invoices(ops, customer);
        assertEquals(2, second.size(), second.toString());
        String lines = second.toString();
        assertTrue(lines.contains("Credit: DotMac BASIC (monthly) not used"), lines);
        assertTrue(lines.contains("DotMac PREMIUM (monthly) from"), lines);
        JsonNode latest = second.get(0).path("issueDate").asText().compareTo(second.get(1).path("issueDate")
                .asText()) >= 0 && second.get(0).path("lines").size() > 1 ? second.get(0) : second.get(1);
        assertEquals("249.00", latest.path("subtotal").asText(), "149 ahead − 49 + 149: " + latest);
    }

    private void billingRun(String token, java.time.LocalDate date, boolean ahead) throws Exception {
        int port = karaf.port();
        HttpResponse<String> started = KarafProcess.post(http, port, "/api/v1/billing/runs", "{\"date\":\"" + date
                + "\",\"confirmAhead\":" + ahead + "}", token);
        assertEquals(202, started.statusCode(), started.body());
        String id = read(started).path("id").asText();
        JsonNode run = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            run = read(KarafProcess.get(http, port, "/api/v1/billing/runs/" + id, token));
            if (!run.path("status").asText().equals("RUNNING") && !run.path("status").asText().equals("PENDING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("COMPLETED", run.path("status").asText(), run.toString());
    }

    private JsonNode invoices(String token, String customer) throws Exception {
        return read(KarafProcess.get(http, karaf.port(), "/api/v1/invoices?customerId=" + customer, token))
                .path("items");
    }

    /**
     * On PostgreSQL (one boot for all, to keep the build short): the kill -9 resume of a shared job and of a
     * karaf-instance job (killed while its child boots; the child gets a PostgreSQL database of its own, dropped when
     * it is decommissioned), then the shared flow.
     */
    @Test
    void onPostgresJobsKilledMidwayFinishOnceAndAnIspRegistersAndIsReady() throws Exception {
        // (the per-address count is in memory: the restart forgets the registrations before it)
        boot(true, "registrationsPerHour", "3", "retryBaseMillis", "1500", "maxAttempts", "40",
                "region.local.platformTenant", "late");
        jobsKilledMidwayAreTakenUpAfterTheRestartAndFinishOnce();
        registerAndUse(adminToken(karaf.port()), 0);
        DemosChecks demos = new DemosChecks(http, karaf.port(), adminToken(karaf.port()), karaf.home());
        demos.destroyedDemoLeavesNothing(pg[0]);
        demos.conversionsOnPostgres(pg[0]);
    }

    /**
     * Two jobs stopped by SIGKILL midway are taken up when the distribution starts again and finish once: a shared
     * one waiting at WELCOME (the region's platform tenant 'late' does not exist yet), whose tenant is not made again
     * and whose welcome e-mail goes out once; and a karaf-instance one killed in DEPLOY while its child boots, which
     * is not made or started again (the child outlives its parent) and ends READY with the ISP's admin logging in
     * there. Its PostgreSQL database and roles go when it is decommissioned.
     */
    private void jobsKilledMidwayAreTakenUpAfterTheRestartAndFinishOnce() throws Exception {
        int port = karaf.port();
        String admin = adminToken(port);
        install(port);
        assertEquals(201, KarafProcess.post(http, port, "/api/v1/tenants", PLATFORM_TENANT, admin).statusCode());
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("resumed-isp.example.com", "FREE"), null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String shared = read(accepted).path("deploymentId").asText();
        String dedicated = dedicatedWaitsForTheConfirmedAddress(admin, "pg-dedicated.example.com");
        awaitJob(port, admin, shared, j -> j.path("currentStep").asText().equals("WELCOME")
                && j.path("steps").get(6).path("attempts").asInt() >= 2);
        JsonNode booting = awaitJob(port, admin, dedicated, j -> j.path("currentStep").asText().equals("DEPLOY")
                && j.path("steps").get(1).path("log").toString().contains("started (pid"));
        assertEquals("RUNNING", booting.path("status").asText(), booting.toString());
        assertEquals(1, databases("dotmac_isp_pg_dedicated"), "the child's database is made");

        Path home = karaf.home();
        ProcessHandle jvm = KarafProcess.jvm(home).orElseThrow(() -> new AssertionError("no Karaf JVM"));
        assertTrue(jvm.destroyForcibly());
        jvm.onExit().get();
        ProcessBuilder again = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        home.resolve("console.log").toFile()));
        again.environment().put("DOTMAC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        again.start();
        admin = adminToken(port);
        // the login answers before every service is back (503 meanwhile): the child booting beside slows the start
        HttpResponse<String> late = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline;) {
            late = KarafProcess.post(http, port, "/api/v1/tenants", PLATFORM_TENANT.replace("\"platform\"",
                    "\"late\""), admin);
            if (late.statusCode() != 503) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(201, late.statusCode(), late.body());
        String operator = admin;
        JsonNode job = awaitJob(port, admin, shared, j -> j.path("status").asText().equals("READY"));
        assertEquals(1, job.path("steps").get(4).path("attempts").asInt(), "INITIALIZE_TENANT ran once: "
                + job.path("steps").get(4));
        assertTrue(job.path("steps").get(6).path("attempts").asInt() >= 3, job.path("steps").get(6).toString());
        assertEquals(200, KarafProcess.get(http, port, "/api/v1/tenants/resumed-isp", operator).statusCode());

        job = awaitJob(port, admin, dedicated, j -> j.path("status").asText().equals("READY")
                || j.path("status").asText().equals("FAILED"), Duration.ofSeconds(240));
        assertEquals("READY", job.path("status").asText(), job.toString());
        assertEquals(1, job.path("steps").get(0).path("attempts").asInt(), "PROVISION ran once: " + job);
        assertTrue(job.path("steps").get(1).path("attempts").asInt() >= 2, "DEPLOY was taken up: " + job);
        // the attempt that took DEPLOY up after the restart found the child running: it started none (on a loaded
        // machine the killed node may have made a second attempt of its own first, a child that died starting)
        String deployLog = job.path("steps").get(1).path("log").toString();
        String takenUp = deployLog.substring(deployLog.lastIndexOf(" attempt "));
        assertFalse(takenUp.contains("started (pid"), "the child was not started again after the restart: "
                + deployLog);
        assertTrue(deployLog.contains("started (pid"), deployLog);
        String endpoint = job.path("endpoint").asText();
        MimeMessage welcome = awaitMail("Your ISP Acme Broadband GmbH is ready", "ada@pg-dedicated.example.com");
        Matcher password = Pattern.compile("password: ([A-Za-z0-9]{20,})").matcher(
                GreenMailUtil.getBody(welcome).replace("=\r\n", ""));
        assertTrue(password.find(), GreenMailUtil.getBody(welcome));
        HttpResponse<String> login = send("POST", endpoint + "/auth/token", "{\"tenant\":\"pg-dedicated\","
                + "\"username\":\"admin\",\"password\":\"" + password.group(1) + "\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        assertEquals(200, send("GET", endpoint + "/customers", null, read(login).path("access_token").asText())
                .statusCode());

        assertTrue(smtp.waitForIncomingEmail(30_000, 1), "the welcome e-mail");
        Thread.sleep(1000); // a second one would have come by now
        for (String to : List.of("ada@resumed-isp.example.com", "ada@pg-dedicated.example.com")) {
            long welcomes = java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
                try {
                    return m.getSubject().startsWith("Your ISP") && to.equals(m.getAllRecipients()[0].toString());
                } catch (javax.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            assertEquals(1, welcomes, "one welcome e-mail to " + to);
        }

        // decommissioned: the child destroyed, its database and roles dropped
        assertEquals(202, send("DELETE", "http://127.0.0.1:" + port + "/api/v1/deployments/" + dedicated, null, admin)
                .statusCode());
        job = awaitJob(port, admin, dedicated, j -> j.path("status").asText().equals("DECOMMISSIONED"),
                Duration.ofSeconds(120));
        assertTrue(job.path("steps").get(0).path("log").toString().contains("database dotmac_isp_pg_dedicated and "
                + "its roles dropped"), job.toString());
        assertEquals(0, databases("dotmac_isp_pg_dedicated"));
        try (Connection c = PostgresDatabase.admin(); Statement st = c.createStatement();
                java.sql.ResultSet r = st.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE "
                        + "'dotmac_isp_pg_dedicated%'")) {
            r.next();
            assertEquals(0, r.getInt(1), "its roles are dropped");
        }
    }

    private static int databases(String name) throws Exception {
        try (Connection c = PostgresDatabase.admin(); java.sql.PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            try (java.sql.ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static final String PLATFORM_TENANT = "{\"name\":\"DotMac\",\"slug\":\"platform\",\"tier\":"
            + "\"ENTERPRISE\",\"admin\":{\"username\":\"ops\",\"email\":\"ops@dotmac.test\",\"password\":"
            + "\"platform-pass-1\"}}";

    /** The operator's token, once the distribution answers (after a restart too). */
    private String adminToken(int port) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos(); System.nanoTime() < deadline;) {
            try {
                HttpResponse<String> r = KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":"
                        + "\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}", null);
                if (r.statusCode() == 200) {
                    return read(r).path("access_token").asText();
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no operator token in 180 s");
    }

    /** Installs dotmac-management at runtime (no refresh) and waits for its regions to answer. */
    private void install(int port) throws Exception {
        KarafProcess.shell(karaf.home(), "feature:install -r dotmac-management");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline;) {
            if (KarafProcess.get(http, port, "/api/v1/isp/regions", null).statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("dotmac-management did not answer in 60 s");
    }

    private JsonNode awaitJob(int port, String admin, String id, java.util.function.Predicate<JsonNode> done)
            throws Exception {
        return awaitJob(port, admin, id, done, Duration.ofSeconds(60));
    }

    private JsonNode awaitJob(int port, String admin, String id, java.util.function.Predicate<JsonNode> done,
            Duration within) throws Exception {
        JsonNode job = null;
        for (long deadline = System.nanoTime() + within.toNanos(); System.nanoTime() < deadline;) {
            HttpResponse<String> r = KarafProcess.get(http, port, "/api/v1/deployments/" + id, admin);
            if (r.statusCode() == 200) {
                job = read(r);
                if (done.test(job)) {
                    return job;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + id + " did not get there in " + within.toSeconds() + " s: " + job);
    }

    /** Installs dotmac-management at runtime (checking it answers 503 before, refreshes nothing) and makes the
     * platform's tenant; the operator's token. */
    private String prepare() throws Exception {
        int port = karaf.port();
        String admin = read(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}", null)).path("access_token").asText();

        // not installed: the paths are there (the application never changes) and say so
        HttpResponse<String> absent = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("acme.example.com", "BASIC"), null);
        assertEquals(503, absent.statusCode(), absent.body());
        assertTrue(absent.body().contains("dotmac-management"), absent.body());

        // installed at runtime without a refresh: the core goes on as it was (HikariCP optionally imports Hibernate,
        // so a plain feature:install would refresh it and everything wired to the persistence bundle)
        long installStarted = System.nanoTime();
        KarafProcess.shell(karaf.home(), "feature:install -r dotmac-management");
        HttpResponse<String> regions = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline;) {
            regions = KarafProcess.get(http, port, "/api/v1/isp/regions", null);
            if (regions.statusCode() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        System.out.println("ManagementIT: dotmac-management installed and answering in "
                + (System.nanoTime() - installStarted) / 1_000_000 + " ms");
        assertEquals(200, regions.statusCode(), regions.body());
        String log = Files.readString(karaf.home().resolve("data/log/karaf.log"));
        assertFalse(log.contains("Refreshing bundles"), "a bundle was refreshed by the install");
        assertFalse(log.contains("Bundles to uninstall"), "a bundle was replaced by the install");
        assertTrue(regions.body().contains("{\"name\":\"local\",\"provider\":\"shared\""), regions.body());
        assertTrue(regions.body().contains("{\"name\":\"dedicated-test\",\"provider\":\"karaf-instance\""),
                regions.body());

        // the platform's own tenant sends the welcome e-mails
        assertEquals(201, KarafProcess.post(http, port, "/api/v1/tenants", PLATFORM_TENANT, admin).statusCode());
        return admin;
    }

    /**
     * A DEDICATED registration waits for its contact to confirm the e-mail address: the link (a sealed token) starts
     * it; a made-up token is refused. Its job then runs (a Karaf child instance boots); its id.
     */
    private String dedicatedWaitsForTheConfirmedAddress(String admin, String domain) throws Exception {
        int port = karaf.port();
        String body = registration(domain, "PREMIUM").replace("\"region\":\"local\"",
                "\"region\":\"dedicated-test\"").replace("\"deployment\":\"SHARED\"", "\"deployment\":\"DEDICATED\"");
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register", body, null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("Confirm your e-mail address"), accepted.body());
        String deployment = read(accepted).path("deploymentId").asText();
        assertEquals("WAITING_CONFIRMATION", read(KarafProcess.get(http, port, "/api/v1/deployments/" + deployment,
                admin)).path("status").asText());

        MimeMessage mail = awaitMail("Confirm your e-mail address for Acme Broadband GmbH", "ada@" + domain);
        Matcher link = Pattern.compile("/api/v1/isp/confirm\\?token=([A-Za-z0-9%._-]+)").matcher(
                GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=3D", "="));
        assertTrue(link.find(), GreenMailUtil.getBody(mail));
        HttpResponse<String> forged = KarafProcess.get(http, port, "/api/v1/isp/confirm?token=bm90LW91cnM", null);
        assertEquals(422, forged.statusCode(), forged.body());
        assertEquals(List.of("token"), fields(forged));
        HttpResponse<String> confirmed = KarafProcess.get(http, port, "/api/v1/isp/confirm?token=" + link.group(1),
                null);
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(deployment, read(confirmed).path("deploymentId").asText());
        assertEquals("PENDING", read(confirmed).path("status").asText(), confirmed.body());
        assertEquals(200, KarafProcess.get(http, port, "/api/v1/isp/confirm?token=" + link.group(1), null)
                .statusCode(), "confirming again changes nothing");
        JsonNode job = awaitJob(port, admin, deployment, j -> !j.path("status").asText().equals("PENDING"));
        assertTrue(job.path("steps").get(0).path("log").toString().contains("the contact confirmed the e-mail address"),
                job.toString());
        return deployment;
    }

    /**
     * Both DEDICATED registrations end READY with a Karaf child instance each (its own ports, data, H2 database and
     * operator): its health answers 200, the ISP's admin logs in there with the welcome e-mail's password, a token of
     * one is refused by the other, and the ISP's tenant is not on this instance. One is then decommissioned: its
     * steps compensated, its child stopped and its folder gone, while the other still answers.
     */
    private void twoChildInstancesAreReadyAndOneIsDecommissioned(String admin, long started, String first,
            String second) throws Exception {
        int port = karaf.port();
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        for (String[] d : new String[][] {{first, "own-instance"}, {second, "second-isp"}}) {
            JsonNode job = awaitJob(port, admin, d[0], j -> j.path("status").asText().equals("READY")
                    || j.path("status").asText().equals("FAILED"), Duration.ofSeconds(300));
            System.out.println("ManagementIT: registration to READY (karaf-instance, two at once, while the shared "
                    + "flows ran) " + d[1] + " after " + (System.nanoTime() - started) / 1_000_000 + " ms; DEPLOY: "
                    + job.path("steps").get(1).path("log"));
            assertEquals("READY", job.path("status").asText(), job.toString());
            assertEquals("karaf-instance", job.path("provider").asText());
            assertEquals(d[1], job.path("tenant").asText(), job.toString());
            String endpoint = job.path("endpoint").asText();
            assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+/api/v1"), job.toString());
            assertFalse(endpoint.contains(":" + port + "/"), "the child has a port of its own");
            endpoints.put(d[1], endpoint);
            HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(endpoint + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            MimeMessage welcome = awaitMail("Your ISP Acme Broadband GmbH is ready", "ada@" + d[1] + ".example.com");
            String body = GreenMailUtil.getBody(welcome).replace("=\r\n", "");
            Matcher password = Pattern.compile("password: ([A-Za-z0-9]{20,})").matcher(body);
            assertTrue(password.find(), body);
            assertTrue(body.contains(endpoint.replace("/api/v1", "/portal/")), body);
            HttpResponse<String> login = send("POST", endpoint + "/auth/token", "{\"tenant\":\"" + d[1]
                    + "\",\"username\":\"admin\",\"password\":\"" + password.group(1) + "\"}", null);
            assertEquals(200, login.statusCode(), login.body());
            tokens.put(d[1], read(login).path("access_token").asText());
            HttpResponse<String> customers = send("GET", endpoint + "/customers", null, tokens.get(d[1]));
            assertEquals(200, customers.statusCode(), customers.body());
            assertEquals(404, KarafProcess.get(http, port, "/api/v1/tenants/" + d[1], admin).statusCode(),
                    "the ISP's tenant lives on its own instance");
        }
        assertEquals(401, send("GET", endpoints.get("second-isp") + "/customers", null, tokens.get("own-instance"))
                .statusCode(), "one instance does not take the other's token");

        // decommissioned: compensated in reverse, the child stopped and destroyed; the other goes on
        HttpResponse<String> down = send("DELETE", "http://127.0.0.1:" + port + "/api/v1/deployments/" + first, null,
                admin);
        assertEquals(202, down.statusCode(), down.body());
        assertEquals("DECOMMISSIONING", read(down).path("status").asText(), down.body());
        JsonNode job = awaitJob(port, admin, first, j -> j.path("status").asText().equals("DECOMMISSIONED"),
                Duration.ofSeconds(120));
        for (JsonNode step : job.path("steps")) {
            assertEquals("COMPENSATED", step.path("status").asText(), job.toString());
        }
        assertTrue(job.path("steps").get(0).path("log").toString().contains("instance isp-own-instance destroyed"),
                job.toString());
        assertFalse(Files.exists(karaf.home().resolve("instances/isp-own-instance")), "its folder is gone");
        assertThrows(java.io.IOException.class, () -> send("GET", endpoints.get("own-instance") + "/health", null,
                null));
        assertEquals(404, send("DELETE", "http://127.0.0.1:" + port + "/api/v1/deployments/" + second + "x", null,
                admin).statusCode(), "an unknown deployment");
        assertEquals(200, send("GET", endpoints.get("second-isp") + "/customers", null, tokens.get("second-isp"))
                .statusCode(), "the other instance goes on");
        assertEquals(200, send("DELETE", "http://127.0.0.1:" + port + "/api/v1/deployments/" + first, null, admin)
                .statusCode(), "decommissioning again changes nothing");
    }

    private HttpResponse<String> send(String method, String url, String json, String token) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .timeout(Duration.ofSeconds(30)).method(method, json == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Six registrations of one new domain at the same moment: one is accepted, five are conflicts. */
    private void aDomainIsRegisteredOnceWhenAskedAtOnce() throws Exception {
        int port = karaf.port();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return KarafProcess.post(http, port, "/api/v1/isp/register", registration("race-isp.example.com",
                        "FREE"), null).statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (java.util.concurrent.Future<Integer> a : answers) {
            statuses.add(a.get());
        }
        pool.shutdown();
        java.util.Collections.sort(statuses);
        assertEquals(List.of(202, 409, 409, 409, 409, 409), statuses);
    }

    /**
     * A job whose WELCOME fails every attempt (the region names a platform tenant that does not exist) is compensated
     * in reverse: the tenant it made is suspended, every completed step COMPENSATED, the job FAILED with the reason.
     */
    private void aStepFailingForGoodIsCompensated(String admin) throws Exception {
        int port = karaf.port();
        String body = registration("unlucky-isp.example.com", "BASIC").replace("\"region\":\"local\"",
                "\"region\":\"no-mail\"");
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register", body, null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode job = awaitJob(port, admin, read(accepted).path("deploymentId").asText(),
                j -> j.path("status").asText().equals("FAILED"));
        assertTrue(job.path("failureReason").asText().startsWith("WELCOME failed: "), job.toString());
        assertTrue(job.path("failureReason").asText().contains("the platform's own tenant 'nobody'"), job.toString());
        List<String> statuses = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            statuses.add(step.path("status").asText());
        }
        assertEquals(List.of("COMPENSATED", "COMPENSATED", "COMPENSATED", "COMPENSATED", "COMPENSATED",
                "COMPENSATED", "FAILED"), statuses, job.toString());
        assertEquals(2, job.path("steps").get(6).path("attempts").asInt(), job.toString());
        assertTrue(job.path("steps").get(4).path("log").toString().contains("tenant unlucky-isp suspended"),
                job.toString());
        assertEquals("SUSPENDED", read(KarafProcess.get(http, port, "/api/v1/tenants/unlucky-isp", admin))
                .path("status").asText());
        // only a READY one can be decommissioned
        HttpResponse<String> notReady = send("DELETE", "http://127.0.0.1:" + port + "/api/v1/deployments/"
                + job.path("id").asText(), null, admin);
        assertEquals(409, notReady.statusCode(), notReady.body());
        // the suspended tenant the failed job left can be deleted, with every row it owns
        String unlucky = read(KarafProcess.get(http, port, "/api/v1/tenants/unlucky-isp", admin)).path("id").asText();
        HttpResponse<String> deleted = KarafProcess.delete(http, port, "/api/v1/tenants/" + unlucky, admin);
        assertEquals(200, deleted.statusCode(), deleted.body());
        JsonNode rows = read(deleted).path("rows");
        assertEquals(1, rows.path("dotmac_tenant").asInt(), deleted.body());
        assertTrue(rows.path("dotmac_user").asInt() >= 1, "its administrator: " + deleted.body());
        assertEquals(404, KarafProcess.get(http, port, "/api/v1/tenants/unlucky-isp", admin).statusCode());
        assertEquals(404, KarafProcess.delete(http, port, "/api/v1/tenants/" + unlucky, admin).statusCode());
    }

    /** The first e-mail received with {@code subject} for {@code recipient} (within 30 s). */
    private MimeMessage awaitMail(String subject, String recipient) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (subject.equals(m.getSubject()) && recipient.equals(m.getAllRecipients()[0].toString())) {
                    return m;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no e-mail '" + subject + "' in 30 s");
    }

    /**
     * A shared registration from first request to a working tenant; then this address may make {@code remaining}
     * more registrations this hour before 429.
     */
    private void registerAndUse(String admin, int remaining) throws Exception {
        int port = karaf.port();

        // every bad field named at once, nothing kept
        int jobs = read(KarafProcess.get(http, port, "/api/v1/deployments", admin)).path("items").size();
        HttpResponse<String> invalid = KarafProcess.post(http, port, "/api/v1/isp/register", "{\"business\":{"
                + "\"companyName\":\"A\",\"taxId\":\"12-3\",\"country\":\"DE\",\"primaryContact\":{\"name\":\"Ada\","
                + "\"email\":\"nope\",\"phone\":\"+49 30 1234567\"},\"serviceArea\":\"Berlin\",\"customerBaseSize\":"
                + "-5},\"technical\":{\"region\":\"mars\",\"domain\":\"Not A Domain\"},\"commercial\":{\"tier\":"
                + "\"GOLD\",\"billingCycle\":\"MONTHLY\"},\"deployment\":\"SHARED\"}", null);
        assertEquals(422, invalid.statusCode(), invalid.body());
        assertEquals(List.of("business.companyName", "business.registrationNumber", "business.taxId",
                "business.primaryContact.email", "business.customerBaseSize", "commercial.tier", "technical.region",
                "technical.domain"), fields(invalid), invalid.body());
        assertEquals(jobs, read(KarafProcess.get(http, port, "/api/v1/deployments", admin)).path("items").size());

        // a valid one: 202, and its job runs to READY
        long started = System.nanoTime();
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("acme-broadband.example.com", "BASIC"), null);
        assertEquals(202, accepted.statusCode(), accepted.body());
        String deployment = read(accepted).path("deploymentId").asText();
        assertFalse(read(accepted).path("ispId").asText().isEmpty(), accepted.body());
        assertTrue(read(accepted).path("nextSteps").size() > 0, accepted.body());
        JsonNode job = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); System.nanoTime() < deadline;) {
            job = read(KarafProcess.get(http, port, "/api/v1/deployments/" + deployment, admin));
            if (job.path("status").asText().equals("READY") || job.path("status").asText().equals("FAILED")) {
                break;
            }
            Thread.sleep(50);
        }
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ManagementIT: registration to READY (shared) in " + readyMillis + " ms");
        assertEquals("READY", job.path("status").asText(), job.toString());
        assertEquals(100, job.path("progress").asInt(), job.toString());
        assertEquals("acme-broadband", job.path("tenant").asText(), job.toString());
        assertEquals(7, job.path("steps").size());
        for (JsonNode step : job.path("steps")) {
            assertEquals("DONE", step.path("status").asText(), step.toString());
        }

        // the welcome e-mail carries the administrator's initial password: the ISP logs in with it
        MimeMessage welcome = awaitMail("Your ISP Acme Broadband GmbH is ready", "ada@acme-broadband.example.com");
        assertEquals("ada@acme-broadband.example.com", welcome.getAllRecipients()[0].toString());
        String body = GreenMailUtil.getBody(welcome).replace("=\r\n", "");
        Matcher password = Pattern.compile("password: ([A-Za-z0-9]{20,})").matcher(body);
        assertTrue(password.find(), body);
        HttpResponse<String> login = KarafProcess.post(http, port, "/api/v1/auth/token", "{\"tenant\":"
                + "\"acme-broadband\",\"username\":\"admin\",\"password\":\"" + password.group(1) + "\"}", null);
        assertEquals(200, login.statusCode(), login.body());
        String isp = read(login).path("access_token").asText();
        assertEquals(200, KarafProcess.get(http, port, "/api/v1/customers", isp).statusCode());
        JsonNode tenant = read(KarafProcess.get(http, port, "/api/v1/tenants/acme-broadband", admin));
        assertEquals("BASIC", tenant.path("tier").asText(), tenant.toString());
        // the deployment's records are the operator's: an ISP's token does not read them
        assertEquals(403, KarafProcess.get(http, port, "/api/v1/deployments/" + deployment, isp).statusCode());

        // the same domain again is a conflict; the shell lists and shows the job
        assertEquals(409, KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("acme-broadband.example.com", "BASIC"), null).statusCode());
        String list = KarafProcess.shell(karaf.home(), "dotmac:deployment-list");
        assertTrue(list.contains(deployment) && list.contains("READY") && list.contains("100 %"), list);
        String show = KarafProcess.shell(karaf.home(), "dotmac:deployment-show " + deployment);
        assertTrue(show.contains("[####################] 100 % READY"), show);
        assertTrue(show.contains("WELCOME"), show);

        // so many registrations an hour from this address (the invalid and the conflicting ones count), then 429
        for (int i = 0; i < remaining; i++) {
            assertEquals(409, KarafProcess.post(http, port, "/api/v1/isp/register",
                    registration("acme-broadband.example.com", "BASIC"), null).statusCode());
        }
        HttpResponse<String> tooMany = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("other-isp.example.com", "FREE"), null);
        assertEquals(429, tooMany.statusCode(), tooMany.body());
        assertTrue(tooMany.headers().firstValue("Retry-After").isPresent(), tooMany.headers().toString());
    }
}
