package io.dotmac.management.digitalocean.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dotmac.management.StepFailedException;

/**
 * DigitalOcean's REST API (v2) for one region's settings: {@code apiToken} (a personal access token with write
 * scope), {@code apiUrl} ({@code https://api.digitalocean.com}, or a local fake). A 429 is waited out
 * ({@code Retry-After}, at most a minute) and asked again up to three times; then, like a 5xx or the network, it fails
 * the step for now; any other 4xx fails it for good, with DigitalOcean's message.
 */
final class DoApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String token;

    DoApi(HttpClient http, Map<String, String> settings) throws StepFailedException {
        this.http = http;
        this.base = settings.getOrDefault("apiUrl", "https://api.digitalocean.com").replaceAll("/$", "");
        this.token = settings.getOrDefault("apiToken", "");
        if (token.isEmpty()) {
            throw new StepFailedException("the region has no apiToken for DigitalOcean", true);
        }
    }

    /** {@code GET path}: the answer's JSON, or null on 404. */
    JsonNode get(String path) throws StepFailedException {
        return send("GET", path, null, true);
    }

    JsonNode post(String path, Object body) throws StepFailedException {
        return send("POST", path, body, false);
    }

    JsonNode put(String path, Object body) throws StepFailedException {
        return send("PUT", path, body, false);
    }

    /** {@code DELETE path}: true when it was there (404: gone already, false). */
    boolean delete(String path) throws StepFailedException {
        return send("DELETE", path, null, true) != null;
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, Object body, boolean notFoundIsNull) throws StepFailedException {
        for (int attempt = 1;; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            try {
                request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                if (body != null) {
                    request.header("Content-Type", "application/json");
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                if (status == 429 && attempt < 4) {
                    long wait = r.headers().firstValue("Retry-After").map(DoApi::seconds).orElse(1L);
                    Thread.sleep(Math.min(60, Math.max(0, wait)) * 1000 + 100);
                    continue;
                }
                if (status == 404 && notFoundIsNull) {
                    return null;
                }
                if (status >= 200 && status < 300) {
                    return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
                }
                String message = message(r.body());
                throw new StepFailedException("DigitalOcean " + method + " " + path.replaceAll("\\?.*", "")
                        + " answered " + status + (message.isEmpty() ? "" : ": " + message),
                        status < 500 && status != 429);
            } catch (JsonProcessingException e) {
                throw new StepFailedException("DigitalOcean's answer to " + method + " " + path + " is not JSON",
                        false, e);
            } catch (IOException e) {
                throw new StepFailedException("DigitalOcean does not answer: " + e.getMessage(), false, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailedException("interrupted", false, e);
            }
        }
    }

    private static long seconds(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.path("message").asText(n.path("id").asText(""));
        } catch (JsonProcessingException | RuntimeException e) {
            return "";
        }
    }
}
