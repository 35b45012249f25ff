package io.dotmac.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Karaf JVM of an unpacked distribution, for the tests that run it as its own process. */
final class KarafProcess {

    private KarafProcess() {
    }

    /** A distribution unpacked and started: where, and its HTTP and SSH ports. */
    record Booted(Path home, int port, int ssh) {
    }

    /**
     * The built distribution unpacked under {@code target/<dir>/}, on free HTTP and SSH ports, started as an operator
     * starts it ({@code bin/karaf server}, the first operator's password from {@code DOTMAC_ADMIN_PASSWORD}); returns
     * once health answers 200 and the operator can log in (at most 180 s).
     */
    static Booted boot(String dir, String adminPassword) throws Exception {
        return boot(dir, adminPassword, home -> { });
    }

    /** The same, with {@code configure} given the unpacked home to change its configuration before the start. */
    /** The HTTP port a distribution being configured will listen on. */
    static int port(Path home) throws java.io.IOException {
        for (String line : Files.readAllLines(home.resolve("etc/org.ops4j.pax.web.cfg"))) {
            if (line.strip().startsWith("org.osgi.service.http.port")) {
                return Integer.parseInt(line.substring(line.indexOf('=') + 1).strip());
            }
        }
        throw new IllegalStateException("no org.osgi.service.http.port in " + home);
    }

    static Booted boot(String dir, String adminPassword, Configure configure) throws Exception {
        return boot(dir, adminPassword, configure, java.util.Map.of());
    }

