package io.dotmac.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

class ApiStartupTest {

    private static final int WAITING = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
    private static final int ACTIVE = ComponentConfigurationDTO.ACTIVE;

    @Test
    void startedWhenEveryResourceIsUpAndDeployed() {
        assertEquals(List.of(), ApiStartup.waiting(true,
                List.of(new ApiStartup.ResourceComponent("a.Resource", List.of(ACTIVE)),
                        new ApiStartup.ResourceComponent("b.Resource", List.of(ComponentConfigurationDTO.SATISFIED))),
                Set.of(1L, 2L), Set.of(1L, 2L, 3L)));
    }

    @Test
    void waitsForTheApplicationAResourceWithMissingServicesAndUndeployedServices() {
        assertEquals(List.of("the dotmac application", "b.Resource", "1 resource service(s) not deployed yet"),
                ApiStartup.waiting(false,
                        List.of(new ApiStartup.ResourceComponent("a.Resource", List.of(ACTIVE)),
                                new ApiStartup.ResourceComponent("b.Resource", List.of(WAITING))),
                        Set.of(1L, 2L), Set.of(1L)));
    }

    @Test
    void aComponentWithoutItsRequiredConfigurationOrThatFailedIsNotWaitedFor() {
        assertEquals(List.of(), ApiStartup.waiting(true,
                List.of(new ApiStartup.ResourceComponent("needs.Config", List.of()),
                        new ApiStartup.ResourceComponent("failed.Resource",
                                List.of(ComponentConfigurationDTO.FAILED_ACTIVATION))),
                Set.of(), Set.of()));
    }
}
