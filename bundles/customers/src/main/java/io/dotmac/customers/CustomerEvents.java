package io.dotmac.customers;

/**
 * The customer events (published through {@code DomainEvents}: heard inside the transaction, then posted on
 * EventAdmin after commit). Each carries {@code tenant} and {@code tenantSlug} besides the properties listed.
 */
public final class CustomerEvents {

    /** A customer was created: {@value #CUSTOMER_ID}, {@value #NAME}, {@value #EMAIL}. */
    public static final String CUSTOMER_CREATED = "io/dotmac/customers/CUSTOMER_CREATED";

    public static final String CUSTOMER_ID = "customerId";
    public static final String NAME = "name";
    public static final String EMAIL = "email";

    private CustomerEvents() {
    }
}
