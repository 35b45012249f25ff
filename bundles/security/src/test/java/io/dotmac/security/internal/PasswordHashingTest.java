package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {

    /** Small parameters keep the tests fast; behaviour does not depend on the cost. */
    private final PasswordHashing small = new PasswordHashing(1024, 1, 1);

    @Test
    void hashHasPhcFormatWithTheInstanceParameters() {
        String encoded = small.hash("secret".toCharArray());
        String[] parts = encoded.split("\\$");
        assertEquals(6, parts.length);
        assertEquals("argon2id", parts[1]);
        assertEquals("v=19", parts[2]);
        assertEquals("m=1024,t=1,p=1", parts[3]);
        assertFalse(parts[4].endsWith("=") || parts[5].endsWith("="), "no base64 padding");
        assertEquals(16, Base64.getDecoder().decode(parts[4]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[5]).length);
    }

    @Test
    void defaultsUseOwaspMinimum() {
        assertTrue(PasswordHashing.defaults().hash("pw".toCharArray()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
    }

    @Test
    void rightPasswordVerifies() {
        String encoded = small.hash("correct horse".toCharArray());
        assertTrue(small.verify("correct horse".toCharArray(), encoded));
    }

    @Test
    void nonAsciiPasswordVerifies() {
        String encoded = small.hash("pässwörd€".toCharArray());
        assertTrue(small.verify("pässwörd€".toCharArray(), encoded));
        assertFalse(small.verify("passwort€".toCharArray(), encoded));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String encoded = small.hash("correct horse".toCharArray());
        assertFalse(small.verify("correct horsf".toCharArray(), encoded));
        assertFalse(small.verify(new char[0], encoded));
        assertFalse(small.verify(null, encoded));
    }

    @Test
    void samePasswordHashesDifferentlyEachTime() {
        String a = small.hash("same".toCharArray());
        String b = small.hash("same".toCharArray());
        assertNotEquals(a, b);
        assertTrue(small.verify("same".toCharArray(), a));
        assertTrue(small.verify("same".toCharArray(), b));
    }

    @Test
    void malformedOrForeignHashesDoNotVerify() {
        String good = small.hash("pw".toCharArray());
        String[] p = good.split("\\$");
        String[] bad = {
            null,
            "",
            "garbage",
            "$argon2id$",
            "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
            good.replace("$argon2id$", "$argon2i$"),
            good.replace("$argon2id$", "$argon2d$"),
            good.replace("$v=19$", "$v=16$"),
            good.replace("m=1024,t=1,p=1", "t=1,m=1024,p=1"),
            good.replace("m=1024", "m=0"),
            good.replace("m=1024", "m=99999999999"),
            good.replace("t=1", "t=0"),
            good.replace("p=1", "p=0"),
            "$argon2id$v=19$" + p[3] + "$" + p[4],
            "$argon2id$v=19$" + p[3] + "$" + p[4] + "$" + p[5] + "$extra",
            "$argon2id$v=19$" + p[3] + "$" + p[4] + "$" + p[5].substring(0, 10),
            "$argon2id$v=19$" + p[3] + "$" + p[4] + "$" + p[5].substring(1),
            "$argon2id$v=19$" + p[3] + "$!!!!!!!!!!!!!!!!!!!!!!$" + p[5],
            good + " ",
        };
        for (String encoded : bad) {
            assertFalse(small.verify("pw".toCharArray(), encoded), () -> "verified " + encoded);
            assertTrue(small.needsRehash(encoded), () -> "no rehash needed for " + encoded);
        }
    }

    @Test
    void parametersAreReadFromTheEncodedString() {
        String old = small.hash("pw".toCharArray());
        PasswordHashing current = PasswordHashing.defaults();
        assertTrue(current.verify("pw".toCharArray(), old));
        assertFalse(current.verify("other".toCharArray(), old));
    }

    @Test
    void verifiesHashMadeByTheReferenceImplementation() {
        // from the argon2-cffi (libargon2) documentation
        String reference = "$argon2id$v=19$m=65536,t=3,p=4$MIIRqgvgQbgj220jfp0MPA$"
                + "YfwJSVjtjSU0zzV/P3S9nnQ/USre2wvJMjfCIjrTQbg";
        assertTrue(small.verify("correct horse battery staple".toCharArray(), reference));
        assertFalse(small.verify("Tr0ub4dor&3".toCharArray(), reference));
    }

    @Test
    void hashWithOtherParametersNeedsRehash() {
        String old = small.hash("pw".toCharArray());
        assertTrue(PasswordHashing.defaults().needsRehash(old));
        assertTrue(new PasswordHashing(1024, 2, 1).needsRehash(old));
        assertTrue(new PasswordHashing(1024, 1, 2).needsRehash(old));
        assertFalse(small.needsRehash(old));
    }

    @Test
    void dummyHashIsComputedOnceAndMatchesNoOrdinaryPassword() {
        String dummy = small.dummyHash();
        assertEquals(dummy, small.dummyHash());
        assertFalse(small.needsRehash(dummy));
        assertFalse(small.verify("password".toCharArray(), dummy));
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(7, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(1024, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHashing(1024, 1, 0));
    }
}
