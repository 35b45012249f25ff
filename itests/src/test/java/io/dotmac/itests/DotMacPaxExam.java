package io.dotmac.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.manipulation.Filter;
import org.junit.runner.manipulation.Filterable;
import org.junit.runner.manipulation.NoTestsRemainException;
import org.junit.runner.manipulation.Sortable;
import org.junit.runner.manipulation.Sorter;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runner.notification.StoppedByUserException;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam's runner for our suites, which boots a suite's container a second time when the first never came up.
 *
 * <p>Now and then (about one CI run in ten on this 2-core machine) a container does not register Pax Exam's remote
 * bundle context within the system timeout, and Pax Exam fails the whole suite with "Container never came up"
 * before any test has run, leaving that Karaf running. This runner then prints what is needed to find out why (the
 * instance, the end of its log, the threads of its JVM that are in our code, blocked, or installing features),
 * kills that JVM, and runs the suite once more on a new container (and, for PostgreSQL, a new database). Only a
 * failure of the suite before its first test started is retried; a test's failure never is.
 *
 * <p>A suite's configuration, and its container, see the attempt as the system property {@value #ATTEMPT}.
 */
public class DotMacPaxExam extends Runner implements Filterable, Sortable {

    /** System property: 2 while a suite's container is booted again (in the test JVM, unset otherwise; always set in the container). */
    static final String ATTEMPT = "dotmac.it.attempt";

    private final Class<?> suite;
    private final List<Filter> filters = new ArrayList<>();
    private final List<Sorter> sorters = new ArrayList<>();
    private PaxExam exam;

    public DotMacPaxExam(Class<?> suite) throws InitializationError {
        this.suite = suite;
        this.exam = new PaxExam(suite);
    }

    @Override
    public Description getDescription() {
        return exam.getDescription();
    }

    @Override
    public void filter(Filter filter) throws NoTestsRemainException {
        exam.filter(filter);
        filters.add(filter);
    }

    @Override
    public void sort(Sorter sorter) {
        exam.sort(sorter);
        sorters.add(sorter);
    }

    @Override
    public void run(RunNotifier notifier) {
        Set<Path> before = instances();
        BootWatch watch = new BootWatch(notifier, suite);
        try {
            exam.run(watch);
        } catch (RuntimeException e) {
            // Pax Exam fires the failed start, then throws "Container never came up" from stopping that container
            if (watch.testStarted) {
                throw e;
            }
            watch.held.add(new Failure(getDescription(), e));
        }
        if (watch.held.isEmpty()) {
            return;
        }
        Set<Path> failed = instances();
        failed.removeAll(before);
        System.err.println(report(watch.held, failed));
        failed.forEach(DotMacPaxExam::kill);
        onRetry(suite);
        // Pax Exam reads a suite's configuration when its runner is made
        System.setProperty(ATTEMPT, "2");
        try {
            exam = new PaxExam(suite);
            for (Filter filter : filters) {
                exam.filter(filter);
            }
            sorters.forEach(exam::sort);
            exam.run(notifier);
        } catch (InitializationError | NoTestsRemainException e) {
            watch.held.forEach(notifier::fireTestFailure);
        } finally {
            System.clearProperty(ATTEMPT);
        }
    }

    /** Called before the second attempt, in the test JVM. */
    protected void onRetry(Class<?> suite) {
        // the H2 suites start from an empty instance anyway
    }

    // ---- diagnosis ----

    private static Path examDir() {
        return Path.of(System.getProperty("dotmac.exam.dir", "target/exam"));
    }

    private static Set<Path> instances() {
        try (Stream<Path> dirs = Files.list(examDir())) {
            return dirs.filter(Files::isDirectory).collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            return new LinkedHashSet<>();
        }
    }

