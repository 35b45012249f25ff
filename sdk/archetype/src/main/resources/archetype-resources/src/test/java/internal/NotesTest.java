package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.ValidationException;

class NotesTest {

    @Test
    void aNoteNeedsItsTextAndKeepsItTrimmed() {
        assertEquals("hello", Notes.text(new Notes.Input("  hello ")));
        ValidationException e = assertThrows(ValidationException.class, () -> Notes.text(new Notes.Input(" ")));
        assertEquals("text", e.errors().get(0).field());
        assertThrows(ValidationException.class, () -> Notes.text(new Notes.Input("x".repeat(501))));
    }
}
