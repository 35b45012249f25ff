package io.dotmac.billing.automated;

import java.time.Instant;

/**
 * A credit waiting for, or put on, a subscription's next invoice of a billing run: a line of {@code -amount} (net,
 * at the plan's tax rate). Added once per {@code key} (another plugin's exactly-once record, such as an SLA breach
 * and month); a credit that would take that invoice below zero waits whole for the one after.
 *
 * @param amount    net, in the tenant's currency, positive
 * @param invoiceId the invoice it went on; {@code null} while it waits
 */
public record BillingCredit(String id, String subscriptionId, String key, String description, String amount,
        String currency, String invoiceId, Instant createdAt) {

    /** What a caller adds. */
    public record Input(String subscriptionId, String key, String description, String amount) {
    }
}
