package io.dotmac.network.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.FieldError;

/** Address and range parsing: literals only, never a name to resolve; at most a /24. */
class DevicesTest {

    @Test
    void aRangeGivesItsHostsWithoutNetworkAndBroadcast() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals(List.of("192.0.2.9", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"),
                Devices.hosts("192.0.2.11/29", errors));
        assertEquals(254, Devices.hosts("10.1.2.0/24", errors).size());
        assertEquals(List.of("10.1.2.4", "10.1.2.5"), Devices.hosts("10.1.2.5/31", errors));
        assertEquals(List.of("10.1.2.5"), Devices.hosts("10.1.2.5", errors));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void widerRangesAndNonsenseAreRefusedNamingCidr() {
        for (String bad : List.of("10.0.0.0/23", "10.0.0.0/0", "10.0.0.256/24", "10.0.0.0/33", "example.com/24",
                "10.0.0.0/x", "")) {
            List<FieldError> errors = new ArrayList<>();
            assertEquals(List.of(), Devices.hosts(bad, errors), bad);
            assertEquals("cidr", errors.get(0).field(), bad);
        }
        List<FieldError> errors = new ArrayList<>();
        Devices.hosts("10.0.0.0/16", errors);
        assertTrue(errors.get(0).message().contains("65536 addresses; at most a /24"), errors.toString());
    }

    @Test
    void addressesAreLiteralsNeverNames() {
        List<FieldError> errors = new ArrayList<>();
        assertEquals("192.0.2.1", Devices.address(" 192.0.2.1 ", errors));
        assertEquals("2001:db8:0:0:0:0:0:1", Devices.address("2001:db8::1", errors));
        assertTrue(errors.isEmpty());
        for (String bad : List.of("router.example.com", "localhost", "192.0.2.300", "1.2.3", "::ffff:10.0.0.1x")) {
            List<FieldError> e = new ArrayList<>();
            assertNull(Devices.address(bad, e), bad);
            assertEquals("address", e.get(0).field());
        }
    }
}
