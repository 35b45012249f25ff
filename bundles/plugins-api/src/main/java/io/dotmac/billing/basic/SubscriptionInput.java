package io.dotmac.billing.basic;

/**
 * What a client sends to create a subscription ({@code customerId}, {@code planId}, {@code startDate} as
 * {@code yyyy-MM-dd}) or to change one ({@code planId}, {@code status} ACTIVE or SUSPENDED).
 */
public record SubscriptionInput(String customerId, String planId, String startDate, String status) {
}
