package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.dotmac.persistence.DatabaseHealth;

/**
 * Tenant isolation on PostgreSQL rests on row-level security, which a BYPASSRLS (or superuser) role skips: DotMac
 * configured with such an application role refuses to migrate or use the schema, and health says why.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RowLevelSecurityRefusalOnPostgresIT extends DotMacTestSupport {

    @Configuration
    public Option[] config() {
        return PostgresDatabase.createWithBypassingApplicationRole(getClass());
    }

    @Test
    public void refusesAnApplicationRoleThatBypassesRowLevelSecurity() throws Exception {
        assumeDatabase();
        DatabaseHealth health = awaitService(DatabaseHealth.class, null);
        await("the refusal", HealthSuite.BOOT, () -> {
            String reason = health.state().error();
            return reason != null && reason.contains("bypasses row-level security");
        });
        assertEquals("DOWN", json(get("/api/v1/health")).path("status").asText());
        assertEquals(503, get("/api/v1/health").statusCode());
        // nothing was migrated and nothing uses the tables
        assertTrue(bundleContext.getServiceReferences(DataSource.class, "(osgi.jndi.service.name=dotmac.migrated)")
                .isEmpty());
        awaitHealth(503, Duration.ofSeconds(5));
    }
}
