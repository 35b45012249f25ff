package io.dotmac.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureSecurity;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import javax.inject.Inject;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.dotmac.platform.api.TenantServices;

/**
 * Boots the built DotMac distribution (not a stock Karaf) with Pax Exam, on free loopback ports, and talks HTTP to
 * it. Subclasses choose the database with {@link #h2()} or {@link PostgresDatabase}.
 */
public abstract class DotMacTestSupport {

    /** System property (in the container) naming the database the suite runs on: {@code H2} or {@code PostgreSQL}. */
    static final String DATABASE_PRODUCT = "dotmac.it.database";
    static final String HTTP_PORT = "dotmac.it.httpPort";
    static final String SKIP_REASON = "dotmac.it.skip";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected BundleContext bundleContext;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Options shared by every suite, plus {@code extra}. Runs in the test JVM. */
    protected static Option[] distribution(String product, Option... extra) {
        String httpPort = String.valueOf(freePort());
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty("dotmac.distribution")).toURI().toString())
                        .name("DotMac")
                        .unpackDirectory(new File(System.getProperty("dotmac.exam.dir", "target/exam")))
                        .useDeployFolder(false),
                // keep each run's instance (logs in target/exam/*/data/log) for diagnosis; mvn clean removes them
                keepRuntimeFolder(),
                configureSecurity().disableKarafMBeanServerBuilder(),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                // as bin/setenv does: the Aries JAX-RS API bundle embeds a jar recent Java 17 updates reject
                org.ops4j.pax.exam.CoreOptions.vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.features.cfg", "updateSnapshots", "none"),
                editConfigurationFilePut("etc/io.dotmac.persistence.cfg", "probeIntervalMillis", "500"),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")),
                containerProperty(HTTP_PORT, httpPort),
                containerProperty(DATABASE_PRODUCT, product),
                containerProperty(DotMacPaxExam.ATTEMPT, System.getProperty(DotMacPaxExam.ATTEMPT, "1")),
                containerProperty("dotmac.version", System.getProperty("dotmac.version")),
                containerProperty("dotmac.testplugin", System.getProperty("dotmac.testplugin")),
                containerProperty("dotmac.escapeplugin", System.getProperty("dotmac.escapeplugin"))));
        options.addAll(Arrays.asList(extra));
        return options(options.toArray(Option[]::new));
    }

    /** The embedded H2 database, as shipped. */
    protected static Option[] h2() {
        return distribution("H2");
    }

    protected static Option containerProperty(String key, String value) {
        return editConfigurationFilePut("etc/system.properties", key, value);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up), for a server that starts listening long after the
     * port is chosen (GreenMail, started on its first use): clients connecting to a port of the ephemeral range where
     * nobody listens yet can be given that very port as their own local one (a TCP self-connect), which then holds
     * it, and the server cannot bind (seen once: every e-mail test of a suite timed out).
     */
    static int freePortBelowEphemeral() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            // free for TCP and for UDP on every address (snmpd and FreeRADIUS listen on UDP)
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress());
                    java.net.DatagramSocket udp = new java.net.DatagramSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    // ---- in the container ----

    protected String base() {
        return "http://127.0.0.1:" + System.getProperty(HTTP_PORT);
    }

    /** A GET whose answer is bytes (a PDF, a PNG). */
    protected HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .headers(headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    protected HttpResponse<String> request(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code body} (JSON, or nothing when null) with {@code headers} (name, value, ...). */
    protected HttpResponse<String> send(String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> get(String path, String... headers) throws Exception {
        return request("GET", path, headers);
    }

    // ---- the platform operator ----

    private String adminToken;

    protected String adminPassword() throws Exception {
        Path file = Path.of(System.getProperty("karaf.etc"), "admin.password");
        await("the generated admin password file", Duration.ofSeconds(90), () -> Files.exists(file));
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    protected String adminToken() throws Exception {
        if (adminToken == null) {
            awaitHealth(200, HealthSuite.BOOT);
            String password = adminPassword();
            String[] token = new String[1];
            await("the admin's login", Duration.ofSeconds(60), () -> {
                HttpResponse<String> r = login(null, "admin", password);
                token[0] = r.statusCode() == 200 ? json(r).path("access_token").asText() : null;
                return token[0] != null;
            });
            // and for licensing's entitlements: until they are loaded, plugin endpoints answer 503 "retry later"
            awaitService(TenantServices.class, null);
            adminToken = token[0];
        }
        return adminToken;
    }

    protected HttpResponse<String> login(String tenant, String username, String password) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password);
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        return send("POST", "/api/v1/auth/token", body.toString());
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Polls {@code condition} every 200 ms until it holds or {@code timeout} passes (then fails). */
    protected static void await(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what, last);
    }

    /** Waits until the health endpoint answers {@code status}, returning that response. */
    protected HttpResponse<String> awaitHealth(int status, Duration timeout) throws Exception {
        return awaitHealth(status, timeout, () -> "");
    }

    /** Like {@link #awaitHealth(int, Duration)}, adding {@code context} and the last answer to a failure. */
    protected HttpResponse<String> awaitHealth(int status, Duration timeout, Callable<String> context)
            throws Exception {
        HttpResponse<String>[] last = new HttpResponse[1];
        try {
            await("GET /api/v1/health to answer " + status, timeout, () -> {
                last[0] = get("/api/v1/health");
                return last[0].statusCode() == status;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: "
                    + (last[0] == null ? "none" : last[0].statusCode() + " " + last[0].body()) + "; " + context.call(), e);
        }
        return last[0];
    }

    /** The service of {@code type} matching {@code filter} (may be null), waiting up to 90 s for it. */
    protected <T> T awaitService(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, FrameworkUtil.createFilter(
                "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + (filter == null ? "" : filter) + ")"), null);
        tracker.open();
        T service = tracker.waitForService(Duration.ofSeconds(90).toMillis());
        assertNotNull("no " + type.getName() + " service within 90 s", service);
        return service;
    }

    /** Skips the test when the suite's database is unavailable (see {@link PostgresDatabase}). */
    protected static void assumeDatabase() {
        String skip = System.getProperty(SKIP_REASON);
        org.junit.Assume.assumeTrue(skip, skip == null || skip.isBlank());
    }

    protected static void assertContains(String haystack, String needle) {
        assertTrue("expected <" + needle + "> in <" + haystack + ">", haystack != null && haystack.contains(needle));
    }
}
