package io.dotmac.platform.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ids sort by their time, and the floor of a time separates those made before it from the rest. */
class IdsTest {

    @Test
    void theFloorOfATimeSortsAfterEveryEarlierIdAndNotAfterLaterOnes() {
        long t = 1_780_000_000_123L;
        String floor = Ids.floor(t);
        for (int i = 0; i < 1000; i++) {
            assertTrue(Ids.next(t - 1).compareTo(floor) < 0);
            assertTrue(Ids.next(t).compareTo(floor) >= 0);
            assertTrue(Ids.next(t + 1).compareTo(floor) > 0);
        }
    }
}
