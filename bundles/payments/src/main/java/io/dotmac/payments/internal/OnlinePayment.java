package io.dotmac.payments.internal;

import java.time.Instant;

/**
 * Money moved through the gateway: a {@code PAYMENT} of an invoice, or a {@code REFUND} of one (a negative amount).
 * {@code applied} is what billing recorded of it (the invoice's payment {@code paymentId}, or the refund of that
 * payment): less than the amount only when the invoice owed less (paid twice), and the rest is for the operator to
 * refund. {@code via}: {@code PAY_LINK} (the payer's return), {@code WEBHOOK}, {@code AUTOPAY} or {@code API}.
 */
public record OnlinePayment(String id, String invoiceId, String customerId, String kind, String amount,
        String applied, String currency, String gateway, String gatewayRef, String chargeRef, String paymentId,
        String refundOf, String via, Instant recordedAt) {

    /** A refund asked for: {@code amount} (a decimal string; all that is left when absent) and why. */
    public record RefundInput(String amount, String reason) {
    }
}
