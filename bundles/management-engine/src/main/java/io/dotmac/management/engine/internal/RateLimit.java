package io.dotmac.management.engine.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.dotmac.platform.api.TooManyRequestsException;

/**
 * At most {@code limit} registrations (or demos, ...) per client address in any hour (a sliding window, in memory:
 * one node).
 */
final class RateLimit {

    private static final long WINDOW = Duration.ofHours(1).toNanos();
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final String what;

    /** @param clock nanoseconds */
    RateLimit(LongSupplier clock) {
        this(clock, "registrations");
    }

    RateLimit(LongSupplier clock, String what) {
        this.clock = clock;
        this.what = what;
    }

    /** Counts one for {@code client}, or refuses it (nothing counted) when it has {@code limit} in the window. */
    void acquire(String client, int limit) {
        String key = client == null ? "" : client;
        long now = clock.getAsLong();
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= WINDOW) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                long retry = Math.max(1, (WINDOW - (now - times.peekFirst())) / 1_000_000_000L);
                throw new TooManyRequestsException("Too many " + what + " from this address: at most " + limit
                        + " an hour; try again in " + retry + " s", retry);
            }
            times.addLast(now);
        }
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    return e.getValue().isEmpty() || now - e.getValue().peekLast() >= WINDOW;
                }
            });
        }
    }
}
