package io.dotmac.notifications.email.internal;

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
        String a = box.encrypt("smtp-secret");
        String b = box.encrypt("smtp-secret");
        assertNotEquals(a, b);
        assertFalse(a.contains("smtp-secret"));
        assertEquals("smtp-secret", box.decrypt(a));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))));
        assertEquals("smtp-secret", SecretBox.of(dir.resolve("k.key")).decrypt(b), "the same key file again");
    }

    @Test
    void tamperingOrAnotherKeyIsRefused() throws Exception {
        SecretBox box = SecretBox.of(dir.resolve("k.key"));
        byte[] sealed = Base64.getDecoder().decode(box.encrypt("smtp-secret"));
        sealed[sealed.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(sealed);
        assertThrows(IllegalStateException.class, () -> box.decrypt(tampered));
        SecretBox other = SecretBox.of(dir.resolve("other.key"));
        assertThrows(IllegalStateException.class, () -> other.decrypt(box.encrypt("smtp-secret")));
    }
}
