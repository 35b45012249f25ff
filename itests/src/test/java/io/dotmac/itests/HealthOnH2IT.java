package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Health on the embedded H2 database. H2 runs inside the container, so "the database goes away" is its engine
 * bundle stopping: the data source disappears with it and comes back when the engine starts again.
 */
@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HealthOnH2IT extends HealthSuite {

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
        return h2();
    }

    private Bundle h2Engine() {
        for (Bundle b : bundleContext.getBundles()) {
            if ("com.h2database".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no H2 bundle installed");
    }

    @Override
    protected void takeDatabaseAway() throws Exception {
        h2Engine().stop();
    }

    @Override
    protected void bringDatabaseBack() throws Exception {
        h2Engine().start();
    }
}
