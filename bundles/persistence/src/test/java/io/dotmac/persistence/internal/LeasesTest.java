package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.dotmac.persistence.platform.Cluster;

/**
 * Leases on H2 and on real PostgreSQL: one holder at a time, renewed by its holder, taken by another once run out,
 * given up; names kept per bundle; a group's parts shared fairly over the live nodes and taken over from a node that
 * stopped.
 */
class LeasesTest {

    private static final Duration TTL = Duration.ofSeconds(10);

    /** A node's view: its id, and which nodes are alive (set by the test). */
    private static final class Node implements Cluster {
        final String id;
        final AtomicReference<List<String>> alive;

        Node(String id, AtomicReference<List<String>> alive) {
            this.id = id;
            this.alive = alive;
        }

        @Override
        public String nodeId() {
            return id;
        }

        @Override
        public String nodeName() {
            return id;
        }

        @Override
        public List<Node> nodes() {
            Instant now = Instant.now();
            return alive.get().stream().map(n -> new Cluster.Node(n, n, "1", now, now, true)).toList();
        }

        @Override
        public List<Lease> leases() {
            return List.of();
        }
    }

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void onH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        checks(h2);
    }

    @Test
    void onPostgres() throws Exception {
        String db = "dotmac_ut_leases_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        try {
            checks(PostgresTests.dataSource(PostgresTests.urlOf(db), "postgres", ""));
        } finally {
            try (Connection admin = PostgresTests.adminConnection(); Statement s = admin.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }

    private static void checks(DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(new String(LeasesTest.class.getResourceAsStream("/db/migration/common/V6__leases.sql")
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        JdbcDatabase db = JdbcDatabase.on(ds);
        AtomicReference<List<String>> alive = new AtomicReference<>(List.of("a"));
        Moving clock = new Moving();
        BundleLeases a = new BundleLeases(new LeaseTable(db, "a"), new Node("a", alive), "io.dotmac.x", clock);
        BundleLeases b = new BundleLeases(new LeaseTable(db, "b"), new Node("b", alive), "io.dotmac.x", clock);
        BundleLeases otherBundle = new BundleLeases(new LeaseTable(db, "b"), new Node("b", alive), "io.dotmac.y",
                clock);

        // one holder at a time; the holder renews; another bundle's names are its own
        assertTrue(a.acquire("run-1", TTL));
        assertFalse(b.acquire("run-1", TTL));
        assertTrue(otherBundle.acquire("run-1", TTL), "io.dotmac.y's run-1 is another lease");
        clock.now = clock.now.plusSeconds(8);
        assertTrue(a.acquire("run-1", TTL), "renewed until 18 s");
        clock.now = clock.now.plusSeconds(8);
        assertFalse(b.acquire("run-1", TTL), "still a's: renewed");
        // run out: b takes it, and a no longer has it
        clock.now = clock.now.plusSeconds(11);
        assertTrue(b.acquire("run-1", TTL));
        assertFalse(a.acquire("run-1", TTL));
        // given up: free at once
        b.release("run-1");
        a.release("run-1"); // not a's: nothing happens
        assertTrue(a.acquire("run-1", TTL));
        assertThrows(IllegalArgumentException.class, () -> a.acquire("no spaces", TTL));
        assertThrows(IllegalArgumentException.class, () -> a.acquire("x", Duration.ZERO));
        assertEquals(Set.of("io.dotmac.x/run-1", "io.dotmac.y/run-1"), Set.copyOf(LeaseTable.all(db, clock.now)
                .stream().map(Cluster.Lease::name).toList()));

        // at once from two holders: exactly one gets it
        for (int i = 0; i < 20; i++) {
            String name = "race-" + i;
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> a.acquire(name, TTL));
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> b.acquire(name, TTL));
            assertTrue(first.get() ^ second.get(), name + ": " + first.get() + " " + second.get());
        }

        // a group of 8 parts: alone, a holds them all
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), a.share("poll", 8, TTL));
        // b joins: a gives up its share's excess at its next call, b takes it at its own
        alive.set(List.of("a", "b"));
        assertEquals(Set.of(), b.share("poll", 8, TTL), "all still a's until a renews");
        Set<Integer> ofA = a.share("poll", 8, TTL);
        Set<Integer> ofB = b.share("poll", 8, TTL);
        assertEquals(4, ofA.size());
        assertEquals(4, ofB.size());
        Set<Integer> both = new HashSet<>(ofA);
        both.retainAll(ofB);
        assertEquals(Set.of(), both, "no part held twice");
        // steady: the same parts, renewed
        clock.now = clock.now.plusSeconds(3);
        assertEquals(ofA, a.share("poll", 8, TTL));
        assertEquals(ofB, b.share("poll", 8, TTL));
        // a stops renewing and leaves: once its parts run out, b takes them all
        alive.set(List.of("b"));
        clock.now = clock.now.plusSeconds(5);
        assertEquals(ofB, b.share("poll", 8, TTL), "a's parts have not run out yet");
        clock.now = clock.now.plusSeconds(6);
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), b.share("poll", 8, TTL));
        // fewer parts than before: the parts beyond are given up
        assertEquals(Set.of(0, 1, 2), b.share("poll", 3, TTL));
        AtomicInteger left = new AtomicInteger();
        LeaseTable.all(db, clock.now).forEach(l -> {
            if (l.name().startsWith("io.dotmac.x/poll:")) {
                left.incrementAndGet();
            }
        });
        assertEquals(3, left.get());
    }
}
