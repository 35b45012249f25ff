package io.dotmac.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Karaf JVM of an unpacked distribution, for the tests that run it as its own process. */
final class KarafProcess {

    private KarafProcess() {
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

    /** A client for the instance's loopback HTTP port. */
    static HttpClient http() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code GET path} on the instance at {@code port}, with a bearer {@code token} when not null. */
    static HttpResponse<String> get(HttpClient http, int port, String path, String token) throws Exception {
        return send(http, request(port, path, token).GET());
    }

    /** {@code POST path} with a JSON {@code body} on the instance at {@code port}. */
    static HttpResponse<String> post(HttpClient http, int port, String path, String body, String token)
            throws Exception {
        return send(http, request(port, path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
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
