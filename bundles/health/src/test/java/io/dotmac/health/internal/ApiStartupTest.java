package io.dotmac.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

class ApiStartupTest {

    private static final int WAITING = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
    private static final int ACTIVE = ComponentConfigurationDTO.ACTIVE;

    @Test
    void startedWhenEveryEndpointComponentIsUp() {
        assertEquals(List.of(), ApiStartup.waiting(
                List.of(new ApiStartup.EndpointComponent("a.Resource", List.of(ACTIVE)),
                        new ApiStartup.EndpointComponent("b.Resource", List.of(ComponentConfigurationDTO.SATISFIED)))));
    }

    @Test
    void waitsForAnEndpointComponentWithMissingServices() {
        assertEquals(List.of("b.Resource"), ApiStartup.waiting(
                List.of(new ApiStartup.EndpointComponent("a.Resource", List.of(ACTIVE)),
                        new ApiStartup.EndpointComponent("b.Resource", List.of(WAITING)))));
    }

    @Test
    void aComponentWithoutItsRequiredConfigurationOrThatFailedIsNotWaitedFor() {
        assertEquals(List.of(), ApiStartup.waiting(
                List.of(new ApiStartup.EndpointComponent("needs.Config", List.of()),
                        new ApiStartup.EndpointComponent("failed.Resource",
                                List.of(ComponentConfigurationDTO.FAILED_ACTIVATION)))));
    }
}
