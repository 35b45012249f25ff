package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AES-GCM at rest: round trip, a fresh IV each time, tampering and another key detected, an owner-only key file. */
class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void sealsAndOpensWithAFreshIvEachTime() throws Exception {
        SecretBox box = SecretBox.of(dir.resolve("k.key"));
        String a = box.seal("smtp-secret");
        String b = box.seal("smtp-secret");
        assertNotEquals(a, b);
        assertFalse(a.contains("smtp-secret"));
        assertEquals("smtp-secret", box.open(a));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))));
        assertEquals("smtp-secret", SecretBox.of(dir.resolve("k.key")).open(b), "the same key file again");
    }

    @Test
    void tamperingOrAnotherKeyIsRefused() {
        SecretBox box = SecretBox.of(dir.resolve("k.key"));
        byte[] sealed = Base64.getDecoder().decode(box.seal("smtp-secret"));
        sealed[sealed.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(sealed);
        assertThrows(IllegalStateException.class, () -> box.open(tampered));
        SecretBox other = SecretBox.of(dir.resolve("other.key"));
        assertThrows(IllegalStateException.class, () -> other.open(box.seal("smtp-secret")));
    }
}
