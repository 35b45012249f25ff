package io.dotmac.radius.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RadiusAccountsTest {

    @Test
    void macAddressesAreReadInEveryUsualNotation() {
        assertEquals("aa:bb:cc:dd:ee:0f", RadiusAccounts.mac("AA:BB:CC:DD:EE:0F"));
        assertEquals("aa:bb:cc:dd:ee:0f", RadiusAccounts.mac("aa-bb-cc-dd-ee-0f"));
        assertEquals("aa:bb:cc:dd:ee:0f", RadiusAccounts.mac("aabb.ccdd.ee0f"));
        assertEquals("aa:bb:cc:dd:ee:0f", RadiusAccounts.mac("aabbccddee0f"));
        assertNull(RadiusAccounts.mac("aa:bb:cc:dd:ee"));
        assertNull(RadiusAccounts.mac("gg:bb:cc:dd:ee:0f"));
        assertNull(RadiusAccounts.mac(null));
    }

    @Test
    void inetAddressesLoseTheirHostMask() {
        assertEquals("10.0.0.1", RadiusStore.host("10.0.0.1/32"));
        assertEquals("10.0.0.1", RadiusStore.host("10.0.0.1"));
        assertNull(RadiusStore.host(null));
    }
}
