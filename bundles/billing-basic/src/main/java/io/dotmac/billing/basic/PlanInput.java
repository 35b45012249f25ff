package io.dotmac.billing.basic;

/**
 * What a client sends to create a plan (all but {@code dataCapGb} and {@code active} required) or change one
 * (every field optional). Numbers arrive as JSON numbers, the price as a decimal string.
 */
public record PlanInput(String name, String price, String currency, String billingPeriod, Integer downloadMbps,
        Integer uploadMbps, Integer dataCapGb, Boolean active) {
}
