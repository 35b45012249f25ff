package io.dotmac.apiaccess.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * {@link RateLimiter} in this node's memory: fixed windows aligned to the clock (a minute from :00), one counter per
 * key and window, lock-free. A key's counter of a past window is replaced by the first request of the next, so memory
 * holds one counter per key in use.
 */
final class WindowRateLimiter implements RateLimiter {

    private final long windowMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, AtomicLong used) {
    }

    WindowRateLimiter(long windowSeconds, LongSupplier clockMillis) {
        this.windowMillis = windowSeconds * 1000;
        this.clock = clockMillis;
    }

    @Override
    public Take take(String key, long limit) {
        long now = clock.getAsLong();
        long start = now - Math.floorMod(now, windowMillis);
        Window w = windows.get(key);
        if (w == null || w.start() != start) {
            w = windows.compute(key, (k, old) -> old != null && old.start() == start ? old
                    : new Window(start, new AtomicLong()));
        }
        long used = w.used().incrementAndGet();
        long reset = Math.max(1, (start + windowMillis - now + 999) / 1000);
        return new Take(used <= limit, Math.max(0, limit - used), reset);
    }

    @Override
    public long windowSeconds() {
        return windowMillis / 1000;
    }

    /** Forgets {@code key}'s counter (a revoked key). */
    void forget(String key) {
        windows.remove(key);
    }
}
