package io.dotmac.automation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tenant's bucket holds a minute's runs and refills evenly; tenants do not share one. */
class RateLimiterTest {

    @Test
    void aBurstOfAMinutesRunsPassesThenOnePerSixtiethOfAMinute() {
        RateLimiter limiter = new RateLimiter();
        long t = 1_000_000_000L;
        int passed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.acquire("a", 60, t)) {
                passed++;
            }
        }
        assertEquals(60, passed);
        assertFalse(limiter.acquire("a", 60, t + 500_000_000L)); // half a second: half a token
        assertTrue(limiter.acquire("a", 60, t + 1_000_000_000L)); // a second: one token
        assertFalse(limiter.acquire("a", 60, t + 1_000_000_000L));
        assertTrue(limiter.acquire("b", 60, t)); // another tenant has its own bucket
    }
}
