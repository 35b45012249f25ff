package io.dotmac.snmp.internal;

import java.util.ArrayDeque;

/**
 * At most {@code max} requests in flight; the rest wait in arrival order. {@link #submit} runs the sender at once
 * when a slot is free, else queues it; {@link #release} hands the freed slot to the oldest waiting sender. No
 * thread ever blocks here.
 */
final class InFlightLimit {

    private final int max;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive");
        }
        this.max = max;
    }

    /** Runs {@code send} now or once a slot is free; {@code send} must lead to exactly one {@link #release}. */
    void submit(Runnable send) {
        synchronized (this) {
            if (inFlight >= max) {
                waiting.add(send);
                return;
            }
            inFlight++;
        }
        send.run();
    }

    /** Frees a slot, running the oldest waiting sender in it (on the calling thread). */
    void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inFlight--;
                return;
            }
        }
        next.run();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    int max() {
        return max;
    }
}
