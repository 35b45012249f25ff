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

    @Test
    void idsOfOneMillisecondSortInTheOrderTheyWereMade() {
        long t = 1_780_000_000_456L;
        String previous = Ids.next(t);
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.next(t);
            assertTrue(id.compareTo(previous) > 0, previous + " then " + id);
            assertTrue(id.startsWith(Ids.floor(t).substring(0, 10)));
            previous = id;
        }
    }

    @Test
    void idsMadeNowAreStrictlyIncreasing() {
        String previous = Ids.next();
        for (int i = 0; i < 100_000; i++) {
            String id = Ids.next();
            assertTrue(id.compareTo(previous) > 0, previous + " then " + id);
            previous = id;
        }
    }
}
