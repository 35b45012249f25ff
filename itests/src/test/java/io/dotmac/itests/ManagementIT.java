package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * {@code feature:install dotmac-management} its REST paths answer 404 saying so; installed, an invalid registration
 * is refused naming each field with nothing kept, a valid SHARED one runs its deployment job to READY (each step
 * DONE), the welcome e-mail reaches the contact through the platform's own tenant, and its administrator logs in to
 * the new tenant with the password it carries (the feature installed at runtime refreshing nothing); the same domain again is a conflict; the shell lists and shows the
 * job; a client address registering too often gets 429.
 */
class ManagementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "management-admin-1";

    private KarafProcess.Booted karaf;
    private GreenMail smtp;
    private final HttpClient http = KarafProcess.http();

    @AfterEach
    void stop() throws Exception {
        if (karaf != null) {
            KarafProcess.stop(karaf.home());
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

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

    @Test
    void anIspRegistersAndItsSharedTenantIsReadyWithItsWelcomeEmail() throws Exception {
        int smtpPort = DotMacTestSupport.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        karaf = KarafProcess.boot("management", ADMIN_PASSWORD, home -> {
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "smtpPort",
                    String.valueOf(smtpPort));
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "pollMillis", "200");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "registrationsPerHour", "3");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "region.local.baseDomain",
                    "isp.example.test");
        });
        int port = karaf.port();
        String admin = read(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}", null)).path("access_token").asText();

        // not installed: the paths are there (the application never changes) and say so
        HttpResponse<String> absent = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("acme.example.com", "BASIC"), null);
        assertEquals(404, absent.statusCode(), absent.body());
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
        assertEquals("local", read(regions).get(0).path("name").asText(), regions.body());
        assertEquals("shared", read(regions).get(0).path("provider").asText(), regions.body());

        // the platform's own tenant sends the welcome e-mails
        assertEquals(201, KarafProcess.post(http, port, "/api/v1/tenants", "{\"name\":\"DotMac\",\"slug\":"
                + "\"platform\",\"tier\":\"ENTERPRISE\",\"admin\":{\"username\":\"ops\",\"email\":\"ops@dotmac.test\","
                + "\"password\":\"platform-pass-1\"}}", admin).statusCode());

        // every bad field named at once, nothing kept
        HttpResponse<String> invalid = KarafProcess.post(http, port, "/api/v1/isp/register", "{\"business\":{"
                + "\"companyName\":\"A\",\"taxId\":\"12-3\",\"country\":\"DE\",\"primaryContact\":{\"name\":\"Ada\","
                + "\"email\":\"nope\",\"phone\":\"+49 30 1234567\"},\"serviceArea\":\"Berlin\",\"customerBaseSize\":"
                + "-5},\"technical\":{\"region\":\"mars\",\"domain\":\"Not A Domain\"},\"commercial\":{\"tier\":"
                + "\"GOLD\",\"billingCycle\":\"MONTHLY\"},\"deployment\":\"SHARED\"}", null);
        assertEquals(422, invalid.statusCode(), invalid.body());
        assertEquals(List.of("business.companyName", "business.registrationNumber", "business.taxId",
                "business.primaryContact.email", "business.customerBaseSize", "commercial.tier", "technical.region",
                "technical.domain"), fields(invalid), invalid.body());
        assertEquals(0, read(KarafProcess.get(http, port, "/api/v1/deployments", admin)).path("items").size());

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
        assertTrue(smtp.waitForIncomingEmail(30_000, 1), "the welcome e-mail");
        MimeMessage welcome = smtp.getReceivedMessages()[0];
        assertEquals("ada@acme-broadband.example.com", welcome.getAllRecipients()[0].toString());
        assertEquals("Your ISP Acme Broadband GmbH is ready", welcome.getSubject());
        String body = GreenMailUtil.getBody(welcome).replace("=\r\n", "");
        Matcher password = Pattern.compile("password: ([A-Za-z0-9]{20})").matcher(body);
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

        // three registrations an hour from this address (the invalid and the conflicting ones count): the fourth waits
        HttpResponse<String> tooMany = KarafProcess.post(http, port, "/api/v1/isp/register",
                registration("other-isp.example.com", "FREE"), null);
        assertEquals(429, tooMany.statusCode(), tooMany.body());
        assertTrue(tooMany.headers().firstValue("Retry-After").isPresent(), tooMany.headers().toString());
    }
}
