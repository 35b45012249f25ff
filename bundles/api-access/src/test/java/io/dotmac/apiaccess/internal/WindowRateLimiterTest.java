package io.dotmac.apiaccess.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class WindowRateLimiterTest {

    @Test
    void aKeyGetsItsLimitPerWindowAndAFreshOneWhenTheWindowTurns() {
        AtomicLong now = new AtomicLong(60_000 * 1000 + 15_000); // 15 s into a minute
        WindowRateLimiter limiter = new WindowRateLimiter(60, now::get);
        for (int i = 1; i <= 3; i++) {
            RateLimiter.Take t = limiter.take("k", 3);
            assertTrue(t.allowed());
            assertEquals(3 - i, t.remaining());
            assertEquals(45, t.resetSeconds());
        }
        RateLimiter.Take over = limiter.take("k", 3);
        assertFalse(over.allowed());
        assertEquals(0, over.remaining());
        assertTrue(limiter.take("other", 3).allowed(), "keys are counted apart");

        now.addAndGet(44_500); // 0.5 s before the minute ends
        assertEquals(1, limiter.take("k", 3).resetSeconds());
        now.addAndGet(500); // the next minute
        RateLimiter.Take fresh = limiter.take("k", 3);
        assertTrue(fresh.allowed());
        assertEquals(2, fresh.remaining());
        assertEquals(60, fresh.resetSeconds());

        limiter.forget("k");
        assertEquals(2, limiter.take("k", 3).remaining());
    }
}
