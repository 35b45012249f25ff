package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FeaturesPluginInstallerTest {

    private static final Map<String, List<String>> GRAPH = Map.of(
            "dotmac-platform", List.of("http", "scr"),
            "dotmac-customer-management", List.of("dotmac-platform"),
            "dotmac-basic-billing", List.of("dotmac-platform", "dotmac-customer-management"),
            "dotmac-automated-billing", List.of("dotmac-basic-billing"),
            "dotmac-advanced-automation", List.of("dotmac-platform"),
            "dotmac-core", List.of("dotmac-platform", "dotmac-customer-management"));

    @Test
    void anInstalledFeatureThatNeedsTheTargetDirectlyOrThroughOthersRefusesIt() {
        Set<String> installed = Set.of("dotmac-platform", "dotmac-customer-management", "dotmac-basic-billing",
                "dotmac-automated-billing", "dotmac-advanced-automation");
        assertEquals(List.of("dotmac-automated-billing", "dotmac-basic-billing"),
                FeaturesPluginInstaller.dependents("dotmac-customer-management", installed, GRAPH));
        assertEquals(List.of("dotmac-automated-billing"),
                FeaturesPluginInstaller.dependents("dotmac-basic-billing", installed, GRAPH));
        assertEquals(List.of(), FeaturesPluginInstaller.dependents("dotmac-advanced-automation", installed, GRAPH));
    }

    @Test
    void aFeatureThatIsNotInstalledNeedsNothing() {
        assertEquals(List.of(), FeaturesPluginInstaller.dependents("dotmac-customer-management",
                Set.of("dotmac-platform", "dotmac-customer-management"), GRAPH));
    }
}
