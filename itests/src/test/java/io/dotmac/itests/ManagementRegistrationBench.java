package io.dotmac.itests;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registration-to-ready of the shared provider, one at a time and 100 at once (not a test: run it with
 * {@code benchmarks/management-registrations.sh}; it asserts nothing about time, only that every registration got
 * ready once). The distribution is booted as a process on loopback with dotmac-management installed and the
 * platform's tenant made; then {@code management.sequential} registrations one after another (each: POST, then its
 * job polled every 10 ms until READY), then {@code management.concurrent} registrations sent by 16 threads at once.
 * Prints one line per figure; the welcome e-mails go to an SMTP port nobody listens on (they wait in the outbox).
 */
class ManagementRegistrationBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "management-bench-admin-1";

    private final HttpClient http = KarafProcess.http();
    private int port;
    private String admin;

    @Test
    void registrationToReady() throws Exception {
        int sequential = Integer.getInteger("management.sequential", 20);
        int concurrent = Integer.getInteger("management.concurrent", 100);
        KarafProcess.Booted karaf = KarafProcess.boot("management-bench", ADMIN_PASSWORD, home ->
                KarafProcess.set(home.resolve("etc/io.dotmac.management.cfg"), "registrationsPerHour", "100000"));
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
        } finally {
            KarafProcess.stop(karaf.home());
        }
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
