package io.dotmac.tenant;

import java.time.Instant;

/**
 * A tenant's custom domain (such as {@code portal.acme-isp.example}): asked for by the tenant (plugin white_label),
 * {@link Status#PENDING} until a platform operator approves it; once {@link Status#APPROVED}, a request whose Host
 * is the domain acts for the tenant as {@code <slug>.<baseDomain>} does, while the tenant has white_label.
 *
 * @param domain      lower-case ASCII (an internationalised name in its {@code xn--} form)
 * @param approvedAt  {@code null} while pending
 */
public record TenantDomain(String domain, String tenantId, String tenantSlug, Status status, Instant requestedAt,
        Instant approvedAt) {

    /** Where a domain stands. */
    public enum Status {
        /** Asked for, not yet approved: it names no tenant. */
        PENDING,
        /** Approved by an operator: it names its tenant. */
        APPROVED
    }
}
