package io.dotmac.persistence;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.TenantRef;

/**
 * Announces what a transaction did. {@link #publish} first calls every {@link TransactionalEventListener} whose
 * topics match, at once and inside the caller's transaction, so what a listener writes (an e-mail in an outbox)
 * commits or rolls back together with the change that caused it; once the transaction has committed, the event is
 * posted on OSGi EventAdmin for everyone else. Every event carries {@value #TENANT} (the tenant's id) and
 * {@value #TENANT_SLUG}.
 */
@ProviderType
public interface DomainEvents {

    String TENANT = "tenant";
    String TENANT_SLUG = "tenantSlug";

    /**
     * Publishes {@code topic} (such as {@code io/dotmac/billing/INVOICE_ISSUED}) for {@code tenant}. Call it inside
     * the transaction that made the change; outside one, the listeners run and the event is posted at once.
     *
     * @throws RuntimeException what a listener threw: the caller's transaction then rolls back
     */
    void publish(TenantRef tenant, String topic, Map<String, Object> properties);
}
