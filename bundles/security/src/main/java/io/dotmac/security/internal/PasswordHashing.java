package io.dotmac.security.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, base64 without padding). Verification reads the
 * cost parameters from the stored string, so hashes made with older parameters keep working until
 * {@link #needsRehash(String)} says to replace them. Thread-safe.
 */
public final class PasswordHashing {

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /*
     * Upper bounds for parameters read from a stored string: a corrupt or planted hash must not make a login
     * allocate gigabytes or spin for minutes.
     */
    private static final int MAX_MEMORY_KIB = 1024 * 1024;
    private static final int MAX_ITERATIONS = 64;
    private static final int MAX_PARALLELISM = 64;

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$([A-Za-z0-9+/]{11,})\\$([A-Za-z0-9+/]{22,})");

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();
    private volatile String dummyHash;

    public PasswordHashing(int memoryKib, int iterations, int parallelism) {
        if (!validParameters(memoryKib, iterations, parallelism)) {
            throw new IllegalArgumentException("invalid Argon2id parameters m=" + memoryKib + ",t=" + iterations
                    + ",p=" + parallelism);
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** OWASP's minimum recommendation for Argon2id: m=19456 KiB, t=2, p=1. */
    public static PasswordHashing defaults() {
        return new PasswordHashing(19456, 2, 1);
    }

    /** A new PHC-format hash of {@code password} with a fresh random salt. */
    public String hash(char[] password) {
        if (password == null) {
            throw new IllegalArgumentException("password is null");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, memoryKib, iterations, parallelism, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded}, using the parameters stored in {@code encoded}.
     * False, never an exception, for a null, malformed or non-Argon2id {@code encoded}.
     */
    public boolean verify(char[] password, String encoded) {
        if (password == null) {
            return false;
        }
        Parsed parsed = parse(encoded);
        if (parsed == null) {
            return false;
        }
        byte[] actual = argon2(password, parsed.salt, parsed.memoryKib, parsed.iterations, parsed.parallelism,
                parsed.hash.length);
        boolean equal = MessageDigest.isEqual(actual, parsed.hash);
        Arrays.fill(actual, (byte) 0);
        return equal;
    }

    /** Whether {@code encoded} was made with other parameters than this instance's (or cannot be read). */
    public boolean needsRehash(String encoded) {
        Parsed parsed = parse(encoded);
        return parsed == null
                || parsed.memoryKib != memoryKib
                || parsed.iterations != iterations
                || parsed.parallelism != parallelism
                || parsed.salt.length != SALT_BYTES
                || parsed.hash.length != HASH_BYTES;
    }

    /**
     * A hash of a random password with this instance's parameters, computed once. Verifying against it when
     * the user does not exist makes a failed login take as long as one with a wrong password.
     */
    public String dummyHash() {
        String h = dummyHash;
        if (h == null) {
            char[] password = new char[24];
            for (int i = 0; i < password.length; i++) {
                password[i] = (char) ('a' + random.nextInt(26));
            }
            h = hash(password);
            dummyHash = h; // a race only computes it twice; either value serves
        }
        return h;
    }

    private static byte[] argon2(char[] password, byte[] salt, int m, int t, int p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(m)
                .withIterations(t)
                .withParallelism(p)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator(); // not thread-safe: one per call
        generator.init(params);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static boolean validParameters(long m, long t, long p) {
        return p >= 1 && p <= MAX_PARALLELISM
                && t >= 1 && t <= MAX_ITERATIONS
                && m >= 8 * p && m <= MAX_MEMORY_KIB;
    }

    private static Parsed parse(String encoded) {
        if (encoded == null) {
            return null;
        }
        Matcher matcher = PHC.matcher(encoded);
        if (!matcher.matches()) {
            return null;
        }
        long m = Long.parseLong(matcher.group(1));
        long t = Long.parseLong(matcher.group(2));
        long p = Long.parseLong(matcher.group(3));
        if (!validParameters(m, t, p)) {
            return null;
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = B64_DECODER.decode(matcher.group(4));
            hash = B64_DECODER.decode(matcher.group(5));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
            return null;
        }
        return new Parsed((int) m, (int) t, (int) p, salt, hash);
    }

    private record Parsed(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }
}
