package io.dotmac.customers;

/** A customer's status; a CLOSED customer no longer counts against the tier's customer limit. */
public enum CustomerStatus {
    ACTIVE, SUSPENDED, CLOSED
}
