package io.dotmac.itests;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Drops the PostgreSQL databases and roles the suites created once every test has run, in the test JVM (a JVM
 * shutdown hook is not reliable here: the fork is killed when Pax Exam keeps it alive). Registered through
 * {@code META-INF/services}.
 */
public class PostgresCleanup implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        PostgresDatabase.dropAll();
    }
}
