package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformOnPostgresIT extends PlatformSuite {

    @Test
    public void unknownPathUnderApiIsAProblemJson404() throws Exception {
        checkUnknownPathUnderApiIsAProblemJson404();
    }

    @Test
    public void unknownPathOutsideApiIsAProblemJson404Too() throws Exception {
        checkUnknownPathOutsideApiIsAProblemJson404Too();
    }


    @Test
    public void wrongMethodIsAProblemJson405() throws Exception {
        checkWrongMethodIsAProblemJson405();
    }

    @Test
    public void saneRequestIdIsEchoedAndLoggedOthersAreReplaced() throws Exception {
        checkSaneRequestIdIsEchoedAndLoggedOthersAreReplaced();
    }

    @Test
    public void pluginBundleDeclaresItsCapabilityAndJoinsTheCount() throws Exception {
        checkPluginBundleDeclaresItsCapabilityAndJoinsTheCount();
    }

    @Test
    public void instanceIdentityIsStoredInTheDatabase() throws Exception {
        checkInstanceIdentityIsStoredInTheDatabase();
    }

    @Configuration
    public Option[] config() {
        return PostgresDatabase.create(getClass());
    }

    @Test
    public void migrationsRunAsTheOwnerRoleWhileTheApplicationRoleOnlyUsesTheTables() throws Exception {
        assumeDatabase();
        DataSource app = awaitService(DataSource.class, "(osgi.jndi.service.name=dotmac)");
        awaitService(io.dotmac.persistence.platform.InstanceIdentity.class, null);
        try (Connection c = app.getConnection(); Statement s = c.createStatement()) {
            assertEquals(System.getProperty(PostgresDatabase.APP), c.getMetaData().getUserName());
            try (ResultSet rs = s.executeQuery(
                    "SELECT tableowner FROM pg_tables WHERE tablename IN ('dotmac_instance', 'dotmac_schema_history')")) {
                int tables = 0;
                while (rs.next()) {
                    assertEquals(System.getProperty(PostgresDatabase.OWNER), rs.getString(1));
                    tables++;
                }
                assertEquals(2, tables);
            }
            try (ResultSet rs = s.executeQuery("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
                assertTrue(rs.next());
                assertEquals("the application role must not bypass row-level security", false, rs.getBoolean(1));
            }
        }
    }
}
