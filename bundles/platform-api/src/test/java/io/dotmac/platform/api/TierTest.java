package io.dotmac.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class TierTest {

    @Test
    void tiersAreOrderedFreeBasicPremiumEnterprise() {
        assertTrue(Tier.ENTERPRISE.includes(Tier.PREMIUM));
        assertTrue(Tier.PREMIUM.includes(Tier.BASIC));
        assertTrue(Tier.BASIC.includes(Tier.FREE));
        assertTrue(Tier.BASIC.includes(Tier.BASIC));
        assertFalse(Tier.FREE.includes(Tier.BASIC));
        assertFalse(Tier.PREMIUM.includes(Tier.ENTERPRISE));
    }

    @Test
    void parseIsCaseInsensitiveAndRejectsUnknownNames() {
        assertEquals(Optional.of(Tier.PREMIUM), Tier.parse(" premium "));
        assertEquals(Optional.empty(), Tier.parse("GOLD"));
        assertEquals(Optional.empty(), Tier.parse(""));
        assertEquals(Optional.empty(), Tier.parse(null));
    }
}
