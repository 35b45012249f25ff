package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginBoundaryOnH2IT extends PluginBoundarySuite {

    @Configuration
    public Option[] config() {
        // a plugin's activation of one tenant may take 2 s here (10 by default) before it is left behind, and the
        // threads a stopped plugin left are looked for after 1 s (5)
        return distribution("H2", tenancy(), org.ops4j.pax.exam.karaf.options.KarafDistributionOption
                .editConfigurationFilePut("etc/io.dotmac.licensing.cfg", "activationTimeoutSeconds", "2"),
                org.ops4j.pax.exam.karaf.options.KarafDistributionOption
                        .editConfigurationFilePut("etc/io.dotmac.licensing.cfg", "threadLeakGraceSeconds", "1"));
    }

    @Test
    public void aFailingPluginIsReportedAndHoldsNoOtherBack() throws Exception {
        checkAFailingPluginIsReportedAndHoldsNoOtherBack();
    }

    @Test
    public void threadsAPluginLeavesRunningAreReportedUntilTheyEnd() throws Exception {
        checkThreadsAPluginLeavesRunningAreReportedUntilTheyEnd();
    }

    @Test
    public void freeTenantGetsTheDispatchersExact403OnEveryPluginAndATierChangeFlipsItLive() throws Exception {
        checkFreeTenantGetsTheDispatchersExact403OnEveryPluginAndATierChangeFlipsItLive();
    }

    @Test
    public void everyPluginFeatureUninstallsAloneOrIsRefusedAndComesBackWithItsData() throws Exception {
        checkEveryPluginFeatureUninstallsAloneOrIsRefusedAndComesBackWithItsData();
    }

    @Test
    public void aPluginFindsEveryWayAroundTheBoundaryRefused() throws Exception {
        checkAPluginFindsEveryWayAroundTheBoundaryRefused();
    }
}
