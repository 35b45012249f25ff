package io.dotmac.security.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens that must stop working before they expire. Each user has a token version ({@code dotmac_user.
 * token_version}), written into their tokens as {@code ver}; changing the user's role or status raises it, and a
 * token of a lower version is refused. Inactive users' tokens are all refused. Kept in memory per user for the
 * per-request check and loaded from the database on start, so a restart keeps them.
 */
final class TokenRevocations {

    private static final int ALL = Integer.MAX_VALUE;

    private final Map<String, Integer> minimum = new ConcurrentHashMap<>();

    /** Tokens of {@code userId} below {@code version} are refused. */
    void require(String userId, int version) {
        minimum.put(userId, version);
    }

    /** Every token of {@code userId} is refused (the user is inactive). */
    void revokeAll(String userId) {
        minimum.put(userId, ALL);
    }

    /** The user's tokens are as good as their version says again (active, version 0, or gone). */
    void forget(String userId) {
        minimum.remove(userId);
    }

    /** Replaces everything with {@code fresh} (user id → minimum version, {@link #ALL} for an inactive user). */
    void replaceAll(Map<String, Integer> fresh) {
        minimum.keySet().retainAll(fresh.keySet());
        minimum.putAll(fresh);
    }

    static int all() {
        return ALL;
    }

    boolean revoked(TokenClaims claims) {
        Integer min = minimum.get(claims.userId());
        return min != null && claims.version() < min;
    }
}
