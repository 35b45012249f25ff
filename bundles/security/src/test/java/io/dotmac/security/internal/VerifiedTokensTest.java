package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.NotAuthenticatedException;
import io.dotmac.platform.api.Role;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private final AtomicInteger calls = new AtomicInteger();

    private TokenClaims verify(String token) {
        calls.incrementAndGet();
        if (!token.startsWith("good")) {
            throw new NotAuthenticatedException("invalid token signature");
        }
        return new TokenClaims(token, "u1", "boss", Role.ISP_ADMIN, "t1", NOW, NOW.plusSeconds(60), 0);
    }

    private VerifiedTokens at(Instant now, int capacity) {
        return new VerifiedTokens(this::verify, Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(30), capacity);
    }

    @Test
    void aTokenSeenAgainIsNotVerifiedAgain() {
        VerifiedTokens tokens = at(NOW, 10);
        TokenClaims first = tokens.verify("good-1");
        assertSame(first, tokens.verify("good-1"));
        assertEquals(1, calls.get());
    }

    @Test
    void failuresAreNeverRemembered() {
        VerifiedTokens tokens = at(NOW, 10);
        assertThrows(NotAuthenticatedException.class, () -> tokens.verify("bad"));
        assertThrows(NotAuthenticatedException.class, () -> tokens.verify("bad"));
        assertEquals(2, calls.get());
        assertEquals(0, tokens.size());
    }

    @Test
    void aRememberedTokenStillExpiresWithTheSameSkew() {
        Instant[] now = { NOW };
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        VerifiedTokens tokens = new VerifiedTokens(this::verify, clock, Duration.ofSeconds(30), 10);
        tokens.verify("good-1");
        // a 60 s token with 30 s of skew: still accepted at +89 s, refused from +90 s, without verifying again
        now[0] = NOW.plusSeconds(89);
        tokens.verify("good-1");
        now[0] = NOW.plusSeconds(90);
        assertThrows(NotAuthenticatedException.class, () -> tokens.verify("good-1"));
        assertEquals(1, calls.get());
    }

    @Test
    void staysWithinItsCapacity() {
        VerifiedTokens tokens = at(NOW, 3);
        for (int i = 0; i < 10; i++) {
            tokens.verify("good-" + i);
        }
        org.junit.jupiter.api.Assertions.assertTrue(tokens.size() <= 3);
    }
}
