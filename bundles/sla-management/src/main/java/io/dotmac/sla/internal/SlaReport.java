package io.dotmac.sla.internal;

import java.time.Instant;
import java.util.List;

/**
 * A month of a tenant's SLAs (UTC): each subscription under an agreement with its measured availability, and each
 * ticket opened that month under an agreement with ticket targets.
 *
 * @param complete whether the month is over: its breaches are final (and recorded once it is evaluated)
 */
public record SlaReport(String month, Instant from, Instant to, boolean complete, List<Item> subscriptions,
        List<TicketItem> tickets) {

    /**
     * A subscription's month: what measures it, the availability and its parts in minutes, and the credit a breach
     * earns. {@code availability} is {@code null} (with a {@code note}) when nothing measures it.
     */
    public record Item(String subscriptionId, String customerId, String planId, String slaId, String slaName,
            String deviceId, Integer ifIndex, String availabilityTarget, String availability, String measuredMinutes,
            String downtimeMinutes, String maintenanceMinutes, int outages, boolean breached, String creditPercent,
            String credit, String currency, String note) {
    }

    /**
     * A ticket's times against its agreement's targets for its priority: minutes to the first answer and to
     * resolution (so far, while they have not happened).
     */
    public record TicketItem(String ticketId, String customerId, String slaId, String priority, Instant createdAt,
            Integer firstResponseTargetMinutes, String firstResponseMinutes, boolean firstResponseBreached,
            Integer resolutionTargetMinutes, String resolutionMinutes, boolean resolutionBreached) {
    }
}
