package io.dotmac.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.ValidationException;

class PagedQueryTest {

    private static Connection database() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID());
        Connection c = ds.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id VARCHAR(10) PRIMARY KEY, tenant_id VARCHAR(10), colour VARCHAR(10))");
            for (int i = 0; i < 7; i++) {
                s.execute("INSERT INTO t VALUES ('a" + i + "', 'A', '" + (i % 2 == 0 ? "red" : "blue") + "')");
                s.execute("INSERT INTO t VALUES ('b" + i + "', 'B', 'red')");
            }
        }
        return c;
    }

    @Test
    void pagesWalkOneTenantsFilteredRowsInIdOrder() throws Exception {
        try (Connection c = database()) {
            List<String> seen = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                Page<String> page = PagedQuery.of("id", "t", "A").where("colour = ?", "red")
                        .fetch(c, rs -> rs.getString(1), id -> id, 2, cursor);
                seen.addAll(page.items());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertEquals(List.of("a0", "a2", "a4", "a6"), seen);
            assertEquals(2, pages);
        }
    }

    @Test
    void lastPageHasNoCursorAndForeignCursorsAreRefused() throws Exception {
        try (Connection c = database()) {
            Page<String> all = PagedQuery.of("id", "t", "B").fetch(c, rs -> rs.getString(1), id -> id, 50, null);
            assertEquals(7, all.items().size());
            assertNull(all.nextCursor());
            assertThrows(ValidationException.class,
                    () -> PagedQuery.of("id", "t", "B").fetch(c, rs -> rs.getString(1), id -> id, 5, "garbage!"));
        }
    }
}
