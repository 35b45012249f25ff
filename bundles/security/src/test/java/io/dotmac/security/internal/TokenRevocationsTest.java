package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.Role;

class TokenRevocationsTest {

    private final JwtCodec codec = new JwtCodec(new byte[32], "dotmac",
            Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC), Duration.ofSeconds(30));

    private TokenClaims token(int version) {
        return codec.verify(codec.issue("u-1", "sam", Role.ISP_STAFF, "t-1", version, Duration.ofMinutes(5)));
    }

    @Test
    void theTokenCarriesTheUsersVersion() {
        assertEquals(0, token(0).version());
        assertEquals(7, token(7).version());
        assertEquals(0, codec.verify(codec.issue("u-1", "sam", Role.ISP_STAFF, "t-1", Duration.ofMinutes(5)))
                .version());
    }

    @Test
    void tokensBelowTheRequiredVersionAndAllOfAnInactiveUserAreRefused() {
        TokenRevocations revocations = new TokenRevocations();
        assertFalse(revocations.revoked(token(0)));
        revocations.require("u-1", 2);
        assertTrue(revocations.revoked(token(0)));
        assertTrue(revocations.revoked(token(1)));
        assertFalse(revocations.revoked(token(2)));
        revocations.revokeAll("u-1");
        assertTrue(revocations.revoked(token(2)));
        assertTrue(revocations.revoked(token(1000)));
        revocations.require("u-1", 3);
        assertFalse(revocations.revoked(token(3)));
        assertFalse(revocations.revoked(new TokenClaims("j", "u-2", "x", Role.ISP_STAFF, "t-1", Instant.EPOCH,
                Instant.MAX, 0)));
    }
}
