package io.dotmac.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tar.gz as an operator gets it: unpacked, started with {@code bin/karaf server}, answering health on H2,
 * listening on loopback only, taking shell commands through {@code bin/dotmac} (bin/client with the local key),
 * and stopped with {@code bin/stop}.
 */
class DistributionSmokeIT {

    private Path home;
    private Process karaf;

    @AfterEach
    void stop() throws Exception {
        if (home != null) {
            run(home.resolve("bin/stop").toString());
        }
        if (karaf != null && !karaf.waitFor(30, TimeUnit.SECONDS)) {
            karaf.destroyForcibly();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return run(java.util.Map.of(), command);
    }

    private static String run(java.util.Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), () -> String.join(" ", command) + " hangs");
        return out;
    }

    private static void set(Path cfg, String key, String value) throws IOException {
        List<String> lines = Files.readAllLines(cfg).stream()
                .map(l -> l.matches("\\s*" + key.replace(".", "\\.") + "\\s*=.*") ? key + " = " + value : l)
                .toList();
        Files.write(cfg, lines);
    }

    @Test
    void unpackedDistributionStartsAnswersHealthOnLoopbackOnlyAndTakesShellCommands() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "smoke")).toAbsolutePath();
        Path unpacked = Files.createTempDirectory(dir, "dist");
        run("tar", "xzf", new File(System.getProperty("dotmac.distribution")).getAbsolutePath(), "-C",
                unpacked.toString());
        try (var entries = Files.list(unpacked)) {
            home = entries.findFirst().orElseThrow();
        }
        int http = DotMacTestSupport.freePort();
        int ssh = DotMacTestSupport.freePort();
        set(home.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", String.valueOf(http));
        set(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", String.valueOf(ssh));

        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .redirectErrorStream(true).redirectOutput(home.resolve("console.log").toFile()).start();

        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/api/v1/health"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpResponse<String> answer = null;
        // polled closely from the moment the port opens: everything before the first 200 is a 503 with a JSON body
        // (the API's problem while it is not deployed, or health's DOWN), never a 404 or an HTML page
        java.util.Set<String> before = new java.util.TreeSet<>();
        while (System.nanoTime() < deadline) {
            try {
                answer = client.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    break;
                }
                before.add(answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("")
                        .replace(";charset=utf-8", ""));
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        assertTrue(answer != null && answer.statusCode() == 200, "health never answered 200");
        assertTrue(java.util.Set.of("503 application/problem+json", "503 application/json").containsAll(before),
                "answers before the first 200: " + before);
        assertTrue(answer.body().contains("\"product\":\"H2\""), answer.body());

        // nothing on a non-loopback address
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLinkLocalAddress() && a.getAddress().length == 4)
                .findFirst();
        if (external.isPresent()) {
            for (int port : new int[] {http, ssh}) {
                assertThrows(IOException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(external.get(), port), 2000);
                    }
                }, "port " + port + " answers on " + external.get());
            }
        }

        // the shell, through bin/client and the local operator key
        String bundles = "";
        // -t 0: the REST bundle starts at level 25, below bundle:list's default threshold
        for (int attempt = 0; attempt < 30 && !bundles.contains("DotMac :: REST"); attempt++) {
            bundles = run(home.resolve("bin/dotmac").toString(), "bundle:list -t 0");
            Thread.sleep(attempt == 0 ? 0 : 1000);
        }
        assertTrue(bundles.contains("DotMac :: REST") && bundles.contains("Active"), bundles);
        // through OpenSSH (ssh on the PATH here: the host key is remembered in data/), several commands at once;
        // and through Karaf's own client when asked to
        String two = run(home.resolve("bin/dotmac").toString(), "dotmac:license-show; bundle:list -t 0");
        assertTrue(two.contains("Instance licence") && two.contains("DotMac :: REST"), two);
        assertTrue(Files.exists(home.resolve("data/dotmac_known_hosts")), "OpenSSH was not used");
        String karafClient = run(java.util.Map.of("DOTMAC_SSH", "karaf"), home.resolve("bin/dotmac").toString(),
                "bundle:list -t 0");
        assertTrue(karafClient.contains("DotMac :: REST"), karafClient);
        String perms = String.join(",", Files.getPosixFilePermissions(home.resolve("etc/client.key")).stream()
                .map(Enum::name).sorted().toList());
        assertEquals("OWNER_READ,OWNER_WRITE", perms);

        // a clean start logs no ERROR, no stack trace, and not Flyway's per-schema upgrade advice
        List<String> log = Files.readAllLines(home.resolve("data/log/karaf.log"));
        List<String> bad = log.stream().filter(l -> l.contains("| ERROR |") || l.startsWith("\tat ")
                || l.startsWith("Caused by") || (l.contains("| WARN ") && l.contains("Flyway upgrade"))).toList();
        assertTrue(bad.isEmpty(), () -> bad.size() + " lines, such as:\n" + String.join("\n",
                bad.subList(0, Math.min(15, bad.size()))));
    }
}
