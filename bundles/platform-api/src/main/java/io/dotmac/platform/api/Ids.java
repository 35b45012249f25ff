package io.dotmac.platform.api;

import java.security.SecureRandom;

/**
 * Opaque identifiers: 26 characters of Crockford base32, a millisecond timestamp followed by 80 random bits
 * (the ULID layout), so ids sort by creation time, which gives lists a stable, natural order. Within one
 * millisecond the ids this instance makes are monotonic (the ULID spec's monotonic variant: the previous id's random
 * part plus one), so two rows made in the same millisecond, such as the invoices of one billing run, still list in
 * the order they were made.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MASK40 = (1L << 40) - 1;
    /** The last id's time and random halves; process-wide by nature, like the clock it follows. */
    private static final Object LOCK = new Object();
    private static long lastMillis = Long.MIN_VALUE;
    private static long lastHigh;
    private static long lastLow;

    private Ids() {
    }

    /** A new identifier. */
    public static String next() {
        return next(System.currentTimeMillis());
    }

    /**
     * The smallest identifier of {@code millis}: every identifier made earlier sorts before it, so {@code id < floor}
     * is a range of an index on ids (for deleting what is older than a time, say).
     */
    public static String floor(long millis) {
        char[] out = new char[26];
        java.util.Arrays.fill(out, ALPHABET[0]);
        timestamp(out, millis);
        return new String(out);
    }

    private static void timestamp(char[] out, long millis) {
        long time = millis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
    }

    static String next(long millis) {
        long high;
        long low;
        synchronized (LOCK) {
            if (millis == lastMillis && !(lastHigh == MASK40 && lastLow == MASK40)) {
                low = (lastLow + 1) & MASK40;
                high = low == 0 ? lastHigh + 1 : lastHigh;
            } else {
                byte[] random = new byte[10];
                RANDOM.nextBytes(random);
                high = 0;
                low = 0;
                for (int i = 0; i < 5; i++) {
                    high = (high << 8) | (random[i] & 0xff);
                    low = (low << 8) | (random[i + 5] & 0xff);
                }
            }
            lastMillis = millis;
            lastHigh = high;
            lastLow = low;
        }
        char[] out = new char[26];
        timestamp(out, millis);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
