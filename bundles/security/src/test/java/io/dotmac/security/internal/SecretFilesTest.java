package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void newKeyFileIsOwnerReadWriteOnly() throws IOException {
        assumePosix();
        Path file = dir.resolve("jwt.key");

        SecretFiles.loadOrCreateKey(file, 32);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void newKeyIsStoredAsBase64AndReturnedAgainOnTheNextCall() throws IOException {
        Path file = dir.resolve("jwt.key");

        byte[] first = SecretFiles.loadOrCreateKey(file, 32);
        byte[] second = SecretFiles.loadOrCreateKey(file, 32);

        assertEquals(32, first.length);
        assertArrayEquals(first, second);
        assertArrayEquals(first, Base64.getDecoder().decode(Files.readString(file).trim()));
    }

    @Test
    void keysOfDifferentFilesDiffer() {
        assertNotEquals(Base64.getEncoder().encodeToString(SecretFiles.loadOrCreateKey(dir.resolve("a"), 32)),
                Base64.getEncoder().encodeToString(SecretFiles.loadOrCreateKey(dir.resolve("b"), 32)));
    }

    @Test
    void missingParentDirectoriesAreCreated() {
        Path file = dir.resolve("etc/dotmac/secrets/jwt.key");

        SecretFiles.loadOrCreateKey(file, 32);

        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void existingKeyWithSurroundingWhitespaceIsRead() throws IOException {
        byte[] key = new byte[40];
        key[0] = 7;
        Path file = dir.resolve("jwt.key");
        Files.writeString(file, "  " + Base64.getEncoder().encodeToString(key) + "\n");

        assertArrayEquals(key, SecretFiles.loadOrCreateKey(file, 32));
    }

    @Test
    void corruptKeyFileIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("jwt.key");
        Files.writeString(file, "this is not base64!");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretFiles.loadOrCreateKey(file, 32));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void binaryKeyFileIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("jwt.key");
        Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretFiles.loadOrCreateKey(file, 32));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void tooShortKeyIsReportedWithItsPath() throws IOException {
        Path file = dir.resolve("jwt.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SecretFiles.loadOrCreateKey(file, 32));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void concurrentCallersAllGetTheWinnersKey() throws Exception {
        Path file = dir.resolve("race/jwt.key");
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return SecretFiles.loadOrCreateKey(file, 32);
                }));
            }
            start.countDown();
            byte[] stored = null;
            for (Future<byte[]> result : results) {
                byte[] key = result.get(30, TimeUnit.SECONDS);
                stored = stored == null ? SecretFiles.loadOrCreateKey(file, 32) : stored;
                assertArrayEquals(stored, key);
            }
        } finally {
            pool.shutdownNow();
        }
        assertNoTemporaryFilesIn(file.getParent());
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        SecretFiles.loadOrCreateKey(dir.resolve("jwt.key"), 32);
        SecretFiles.writeOwnerOnly(dir.resolve("admin.password"), "x");

        assertNoTemporaryFilesIn(dir);
    }

    @Test
    void writeOwnerOnlyCreatesOwnerOnlyFileWithContent() throws IOException {
        assumePosix();
        Path file = dir.resolve("sub/admin.password");

        SecretFiles.writeOwnerOnly(file, "s3cret\n");

        assertEquals("s3cret\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void writeOwnerOnlyReplacesAnExistingFileAndNarrowsItsPermissions() throws IOException {
        assumePosix();
        Path file = dir.resolve("admin.password");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        SecretFiles.writeOwnerOnly(file, "new");

        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void generatedPasswordHasTheLengthAndOnlyUnambiguousCharacters() {
        String password = SecretFiles.generatePassword(500);

        assertEquals(500, password.length());
        assertTrue(password.matches("[A-Za-z2-9]+"), password);
        for (char ambiguous : "0O1lI".toCharArray()) {
            assertFalse(password.indexOf(ambiguous) >= 0, "contains " + ambiguous);
        }
        assertEquals(24, SecretFiles.generatePassword(24).length());
    }

    @Test
    void generatedPasswordsDiffer() {
        assertNotEquals(SecretFiles.generatePassword(20), SecretFiles.generatePassword(20));
    }

    @Test
    void alphabetHasNoAmbiguousCharacters() {
        for (char ambiguous : "0O1lI".toCharArray()) {
            assertFalse(SecretFiles.PASSWORD_ALPHABET.indexOf(ambiguous) >= 0);
        }
        assertEquals(SecretFiles.PASSWORD_ALPHABET.length(),
                SecretFiles.PASSWORD_ALPHABET.chars().distinct().count());
    }

    private void assumePosix() {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    }

    private static void assertNoTemporaryFilesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
