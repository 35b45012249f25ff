package io.dotmac.billing.basic;

import java.time.Instant;

/** A payment received against an issued invoice, in the invoice's currency. */
public record Payment(String id, String invoiceId, String amount, PaymentMethod method, String reference,
        Instant receivedAt) {

    /** What a client sends: {@code amount} (a positive decimal string, at most the balance) and {@code method}. */
    public record Input(String amount, String method, String reference) {
    }
}
