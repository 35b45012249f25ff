package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /metrics} of the booted distribution: Prometheus text that promtool (Debian package {@code prometheus})
 * accepts, the JVM's series and the API's by route template and status, tenants' series by tier (the allow-listed one
 * by name) with exact values, a number of series that stays the same from 10 to 1,000 tenants, and the door: 405 for
 * other methods, 403 problem+json once the client's network is no longer allowed.
 */
class MetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "metrics-admin-password-1";
    private static final String[] TIERS = { "ENTERPRISE", "BASIC", "PREMIUM", "ENTERPRISE" };
    /** One line of the text format: name, labels, value. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    private final HttpClient http = KarafProcess.http();
    private Path home;
    private int port;
    private String admin;

    @AfterEach
    void stop() throws Exception {
        if (home != null) {
            KarafProcess.stop(home);
        }
    }

    @Test
    void metricsAreValidExactAndBoundedWhateverTheNumberOfTenants() throws Exception {
        KarafProcess.Booted booted = KarafProcess.boot("metrics", ADMIN_PASSWORD, h -> {
            KarafProcess.set(h.resolve("etc/io.dotmac.metrics.cfg"), "tenants", "isp-7");
            // 1,000 tenants' administrators: cheap Argon2id hashes (a test's), not the 19 MiB each of production
            KarafProcess.set(h.resolve("etc/io.dotmac.security.cfg"), "passwordHashMemoryKib", "256");
            KarafProcess.set(h.resolve("etc/io.dotmac.security.cfg"), "passwordHashIterations", "1");
        });
        home = booted.home();
        port = booted.port();
        admin = JSON.readTree(KarafProcess.post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\","
                + "\"password\":\"" + ADMIN_PASSWORD + "\"}", null).body()).path("access_token").asText();

        HttpResponse<String> first = KarafProcess.get(http, port, "/metrics", null);
        assertEquals(200, first.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type")
                .orElse(""));
        assertTrue(first.body().contains("jvm_memory_used_bytes{area=\"heap\"}"), "the JVM's metrics");
        assertTrue(value(first.body(), "dotmac_http_requests_seconds_count",
                "method=\"GET\",route=\"/api/v1/health\",status=\"200\"") >= 1, "health was asked during the boot");

        // ten tenants (every tier) each make a request, then 990 more: the tenants' series stay the same
        tenants(1, 10);
        customers("isp-2", 3);
        Map<String, Integer> at10 = seriesByName(scrape());
        tenants(11, 1000);
        String text = scrape();
        Map<String, Integer> at1000 = seriesByName(text);
        for (String name : List.of("dotmac_plugin_requests_total", "dotmac_api_requests_seconds_count",
                "dotmac_api_requests_seconds_bucket", "dotmac_http_requests_seconds_count",
                "dotmac_http_requests_seconds_bucket", "dotmac_tenants", "dotmac_customers")) {
            assertTrue(at10.getOrDefault(name, 0) > 0, name + " at 10 tenants");
            assertEquals(at10.get(name), at1000.get(name), name + ": series at 10 and at 1,000 tenants");
        }
        assertTrue(at1000.values().stream().mapToInt(Integer::intValue).sum() < 1000,
                "all the series together: " + at1000);
        assertEquals(List.of("", "isp-7"), text.lines().map(l -> {
            Matcher m = Pattern.compile("tenant=\"([^\"]*)\"").matcher(l);
            return m.find() ? m.group(1) : null;
        }).filter(t -> t != null).distinct().sorted().toList(), "tenant labels");
        promtoolAccepts(text);
        dashboardAndRulesUse(text);

        // exact values: tenant i has tier TIERS[i % 4]; isp-7 (ENTERPRISE) is counted on its own
        assertEquals(250, value(text, "dotmac_tenants", "status=\"ACTIVE\",tier=\"BASIC\""));
        assertEquals(500, value(text, "dotmac_tenants", "status=\"ACTIVE\",tier=\"ENTERPRISE\""));
        assertEquals(0, value(text, "dotmac_tenants", "status=\"SUSPENDED\",tier=\"PREMIUM\""));
        assertEquals(3, value(text, "dotmac_customers", "tier=\"PREMIUM\""));
        assertEquals(250, value(text, "dotmac_plugin_requests_total",
                "plugin=\"customer_management\",tenant=\"\",tier=\"BASIC\""));
        assertEquals(499, value(text, "dotmac_plugin_requests_total",
                "plugin=\"customer_management\",tenant=\"\",tier=\"ENTERPRISE\""));
        assertEquals(1, value(text, "dotmac_plugin_requests_total",
                "plugin=\"customer_management\",tenant=\"isp-7\",tier=\"ENTERPRISE\""));
        assertEquals(250, value(text, "dotmac_api_requests_seconds_count", "status=\"2xx\",tenant=\"\",tier=\"BASIC\""));
        assertEquals(1, value(text, "dotmac_api_requests_seconds_count",
                "status=\"2xx\",tenant=\"isp-7\",tier=\"ENTERPRISE\""));
        assertEquals(1000, value(text, "dotmac_http_requests_seconds_count",
                "method=\"POST\",route=\"/api/v1/tenants\",status=\"201\""));
        // a path with an id is counted under its template, never as itself
        send("GET", "/api/v1/customers/no-such-customer", "isp-2");
        text = scrape();
        assertEquals(1, value(text, "dotmac_http_requests_seconds_count",
                "method=\"GET\",route=\"/api/v1/customers/{id}\",status=\"404\""));
        assertFalse(text.contains("no-such-customer"));

        // the door
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        KarafProcess.set(home.resolve("etc/io.dotmac.metrics.cfg"), "allowedNetworks", "10.0.0.0/8");
        HttpResponse<String> refused = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            refused = KarafProcess.get(http, port, "/metrics", null);
            if (refused.statusCode() == 403) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(403, refused.statusCode(), "a client outside allowedNetworks");
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse("")
                .replaceAll(";.*", ""));
        assertTrue(JSON.readTree(refused.body()).path("detail").asText().contains("10.0.0.0/8"), refused.body());
    }

    /** Tenants isp-from..isp-to (tier by number), each with its administrator, then one request each. */
    private void tenants(int from, int to) throws Exception {
        Semaphore inFlight = new Semaphore(4);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i : IntStream.rangeClosed(from, to).toArray()) {
            inFlight.acquire();
            String body = "{\"name\":\"ISP " + i + "\",\"slug\":\"isp-" + i + "\",\"tier\":\"" + TIERS[i % 4]
                    + "\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@isp-" + i + ".test\",\"password\":"
                    + "\"boss-password-1\"}}";
            all.add(http.sendAsync(request("/api/v1/tenants", null).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .thenCompose(created -> {
                        assertEquals(201, created.statusCode(), created.body());
                        return http.sendAsync(request("/api/v1/customers?limit=5", "isp-" + i).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                    }).thenAccept(listed -> assertEquals(200, listed.statusCode(), listed.body()))
                    .whenComplete((ok, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    private void customers(String tenant, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            HttpResponse<String> created = http.send(request("/api/v1/customers", tenant)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@" + tenant + ".test\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String tenant) throws Exception {
        return http.send(request(path, tenant).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The operator's request, acting for {@code tenant} when not null. */
    private HttpRequest.Builder request(String path, String tenant) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + admin);
        return tenant == null ? b : b.header("X-Tenant-ID", tenant);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = KarafProcess.get(http, port, "/metrics", null);
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** How many samples each dotmac_ metric has. */
    private static Map<String, Integer> seriesByName(String text) {
        return text.lines().filter(l -> l.startsWith("dotmac_")).map(SAMPLE::matcher).filter(Matcher::matches)
                .collect(Collectors.groupingBy(m -> m.group(1), TreeMap::new, Collectors.summingInt(m -> 1)));
    }

    /** The value of the sample {@code name{labels}} (0 when there is none). */
    private static double value(String text, String name, String labels) {
        String prefix = name + "{" + labels + "} ";
        return text.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
                l.substring(prefix.length()).trim())).findFirst().orElse(0);
    }

    /**
     * docs/ops stays true: every expression of the Grafana dashboard is valid PromQL (promtool checks it as a recording
     * rule), and the rules file and the dashboard name only metrics the instance serves (those of plugins that had
     * nothing to count in this test — polls, billing runs, deliveries, e-mails — have no samples, so they are named).
     */
    private static void dashboardAndRulesUse(String text) throws Exception {
        Path ops = Path.of(System.getProperty("dotmac.root", ".."), "docs", "ops").toAbsolutePath().normalize();
        String dashboard = Files.readString(ops.resolve("grafana-dashboard.json"));
        String rules = Files.readString(ops.resolve("dotmac-rules.yml"));
        List<String> expressions = new ArrayList<>();
        JSON.readTree(dashboard).path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(
                t.path("expr").asText().replace("$instance", ".*"))));
        assertTrue(expressions.size() >= 15, "the dashboard's queries");
        StringBuilder asRules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            asRules.append("      - record: dashboard:q").append(i).append("\n        expr: ")
                    .append(JSON.writeValueAsString(expressions.get(i))).append('\n');
        }
        Path file = Files.createTempFile("dashboard", ".yml");
        Files.writeString(file, asRules);
        promtool(null, "check", "rules", file.toString());
        promtool(null, "check", "rules", ops.resolve("dotmac-rules.yml").toString());
        promtool(null, "check", "config", ops.resolve("prometheus.yml").toString());

        java.util.Set<String> served = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2])
                .collect(Collectors.toSet());
        served.addAll(List.of("dotmac_snmp_polls_seconds", "dotmac_billing_runs_total", "dotmac_emails_total",
                "dotmac_webhook_deliveries_total"));
        Matcher names = Pattern.compile("\\b((?:dotmac|jvm|process)_[a-z0-9_]+)").matcher(dashboard + rules);
        while (names.find()) {
            String name = names.group(1).replaceAll("_(bucket|count|sum)$", "");
            assertTrue(served.contains(name), name + " is named in docs/ops but not served");
        }
    }

    /** Prometheus' own parser and linter: {@code promtool check metrics} reads the text on stdin. */
    private static void promtoolAccepts(String text) throws IOException, InterruptedException {
        promtool(text, "check", "metrics");
    }

    private static void promtool(String stdin, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }
}
