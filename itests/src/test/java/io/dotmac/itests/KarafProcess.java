package io.dotmac.itests;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Karaf JVM of an unpacked distribution, for the tests that run it as its own process. */
final class KarafProcess {

    private KarafProcess() {
    }

    /** The Karaf JVM of {@code home} (bin/karaf runs java as its child). */
    static Optional<ProcessHandle> jvm(Path home) {
        String marker = "-Dkaraf.home=" + home.toAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker))
                .orElse(false)).findFirst();
    }

    /** {@code bin/stop}, then waits up to 30 s for the JVM to end (killing it after that). */
    static void stop(Path home) throws Exception {
        Optional<ProcessHandle> running = jvm(home);
        new ProcessBuilder(home.resolve("bin/stop").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        if (running.isPresent()) {
            try {
                running.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                running.get().destroyForcibly();
            }
        }
    }
}
