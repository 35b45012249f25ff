package io.dotmac.rest.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log: one line per request, handed to a lock-free queue and formatted and written in batches by
 * one background thread, with size-based rotation ({@code access.log}, {@code access.log.1} … {@code access.log.<maxFiles>}).
 * <p>
 * Why not the logging framework: on this hardware a line through pax-logging costs about a third of the
 * throughput of a trivial request even with an asynchronous appender (see BENCHMARKS.md); this writer costs a
 * few percent. Requests wait (no line is lost) only when 65,536 lines are pending, i.e. when the disk cannot keep
 * up.
 */
@Component(service = AccessLog.class, configurationPid = "io.dotmac.rest.accesslog")
@Designate(ocd = AccessLog.Config.class)
public class AccessLog {

    @ObjectClassDefinition(name = "DotMac HTTP access log")
    public @interface Config {
        @AttributeDefinition(description = "Write the access log at all.")
        boolean enabled() default true;

        @AttributeDefinition(description = "The log file; empty: access.log in Karaf's log directory (${karaf.log}).")
        String file() default "";

        @AttributeDefinition(description = "Size in MB at which the file is rotated.")
        int maxFileSizeMb() default 64;

        @AttributeDefinition(description = "Rotated files kept (access.log.1 is the newest).")
        int maxFiles() default 5;
    }

    /** One request, formatted by the writer thread, off the request's path. */
    record Entry(long epochMillis, String method, String path, int status, long micros, String requestId) {
        String line() {
            return Instant.ofEpochMilli(epochMillis) + " " + method + " " + path + " " + status + " " + micros
                    + "us requestId=" + requestId;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int CAPACITY = 65_536;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final boolean enabled;
    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    // lock-free hand-off: producers never wake the writer, which polls every few milliseconds when idle
    private final ConcurrentLinkedQueue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean running = true;
    private final Thread writer;

    @Activate
    public AccessLog(Config config) {
        this.enabled = config.enabled();
        String dir = System.getProperty("karaf.log", System.getProperty("karaf.data", ".") + "/log");
        this.file = Path.of(config.file().isBlank() ? dir + "/access.log" : config.file());
        this.maxBytes = Math.max(1, config.maxFileSizeMb()) * 1024L * 1024L;
        this.maxFiles = Math.max(1, config.maxFiles());
        this.writer = new Thread(this::drain, "dotmac-access-log");
        writer.setDaemon(true);
        if (enabled) {
            writer.start();
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        if (enabled) {
            LockSupport.unpark(writer);
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Queues one request; returns at once unless {@value #CAPACITY} lines wait for the disk. */
    void log(Entry entry) {
        if (!enabled) {
            return;
        }
        if (pending.incrementAndGet() > CAPACITY) {
            while (pending.get() > CAPACITY && running) {
                LockSupport.parkNanos(100_000);
            }
        }
        queue.offer(entry);
    }

    private void drain() {
        Writer out = null;
        long size = 0;
        while (true) {
            boolean stopping = !running;
            int written = 0;
            try {
                for (Entry e = queue.poll(); e != null; e = queue.poll()) {
                    if (out == null) {
                        Files.createDirectories(file.toAbsolutePath().getParent());
                        size = Files.exists(file) ? Files.size(file) : 0;
                        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
                    }
                    String line = e.line();
                    out.write(line);
                    out.write('\n');
                    size += line.length() + 1;
                    if (++written % 4096 == 0) {
                        pending.addAndGet(-4096);
                    }
                    if (size >= maxBytes) {
                        out.close();
                        out = null;
                        rotate();
                    }
                }
                if (out != null && written > 0) {
                    out.flush();
                }
            } catch (IOException ex) {
                LOG.warn("cannot write the access log {}: {}", file, ex.getMessage());
                out = closeQuietly(out);
            }
            pending.addAndGet(-(written % 4096));
            if (stopping && queue.isEmpty()) {
                break;
            }
            if (written == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
        closeQuietly(out);
    }

    private void rotate() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        Files.deleteIfExists(dir.resolve(name + "." + maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            Path from = dir.resolve(name + "." + i);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve(name + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, dir.resolve(name + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Writer closeQuietly(Writer out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing the access log failed", e);
            }
        }
        return null;
    }
}