    /** The same, started with {@code env} added to its environment (Karaf applies {@code <PID>_<KEY>} over etc/). */
    static Booted boot(String dir, String adminPassword, Configure configure, java.util.Map<String, String> env)
            throws Exception {
        Path parent = Files.createDirectories(Path.of("target", dir)).toAbsolutePath();
        Path unpacked = Files.createTempDirectory(parent, "dist");
        Process tar = new ProcessBuilder("tar", "xzf", Path.of(System.getProperty("dotmac.distribution"))
                .toAbsolutePath().toString(), "-C", unpacked.toString()).inheritIO().start();
        if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new AssertionError("tar failed");
        }
        Path home;
        try (var entries = Files.list(unpacked)) {
            home = entries.findFirst().orElseThrow();
        }
        int port = DotMacTestSupport.freePort();
        int ssh = DotMacTestSupport.freePort();
        set(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(port));
        set(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(ssh));
        configure.at(home); // after the ports: it may read them (port(home)) or set its own
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile());
        pb.environment().put("DOTMAC_ADMIN_PASSWORD", adminPassword);
        pb.environment().putAll(env);
        pb.start();
        HttpClient http = http();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            try {
                if (get(http, port, "/api/v1/health", null).statusCode() == 200
                        && post(http, port, "/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\""
                                + adminPassword + "\"}", null).statusCode() == 200) {
                    return new Booted(home, port, ssh);
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the distribution did not come up in 180 s");
    }

    /** A change to an unpacked distribution before it starts. */
    interface Configure {
        void at(Path home) throws Exception;
    }

    /**
     * Points an unpacked distribution at the PostgreSQL database {@code pg} ({name, owner, app, system}, as
     * {@code ClusterIT.database()} makes them, passwords {@code owner}, {@code app} and {@code system}).
     */
    static void onPostgres(Path home, String[] pg) throws java.io.IOException {
        Path ds = home.resolve("etc/org.ops4j.datasource-dotmac.cfg");
        set(ds, "osgi.jdbc.driver.class", "org.postgresql.Driver");
        set(ds, "url", PostgresDatabase.urlOf(pg[0]));
        set(ds, "user", pg[2]);
        set(ds, "password", "app");
        Path persistence = home.resolve("etc/io.dotmac.persistence.cfg");
        set(persistence, "migrationUser", pg[1]);
        set(persistence, "migrationPassword", "owner");
        set(persistence, "systemUser", pg[3]);
        set(persistence, "systemPassword", "system");
    }

    /** Sets {@code key} in the Karaf configuration file {@code cfg}. */
    static void set(Path cfg, String key, String value) throws java.io.IOException {
        java.util.List<String> lines = Files.readAllLines(cfg).stream()
                .map(l -> l.matches("\\s*" + key.replace(".", "\\.") + "\\s*=.*") ? key + " = " + value : l)
                .toList();
        Files.write(cfg, lines);
    }

    /** The Karaf JVM of {@code home} (bin/karaf runs java as its child). */
    static Optional<ProcessHandle> jvm(Path home) {
        String marker = "-Dkaraf.home=" + home.toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker))
                .orElse(false)).findFirst();
    }

    /** {@code bin/stop}, then waits up to 30 s for the JVM to end (killing it after that). */
    static void stop(Path home) throws Exception {
        Optional<ProcessHandle> running = jvm(home);
        new ProcessBuilder(home.resolve("bin/stop").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (running.isPresent()) {
            try {
                running.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                running.get().destroyForcibly();
            }
        }
    }

    /** Runs a Karaf shell {@code command} through the distribution's {@code bin/dotmac}; its output. */
    static String shell(Path home, String command) throws Exception {
        for (int attempt = 1;; attempt++) {
            Process p = new ProcessBuilder(home.resolve("bin/dotmac").toString(), command).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " hangs");
            }
            if (p.exitValue() == 0) {
                return out;
            }
            // a failed command says why; a failure with nothing said is the SSH connection's (seen now and then on
            // a loaded machine, for a few seconds): the command never ran, so it is tried again, waiting longer
            if (!out.isBlank() || attempt == 5) {
                throw new AssertionError(command + " (exit " + p.exitValue() + ", attempt " + attempt + "): " + out
                        + (out.isBlank() ? sshDiagnosis(home) : ""));
            }
            Thread.sleep(1000L * attempt);
        }
    }

    /** What OpenSSH itself says connecting to the instance as {@code bin/dotmac} does, for a failure's reader. */
    private static String sshDiagnosis(Path home) {
        try {
            int port = 8101;
            for (String line : Files.readAllLines(home.resolve("etc/org.apache.karaf.shell.cfg"))) {
                if (line.strip().startsWith("sshPort")) {
                    port = Integer.parseInt(line.substring(line.indexOf('=') + 1).strip());
                }
            }
            Process p = new ProcessBuilder("ssh", "-v", "-T", "-p", String.valueOf(port), "-i",
                    home.resolve("etc/client.key").toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile="
                            + home.resolve("data/dotmac_known_hosts"), "-o", "ConnectTimeout=10",
                    "karaf@127.0.0.1", "shell:echo ok").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            java.util.List<String> lines = out.lines().toList();
            return "\nssh -v, once more (exit " + p.exitValue() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (Exception e) {
            return "\n(no ssh diagnosis: " + e + ")";
        }
    }

    /** A client for the instance's loopback HTTP port. */
    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code GET path} on the instance at {@code port}, with a bearer {@code token} when not null. */
    static HttpResponse<String> get(HttpClient http, int port, String path, String token) throws Exception {
        return send(http, request(port, path, token).GET());
    }

    /** {@code DELETE path} on the instance at {@code port}. */
    static HttpResponse<String> delete(HttpClient http, int port, String path, String token) throws Exception {
        return send(http, request(port, path, token).DELETE());
    }

    /** {@code PUT path} with a JSON {@code body} on the instance at {@code port}. */
    static HttpResponse<String> put(HttpClient http, int port, String path, String body, String token)
            throws Exception {
        return send(http, request(port, path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST path} with a JSON {@code body} on the instance at {@code port}. */
    static HttpResponse<String> post(HttpClient http, int port, String path, String body, String token)
            throws Exception {
        return send(http, request(port, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code PATCH path} with a JSON {@code body} on the instance at {@code port}. */
    static HttpResponse<String> patch(HttpClient http, int port, String path, String body, String token)
            throws Exception {
        return send(http, request(port, path, token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder request(int port, String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
