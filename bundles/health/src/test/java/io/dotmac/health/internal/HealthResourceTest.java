package io.dotmac.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.persistence.platform.DatabaseState;

class HealthResourceTest {

    @Test
    void upWhenTheDatabaseIsUp() {
        HealthReport r = HealthResource.report(() -> new DatabaseState(true, "H2", "1", null, Instant.now()), "1.0", 3,
                List.of(), new HealthReport.Node("n-1", "node-a"));
        assertEquals(new HealthReport("UP", "1.0", new HealthReport.Database("UP", "H2"), 3,
                new HealthReport.Api("UP", null), new HealthReport.Node("n-1", "node-a")), r);
    }

    @Test
    void downWhileTheApiIsStarting() {
        HealthReport r = HealthResource.report(() -> new DatabaseState(true, "H2", "1", null, Instant.now()), "1.0", 3,
                List.of("io.dotmac.network.monitoring.internal.NetworkResource"));
        assertEquals("DOWN", r.status());
        assertEquals(new HealthReport.Database("UP", "H2"), r.database());
        assertEquals(new HealthReport.Api("STARTING", List.of("io.dotmac.network.monitoring.internal.NetworkResource")),
                r.api());
    }

    @Test
    void downWhenTheDatabaseIsDownKeepingTheLastKnownProduct() {
        HealthReport r = HealthResource.report(
                () -> new DatabaseState(false, "PostgreSQL", "1", "timeout", Instant.now()), "1.0", 0, List.of());
        assertEquals("DOWN", r.status());
        assertEquals(new HealthReport.Database("DOWN", "PostgreSQL"), r.database());
    }

    @Test
    void downWithoutADatabaseMonitor() {
        HealthReport r = HealthResource.report(null, "1.0", 0, List.of());
        assertEquals("DOWN", r.status());
        assertEquals("DOWN", r.database().status());
        assertNull(r.database().product());
    }
}
