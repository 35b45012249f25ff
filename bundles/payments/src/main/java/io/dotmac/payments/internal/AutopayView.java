package io.dotmac.payments.internal;

/**
 * A customer's autopay: whether it is on, and the card the gateway keeps for it ({@code method}, as a person
 * recognises it; {@code null} until the customer saved one while paying a pay link).
 */
public record AutopayView(String customerId, boolean enabled, String method) {

    public record Input(Boolean enabled) {
    }
}
