package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Health on PostgreSQL. The outage is real: the suite's database stops accepting connections and its sessions
 * are killed, as when the server goes down; then it accepts them again.
 */
@RunWith(PostgresPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthOnPostgresIT extends HealthSuite {

    @Test
    public void healthIsUpWithVersionDatabaseProductAndPluginCount() throws Exception {
        checkHealthIsUpWithVersionDatabaseProductAndPluginCount();
    }

    @Test
    public void healthTurns503WhileTheDatabaseIsAwayAndRecoversWithoutRestart() throws Exception {
        checkHealthTurns503WhileTheDatabaseIsAwayAndRecoversWithoutRestart();
    }

    @Configuration
    public Option[] config() {
        return PostgresDatabase.create(getClass());
    }

    @Override
    protected void takeDatabaseAway() throws Exception {
        int ended = PostgresAdmin.allowConnections(bundleContext, false);
        org.junit.Assert.assertTrue("no session of DotMac's pool was open to end", ended > 0);
    }

    @Override
    protected String describeDatabase() throws Exception {
        return PostgresAdmin.describe(bundleContext);
    }

    @Override
    protected void bringDatabaseBack() throws Exception {
        PostgresAdmin.allowConnections(bundleContext, true);
    }
}
