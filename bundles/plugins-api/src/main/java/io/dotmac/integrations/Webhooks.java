package io.dotmac.integrations;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;
import io.dotmac.platform.api.TenantRef;

/** A tenant's webhooks and their deliveries; every call is scoped, another tenant's webhook is not found. */
@ProviderType
public interface Webhooks {

    /** @throws io.dotmac.platform.api.ValidationException naming {@code url}, {@code topics[i]}, {@code secret} */
    Webhook create(TenantRef tenant, Webhook.Input input);

    Page<Webhook> list(TenantRef tenant, int limit, String cursor);

    Webhook get(TenantRef tenant, String id);

    /** Replaces it; without a {@code secret} the old one stays. */
    Webhook replace(TenantRef tenant, String id, Webhook.Input input);

    void delete(TenantRef tenant, String id);

    /**
     * A page of its deliveries, newest first, optionally of one status; {@code cursor} is a page's
     * {@code nextCursor} ({@code null}: the first page).
     */
    Page<WebhookDelivery> deliveries(TenantRef tenant, String webhookId, String status, int limit, String cursor);

    /** Queues the delivery's event again as a new delivery (the original keeps its log). */
    WebhookDelivery redeliver(TenantRef tenant, String webhookId, String deliveryId);

    /**
     * Queues {@code topic} with {@code data} for each enabled webhook of the tenant subscribed to it, in the caller's
     * transaction (automation's "call a webhook" uses this).
     *
     * @return the deliveries' ids
     */
    List<String> enqueue(TenantRef tenant, String topic, java.util.Map<String, Object> data);

    /**
     * Queues {@code topic} with {@code data} for webhook {@code webhookId}, whatever topics it subscribes to, in the
     * caller's transaction (automation's "call a webhook" action).
     *
     * @return the delivery's id
     * @throws io.dotmac.platform.api.NotFoundException when the tenant has no such webhook
     * @throws io.dotmac.platform.api.ConflictException when it is disabled
     */
    String enqueueTo(TenantRef tenant, String webhookId, String topic, java.util.Map<String, Object> data);
}
