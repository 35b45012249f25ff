package io.dotmac.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetPasswordTest {

    @Test
    void aPasswordFileWrittenBeforeTheFirstStartGivesItsFirstLine(@TempDir Path etc) throws Exception {
        Path file = etc.resolve("admin.password");
        assertNull(SecurityService.presetPassword(file), "no file, no preset");
        Files.writeString(file, "\n");
        assertNull(SecurityService.presetPassword(file), "an empty file is no preset");
        Files.writeString(file, "  child-operator-pw42 \nignored\n");
        assertEquals("child-operator-pw42", SecurityService.presetPassword(file));
    }
}
