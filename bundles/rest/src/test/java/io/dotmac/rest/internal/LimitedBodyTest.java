package io.dotmac.rest.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A request body through its limits: size, and the upload rate after the grace period. */
class LimitedBodyTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private LimitedBody body(byte[] content, long max) {
        return new LimitedBody(new ByteArrayInputStream(content), max, 1024, 10_000, now::get);
    }

    @Test
    void aBodyWithinTheLimitReadsWhole() throws Exception {
        byte[] content = new byte[4096];
        content[4095] = 7;
        try (InputStream in = body(content, 4096)) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    @Test
    void oneByteOverTheLimitIsRefusedOnceThenTheBodyEnds() throws Exception {
        LimitedBody in = body(new byte[8192], 4096);
        BodyTooLargeException e = assertThrows(BodyTooLargeException.class, in::readAllBytes);
        assertEquals(413, e.getResponse().getStatus());
        assertEquals(4096, e.maxBytes());
        assertEquals(-1, in.read(), "whatever drains the request afterwards reads nothing and does not fail");
        assertEquals(-1, in.read(new byte[10], 0, 10));
    }

    @Test
    void aSlowUploadIsRefusedOnlyAfterTheGracePeriod() throws Exception {
        LimitedBody in = body(new byte[100], 1_000_000);
        in.read();
        now.addAndGet(9_000); // 2 bytes in 9 s: slow, but within the grace period
        in.read();
        now.addAndGet(2_000); // 3 bytes in 11 s
        SlowUploadException e = assertThrows(SlowUploadException.class, in::read);
        assertEquals(408, e.getResponse().getStatus());
        LimitedBody fast = body(new byte[100_000], 1_000_000);
        fast.read(new byte[50_000]);
        now.addAndGet(11_000); // 50,000 bytes in 11 s: fast enough
        assertEquals(50_000, fast.read(new byte[50_000]));
    }
}
