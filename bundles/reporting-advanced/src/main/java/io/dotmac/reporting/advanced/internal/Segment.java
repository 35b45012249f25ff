package io.dotmac.reporting.advanced.internal;

import java.time.LocalDate;

/**
 * A stretch of one subscription on one plan: from {@code from} (included) to {@code until} (excluded; {@code null}:
 * still running), worth {@code twelfths} twelfths of a minor unit per month, so that quarterly (price × 4) and yearly
 * (price × 1) plans add up exactly with monthly ones (price × 12).
 */
record Segment(String subscriptionId, String customerId, String currency, LocalDate from, LocalDate until,
        long twelfths) {

    /** Whether the subscription is live on this plan at the end of {@code day}. */
    boolean liveAtEndOf(LocalDate day) {
        return !from.isAfter(day) && (until == null || until.isAfter(day));
    }

    /** A monthly price normalised to twelfths of a minor unit a month. */
    static long twelfths(long price, String billingPeriod) {
        return switch (billingPeriod) {
            case "MONTHLY" -> price * 12;
            case "QUARTERLY" -> price * 4;
            case "YEARLY" -> price;
            default -> throw new IllegalArgumentException("billing period " + billingPeriod);
        };
    }
}