    private String report(List<Failure> held, Set<Path> failed) {
        StringBuilder out = new StringBuilder("\n").append("*".repeat(72)).append('\n');
        out.append("*** ").append(suite.getName()).append(": the container never came up; booting it once more\n");
        held.forEach(f -> out.append("*** ").append(f.getException()).append('\n'));
        for (Path instance : failed) {
            out.append("*** instance ").append(instance).append('\n');
            Path log = instance.resolve("data/log/karaf.log");
            out.append(tail(log, 40));
            ProcessHandle karaf = karaf(instance);
            out.append(karaf == null ? "*** its JVM has exited\n" : threads(karaf));
        }
        return out.append("*".repeat(72)).append('\n').toString();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> errors = all.stream().filter(l -> l.contains("| ERROR |")).distinct().limit(10).toList();
            return "*** karaf.log: " + all.size() + " lines; first errors:\n" + String.join("\n", errors)
                    + "\n*** last " + lines + " lines:\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "*** no karaf.log (" + e + ")\n";
        }
    }

    /** The Karaf JVM of {@code instance}, if it still runs: a child of this JVM whose command line names it. */
    private static ProcessHandle karaf(Path instance) {
        String name = instance.getFileName().toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(name)).orElse(false))
                .findFirst().orElse(null);
    }

    /** The threads worth reading when a boot hangs: ours, blocked ones, and those installing features. */
    private static String threads(ProcessHandle karaf) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(karaf.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            String chosen = Stream.of(dump.split("\n\n"))
                    .filter(t -> t.contains("io.dotmac") || t.contains("BLOCKED") || t.contains("features-")
                            || t.contains("FelixStartLevel") || t.contains("org.ops4j.pax.exam"))
                    .collect(Collectors.joining("\n\n"));
            return "*** threads of its JVM (pid " + karaf.pid() + ") in our code, blocked, or installing:\n"
                    + chosen + "\n";
        } catch (IOException e) {
            return "*** no thread dump (" + e + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "*** no thread dump (interrupted)\n";
        }
    }

    private static void kill(Path instance) {
        ProcessHandle karaf = karaf(instance);
        if (karaf == null) {
            return;
        }
        karaf.destroyForcibly();
        try {
            karaf.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("*** could not kill " + karaf.pid() + ": " + e);
        }
    }

    /**
     * Forwards everything to the real notifier except the suite's own failures while no test has started; those
     * are held back, and the suite is booted again.
     */
    private static final class BootWatch extends RunNotifier {

        private final RunNotifier target;
        private final Class<?> suite;
        private final List<Failure> held = new ArrayList<>();
        private boolean testStarted;

        BootWatch(RunNotifier target, Class<?> suite) {
            this.target = target;
            this.suite = suite;
        }

        @Override
        public void fireTestFailure(Failure failure) {
            Description failed = failure.getDescription();
            if (!testStarted && failed.getMethodName() == null && suite.equals(failed.getTestClass())) {
                held.add(failure);
            } else {
                target.fireTestFailure(failure);
            }
        }

        @Override
        public void fireTestStarted(Description description) throws StoppedByUserException {
            testStarted = true;
            target.fireTestStarted(description);
        }

        @Override
        public void fireTestRunStarted(Description description) {
            target.fireTestRunStarted(description);
        }

        @Override
        public void fireTestRunFinished(org.junit.runner.Result result) {
            target.fireTestRunFinished(result);
        }

        @Override
        public void fireTestSuiteStarted(Description description) {
            target.fireTestSuiteStarted(description);
        }

        @Override
        public void fireTestSuiteFinished(Description description) {
            target.fireTestSuiteFinished(description);
        }

        @Override
        public void fireTestAssumptionFailed(Failure failure) {
            target.fireTestAssumptionFailed(failure);
        }

        @Override
        public void fireTestIgnored(Description description) {
            target.fireTestIgnored(description);
        }

        @Override
        public void fireTestFinished(Description description) {
            target.fireTestFinished(description);
        }

        @Override
        public void pleaseStop() {
            target.pleaseStop();
        }

        @Override
        public void addListener(RunListener listener) {
            target.addListener(listener);
        }

        @Override
        public void addFirstListener(RunListener listener) {
            target.addFirstListener(listener);
        }

        @Override
        public void removeListener(RunListener listener) {
            target.removeListener(listener);
        }
    }
}
