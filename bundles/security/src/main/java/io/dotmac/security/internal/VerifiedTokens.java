package io.dotmac.security.internal;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.dotmac.platform.api.NotAuthenticatedException;

/**
 * Remembers tokens that verified, by their exact text, so that a client sending the same token again skips the
 * signature check and the JSON parsing. Only successes are kept, and a hit still checks the expiry against the
 * clock, so the answer is the one verifying would give. Bounded: when full it starts afresh.
 */
final class VerifiedTokens {

    private final Function<String, TokenClaims> verifier;
    private final Clock clock;
    private final java.time.Duration skew;
    private final int capacity;
    private final Map<String, TokenClaims> verified = new ConcurrentHashMap<>();

    /** @param skew the clock skew the verifier tolerates after {@code exp}; a hit tolerates the same */
    VerifiedTokens(Function<String, TokenClaims> verifier, Clock clock, java.time.Duration skew, int capacity) {
        this.verifier = verifier;
        this.clock = clock;
        this.skew = skew;
        this.capacity = capacity;
    }

    TokenClaims verify(String token) {
        if (token == null) {
            return verifier.apply(null);
        }
        TokenClaims known = verified.get(token);
        if (known != null) {
            if (known.expiresAt().isAfter(clock.instant().minus(skew))) {
                return known;
            }
            verified.remove(token);
            throw new NotAuthenticatedException("token expired");
        }
        TokenClaims claims = verifier.apply(token);
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, claims);
        return claims;
    }

    int size() {
        return verified.size();
    }
}
