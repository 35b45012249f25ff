package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {

    @TempDir
    Path dir;

    private AccessLog.Config config(boolean enabled, Path file, int maxMb, int maxFiles) {
        return new AccessLog.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AccessLog.Config.class;
            }

            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public String file() {
                return file.toString();
            }

            @Override
            public int maxFileSizeMb() {
                return maxMb;
            }

            @Override
            public int maxFiles() {
                return maxFiles;
            }
        };
    }

    @Test
    void everyLineIsWrittenInOrderAndFlushedOnDeactivate() throws Exception {
        Path file = dir.resolve("logs/access.log");
        AccessLog log = new AccessLog(config(true, file, 64, 5));
        for (int i = 0; i < 10_000; i++) {
            log.log(new AccessLog.Entry(0, "GET", "/api/v1/ping", 200, 5, "r" + i));
        }
        log.deactivate();
        List<String> lines = Files.readAllLines(file);
        assertEquals(10_000, lines.size());
        assertEquals("1970-01-01T00:00:00Z GET /api/v1/ping 200 5us requestId=r0", lines.get(0));
        assertEquals("1970-01-01T00:00:00Z GET /api/v1/ping 200 5us requestId=r9999", lines.get(9_999));
    }

    @Test
    void rotatesBySizeKeepingAtMostMaxFiles() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = new AccessLog(config(true, file, 1, 2));
        String path = "/" + "x".repeat(980);
        for (int i = 0; i < 5 * 1024; i++) {
            log.log(new AccessLog.Entry(0, "GET", path, 200, 1, "r" + i));
        }
        log.deactivate();
        assertTrue(Files.exists(dir.resolve("access.log.1")));
        assertTrue(Files.exists(dir.resolve("access.log.2")));
        assertFalse(Files.exists(dir.resolve("access.log.3")));
        assertTrue(Files.size(dir.resolve("access.log.1")) >= 1024 * 1024);
    }

    @Test
    void disabledWritesNothing() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = new AccessLog(config(false, file, 64, 5));
        log.log(new AccessLog.Entry(0, "GET", "/", 200, 1, "x"));
        log.deactivate();
        assertFalse(log.enabled());
        assertFalse(Files.exists(file));
    }
}
