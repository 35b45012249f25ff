package io.dotmac.billing.basic;

/** A subscription's status. */
public enum SubscriptionStatus {
    ACTIVE, SUSPENDED, CANCELLED
}
