package io.dotmac.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.time.Duration;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link DotMacPaxExam} boots a suite's container again when the first never comes up: here the first container's
 * JVM refuses an unknown option and exits, so Pax Exam waits out a short system timeout and fails the suite before
 * its test. The runner reports it on the console and runs the suite on a second container, where the test passes.
 * Without the retry this suite fails with "Container never came up".
 */
@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootRetryIT extends DotMacTestSupport {

    @Test
    public void aContainerThatNeverCameUpIsBootedAgain() throws Exception {
        assertEquals("the test runs on the second container", "2", System.getProperty(DotMacPaxExam.ATTEMPT));
        awaitHealth(200, Duration.ofSeconds(90));
    }

    @Configuration
    public Option[] config() {
        if (System.getProperty(DotMacPaxExam.ATTEMPT) == null) {
            return OptionUtils.combine(h2(), systemTimeout(15_000), vmOption("-XX:+DotMacNoSuchOption"));
        }
        return h2();
    }
}
