package io.dotmac.licensing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ThreadLeaksTest {

    /** Parks until released: the code a "plugin" leaves running. */
    static final class Parked implements Runnable {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void run() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aThreadRunningThePluginsCodeOrCarryingItsLoaderIsItsAndNoOtherIs() throws Exception {
        ClassLoader pluginLoader = new URLClassLoader(new URL[0]);
        ThreadLeaks.Owner owner = new ThreadLeaks.Owner(pluginLoader, Set.of(Parked.class.getName()));
        Parked code = new Parked();
        Thread running = new Thread(code, "plugin-worker");
        Thread carrying = new Thread(() -> {
            try {
                code.release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "plugin-pool");
        carrying.setContextClassLoader(pluginLoader);
        Thread other = new Thread(() -> {
            try {
                code.release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "someone-else");
        Thread ended = new Thread(code, "ended");
        running.start();
        carrying.start();
        other.start();
        try {
            awaitParked(running);
            awaitParked(carrying);
            awaitParked(other);
            Map<Thread, String> left = ThreadLeaks.leftOver(Map.of(running, running.getStackTrace(), carrying,
                    carrying.getStackTrace(), other, other.getStackTrace(), ended, new StackTraceElement[0],
                    Thread.currentThread(), Thread.currentThread().getStackTrace()), owner);
            assertEquals(Set.of(running, carrying), left.keySet());
            assertTrue(left.get(running).startsWith(Parked.class.getName() + ".run"), left.get(running));
            assertEquals("", left.get(carrying));
        } finally {
            code.release.countDown();
            running.join();
            carrying.join();
            other.join();
        }
    }

    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(Thread.State.WAITING, t.getState(), t.getName());
    }
}
