package io.dotmac.automation.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs started per tenant, as a token bucket per tenant on this node: {@code perMinute} tokens, refilled evenly
 * over the minute, so a burst of {@code perMinute} passes and a steady flow passes at {@code perMinute / 60} a second.
 */
final class RateLimiter {

    private static final class Bucket {
        double tokens;
        long at;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Takes a token of {@code tenant}'s bucket; false when it is empty. */
    boolean acquire(String tenant, int perMinute) {
        return acquire(tenant, perMinute, System.nanoTime());
    }

    boolean acquire(String tenant, int perMinute, long nanos) {
        Bucket b = buckets.computeIfAbsent(tenant, t -> {
            Bucket fresh = new Bucket();
            fresh.tokens = perMinute;
            fresh.at = nanos;
            return fresh;
        });
        synchronized (b) {
            double refill = (nanos - b.at) / 60e9 * perMinute;
            b.tokens = Math.min(perMinute, b.tokens + Math.max(0, refill));
            b.at = nanos;
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }
}
