package io.dotmac.management.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SizingTest {

    @Test
    void theSeedsTableWithTheConfigurationOverIt() {
        Map<String, Map<String, String>> t = Sizing.table(Map.of("tier.PREMIUM.cpu", "1500m",
                "tier.FREE.aws.instanceType", "t4g.nano", "tier.BASIC.memory", " "));
        assertEquals("200m", t.get("FREE").get("cpu"));
        assertEquals("512Mi", t.get("FREE").get("memory"));
        assertEquals("t4g.nano", t.get("FREE").get("aws.instanceType"));
        assertEquals("1Gi", t.get("BASIC").get("memory"), "a blank setting keeps the default");
        assertEquals("1500m", t.get("PREMIUM").get("cpu"));
        assertEquals("2000m", t.get("ENTERPRISE").get("cpu"));
        assertEquals("4Gi", t.get("ENTERPRISE").get("memory"));
        assertEquals("8", t.get("ENTERPRISE").get("k8s.maxReplicas"));
    }
}
