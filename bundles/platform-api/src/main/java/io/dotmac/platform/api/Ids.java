package io.dotmac.platform.api;

import java.security.SecureRandom;

/**
 * Opaque identifiers: 26 characters of Crockford base32, a millisecond timestamp followed by 80 random bits
 * (the ULID layout), so ids sort roughly by creation time, which gives lists a stable, natural order.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

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
        char[] out = new char[26];
        timestamp(out, millis);
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
            low = (low << 8) | (random[i + 5] & 0xff);
        }
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
