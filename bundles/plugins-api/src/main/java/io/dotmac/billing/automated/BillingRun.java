package io.dotmac.billing.automated;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A billing run of a tenant for a date: it bills every subscription due on or before {@code date}. {@code total} is
 * how many subscriptions were due when it started; {@code done} how many it has brought up to date and
 * {@code failed} how many it could not bill (see {@code failures}); {@code invoices} how many invoices it issued (a
 * subscription several periods behind gets one per period).
 */
public record BillingRun(String id, LocalDate date, Trigger trigger, Status status, int total, int done, int failed,
        int invoices, Instant startedAt, Instant finishedAt, String message, List<Failure> failures) {

    /** How a run started. */
    public enum Trigger {
        MANUAL, SCHEDULED
    }

    /** RUNNING until every due subscription was tried; STOPPED when the tenant lost the plugin meanwhile. */
    public enum Status {
        RUNNING, COMPLETED, FAILED, STOPPED
    }

    /** A subscription a run could not bill, and why. */
    public record Failure(String subscriptionId, String message) {
    }

    public boolean finished() {
        return status != Status.RUNNING;
    }
}
