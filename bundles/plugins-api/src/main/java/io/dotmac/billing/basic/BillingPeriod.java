package io.dotmac.billing.basic;

/** How often a plan is billed. */
public enum BillingPeriod {
    MONTHLY, QUARTERLY, YEARLY
}
