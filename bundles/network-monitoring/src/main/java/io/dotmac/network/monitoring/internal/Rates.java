package io.dotmac.network.monitoring.internal;

/**
 * Rates from counters read twice. A 64-bit counter is unsigned: {@code current - previous} in Java's wrapping
 * {@code long} arithmetic is exactly the increase modulo 2^64, so a counter that wrapped past 2^64 - 1 still gives
 * the right increase. An "increase" of 2^63 or more, or one faster than the interface could carry, is not traffic
 * but a counter that was reset (agent restart, counter discontinuity): no rate then, and the next poll starts
 * afresh. 32-bit counters (errors, discards) wrap at 2^32.
 */
final class Rates {

    /** Without a known speed, nothing is believed above 10 Tbit/s. */
    static final long MAX_BPS = 10_000_000_000_000L;

    private Rates() {
    }

    /**
     * Bits per second between two readings of a 64-bit octet counter {@code seconds} apart, or {@code null} when
     * there is no believable rate.
     *
     * @param speedMbps the interface's speed (ifHighSpeed), or {@code null}/0 when unknown: a rate above twice the
     *                  speed is not believed
     */
    static Long bitsPerSecond(Long previous, Long current, double seconds, Long speedMbps) {
        if (previous == null || current == null || !(seconds > 0)) {
            return null;
        }
        long increase = current - previous;
        if (increase < 0) {
            return null; // 2^63 or more: a reset, not traffic
        }
        double bps = increase * 8.0 / seconds;
        long limit = speedMbps != null && speedMbps > 0 ? speedMbps * 2_000_000L + 1_000_000L : MAX_BPS;
        if (bps > limit) {
            return null;
        }
        return Math.round(bps);
    }

    /** The increase of a 32-bit counter, or {@code null} when there is no believable one (2^31 or more). */
    static Long increase32(Long previous, Long current) {
        if (previous == null || current == null) {
            return null;
        }
        long increase = (current - previous) & 0xFFFFFFFFL;
        return increase >= 0x80000000L ? null : increase;
    }

    /** sysUpTime is a 32-bit count of 1/100 s: it wraps after about 497 days. */
    static final long TICKS_WRAP = 1L << 32;

    /**
     * Seconds between two sysUpTime readings, or a negative number when the agent restarted in between (sysUpTime
     * went back without having wrapped, which {@code wallSeconds} tells).
     */
    static double uptimeSeconds(long previousTicks, long currentTicks, double wallSeconds) {
        if (currentTicks >= previousTicks) {
            return (currentTicks - previousTicks) / 100.0;
        }
        double expected = previousTicks + wallSeconds * 100;
        if (expected >= TICKS_WRAP - 100 * 60) {
            return (currentTicks + TICKS_WRAP - previousTicks) / 100.0; // wrapped past 2^32, did not restart
        }
        return -1;
    }
}
