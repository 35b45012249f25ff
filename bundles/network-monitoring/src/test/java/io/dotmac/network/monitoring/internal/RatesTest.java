package io.dotmac.network.monitoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void bitsPerSecondFromTwoReadings() {
        assertEquals(8_000_000L, Rates.bitsPerSecond(0L, 10_000_000L, 10, 1000L));
    }

    @Test
    void aCounterThatWrappedPast2To64GivesTheTrueIncrease() {
        long nearTop = -1_000L; // 2^64 - 1000 as an unsigned 64-bit value
        assertEquals((1_000L + 5_000L) * 8 / 2, Rates.bitsPerSecond(nearTop, 5_000L, 2, null));
    }

    @Test
    void aCounterThatWentBackIsAResetNotTraffic() {
        assertNull(Rates.bitsPerSecond(1_000_000_000_000L, 10L, 10, null), "no negative rate");
        assertNull(Rates.bitsPerSecond(10L, 10L + (1L << 62), 10, null), "no absurd rate without a speed");
        assertNull(Rates.bitsPerSecond(0L, 1_000_000_000L, 1, 1000L), "8 Gbit/s on a 1 Gbit/s port is not believed");
        assertEquals(1_600_000_000L, Rates.bitsPerSecond(0L, 200_000_000L, 1, 1000L), "1.6 Gbit/s is (bursts)");
    }

    @Test
    void noRateWithoutTwoReadingsOrTime() {
        assertNull(Rates.bitsPerSecond(null, 5L, 10, null));
        assertNull(Rates.bitsPerSecond(5L, 10L, 0, null));
    }

    @Test
    void thirtyTwoBitCountersWrapAt2To32() {
        assertEquals(16L, Rates.increase32(0xFFFFFFF5L, 5L), "11 to reach 2^32, then 5");
        assertEquals(0L, Rates.increase32(7L, 7L));
        assertNull(Rates.increase32(10L, 5L), "going back by 5 is a reset, not 2^32 - 5 errors");
    }

    @Test
    void sysUpTimeGoingBackIsARestartUnlessItWrapped() {
        assertEquals(10.0, Rates.uptimeSeconds(1000, 2000, 10));
        assertEquals(-1, Rates.uptimeSeconds(500_000, 300, 10), "restarted");
        long nearWrap = Rates.TICKS_WRAP - 500;
        assertEquals(10.0, Rates.uptimeSeconds(nearWrap, 500, 10), 0.001, "wrapped after 497 days");
    }
}
