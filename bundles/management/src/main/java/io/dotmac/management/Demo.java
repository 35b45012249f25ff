package io.dotmac.management;

import java.time.Instant;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A demo ISP: a tenant on this instance with sample data, for seven days (one extension of seven more).
 *
 * @param status         {@code ACTIVE} or {@code EXPIRED} (destroyed: the tenant and all its data are gone)
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
}
