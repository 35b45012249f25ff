package io.dotmac.customers;

import org.osgi.annotation.versioning.ConsumerType;

import io.dotmac.platform.api.TenantRef;

/**
 * Lets another bundle veto a change to a customer it holds data for: billing refuses to close a customer that still
 * owes money. Register it as a service; {@link CustomerService} calls every registered guard inside the closing
 * transaction, after locking the customer's row.
 */
@ConsumerType
public interface CustomerGuard {

    /**
     * Called before {@code customerId} is closed.
     *
     * @throws io.dotmac.platform.api.ConflictException saying why the customer cannot be closed now
     */
    void beforeClose(TenantRef tenant, String customerId);
}
