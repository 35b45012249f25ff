package io.dotmac.customers;

/**
 * The customer events (published through {@code DomainEvents}: heard inside the transaction, then posted on
 * EventAdmin after commit). Each carries {@code tenant} and {@code tenantSlug} besides the properties listed.
 */
public final class CustomerEvents {

    /** A customer was created: {@value #CUSTOMER_ID}, {@value #NAME}, {@value #EMAIL}. */
    public static final String CUSTOMER_CREATED = "io/dotmac/customers/CUSTOMER_CREATED";

    /**
     * A tag was added to or removed from a customer: {@value #CUSTOMER_ID}, {@value #TAG}, {@value #CHANGE}
     * ({@code ADDED} or {@code REMOVED}). Only a real change is announced.
     */
    public static final String CUSTOMER_TAGGED = "io/dotmac/customers/CUSTOMER_TAGGED";

    public static final String TAG = "tag";
    public static final String CHANGE = "change";
    public static final String CUSTOMER_ID = "customerId";
    public static final String NAME = "name";
    public static final String EMAIL = "email";

    private CustomerEvents() {
    }
}
