package io.dotmac.rest.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;

/**
 * A request body read through limits: at most {@code maxBytes} ({@link BodyTooLargeException} beyond), and once
 * {@code graceMillis} have passed since the first read, at least {@code minBytesPerSecond} on average
 * ({@link SlowUploadException} below: a client dripping a body byte by byte does not hold a thread for ever).
 * After it has refused once, the body reads as ended: whatever drains the request afterwards (CXF, while the
 * refusal is written) reads nothing more and does not fail a second time.
 */
final class LimitedBody extends InputStream {

    private final InputStream in;
    private final long maxBytes;
    private final long minBytesPerSecond;
    private final long graceMillis;
    private final LongSupplier clock;
    private long read;
    private long started = -1;
    private boolean refused;

    LimitedBody(InputStream in, long maxBytes, long minBytesPerSecond, long graceMillis, LongSupplier clock) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        this.graceMillis = graceMillis;
        this.clock = clock;
    }

    @Override
    public int read() throws IOException {
        if (refused) {
            return -1;
        }
        before();
        int b = in.read();
        if (b >= 0) {
            after(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (refused) {
            return -1;
        }
        before();
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            after(n);
        }
        return n;
    }

    private void before() {
        if (started < 0) {
            started = clock.getAsLong();
        }
    }

    private void after(int n) {
        read += n;
        if (read > maxBytes) {
            refused = true;
            throw new BodyTooLargeException(maxBytes);
        }
        long elapsed = clock.getAsLong() - started;
        if (minBytesPerSecond > 0 && elapsed > graceMillis && read * 1000 / elapsed < minBytesPerSecond) {
            refused = true;
            throw new SlowUploadException(minBytesPerSecond);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
