package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LimitWarningsTest {

    @Test
    void warnsOnceAt80AndOnceAt100PercentOnTheWayUp() {
        assertEquals(0, LimitWarnings.crossed(79, 100));
        assertEquals(80, LimitWarnings.crossed(80, 100));
        assertEquals(0, LimitWarnings.crossed(81, 100));
        assertEquals(100, LimitWarnings.crossed(100, 100));
        // 80 % of 1,000 and of 5 (4), of 7 rounded up (5.6 → 6)
        assertEquals(80, LimitWarnings.crossed(800, 1000));
        assertEquals(80, LimitWarnings.crossed(4, 5));
        assertEquals(80, LimitWarnings.crossed(6, 7));
        assertEquals(0, LimitWarnings.crossed(5, 7));
        // a limit of 1: its one unit is 100 %
        assertEquals(100, LimitWarnings.crossed(1, 1));
        assertEquals(0, LimitWarnings.crossed(3, -1));
    }
}
