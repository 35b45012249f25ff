package io.dotmac.billing.basic;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A customer's subscription to a plan. It is billed in advance: the first period starts at {@code startDate},
 * which is also the first {@code nextBillingDate}. {@code cancelAt} is set when it is cancelled at the end of its
 * period (it stays ACTIVE until then) or at once (CANCELLED, that day).
 */
public record Subscription(String id, String customerId, String planId, LocalDate startDate,
        SubscriptionStatus status, LocalDate nextBillingDate, LocalDate cancelAt, Instant createdAt) {
}
