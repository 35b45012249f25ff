package io.dotmac.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.dotmac.persistence.DatabaseState;

class HealthResourceTest {

    @Test
    void upWhenTheDatabaseIsUp() {
        HealthReport r = HealthResource.report(() -> new DatabaseState(true, "H2", "1", null, Instant.now()), "1.0", 3);
        assertEquals(new HealthReport("UP", "1.0", new HealthReport.Database("UP", "H2"), 3), r);
    }

    @Test
    void downWhenTheDatabaseIsDownKeepingTheLastKnownProduct() {
        HealthReport r = HealthResource.report(
                () -> new DatabaseState(false, "PostgreSQL", "1", "timeout", Instant.now()), "1.0", 0);
        assertEquals("DOWN", r.status());
        assertEquals(new HealthReport.Database("DOWN", "PostgreSQL"), r.database());
    }

    @Test
    void downWithoutADatabaseMonitor() {
        HealthReport r = HealthResource.report(null, "1.0", 0);
        assertEquals("DOWN", r.status());
        assertEquals("DOWN", r.database().status());
        assertNull(r.database().product());
    }
}
