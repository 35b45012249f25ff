package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

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
        JsonNode down = json(awaitHealth(503, HealthSuite.BOOT));
        assertEquals("DOWN", down.path("database").path("status").asText());
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
