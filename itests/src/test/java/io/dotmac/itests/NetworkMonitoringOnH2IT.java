package io.dotmac.itests;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;

import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The PREMIUM plugins network_monitoring and snmp_integration on the embedded H2 database. */
@RunWith(DotMacPaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkMonitoringOnH2IT extends NetworkMonitoringSuite {

    @Test
    public void devicesAreValidatedSealedAndIsolated() throws Exception {
        checkDevicesAreValidatedSealedAndIsolated();
    }

    @Test
    public void snmpdIsPolledOverV2cAndV3() throws Exception {
        checkSnmpdIsPolledOverV2cAndV3();
    }

    @Test
    public void ratesSurviveWrapAndRestartAndEventsAreDebounced() throws Exception {
        checkRatesSurviveWrapAndRestartAndEventsAreDebounced();
    }

    @Test
    public void pollingFollowsTheTierAndTheSnmpPlugin() throws Exception {
        checkPollingFollowsTheTierAndTheSnmpPlugin();
    }

    @Test
    public void historyIsDownsampledAndPurged() throws Exception {
        checkHistoryIsDownsampledAndPurged();
    }

    @Test
    public void discoveryFindsTheAgentsInARange() throws Exception {
        checkDiscoveryFindsTheAgentsInARange();
    }

    @Test
    public void shellListsAndPollsDevices() throws Exception {
        checkShellListsAndPollsDevices();
    }

    @Configuration
    public Option[] config() {
        return distribution("H2", networkMonitoring());
    }

    @Test
    public void slaMeasuresOutagesRecordsBreachesOnceAndCreditsTheNextInvoice() throws Exception {
        checkSlaMeasuresOutagesRecordsBreachesOnceAndCreditsTheNextInvoice();
    }
}
