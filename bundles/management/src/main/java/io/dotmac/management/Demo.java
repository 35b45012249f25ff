package io.dotmac.management;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A demo ISP: a tenant on this instance with sample data, for seven days (one extension of seven more).
 *
 * @param status         {@code ACTIVE}, {@code EXPIRED} (destroyed: the tenant and all its data are gone) or
 *                       {@code CONVERTED} (a paying ISP now: {@link Demos#convert})
 * @param sampleData     what was generated: customers, plans, subscriptions, invoices, tickets
 * @param lastActivityAt the last hour its users called the API (null: never)
 * @param username       its administrator's username
 * @param password       its administrator's password: only in the answer to the request that made it
 * @since 1.2
 */
@ProviderType
public record Demo(String id, String tenant, String email, String company, String scenario, String status,
        Instant createdAt, Instant expiresAt, boolean extended, Instant remindedAt, Instant lastActivityAt,
        Map<String, Integer> sampleData, long generationMillis, String username, String password) {

    /** What someone asks for ({@code POST /api/v1/demos}): {@code scenario} SMALL, MEDIUM or ENTERPRISE. */
    public record Request(String email, String company, String scenario) {
    }

    /**
     * Converting a demo to a paying ISP ({@code POST /api/v1/demos/{id}/convert}): the registration's business,
     * technical and commercial details as {@code POST /api/v1/isp/register} takes them (the technical region
     * defaults to the demos' region and must be a shared one; the deployment is {@code SHARED}), and whether to keep
     * the sample data (by default it is dropped; the ISP's own rows are kept either way).
     *
     * @since 1.3
     */
    public record ConversionRequest(IspRegistration.Business business, IspRegistration.Technical technical,
            IspRegistration.Commercial commercial, Boolean keepSampleData) {
    }

    /**
     * A delivery the demo's inbox received: the ENTERPRISE scenario's webhook delivers the tenant's events to it.
     *
     * @param verified whether its signature verified with the webhook's secret (only verified ones are kept)
     * @since 1.3
     */
    public record InboxEntry(Instant receivedAt, String topic, String deliveryId, boolean verified, String body) {
    }

    /**
     * A converted demo.
     *
     * @param ispId          the ISP's registration ({@code GET /api/v1/platform/isps/{ispId}})
     * @param deploymentId   its deployment job, which takes the demo's tenant over
     * @param tenant         the tenant's slug (unchanged: its users, tokens and addresses stay valid)
     * @param sampleDropped  the sample rows deleted, per table (empty when kept)
     * @param sampleKept     the sample rows kept because the ISP's own rows refer to them, per table
     * @since 1.3
     */
    public record Conversion(String demoId, String ispId, String deploymentId, String tenant,
            Map<String, Integer> sampleDropped, Map<String, Integer> sampleKept, java.util.List<String> nextSteps) {
    }
}
