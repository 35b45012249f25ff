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
        return distribution("H2", tenancy());
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
