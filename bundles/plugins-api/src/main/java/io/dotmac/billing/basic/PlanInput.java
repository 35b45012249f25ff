package io.dotmac.billing.basic;

/**
 * What a client sends to create a plan (all but {@code dataCapGb}, {@code active} and {@code taxRate} required) or
 * change one (every field optional). Numbers arrive as JSON numbers, the price and the tax rate (a percentage, 0 when
 * absent) as decimal strings.
 */
public record PlanInput(String name, String price, String currency, String billingPeriod, Integer downloadMbps,
        Integer uploadMbps, Integer dataCapGb, Boolean active, String taxRate) {

    /** An input without a tax rate (package 1.1). */
    public PlanInput(String name, String price, String currency, String billingPeriod, Integer downloadMbps,
            Integer uploadMbps, Integer dataCapGb, Boolean active) {
        this(name, price, currency, billingPeriod, downloadMbps, uploadMbps, dataCapGb, active, null);
    }
}
