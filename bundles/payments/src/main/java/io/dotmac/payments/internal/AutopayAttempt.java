package io.dotmac.payments.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One autopay attempt on an invoice: {@code step} 1 on the due date, then one per retry day. {@code status}
 * {@code PENDING} (the gateway was being asked), {@code SUCCEEDED} or {@code FAILED} (with the gateway's decline code
 * and message as {@code failure}).
 */
public record AutopayAttempt(String id, String invoiceId, String customerId, int step, LocalDate runDate,
        String amount, String currency, String status, String gatewayRef, String failure, Instant attemptedAt) {
}
