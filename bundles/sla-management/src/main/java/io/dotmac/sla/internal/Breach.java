package io.dotmac.sla.internal;

import java.time.Instant;

/**
 * A recorded breach: once per subject (a subscription, or a ticket), month and kind.
 *
 * @param kind     {@code AVAILABILITY}, {@code FIRST_RESPONSE} or {@code RESOLUTION}
 * @param measured availability in percent, or minutes taken
 * @param target   percent, or minutes
 * @param credit   the credit it earns on the next invoice ({@code "0"}: none)
 * @param creditId the automated_billing credit once it was added ({@code null}: not yet)
 */
public record Breach(String id, String slaId, String subjectId, String customerId, String month, String kind,
        String measured, String target, String credit, String currency, String creditId, Instant createdAt) {
}
