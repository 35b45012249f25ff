package io.dotmac.management;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

import io.dotmac.platform.api.Page;

/**
 * Demo ISPs: a tenant with deterministic sample data per scenario, its lifecycle (a reminder on day 5 when unused,
 * one extension, the expiry e-mail, then the tenant and all its data destroyed) and their list.
 *
 * @since 1.2
 */
@ProviderType
public interface Demos {

    /**
     * Makes a demo: its tenant, administrator and sample data, before answering.
     *
     * @param client the client's address, for the rate limit
     * @throws io.dotmac.platform.api.ValidationException     naming each invalid field
     * @throws io.dotmac.platform.api.TooManyRequestsException past {@code demosPerHour} from one address
     */
    Demo create(Demo.Request request, String client);

    /** Demos, newest first, optionally of one status. */
    Page<Demo> list(String status, int limit, String cursor);

    /** @throws io.dotmac.platform.api.NotFoundException for an unknown demo */
    Demo get(String id);

    /** The demo of a tenant (id or slug), if it is one. */
    java.util.Optional<Demo> ofTenant(String tenant);

    /**
     * Seven more days, once, while it is active.
     *
     * @throws io.dotmac.platform.api.ConflictException extended already, or expired
     */
    Demo extend(String id);

    /**
     * Makes the demo a paying ISP: its details checked as a registration's (nothing changes when one is invalid),
     * the sample data dropped unless asked to keep it (rows the ISP's own rows refer to stay, and invoice numbers
     * start again at 1 when no invoice is left), then registered as an ISP whose deployment takes the demo's tenant
     * over; the demo is {@code CONVERTED} and its lifecycle ends.
     *
     * @throws io.dotmac.platform.api.ValidationException naming each invalid field
     * @throws io.dotmac.platform.api.ConflictException   when it has ended or was converted, or the domain is taken
     * @since 1.3
     */
    Demo.Conversion convert(String id, Demo.ConversionRequest request, String client);

    /**
     * The demo's webhook inbox receives a delivery (the ENTERPRISE scenario's webhook points at it): kept, the last
     * 50, in this node's memory, when its signature verifies with the webhook's secret.
     *
     * @throws io.dotmac.platform.api.NotFoundException       for a demo without an inbox
     * @throws io.dotmac.platform.api.NotAuthenticatedException when the signature does not verify
     * @since 1.3
     */
    void receive(String id, String topic, String deliveryId, String signature, byte[] body);

    /**
     * What the demo's inbox received, newest first.
     *
     * @throws io.dotmac.platform.api.NotFoundException for an unknown demo
     * @since 1.3
     */
    java.util.List<Demo.InboxEntry> inbox(String id);

    /** Destroys it now: the expiry e-mail, then its tenant and every row it owns. */
    Demo destroy(String id);

    /**
     * The daily pass as of {@code now}: reminds the unused ones on day 5, destroys the expired ones.
     *
     * @return what it did, one line each
     */
    java.util.List<String> runLifecycle(Instant now);
}
