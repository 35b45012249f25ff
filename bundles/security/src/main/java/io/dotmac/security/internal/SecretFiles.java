package io.dotmac.security.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secret files readable by their owner only (POSIX {@code rw-------} where the file system has POSIX
 * permissions). A file is written to a temporary file in the same directory, created with those permissions,
 * and then moved into place, so no reader ever sees it half-written or with wider permissions.
 */
public final class SecretFiles {

    /** Letters and digits without the look-alikes 0, O, 1, l and I. */
    static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /**
     * The key stored base64-encoded in {@code file}, or a new random key of {@code bytes} bytes stored there
     * if the file does not exist. When two callers create it at once, both get the key of the one that won.
     *
     * @throws IllegalStateException when the file exists but holds no valid key of at least {@code bytes} bytes
     * @throws UncheckedIOException  when the file cannot be read or written
     */
    public static byte[] loadOrCreateKey(Path file, int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bytes must be positive");
        }
        try {
            if (Files.exists(file)) {
                return readKey(file, bytes);
            }
            byte[] key = new byte[bytes];
            new SecureRandom().nextBytes(key);
            Path tmp = writeTemp(file, Base64.getEncoder().encodeToString(key));
            try {
                publishWithoutReplacing(tmp, file);
                return key;
            } catch (FileAlreadyExistsException e) {
                return readKey(file, bytes); // another caller won the race: use its key
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create key file " + file, e);
        }
    }

    /** A random password of {@code length} characters from {@link #PASSWORD_ALPHABET}. */
    public static String generatePassword(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive");
        }
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Atomically writes {@code content} (UTF-8) to {@code file}, owner-only, replacing any existing file. */
    public static void writeOwnerOnly(Path file, String content) {
        try {
            Path tmp = writeTemp(file, content);
            try {
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] readKey(Path file, int bytes) throws IOException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new IllegalStateException("key file " + file + " does not hold base64 text");
        }
        if (key.length < bytes) {
            throw new IllegalStateException("key file " + file + " holds " + key.length + " bytes, " + bytes
                    + " needed");
        }
        return key;
    }

    /** A new owner-only file beside {@code target}, holding {@code content} and flushed to disk. */
    private static Path writeTemp(Path target, String content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        Path tmp;
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
            tmp = Files.createTempFile(dir, prefix, ".tmp", attr);
        } else {
            tmp = Files.createTempFile(dir, prefix, ".tmp");
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /**
     * Puts {@code tmp} at {@code target} unless {@code target} exists. A hard link fails atomically when the
     * target exists; {@code Files.move(..., ATOMIC_MOVE)} would not, since on Linux it is rename(2), which
     * silently replaces. Where hard links are unsupported, a plain move (check, then rename) is the fallback.
     *
     * @throws FileAlreadyExistsException when {@code target} exists
     */
    private static void publishWithoutReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here (unsupported, or EPERM on some file systems); a plain move refuses an existing
            // target too, though only by checking first
            Files.move(tmp, target);
        }
    }
}
