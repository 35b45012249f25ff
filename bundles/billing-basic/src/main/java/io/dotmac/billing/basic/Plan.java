package io.dotmac.billing.basic;

import java.time.Instant;

/**
 * A service plan. {@code price} is an exact decimal string in {@code currency} with the currency's number of
 * decimals (for instance {@code "49.90"} USD); {@code dataCapGb} is {@code null} for no cap.
 */
public record Plan(String id, String name, String price, String currency, BillingPeriod billingPeriod,
        int downloadMbps, int uploadMbps, Integer dataCapGb, boolean active, Instant createdAt) {
}
