package io.dotmac.billing.basic;

import java.time.Instant;

/**
 * A service plan. {@code price} is an exact decimal string in {@code currency} with the currency's number of
 * decimals (for instance {@code "49.90"} USD); {@code dataCapGb} is {@code null} for no cap; {@code taxRate} is the
 * percentage recurring invoices charge on it (for instance {@code "19"}).
 */
public record Plan(String id, String name, String price, String currency, BillingPeriod billingPeriod,
        int downloadMbps, int uploadMbps, Integer dataCapGb, boolean active, Instant createdAt, String taxRate) {

    /** A plan without tax, as before plans carried a tax rate (package 1.1). */
    public Plan(String id, String name, String price, String currency, BillingPeriod billingPeriod, int downloadMbps,
            int uploadMbps, Integer dataCapGb, boolean active, Instant createdAt) {
        this(id, name, price, currency, billingPeriod, downloadMbps, uploadMbps, dataCapGb, active, createdAt, "0");
    }
}
