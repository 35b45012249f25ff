package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** After-commit actions run once the outermost transaction has committed, and never after a rollback. */
class JdbcDatabaseAfterCommitTest {

    private final JdbcDatabase db;

    JdbcDatabaseAfterCommitTest() throws Exception {
        db = JdbcDatabase.on(new JdbcDatabaseTurnsTest.SizedDataSource());
    }

    @Test
    void actionsRunAfterTheOutermostCommitInOrder() {
        List<String> seen = new ArrayList<>();
        db.inTransaction(c -> {
            db.afterCommit(() -> seen.add("outer"));
            db.inTransaction(inner -> {
                db.afterCommit(() -> seen.add("inner"));
                return null;
            });
            assertEquals(List.of(), seen, "nothing runs before the outermost transaction commits");
            return null;
        });
        assertEquals(List.of("outer", "inner"), seen);
    }

    @Test
    void actionsOfARolledBackTransactionNeverRun() {
        List<String> seen = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
            db.afterCommit(() -> seen.add("never"));
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of(), seen);
        db.inTransaction(c -> null);
        assertEquals(List.of(), seen, "a later transaction does not inherit them");
    }

    @Test
    void outsideATransactionTheActionRunsAtOnce() {
        List<String> seen = new ArrayList<>();
        db.afterCommit(() -> seen.add("now"));
        assertEquals(List.of("now"), seen);
    }

    @Test
    void aFailingActionDoesNotStopTheOthersAndReachesTheCaller() {
        List<String> seen = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.inTransaction(c -> {
            db.afterCommit(() -> {
                throw first;
            });
            db.afterCommit(() -> seen.add("second ran"));
            return null;
        }));
        assertSame(first, thrown);
        assertEquals(List.of("second ran"), seen);
    }
}
