package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The README's run command keeps an instance's data and configuration: {@code ./run.sh server} twice on the same
 * instance directory (the second run upgrading it in place from the build, as after a rebuild), and the tenant
 * created in the first run, the operator's password, an edited configuration file and the generated keys are all
 * there in the second; the instance's data and secrets are owner-only, with a shutdown command of its own. Not a
 * Pax Exam test: it runs the script a newcomer runs.
 */
class RunScriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BOOT = Duration.ofSeconds(180);
    private static final String ADMIN_PASSWORD = "run-sh-admin-password";

    private final HttpClient http = KarafProcess.http();
    private final Path repository = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private final Path instance = Path.of(System.getProperty("user.dir")).toAbsolutePath()
            .resolve("target/run-sh-" + UUID.randomUUID().toString().substring(0, 8));
    private int port;
    private Process script;

    @AfterEach
    void cleanUp() throws Exception {
        stop();
        if (Files.exists(instance)) {
            try (Stream<Path> all = Files.walk(instance)) {
                all.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void aSecondRunKeepsTheDatabaseTheConfigurationAndTheKeys() throws Exception {
        port = DotMacTestSupport.freePort();
        run(ADMIN_PASSWORD);
        assertTrue(Files.isDirectory(instance.resolve("data/db")), "the H2 database lives in the instance");
        // what holds data or secrets is the owner's only
        for (String file : List.of("data/db/dotmac.mv.db", "data/log/karaf.log", "etc/config.properties",
                "etc/org.ops4j.datasource-dotmac.cfg", "etc/io.dotmac.notifications.email.cfg",
                "etc/dotmac-token.key", "etc")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(instance.resolve(file));
            assertTrue(permissions.stream().allMatch(p -> p.name().startsWith("OWNER")), file + ": " + permissions);
        }
        // the shutdown command, which stops the instance, is its own (Karaf writes it on the first start), in that
        // owner-only file
        assertTrue(shutdownCommand(instance.resolve("etc/config.properties")).matches(
                "karaf\\.shutdown\\.command\\s*=\\s*\\S{16,}"));
        String admin = login(ADMIN_PASSWORD);
        HttpResponse<String> created = post("/api/v1/tenants", "{\"name\":\"Kept ISP\",\"slug\":\"kept-isp\","
                + "\"tier\":\"BASIC\",\"admin\":{\"username\":\"boss\",\"email\":\"boss@kept.test\","
                + "\"password\":\"kept-password-1\"}}", admin);
        assertEquals(201, created.statusCode(), created.body());
        Path security = instance.resolve("etc/io.dotmac.security.cfg");
        Files.writeString(security, Files.readString(security) + "\n# the operator's own note\n",
                StandardCharsets.UTF_8);
        byte[] tokenKey = Files.readAllBytes(instance.resolve("etc/dotmac-token.key"));
        stop();

        // as after a rebuild: the instance is upgraded in place from the distribution. The operator exists, so the
        // password in the environment is ignored and the first run's one still logs in
        run("another-admin-password");
        String again = login(ADMIN_PASSWORD);
        JsonNode tenants = JSON.readTree(get("/api/v1/tenants", again).body());
        assertTrue(tenants.toString().contains("\"kept-isp\""), tenants.toString());
        assertTrue(Files.readString(security).contains("# the operator's own note"), "an edited etc/ file stays");
        assertTrue(Files.exists(instance.resolve("etc/io.dotmac.security.cfg.dist")),
                "the build's version of an edited file is put beside it");
        assertEquals(new String(tokenKey, StandardCharsets.ISO_8859_1), new String(Files.readAllBytes(
                instance.resolve("etc/dotmac-token.key")), StandardCharsets.ISO_8859_1), "keys stay");
        String output = Files.readString(instance.resolveSibling(instance.getFileName() + ".log"));
        assertTrue(output.contains("created the instance"), output);
        assertTrue(output.contains("upgraded the instance"), output);
        assertTrue(output.contains("kept your etc/io.dotmac.security.cfg"), output);
    }

    private static String shutdownCommand(Path configProperties) throws IOException {
        return Files.readAllLines(configProperties).stream().filter(l -> l.startsWith("karaf.shutdown.command"))
                .findFirst().orElseThrow(() -> new AssertionError("no shutdown command in " + configProperties));
    }

    /** {@code ./run.sh server} with this test's instance and ports, until health answers 200. */
    private void run(String adminPassword) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(repository.resolve("run.sh").toString(), "server")
                .directory(repository.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(instance.resolveSibling(instance.getFileName()
                        + ".log").toFile()));
        pb.environment().put("DOTMAC_INSTANCE", instance.toString());
        pb.environment().put("DOTMAC_SKIP_BUILD", "1");
        pb.environment().put("DOTMAC_HTTP_PORT", String.valueOf(port));
        pb.environment().put("DOTMAC_SSH_PORT", String.valueOf(DotMacTestSupport.freePort()));
        pb.environment().put("DOTMAC_ADMIN_PASSWORD", adminPassword);
        script = pb.start();
        Instant deadline = Instant.now().plus(BOOT);
        while (Instant.now().isBefore(deadline)) {
            if (!script.isAlive()) {
                throw new AssertionError("run.sh ended with " + script.exitValue() + ": " + Files.readString(
                        instance.resolveSibling(instance.getFileName() + ".log")));
            }
            try {
                if (get("/api/v1/health", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no health 200 from the instance within " + BOOT);
    }

    private void stop() throws Exception {
        if (!Files.exists(instance.resolve("bin/stop"))) {
            return;
        }
        KarafProcess.stop(instance);
        if (script != null) {
            script.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---- HTTP

    /** A platform operator's bearer token; the operator is created once the schema is migrated, so it waits. */
    private String login(String password) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            HttpResponse<String> r = post("/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"" + password
                    + "\"}", null);
            if (r.statusCode() == 200) {
                return JSON.readTree(r.body()).path("access_token").asText();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no login: " + r.statusCode() + " " + r.body());
            }
            Thread.sleep(200);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return KarafProcess.get(http, port, path, token);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return KarafProcess.post(http, port, path, body, token);
    }
}
