package io.dotmac.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.dotmac.persistence.DataAccessException;

/** Transactions queue for their turn at the pool, as many at once as the pool has connections. */
class JdbcDatabaseTurnsTest {

    /** An H2 data source that reports a pool's settings the way HikariCP's does. */
    public static final class SizedDataSource implements DataSource {
        private final JdbcDataSource h2 = new JdbcDataSource();

        SizedDataSource() {
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }

        public int getMaximumPoolSize() {
            return 2;
        }

        public long getConnectionTimeout() {
            return 300;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return h2.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return h2.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    interface Wait {
        void run() throws InterruptedException;
    }

    private static void pause(Wait wait) {
        try {
            wait.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SizedDataSource dataSource() {
        return new SizedDataSource();
    }

    @Test
    void readsThePoolsSettingsAndNothingFromOtherDataSources() {
        assertEquals(2, JdbcDatabase.poolSetting(dataSource(), "getMaximumPoolSize"));
        assertEquals(300, JdbcDatabase.poolSetting(dataSource(), "getConnectionTimeout"));
        assertEquals(0, JdbcDatabase.poolSetting(new JdbcDataSource(), "getMaximumPoolSize"));
    }

    @Test
    void noMoreTransactionsRunAtOnceThanThePoolHasConnectionsAndAWaitEnds() throws Exception {
        JdbcDatabase db = JdbcDatabase.on(dataSource());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> db.inTransaction(c -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    pause(() -> Thread.sleep(20));
                    running.decrementAndGet();
                    return 1;
                })));
            }
            for (Future<Integer> f : results) {
                assertEquals(1, f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(2, most.get());

            // both turns taken and held: a third transaction gives up after the pool's connection timeout
            CountDownLatch holding = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Object>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(pool.submit(() -> db.inTransaction(c -> {
                    holding.countDown();
                    pause(release::await);
                    return null;
                })));
            }
            assertTrue(holding.await(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            assertThrows(DataAccessException.class, () -> db.inTransaction(c -> null));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(250));
            release.countDown();
            for (Future<Object> f : holders) {
                f.get(5, TimeUnit.SECONDS);
            }
            // nested calls join the outer transaction and need no second turn
            Integer seven = db.inTransaction(c -> db.<Integer>inTransaction(c2 -> 7));
            assertEquals(7, seven.intValue());
        } finally {
            pool.shutdownNow();
        }
    }
}
