package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dotmac.management.ProvisionContext;
import io.dotmac.management.StepFailedException;

class IspInstancesServiceTest {

    private final IspInstancesService isp = new IspInstancesService(null);

    @Test
    void theInstancesUrlIsTheRegionsTemplateFilledIn() throws Exception {
        StepsTest.Memory c = new StepsTest.Memory(Map.of("baseDomain", "isp.example.net."));
        assertEquals("https://acme.isp.example.net", isp.instanceUrl(c, "https://{host}"));
        assertThrows(StepFailedException.class, () -> isp.instanceUrl(c, "http://{address}:8181"),
                "no address recorded yet");
        c.record(ProvisionContext.ADDRESS, "203.0.113.7");
        assertEquals("http://203.0.113.7:8181", isp.instanceUrl(c, "http://{address}:8181"));
        StepsTest.Memory own = new StepsTest.Memory(Map.of("instanceUrl", "http://proxy.test/{slug}/"));
        assertEquals("http://proxy.test/acme", isp.instanceUrl(own, "https://{host}"), "the region's wins");
    }

    @Test
    void thePortalIsOnTheIspsNameWhenThereIsOne() {
        assertEquals("https://acme.isp.example.net/portal/", isp.portalUrl(new StepsTest.Memory(Map.of("baseDomain",
                "isp.example.net")), "http://203.0.113.7:8181"));
        assertEquals("http://203.0.113.7:8181/portal/", isp.portalUrl(new StepsTest.Memory(Map.of()),
                "http://203.0.113.7:8181"));
    }
}
