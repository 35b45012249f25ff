package io.dotmac.management.engine.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An ISP instance's REST API, as the control plane uses it: health, logins, tenants. */
final class RemoteApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** An answer: its status and body. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                return JSON.createObjectNode();
            }
        }
    }

    private final HttpClient http;
    private final String base;

    /** {@code base}: the instance's URL, {@code http://host:port}. */
    RemoteApi(HttpClient http, String base) {
        this.http = http;
        this.base = base.replaceAll("/$", "");
    }

    String base() {
        return base;
    }

    /** {@code GET /api/v1/health}: 200 once the instance serves with its database; throws when it does not answer. */
    Answer health() throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + "/api/v1/health")).GET(), null);
    }

    /** A bearer token for the operator ({@code tenant} null) or a tenant's user; null when the login is refused. */
    String token(String tenant, String username, String password) throws IOException, InterruptedException {
        Map<String, String> body = new LinkedHashMap<>();
        if (tenant != null) {
            body.put("tenant", tenant);
        }
        body.put("username", username);
        body.put("password", password);
        Answer a = post("/api/v1/auth/token", body, null);
        if (a.status() != 200) {
            return null;
        }
        return a.json().path("access_token").asText(null);
    }

    Answer get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
    }

    Answer post(String path, Object body, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), token);
    }

    private Answer send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        request.timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }
}
