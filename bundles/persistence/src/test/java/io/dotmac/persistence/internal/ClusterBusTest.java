package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.dotmac.persistence.ChangeListener;

/**
 * The cluster's changes: on PostgreSQL a change told in a transaction reaches another node's listener once it
 * commits, and never when it rolls back; on H2 (one node) after commit in this JVM. A node's id is kept.
 */
class ClusterBusTest {

    /** A listener recording what it hears. */
    private static final class Recorder implements ChangeListener {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

        @Override
        public void changed(String kind, String key) {
            heard.add(kind + " " + key);
        }

        @Override
        public void reloadAll() {
            heard.add("reload");
        }
    }

    private static ClusterConfig config() {
        return new ClusterConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ClusterConfig.class;
            }

            @Override
            public String nodeName() {
                return "";
            }

            @Override
            public int heartbeatSeconds() {
                return 5;
            }

            @Override
            public int nodeTimeoutSeconds() {
                return 30;
            }

            @Override
            public int reloadSeconds() {
                return 3600;
            }
        };
    }

    @Test
    void onPostgresAChangeReachesTheOtherNodeOnCommitOnly() throws Exception {
        String db = "dotmac_ut_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        ClusterBus one = null;
        ClusterBus two = null;
        try {
            PGSimpleDataSource ds = PostgresTests.dataSource(PostgresTests.urlOf(db), "postgres", "");
            JdbcDatabase first = JdbcDatabase.on(ds);
            one = new ClusterBus(first, config());
            two = new ClusterBus(JdbcDatabase.on(ds), config());
            Recorder heard = new Recorder();
            two.addListener(heard, Map.of(ChangeListener.KIND_PROPERTY, new String[] {"tenant", "user-tokens"}));
            Thread.sleep(1500); // both listening
            ClusterBus sender = one;
            first.inTransaction(c -> {
                sender.changed("tenant", "t-1");
                try {
                    assertEquals(null, heard.heard.poll(300, TimeUnit.MILLISECONDS), "not before the commit");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertEquals("tenant t-1", heard.heard.poll(5, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> first.inTransaction(c -> {
                sender.changed("user-tokens", "u-1");
                throw new IllegalStateException("rolled back");
            }));
            sender.changed("user-tokens", "u-2"); // outside a transaction: at once
            assertEquals("user-tokens u-2", heard.heard.poll(5, TimeUnit.SECONDS), "u-1 was rolled back");
            sender.changed("webhooks", "t-1");
            assertEquals(null, heard.heard.poll(500, TimeUnit.MILLISECONDS), "a kind it does not hear");
            assertThrows(IllegalArgumentException.class, () -> sender.changed("Bad Kind", "x"));
        } finally {
            if (one != null) {
                one.deactivate();
            }
            if (two != null) {
                two.deactivate();
            }
            try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    @Test
    void onH2AChangeIsHeardHereAfterCommit() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcDatabase db = JdbcDatabase.on(h2);
        ClusterBus bus = new ClusterBus(db, config());
        try {
            Recorder heard = new Recorder();
            bus.addListener(heard, Map.of(ChangeListener.KIND_PROPERTY, "tenant"));
            db.inTransaction(c -> {
                bus.changed("tenant", "t-1");
                assertTrue(heard.heard.isEmpty(), "not before the commit");
                return null;
            });
            assertEquals(List.of("tenant t-1"), List.copyOf(heard.heard));
        } finally {
            bus.deactivate();
        }
    }

    @Test
    void aNodeKeepsItsId() throws Exception {
        Path data = Files.createTempDirectory("node");
        String id = NodeRegistry.nodeId(data.toString());
        assertEquals(id, NodeRegistry.nodeId(data.toString()));
        assertTrue(Files.readString(data.resolve("dotmac-node.id")).contains(id));
    }
}
