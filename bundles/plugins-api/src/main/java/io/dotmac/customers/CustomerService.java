package io.dotmac.customers;

import java.util.Collection;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's customers. Every call is scoped to {@code tenant}: another tenant's id is simply not found. */
@ProviderType
public interface CustomerService {

    /**
     * Creates a customer, taking one unit of the tier's customer limit in the same transaction.
     *
     * @throws io.dotmac.platform.api.ValidationException   naming every invalid field
     * @throws io.dotmac.platform.api.ConflictException     when the e-mail is taken in this tenant
     * @throws io.dotmac.platform.api.LimitExceededException when the tier allows no more customers
     */
    Customer create(TenantRef tenant, CustomerInput input);

    /** @throws io.dotmac.platform.api.NotFoundException when the tenant has no such customer */
    Customer get(TenantRef tenant, String id);

    /**
     * Like {@link #get}, but locks the customer's row until the caller's transaction ends: call it inside
     * {@code Database.inTenant} to keep the customer from being closed or changed meanwhile (billing does, before
     * issuing an invoice).
     */
    Customer lock(TenantRef tenant, String id);

    /**
     * Locks the customers {@code ids} that exist, in id order (so two callers never wait on each other in a circle),
     * until the caller's transaction ends, like {@link #lock}: for work on many customers at once, such as a billing
     * run. Unknown ids are left out of the answer.
     *
     * @return the customers found, by id
     */
    Map<String, Customer> lockAll(TenantRef tenant, Collection<String> ids);

    /**
     * Customers in id order, optionally of one status and matching {@code q} (a substring of name or e-mail,
     * case-insensitive).
     */
    Page<Customer> list(TenantRef tenant, CustomerStatus status, String q, int limit, String cursor);

    /** Like {@link #list}, only customers with {@code tag} (when not null). */
    Page<Customer> list(TenantRef tenant, CustomerStatus status, String q, String tag, int limit, String cursor);

    /** The customer's tags, sorted. */
    java.util.List<String> tags(TenantRef tenant, String id);

    /**
     * Adds {@code tag} (lower-case letters, digits, {@code -} and {@code _}, at most 50) to the customer; adding it
     * again changes nothing.
     *
     * @return whether it was added now
     * @throws io.dotmac.platform.api.ValidationException naming {@code tag}, or when the customer has too many
     * @throws io.dotmac.platform.api.ConflictException   when the customer is closed
     */
    boolean tag(TenantRef tenant, String id, String tag);

    /** Removes {@code tag}; removing one it does not have changes nothing. @return whether it was removed now */
    boolean untag(TenantRef tenant, String id, String tag);

    /** Changes the fields given; a closed customer cannot change (409). */
    Customer update(TenantRef tenant, String id, CustomerInput changes);

    /**
     * Closes a customer (idempotent) and gives its unit of the customer limit back.
     *
     * @throws io.dotmac.platform.api.ConflictException when a {@link CustomerGuard} refuses (unpaid invoices)
     */
    Customer close(TenantRef tenant, String id);
}
