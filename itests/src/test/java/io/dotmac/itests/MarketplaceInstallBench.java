package io.dotmac.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.marketplace.internal.TestPki;

/**
 * A marketplace plugin's install-to-first-request on a running instance with every plugin installed, and what it
 * costs another tenant's requests meanwhile (not a test: run it with {@code benchmarks/marketplace-install.sh}; it
 * asserts nothing about time). Each round: a tenant buys the signed test plugin (its bundle installed from the store),
 * its first 200 is waited for; then the add-on is ended and the plugin uninstalled. Two threads read another tenant's
 * customers all along; their latencies in the two seconds before each purchase are compared with those during the
 * install. Prints one line per figure.
 */
class MarketplaceInstallBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "marketplace-bench-admin-1";
    private static final String PASSWORD = "bench-user-pass-1";

    /** One request of the background load: when it started and ended (ns) and its status. */
    record Sample(long start, long end, int status) {
    }

    private HttpClient http;
    private int port;

    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String type,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, body);
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> json(String method, String path, String body, String... headers) throws Exception {
        return send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), body == null ? null : "application/json", headers);
    }

    private String tenant(String admin, String slug, String tier) throws Exception {
        json("POST", "/api/v1/tenants", "{\"name\":\"ISP " + slug + "\",\"slug\":\"" + slug + "\",\"tier\":\"" + tier
                + "\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@" + slug + ".test\",\"password\":\"" + PASSWORD
                + "\"}}", "Authorization", admin);
        return "Bearer " + JSON.readTree(json("POST", "/api/v1/auth/token", "{\"tenant\":\"" + slug
                + "\",\"username\":\"boss\",\"password\":\"" + PASSWORD + "\"}").body()).path("access_token").asText();
    }

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("marketplace.rounds", 10);
        Path pkiDir = Files.createTempDirectory("pki");
        TestPki pki = new TestPki(pkiDir);
        pki.developer("acme", true, true);
        KarafProcess.Booted karaf = KarafProcess.boot("marketplace-bench", ADMIN_PASSWORD,
                home -> Files.copy(pki.authority(), home.resolve("etc/dotmac-marketplace-ca.pem")));
        http = KarafProcess.http();
        port = karaf.port();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        try {
            String admin = "Bearer " + JSON.readTree(json("POST", "/api/v1/auth/token", "{\"username\":\"admin\","
                    + "\"password\":\"" + ADMIN_PASSWORD + "\"}").body()).path("access_token").asText();
            String key = JSON.readTree(json("POST", "/api/v1/marketplace/developers", "{\"name\":\"Acme\","
                    + "\"email\":\"dev@acme.test\",\"payoutDetails\":\"IBAN\"}").body()).path("key").asText();
            json("POST", "/api/v1/marketplace/plugins", "{\"plugin\":\"test_plugin\",\"name\":\"Hello\","
                    + "\"description\":\"Hello\",\"tierFloor\":\"PREMIUM\",\"monthlyPrice\":\"9.99\",\"currency\":"
                    + "\"USD\"}", "X-DotMac-Developer-Key", key);
            Path plugin = Files.copy(Path.of(System.getProperty("dotmac.testplugin")), pkiDir.resolve("plugin.jar"));
            pki.sign(plugin, "acme");
            send("POST", "/api/v1/marketplace/plugins/test_plugin/versions", HttpRequest.BodyPublishers.ofFile(plugin),
                    "application/java-archive", "X-DotMac-Developer-Key", key);
            json("POST", "/api/v1/marketplace/plugins/test_plugin/certify", null, "Authorization", admin);
            String buyer = tenant(admin, "buyer", "PREMIUM");
            String other = tenant(admin, "other", "BASIC");
            for (int i = 0; i < 200; i++) {
                json("POST", "/api/v1/customers", "{\"name\":\"Customer " + i + "\",\"email\":\"c" + i
                        + "@other.test\"}", "Authorization", other);
            }

            ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
            for (int t = 0; t < 2; t++) {
                Thread thread = new Thread(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        int status;
                        try {
                            status = json("GET", "/api/v1/customers?limit=50", null, "Authorization", other)
                                    .statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        samples.add(new Sample(start, System.nanoTime(), status));
                    }
                }, "bench-load-" + t);
                thread.start();
                load.add(thread);
            }
            List<Long> installs = new ArrayList<>();
            List<long[]> before = new ArrayList<>();
            List<long[]> during = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                Thread.sleep(2000);
                long t0 = System.nanoTime();
                HttpResponse<String> bought = json("POST", "/api/v1/marketplace/purchases",
                        "{\"plugin\":\"test_plugin\"}", "Authorization", buyer);
                if (bought.statusCode() != 201) {
                    throw new AssertionError("purchase: " + bought.body());
                }
                while (json("GET", "/api/v1/test-plugin/hello", null, "Authorization", buyer).statusCode() != 200) {
                    Thread.sleep(5);
                }
                long t1 = System.nanoTime();
                installs.add((t1 - t0) / 1_000_000);
                before.add(new long[] {t0 - 2_000_000_000L, t0});
                during.add(new long[] {t0, t1});
                json("DELETE", "/api/v1/plugins/test_plugin/addons/buyer?at=NOW", null, "Authorization", admin);
                HttpResponse<String> gone = json("POST", "/api/v1/marketplace/plugins/test_plugin/uninstall", null,
                        "Authorization", admin);
                if (gone.statusCode() != 200) {
                    throw new AssertionError("uninstall: " + gone.body());
                }
            }
            running.set(false);
            for (Thread t : load) {
                t.join();
            }
            List<Sample> all = new ArrayList<>(samples);
            long failed = all.stream().filter(s -> s.status() != 200).count();
            List<Long> sortedInstalls = new ArrayList<>(installs);
            Collections.sort(sortedInstalls);
            System.out.println("install-to-first-request (" + rounds + " purchases, bundle installed from the store "
                    + "each time): median " + sortedInstalls.get(rounds / 2) + " ms, max "
                    + sortedInstalls.get(rounds - 1) + " ms, all " + installs);
            System.out.println("another tenant's requests: " + all.size() + " sent, " + failed + " failed");
            double p99Before = p99(all, before);
            double p99During = p99(all, during);
            System.out.printf("its p99: %.1f ms in the 2 s before each purchase, %.1f ms during the installs (%d "
                    + "requests): ratio %.2f%n", p99Before, p99During, in(all, during).size(), p99During / p99Before);
        } finally {
            running.set(false);
            for (Thread t : load) {
                t.join(5000);
            }
            KarafProcess.stop(karaf.home());
        }
    }

    /** The samples that started in one of the windows. */
    private static List<Sample> in(List<Sample> all, List<long[]> windows) {
        return all.stream().filter(s -> windows.stream().anyMatch(w -> s.start() >= w[0] && s.start() < w[1]))
                .toList();
    }

    private static double p99(List<Sample> all, List<long[]> windows) {
        List<Long> ms = new ArrayList<>(in(all, windows).stream().map(s -> (s.end() - s.start()) / 1000).toList());
        if (ms.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(ms);
        return ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)) / 1000.0;
    }
}
