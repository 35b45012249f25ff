package io.dotmac.persistence;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import io.dotmac.platform.api.TenantRef;

/**
 * Hears {@link DomainEvents} inside the transaction that caused them (the transactional outbox pattern): register
 * one as a service with {@value #TOPICS} naming the topics, exactly or ending in {@code /*}. What it writes through
 * {@link Database} joins that transaction; what it throws rolls the transaction back, so keep it to writing rows.
 */
@ConsumerType
public interface TransactionalEventListener {

    /** The service property with the topics a listener hears. */
    String TOPICS = "dotmac.event.topics";

    void inTransaction(TenantRef tenant, String topic, Map<String, Object> properties);
}
