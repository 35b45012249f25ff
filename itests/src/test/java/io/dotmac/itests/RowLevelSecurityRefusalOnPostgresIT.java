package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.dotmac.persistence.platform.DatabaseHealth;

/**
 * Tenant isolation on PostgreSQL rests on row-level security, which a BYPASSRLS (or superuser) role skips, and on
 * work across tenants being the system role's alone: DotMac configured with such an application role refuses to
 * migrate or use the schema, and health says why; fixed, it starts; and the roles are checked again while it runs,
 * so an application role that becomes able to act as the system role stops the database work until that is undone.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RowLevelSecurityRefusalOnPostgresIT extends DotMacTestSupport {

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(PostgresDatabase.createWithBypassingApplicationRole(getClass()),
                editConfigurationFilePut("etc/io.dotmac.persistence.cfg", "roleCheckSeconds", "2"));
    }

    @Test
    public void refusesAnApplicationRoleThatBypassesRowLevelSecurity() throws Exception {
        assumeDatabase();
        DatabaseHealth health = awaitService(DatabaseHealth.class, null);
        await("the refusal", HealthSuite.BOOT, () -> {
            String reason = health.state().error();
            return reason != null && reason.contains("bypasses row-level security");
        });
        // the health report (not the 503 problem of the application still starting on a loaded machine)
        await("health to report DOWN", HealthSuite.BOOT, () -> "DOWN".equals(json(get("/api/v1/health"))
                .path("status").asText()));
        assertEquals(503, get("/api/v1/health").statusCode());
        // nothing was migrated and nothing uses the tables
        assertTrue(bundleContext.getServiceReferences(DataSource.class, "(osgi.jndi.service.name=dotmac.migrated)")
                .isEmpty());
        awaitHealth(503, Duration.ofSeconds(5));

        String app = System.getProperty(PostgresDatabase.APP);
        String system = System.getProperty(PostgresDatabase.SYSTEM);
        try (Connection c = PostgresAdmin.admin(bundleContext).getConnection(); Statement s = c.createStatement()) {
            // fixed: it migrates and starts by itself
            s.execute("ALTER ROLE " + app + " NOBYPASSRLS");
            awaitHealth(200, HealthSuite.BOOT);
            // the application role may now become the system role: checked again while running, the work stops
            s.execute("GRANT " + system + " TO " + app);
            await("the periodic check's refusal", Duration.ofSeconds(30), () -> {
                String reason = health.state().error();
                return reason != null && reason.contains("can become the system role");
            });
            awaitHealth(503, Duration.ofSeconds(10));
            await("the Database to go", Duration.ofSeconds(10), () -> bundleContext.getServiceReferences(
                    DataSource.class, "(osgi.jndi.service.name=dotmac.migrated)").isEmpty());
            // undone: back by itself
            s.execute("REVOKE " + system + " FROM " + app);
            awaitHealth(200, HealthSuite.BOOT);
        }
    }
}
