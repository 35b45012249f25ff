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

        // the marketplace's trust, through the shell: no authority yet; then a bundle signed with a key the authority
        // certified passes, and one unsigned, changed after signing or signed with a revoked key is refused, each
        // with its reason (keys and signatures made with the JDK's keytool and jarsigner)
        Path pkiDir = Files.createTempDirectory("pki");
        io.dotmac.marketplace.internal.TestPki pki = new io.dotmac.marketplace.internal.TestPki(pkiDir);
        java.security.cert.X509Certificate developer = pki.developer("acme", true, true);
        Path plugin = Files.copy(Path.of(System.getProperty("dotmac.testplugin")), pkiDir.resolve("plugin.jar"));
        String dotmac = home.resolve("bin/dotmac").toString();
        String none = run(dotmac, "dotmac:marketplace-verify " + plugin);
        assertTrue(none.contains("trusts no marketplace authority"), none);
        Files.copy(pki.authority(), home.resolve("etc/dotmac-marketplace-ca.pem"));
        String unsigned = run(dotmac, "dotmac:marketplace-verify " + plugin);
        assertTrue(unsigned.contains("The jar is not signed"), unsigned);
        pki.sign(plugin, "acme");
        String verified = run(dotmac, "dotmac:marketplace-verify " + plugin);
        assertTrue(verified.contains("Verified: io.dotmac.testplugin") && verified.contains("CN=acme"), verified);
        Path changed = io.dotmac.marketplace.internal.TestPki.rewrite(plugin, pkiDir.resolve("changed.jar"),
                "io/dotmac/testplugin/HelloResource.class", "not the signed class");
        String tampered = run(dotmac, "dotmac:marketplace-verify " + changed);
        assertTrue(tampered.contains("changed after signing"), tampered);
        Files.copy(pki.revoke(developer.getSerialNumber()), home.resolve("etc/dotmac-marketplace.crl"));
        String revoked = run(dotmac, "dotmac:marketplace-verify " + plugin);
        assertTrue(revoked.contains("The signing key was revoked by the marketplace"), revoked);
    }
}
