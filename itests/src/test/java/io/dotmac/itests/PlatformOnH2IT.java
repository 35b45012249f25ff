package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformOnH2IT extends PlatformSuite {

    @Test
    public void unknownPathUnderApiIsAProblemJson404() throws Exception {
        checkUnknownPathUnderApiIsAProblemJson404();
    }

    @Test
    public void unknownPathOutsideApiIsAProblemJson404Too() throws Exception {
        checkUnknownPathOutsideApiIsAProblemJson404Too();
    }



    @Test
    public void jettysOwnErrorsAreProblemJsonToo() throws Exception {
        checkJettysOwnErrorsAreProblemJsonToo();
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
        return h2();
    }
}
