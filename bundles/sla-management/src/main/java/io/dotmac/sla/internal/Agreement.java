package io.dotmac.sla.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A service level agreement of a tenant, for every subscription of a plan or for every subscription of one
 * customer (a customer's own agreement wins over its plan's).
 *
 * @param availabilityTarget percent of a month's time (less maintenance) the linked device or interface is up,
 *                           such as {@code "99.9"}
 * @param credits            what a month below target earns, lowest threshold that the month is below wins
 * @param ticketTargets      per ticket priority ({@code LOW}..{@code URGENT}), minutes to the first answer and to
 *                           resolution
 */
public record Agreement(String id, String name, String planId, String customerId, String availabilityTarget,
        List<CreditStep> credits, Map<String, TicketTarget> ticketTargets, Instant createdAt, Instant updatedAt) {

    /** A month with availability below {@code below} percent earns {@code percent} of the month's fee back. */
    public record CreditStep(String below, String percent) {
    }

    /** Minutes to the first answer and to resolution; either may be absent. */
    public record TicketTarget(Integer firstResponseMinutes, Integer resolutionMinutes) {
    }

    /** What a client sends: the whole agreement. */
    public record Input(String name, String planId, String customerId, String availabilityTarget,
            List<CreditStep> credits, Map<String, TicketTarget> ticketTargets) {
    }
}
