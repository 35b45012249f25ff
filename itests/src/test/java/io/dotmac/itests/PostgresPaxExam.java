package io.dotmac.itests;

import org.junit.runner.Description;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.junit.AssumptionViolatedException;

/**
 * Pax Exam's runner for the PostgreSQL suites: when PostgreSQL cannot be reached it boots nothing and reports
 * every test of the suite as skipped, with the reason (and a loud message on the console), unless
 * {@code CI=true}, where the suite fails. Like {@link DotMacPaxExam}, it boots a container again once when the first
 * never came up.
 */
public class PostgresPaxExam extends DotMacPaxExam {

    public PostgresPaxExam(Class<?> suite) throws InitializationError {
        super(suite);
    }

    /** A suite booted again gets a new database: the first container may have written to its own. */
    @Override
    protected void onRetry(Class<?> suite) {
        PostgresDatabase.forget(suite);
    }

    @Override
    public void run(RunNotifier notifier) {
        String unreachable = PostgresDatabase.unreachable();
        if (unreachable == null) {
            super.run(notifier);
            return;
        }
        if (PostgresDatabase.ci()) {
            Failure failure = new Failure(getDescription(),
                    new AssertionError(unreachable + " -- CI=true, so the PostgreSQL suites fail"));
            notifier.fireTestFailure(failure);
            return;
        }
        System.err.println("\n************************************************************************");
        System.err.println("*** SKIPPING " + getDescription().getDisplayName() + ": " + unreachable);
        System.err.println("************************************************************************\n");
        for (Description test : getDescription().getChildren()) {
            notifier.fireTestStarted(test);
            notifier.fireTestAssumptionFailed(new Failure(test, new AssumptionViolatedException(unreachable)));
            notifier.fireTestFinished(test);
        }
    }
}
