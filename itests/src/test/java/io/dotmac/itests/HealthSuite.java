package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;


import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/health}: up on a working database, 503 while it is away, back to 200 by itself.
 * <p>
 * The checks live here, the {@code @Test} methods in each concrete class: Pax Exam runs an inherited test
 * method on the first class that declares it, which would mix up the suites' database hooks.
 */
public abstract class HealthSuite extends DotMacTestSupport {

    static final Duration BOOT = Duration.ofSeconds(90);

    /** Makes the database unreachable for the running instance. */
    protected abstract void takeDatabaseAway() throws Exception;

    /** What the test sees of the database, for failure messages. */
    protected String describeDatabase() throws Exception {
        return "";
    }

    /** Undoes {@link #takeDatabaseAway()}. */
    protected abstract void bringDatabaseBack() throws Exception;

    protected void checkHealthIsUpWithVersionDatabaseProductAndPluginCount() throws Exception {
        assumeDatabase();
        HttpResponse<String> response = awaitHealth(200, BOOT);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(true, response.headers().firstValue("X-Request-ID").isPresent());
        JsonNode body = json(response);
        assertEquals("UP", body.path("status").asText());
        assertEquals(System.getProperty("dotmac.version"), body.path("version").asText());
        assertEquals("UP", body.path("database").path("status").asText());
        assertEquals(System.getProperty(DATABASE_PRODUCT), body.path("database").path("product").asText());
        // the plugins the distribution boots: every built-in one, each its own feature
        assertEquals(17, body.path("plugins").asInt(-1));
        // every endpoint of every plugin is deployed before the instance says UP
        assertEquals("UP", body.path("api").path("status").asText());
        assertTrue(body.path("api").path("waitingFor").isMissingNode());
        // the node answering: its id (kept under data/) and name (karaf.name by default)
        assertTrue(body.toString(), body.path("node").path("id").asText().length() >= 8);
        assertTrue(body.toString(), !body.path("node").path("name").asText().isEmpty());
        assertEquals(6, body.size());
    }

    protected void checkHealthTurns503WhileTheDatabaseIsAwayAndRecoversWithoutRestart() throws Exception {
        assumeDatabase();
        awaitHealth(200, BOOT);
        takeDatabaseAway();
        try {
            HttpResponse<String> down = awaitHealth(503, Duration.ofSeconds(60), this::describeDatabase);
            JsonNode body = json(down);
            assertEquals("DOWN", body.path("status").asText());
            assertEquals("DOWN", body.path("database").path("status").asText());
            assertEquals(System.getProperty("dotmac.version"), body.path("version").asText());
        } finally {
            bringDatabaseBack();
        }
        JsonNode up = json(awaitHealth(200, Duration.ofSeconds(60)));
        assertEquals("UP", up.path("database").path("status").asText());
        assertEquals(System.getProperty(DATABASE_PRODUCT), up.path("database").path("product").asText());
    }
}
