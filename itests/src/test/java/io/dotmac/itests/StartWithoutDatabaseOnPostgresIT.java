package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

import io.dotmac.persistence.platform.InstanceIdentity;

/**
 * DotMac started while PostgreSQL refuses connections: health says DOWN, nothing that needs the tables starts;
 * once the database accepts connections the schema is migrated, the instance identity is read and health turns 200, with
 * no restart.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StartWithoutDatabaseOnPostgresIT extends PlatformSuite {

    @Configuration
    public Option[] config() {
        return PostgresDatabase.createRefusingConnections(getClass());
    }

    @Test
    public void startsWhileTheDatabaseIsDownAndCatchesUpWhenItComesBack() throws Exception {
        assumeDatabase();
        // health's own 503 (the server answers 503 too for an /api request before the API is deployed: no body of
        // health's then), naming the database DOWN
        JsonNode[] down = new JsonNode[1];
        await("health's 503 with the database DOWN", HealthSuite.BOOT, () -> {
            HttpResponse<String> r = get("/api/v1/health");
            down[0] = r.statusCode() == 503 ? json(r) : null;
            return down[0] != null && down[0].path("database").has("status");
        });
        assertEquals("DOWN", down[0].path("database").path("status").asText());
        // the pooled data source is there, the migrated one is not
        awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        assertTrue("no migrated data source while the database is down", bundleContext
                .getServiceReferences(DataSource.class, "(osgi.jndi.service.name=dotmac.migrated)").isEmpty());
        assertNull("the instance identity must wait for the migrated schema",
                bundleContext.getServiceReference(InstanceIdentity.class));

        PostgresAdmin.allowConnections(bundleContext, true);

        JsonNode up = json(awaitHealth(200, Duration.ofSeconds(60)));
        assertEquals("PostgreSQL", up.path("database").path("product").asText());
        InstanceIdentity identity = awaitService(InstanceIdentity.class, null);
        DataSource ds = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM dotmac_instance")) {
            assertTrue(rs.next());
            assertEquals(identity.id(), rs.getString(1));
        }
    }
}
