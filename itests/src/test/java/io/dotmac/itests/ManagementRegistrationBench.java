package io.dotmac.itests;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Registration-to-ready of the shared provider, one at a time and 100 at once (not a test: run it with
 * {@code benchmarks/management-registrations.sh}; it asserts nothing about time, only that every registration got
 * ready once). The distribution is booted as a process on loopback with dotmac-management installed and the
 * platform's tenant made; then {@code management.sequential} registrations one after another (each: POST, then its
 * job polled every 10 ms until READY), then {@code management.concurrent} registrations sent by 16 threads at once.
 * Then {@code management.instances} DEDICATED registrations on a karaf-instance region, one at a time: each confirmed
 * from its e-mail (GreenMail), waited for until READY and decommissioned. Prints one line per figure.
 */
class ManagementRegistrationBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "management-bench-admin-1";

    private final HttpClient http = KarafProcess.http();
    private int port;
    private GreenMail smtp;
    private String admin;

    @Test
    void registrationToReady() throws Exception {
        int sequential = Integer.getInteger("management.sequential", 20);
        int concurrent = Integer.getInteger("management.concurrent", 100);
        int instances = Integer.getInteger("management.instances", 3);
        smtp = new GreenMail(new ServerSetup(DotMacTestSupport.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        KarafProcess.Booted karaf = KarafProcess.boot("management-bench", ADMIN_PASSWORD, home -> {
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "registrationsPerHour", "100000");
            KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "regions", "local, dedicated");
            Files.writeString(home.resolve("etc/io.dotmac.management.cfg"), "\nregion.dedicated.provider = "
                    + "karaf-instance\n", StandardOpenOption.APPEND);
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "smtpPort",
                    String.valueOf(smtp.getSmtp().getPort()));
            KarafProcess.set(home.resolve("etc/io.dotmac.notifications.email.cfg"), "pollMillis", "200");
        });
        try {
            port = karaf.port();
            admin = JSON.readTree(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                    + "\"password\":\"" + ADMIN_PASSWORD + "\"}", null).body()).path("access_token").asText();
            KarafProcess.shell(karaf.home(), "feature:install -r dotmac-management");
            while (KarafProcess.get(http, port, "/api/v1/isp/regions", null).statusCode() != 200) {
                Thread.sleep(200);
            }
            KarafProcess.post(http, port, "/api/v1/tenants", "{\"name\":\"DotMac\",\"slug\":\"platform\",\"tier\":"
                    + "\"ENTERPRISE\",\"admin\":{\"username\":\"ops\",\"email\":\"ops@dotmac.test\",\"password\":"
                    + "\"platform-pass-1\"}}", admin);
            register("warm-up", 0); // the first one after the install warms the engine's JIT

            List<Long> one = new ArrayList<>();
            for (int i = 0; i < sequential; i++) {
                one.add(register("one", i));
            }
            Collections.sort(one);
            System.out.println("registration-to-ready (shared, one at a time, " + sequential + "): median "
                    + one.get(one.size() / 2) + " ms, p90 " + one.get(one.size() * 9 / 10) + " ms, max "
                    + one.get(one.size() - 1) + " ms");

            ExecutorService pool = Executors.newFixedThreadPool(16);
            long started = System.nanoTime();
            List<Future<Long>> all = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                int n = i;
                all.add(pool.submit(() -> register("many", n)));
            }
            List<Long> many = new ArrayList<>();
            for (Future<Long> f : all) {
                many.add(f.get());
            }
            long wall = (System.nanoTime() - started) / 1_000_000;
            pool.shutdown();
            Collections.sort(many);
            Set<String> slugs = new HashSet<>();
            int tenants = 0;
            String cursor = null;
            do {
                JsonNode page = JSON.readTree(KarafProcess.get(http, port, "/api/v1/tenants?limit=200"
                        + (cursor == null ? "" : "&cursor=" + cursor), admin).body());
                for (JsonNode t : page.path("items")) {
                    if (t.path("slug").asText().startsWith("many-")) {
                        tenants++;
                        slugs.add(t.path("slug").asText());
                    }
                }
                cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
            } while (cursor != null);
            System.out.println("registration-to-ready (shared, " + concurrent + " at once from 16 threads): all "
                    + "ready in " + wall + " ms; each: median " + many.get(many.size() / 2) + " ms, p90 "
                    + many.get(many.size() * 9 / 10) + " ms, max " + many.get(many.size() - 1) + " ms; tenants made "
                    + tenants + " (distinct " + slugs.size() + ")");
            if (tenants != concurrent || slugs.size() != concurrent) {
                throw new AssertionError(concurrent + " registrations made " + tenants + " tenants");
            }

            List<Long> ready = new ArrayList<>();
            List<Long> boot = new ArrayList<>();
            List<Long> down = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                long[] t = dedicated(i);
                ready.add(t[0]);
                boot.add(t[1]);
                down.add(t[2]);
            }
            if (instances > 0) {
                Collections.sort(ready);
                Collections.sort(boot);
                Collections.sort(down);
                System.out.println("registration-to-ready (karaf-instance, one at a time, " + instances + "): from "
                        + "the confirmation link to READY median " + ready.get(ready.size() / 2) + " ms, max "
                        + ready.get(ready.size() - 1) + " ms (of which the child's start to health 200: median "
                        + boot.get(boot.size() / 2) + " ms); decommission (stop and destroy) median "
                        + down.get(down.size() / 2) + " ms");
            }
        } finally {
            String children = karaf.home().toRealPath().resolve("instances").toString();
            ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(children))
                    .orElse(false)).forEach(ProcessHandle::destroyForcibly);
            KarafProcess.stop(karaf.home());
            smtp.stop();
        }
    }

    /**
     * A DEDICATED registration on the karaf-instance region: confirmed from its e-mail link, waited for until READY,
     * then decommissioned; the milliseconds from the confirmation to READY, of its DEPLOY's wait for health, and of
     * the decommission.
     */
    private long[] dedicated(int n) throws Exception {
        String domain = "dedicated-" + n + ".example.com";
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register",
                ManagementIT.registration(domain, "PREMIUM").replace("\"region\":\"local\"", "\"region\":\"dedicated\"")
                        .replace("\"deployment\":\"SHARED\"", "\"deployment\":\"DEDICATED\""), null);
        if (accepted.statusCode() != 202) {
            throw new AssertionError(accepted.statusCode() + " " + accepted.body());
        }
        String id = JSON.readTree(accepted.body()).path("deploymentId").asText();
        String token = null;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); token == null
                && System.nanoTime() < deadline; Thread.sleep(50)) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (m.getAllRecipients()[0].toString().equals("ada@" + domain)) {
                    Matcher link = Pattern.compile("/api/v1/isp/confirm\\?token=([A-Za-z0-9%._-]+)").matcher(
                            GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "="));
                    if (link.find()) {
                        token = link.group(1);
                    }
                }
            }
        }
        if (token == null) {
            throw new AssertionError("no confirmation e-mail to ada@" + domain);
        }
        long started = System.nanoTime();
        KarafProcess.get(http, port, "/api/v1/isp/confirm?token=" + token, null);
        JsonNode job = await(id, "READY", Duration.ofSeconds(300));
        long ready = (System.nanoTime() - started) / 1_000_000;
        Matcher health = Pattern.compile("health 200 after (\\d+) ms").matcher(job.path("steps").get(1).toString());
        long boot = health.find() ? Long.parseLong(health.group(1)) : -1;
        started = System.nanoTime();
        KarafProcess.delete(http, port, "/api/v1/deployments/" + id, admin);
        await(id, "DECOMMISSIONED", Duration.ofSeconds(120));
        return new long[] {ready, boot, (System.nanoTime() - started) / 1_000_000};
    }

    private JsonNode await(String id, String status, Duration within) throws Exception {
        JsonNode job = null;
        for (long deadline = System.nanoTime() + within.toNanos(); System.nanoTime() < deadline; Thread.sleep(50)) {
            job = JSON.readTree(KarafProcess.get(http, port, "/api/v1/deployments/" + id, admin).body());
            if (job.path("status").asText().equals(status)) {
                return job;
            }
            if (job.path("status").asText().equals("FAILED")) {
                throw new AssertionError("deployment " + id + " failed: " + job);
            }
        }
        throw new AssertionError("deployment " + id + " not " + status + " in " + within.toSeconds() + " s: " + job);
    }

    /** Registers {@code <prefix>-<n>.example.com} and waits for its job to be READY; the milliseconds it took. */
    private long register(String prefix, int n) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> accepted = KarafProcess.post(http, port, "/api/v1/isp/register",
                ManagementIT.registration(prefix + "-" + n + ".example.com", "BASIC"), null);
        if (accepted.statusCode() != 202) {
            throw new AssertionError(accepted.statusCode() + " " + accepted.body());
        }
        String id = JSON.readTree(accepted.body()).path("deploymentId").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = JSON.readTree(KarafProcess.get(http, port, "/api/v1/deployments/" + id, admin).body());
            String status = job.path("status").asText();
            if (status.equals("READY")) {
                return (System.nanoTime() - started) / 1_000_000;
            }
            if (status.equals("FAILED")) {
                throw new AssertionError("deployment " + id + " failed: " + job);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("deployment " + id + " not ready in 120 s");
    }
}
