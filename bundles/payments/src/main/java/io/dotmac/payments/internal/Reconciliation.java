package io.dotmac.payments.internal;

import java.time.LocalDate;
import java.util.List;

/**
 * A month's payouts from the gateway against the payments and refunds DotMac recorded. {@code matched}: the payouts'
 * charges and refunds that DotMac recorded; {@code gatewayOnly}: those it did not (taken outside DotMac, or an event
 * lost); {@code notPaidOut}: what DotMac recorded in the month that no payout of the month carried (paid out in a
 * later month, or never taken). Amounts are decimal strings in each row's currency.
 */
public record Reconciliation(String month, List<PayoutView> payouts, int matched, List<GatewayLine> gatewayOnly,
        List<OnlinePayment> notPaidOut, List<Total> recorded) {

    public record PayoutView(String id, LocalDate arrivalDate, String amount, String currency, String status,
            String gross, String fees, int transactions, int matched) {
    }

    public record GatewayLine(String payoutId, String type, String sourceRef, String amount, String currency) {
    }

    /** What DotMac recorded in the month, per currency: payments, refunds and their sum. */
    public record Total(String currency, String payments, String refunds, String net) {
    }
}
